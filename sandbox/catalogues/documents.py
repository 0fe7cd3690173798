"""Documents (sales, purchases and every other type) and registry transactions (§5.9, §5.10)."""

from datetime import timedelta

from ..texture import ddmmyyyy, iso_naive, money
from .base import Catalogue

# (tipo_registro, tipo_documento) cycle: 40% sales invoices, 16% supplier invoices, 8% purchase
# settlements, and the other types seen live (§5.9: FAC, COT, DAC, NCT, NAI, DNA, NVE, CVE, LQC, PRE).
_KINDS = (
    [("CLI", "FAC")] * 10
    + [("PRO", "FAC")] * 4
    + [("PRO", "LQC")] * 2
    + [("CLI", "NVE"), ("CLI", "NCT"), ("CLI", "COT"), ("CLI", "COT"), ("CLI", "PRE"), ("PRO", "NCT"),
       ("CLI", "DNA"), ("CLI", "NAI"), ("CLI", "CVE")]
)
_STATES = {"FAC": "CCGGPPA", "COT": "EP", "PRE": "F", "LQC": "GGP"}
_PAYMENT_FORMS = ["EF", "CQ", "TC", "TRA", "CAJA"]


class Documento(Catalogue):
    """One collection behind v1 ``registro/documento/``, v1 ``documento/`` and v2 ``documento/``."""

    name = "documento"
    on_v2 = True
    v1_result_paging = True
    v1_filters = {
        "tipo": ("eq", "tipo_documento"),
        "tipo_registro": ("eq", "tipo_registro"),
        "estado": ("eq", "estado"),
        "persona_id": ("eq", "persona_id"),
        "fecha_inicial": ("ge", "emision"),
        "fecha_final": ("le", "emision"),
        "fecha_emision": ("day", "emision"),
    }
    v2_filters = {
        **v1_filters,
        # Our decision: "modified on or after that day" (the real semantics are unknown, §4.1).
        "fecha_modificacion": ("ge", "mod"),
    }
    _V2_EXTRA = ("autorizado_sri", "enviado_sri", "correo_enviado", "cobros_read_only")
    v2_only = frozenset(_V2_EXTRA)

    def _kind(self, index):
        return _KINDS[(index * 7 + self.ds.seed) % len(_KINDS)]

    def attr_tipo_registro(self, index):
        return self._kind(index)[0]

    def attr_tipo_documento(self, index):
        return self._kind(index)[1]

    def attr_estado(self, index):
        states = _STATES.get(self.attr_tipo_documento(index), "PPC")
        return states[self.ds.hash(self.name, index, 2) % len(states)]

    def attr_persona_id(self, index):
        roll = self.ds.hash(self.name, index, 3)
        n = self.ds.n("persona")
        if roll % 50 == 0 or n == 0:  # a customer missing from the persona listing (§7.15)
            return self.ds.id("persona", n + 100 + roll % 7)
        return self.ds.id("persona", (roll >> 8) % n)

    def _persona(self, persona_id):
        index = self.ds.index_of("persona", persona_id)
        if index is None:
            return None
        person = self.registry["persona"].build(index, self.ds.created("persona", index))
        keys = ("id", "ruc", "cedula", "razon_social", "tipo", "email", "telefonos", "direccion",
                "es_cliente", "es_proveedor", "es_extranjero")
        nested = {key: person.get(key) for key in keys}
        nested["pvp_default"] = ""
        return nested

    def build(self, index, when):
        rng = self.ds.rng(self.name, index)
        tipo_registro, tipo = self._kind(index)
        estado = self.attr_estado(index)
        # One in nine documents carries bare-number line amounts, like the v1 sample (§4).
        style = 2 if index % 9 == 4 else 0
        lines, base0, base12 = [], 0, 0
        for _ in range(rng.randint(1, 4)):
            account_line = rng.random() < 0.12  # producto_id: null on account-only lines (§7.14)
            quantity = rng.randint(1, 12)
            price = rng.randint(25, 80_000)
            iva = 0 if rng.random() < 0.2 else 15
            base = quantity * price
            if iva:
                base12 += base
            else:
                base0 += base
            lines.append({
                "producto_id": None if account_line else self.ds.pick("producto", rng, dangling=0.01),
                "producto_nombre": rng.choice(["Certificado", "Servicio técnico", "Mercadería varia"])
                if account_line else f"Artículo {rng.randint(1, 999)}",
                "cuenta_id": self.ds.pick("contabilidad/cuenta-contable", rng) if account_line else None,
                "centro_costo_id": self.ds.pick("contabilidad/centro-costo", rng, none=0.8),
                "cantidad": money(quantity * 100, style),
                "precio": money(price, style),
                "porcentaje_descuento": "0.0",
                "porcentaje_iva": iva,
                "porcentaje_ice": None,
                "valor_ice": "0.0",
                "base_cero": money(0 if iva else base),
                "base_gravable": money(base if iva else 0),
                "base_no_gravable": "0.0",
                "ibpnr": "0.0",
                "serie": None,
                "descripcion": rng.choice([None, "", "Entrega inmediata"]),
                "color_id": None,
                "nombre_manual": None,
                "peso": None,
                "volumen": None,
                "adicional1": None,
                "codigo_bien": None,
                "personas_asociadas": None,
                "promocion_integracionId": None,
                "formula_asociada": None,
                "formula": [],
            })
        iva_total = base12 * 15 // 100
        total = base0 + base12 + iva_total
        paid = estado in ("C", "G")
        saldo = 0 if paid else total - (1 if rng.random() < 0.1 else 0)  # off by a cent (§5.9)
        fiscal = tipo in ("FAC", "NCT", "NVE", "LQC", "DNA", "NAI")
        electronic = fiscal and rng.random() < 0.9
        persona_id = self.attr_persona_id(index)
        number = (
            f"001-{1 + index % 3:03d}-{index + 1:09d}" if fiscal else f"{when:%Y%m}{index + 1:06d}"
        )
        cobros = []
        if paid:
            cobros.append({
                "id": self.ds.id("documento/cobro", index),
                "forma_cobro": rng.choice(_PAYMENT_FORMS),
                "monto": money(total),
                "fecha": ddmmyyyy(when + timedelta(days=rng.randint(0, 20))),
                "numero_comprobante": rng.choice(["Efectivo", "CHEQUE", ""]),
                "caja_id": None,
                "cuenta_bancaria_id": self.ds.pick("banco/cuenta", rng, none=0.6),
                "numero_cheque": None,
                "fecha_cheque": None,
                "numero_tarjeta": None,
                "nombre_tarjeta": None,
                "bin_tarjeta": None,
                "tipo_banco": None,
                "tipo_ping": None,
                "lote": None,
                "monto_propina": None,
            })
        return {
            "id": self.ds.id(self.name, index),
            "tipo_registro": tipo_registro,
            "tipo_documento": tipo,
            "documento": number,
            "estado": estado,
            "anulado": estado == "A",
            "electronico": electronic,
            "firmado": electronic and rng.random() < 0.8,
            "autorizacion": f"{rng.randint(0, 10**49 - 1):049d}" if electronic else rng.choice([None, ""]),
            "fecha_emision": ddmmyyyy(when),
            "fecha_creacion": ddmmyyyy(when),
            "fecha_vencimiento": ddmmyyyy(when + timedelta(days=rng.choice([0, 15, 30, 60]))),
            "hora_emision": None,
            "persona_id": persona_id,
            "persona": self._persona(persona_id),
            "vendedor": None,
            "vendedor_id": self.ds.pick("persona", rng, none=0.8),
            "vendedor_identificacion": None,
            "descripcion": rng.choice(["", None, f"Pedido {rng.randint(100, 9999)}", "Facturación del mes"]),
            "subtotal_0": money(base0),
            # subtotal_12 holds the taxed base even at 15% VAT (§4, §7.13).
            "subtotal_12": money(base12),
            "subtotal": money(base0 + base12),
            "iva": money(iva_total),
            "ice": "0.0",
            "servicio": "0.0",
            "total": money(total, style),
            "saldo": money(saldo),
            "saldo_anticipo": None,
            # Contífico strips accents from referencia (§2.3).
            "referencia": rng.choice(["", None, "Orden de compra 455", "Pedido telefonico"]),
            "adicional1": rng.choice(["", None]),
            "adicional2": "",
            "pos": None,
            "caja_id": None,
            "entregado": rng.random() < 0.9,
            "documento_relacionado_id": None,
            "reserva_relacionada": None,
            "url_ride": None,
            "url_xml": None,
            "tipo_descuento": None,
            "detalles": lines,
            "cobros": cobros,
            "autorizado_sri": electronic,
            "enviado_sri": electronic,
            "correo_enviado": rng.random() < 0.5,
            "cobros_read_only": False,
        }

    def render(self, record, version, mod):
        payload = super().render(record, version, mod)
        if version == "v2":
            payload["fecha_modificacion"] = iso_naive(mod)
        return payload

    def edit(self, record, rng):
        changed = dict(record)
        if changed.get("estado") == "P":
            changed["estado"] = "C"
            changed["saldo"] = "0.0"
        else:
            text = f"{record.get('descripcion') or ''} Corrección {rng.randint(1, 99)}"
            changed["descripcion"] = text.strip()
        return changed


class Transaccion(Catalogue):
    """``registro/transaccion/``: its real shape is unknown (§5.10), so this one is invented."""

    name = "registro/transaccion"
    v1_result_paging = True

    def build(self, index, when):
        rng = self.ds.rng(self.name, index)
        return {
            "id": self.ds.id(self.name, index),
            "fecha": ddmmyyyy(when),
            "tipo": rng.choice(["ING", "EGR", "CXC", "CXP"]),
            "documento_id": self.ds.pick("documento", rng, none=0.2, dangling=0.02),
            "persona_id": self.ds.pick("persona", rng, none=0.1),
            "cuenta_id": self.ds.pick("contabilidad/cuenta-contable", rng),
            "valor": money(rng.randint(100, 500_000)),
            "descripcion": rng.choice(["Cobro de factura", "Pago a proveedor", "Anticipo", "", None]),
        }
