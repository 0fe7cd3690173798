"""Documents (sales, purchases and every other type) and registry transactions.

Documents follow the real v2 captures (see tests/fixtures/real_payloads/PROVENANCE.md): no
``fecha_modificacion`` in the payload, ``vendedor`` a nested person, a nested ``persona`` with the
v1 key ``id_categoria``, ``subtotal``, ``reserva_relacionada``, PRE numbers without the
``001-001-`` form, ``iva`` as an amount.
"""

from datetime import timedelta

from ..texture import ddmmyyyy, money
from .base import Catalogue

# (tipo_registro, tipo_documento) cycle: 40% sales invoices, 16% supplier invoices, 8% purchase
# settlements, and the other types seen live (FAC, COT, DAC, NCT, NAI, DNA, NVE, CVE, LQC, PRE;
# docs/contifico-api.md, "Catalogues").
_KINDS = (
    [("CLI", "FAC")] * 10
    + [("PRO", "FAC")] * 4
    + [("PRO", "LQC")] * 2
    + [("CLI", "NVE"), ("CLI", "NCT"), ("CLI", "COT"), ("CLI", "COT"), ("CLI", "PRE"), ("PRO", "NCT"),
       ("CLI", "DNA"), ("CLI", "NAI"), ("CLI", "CVE")]
)
_STATES = {"FAC": "CCGGPPA", "COT": "EP", "PRE": "F", "LQC": "GGP"}
_PAYMENT_FORMS = ["EF", "CQ", "TC", "TRA", "CAJA"]  # CAJA is outside the documented list, seen live
# A person nested in a document (``persona``, ``vendedor``) has the v1 keys, id_categoria included.
_NESTED_PERSON = (
    "id", "ruc", "cedula", "placa", "razon_social", "telefonos", "direccion", "tipo", "es_cliente",
    "es_proveedor", "es_empleado", "es_corporativo", "aplicar_cupo", "email", "es_vendedor",
    "es_extranjero", "porcentaje_descuento", "adicional1_cliente", "adicional2_cliente",
    "adicional3_cliente", "adicional4_cliente", "adicional1_proveedor", "adicional2_proveedor",
    "adicional3_proveedor", "adicional4_proveedor", "banco_codigo_id", "tipo_cuenta", "numero_tarjeta",
    "personaasociada_id", "nombre_comercial", "origen", "pvp_default", "id_categoria", "categoria_nombre",
)


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
    # The OpenAPI documents ``fecha_modificacion`` as a date filter without saying how it compares;
    # the v1 docs define their date filters as exact days, so that is the default reading here
    # (``modification_filter="on_or_after"`` serves the other one). The records never carry the
    # field: the sandbox tracks modification times internally to answer the filter.
    _MODIFIED = {
        "exact_day": {"fecha_modificacion": ("day", "mod")},
        "on_or_after": {"fecha_modificacion": ("ge", "mod")},
    }
    _V2_EXTRA = (
        "autorizado_sri", "enviado_sri", "correo_enviado", "retencion_autorizado_sri", "retencion_firmado",
        "retencion_enviado_sri", "retencion_correo_enviado",
    )
    v2_only = frozenset(_V2_EXTRA)
    order_key = "emision"  # v2 lists documents by emission date, ties in no guaranteed order

    def filters(self, version):
        if version == "v1":
            return self.v1_filters
        return {**self.v1_filters, **self._MODIFIED[self.ds.modification_filter]}

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
        # a customer missing from the persona listing (docs/contifico-api.md, "Record formats")
        if roll % 50 == 0 or n == 0:
            return self.ds.id("persona", n + 100 + roll % 7)
        return self.ds.id("persona", (roll >> 8) % n)

    def _persona(self, persona_id):
        """Return a person nested in a document, as the real captures show it (v1 key names)."""
        index = self.ds.index_of("persona", persona_id)
        if index is None:
            return None
        person = self.registry["persona"].build(index, self.ds.created("persona", index))
        nested = {key: person.get(key) for key in _NESTED_PERSON}
        # "" in one capture, null in another, for the same field.
        nested["pvp_default"] = "" if index % 3 else None
        return nested

    def _vendedor(self, rng):
        """Return (vendedor, vendedor_id): null, a nested person, or (OpenAPI) a one-person array."""
        roll = rng.random()
        if roll < 0.7:
            return None, None
        seller_id = self.ds.pick("persona", rng)
        seller = self._persona(seller_id)
        if roll < 0.9:
            return seller, seller_id  # as captured: the nested person and its id
        if roll < 0.95:
            return seller, None  # nested person, vendedor_id left null
        return [seller], None  # the OpenAPI declares vendedor an array

    def build(self, index, when):
        rng = self.ds.rng(self.name, index)
        tipo_registro, tipo = self._kind(index)
        estado = self.attr_estado(index)
        # One in nine documents carries bare-number line amounts, like the v1 sample (docs/contifico-api.md,
        # "Record formats").
        style = 2 if index % 9 == 4 else 0
        lines, base0, base12 = [], 0, 0
        for _ in range(rng.randint(1, 4)):
            # producto_id: null on account-only lines (docs/contifico-api.md, "Record formats")
            account_line = rng.random() < 0.12
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
        # off by a cent (docs/contifico-api.md, "Catalogues")
        saldo = 0 if paid else total - (1 if rng.random() < 0.1 else 0)
        fiscal = tipo in ("FAC", "NCT", "NVE", "LQC", "DNA", "NAI")
        electronic = fiscal and rng.random() < 0.9
        persona_id = self.attr_persona_id(index)
        # Fiscal documents carry the SRI form 001-001-000000251; PRE, COT and the like a plain
        # sequence such as 202606001919 (year, month, counter).
        number = (
            f"001-{1 + index % 3:03d}-{index + 1:09d}" if fiscal else f"{when:%Y%m}{index + 1:06d}"
        )
        vendedor, vendedor_id = self._vendedor(rng)
        # A POS-made document names its POS by a token; the sandbox's are made up.
        pos = f"{rng.getrandbits(128):032x}" if tipo in ("PRE", "NVE") or rng.random() < 0.1 else None
        if pos:
            pos = f"{pos[:8]}-{pos[8:12]}-4{pos[13:16]}-a{pos[17:20]}-{pos[20:]}"
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
            "autorizacion": f"{rng.randint(0, 10**49 - 1):049d}" if electronic else None,
            "fecha_emision": ddmmyyyy(when),
            "fecha_creacion": ddmmyyyy(when),
            "fecha_vencimiento": ddmmyyyy(when + timedelta(days=rng.choice([0, 15, 30, 60]))),
            "hora_emision": None,
            "persona_id": persona_id,
            "persona": self._persona(persona_id),
            "vendedor": vendedor,
            "vendedor_id": vendedor_id,
            "vendedor_identificacion": None,
            "descripcion": rng.choice(["", None, f"Pedido {rng.randint(100, 9999)}", "Facturación del mes"]),
            "subtotal_0": money(base0),
            # subtotal_12 holds the taxed base even at 15% VAT (docs/contifico-api.md, "Record formats").
            "subtotal_12": money(base12),
            "subtotal": money(base0 + base12),
            "iva": money(iva_total),
            "ice": "0.0",
            "servicio": "0.0",
            "total": money(total, style),
            "saldo": money(saldo),
            "saldo_anticipo": None,
            # Contífico strips accents from referencia (docs/contifico-api.md, "Record formats").
            "referencia": rng.choice(["", None, "Orden de compra 455", "Pedido telefonico"]),
            "adicional1": rng.choice(["", None]),
            "adicional2": "",
            "pos": pos,
            "caja_id": None,
            "entregado": rng.random() < 0.9,
            "documento_relacionado_id": None,
            "reserva_relacionada": None,
            "url_": None,
            "tarjeta_consumo_id": None,
            "url_ride": None,
            "url_xml": None,
            "logistica": None,
            "tipo_descuento": None,
            "placa": None,
            "fecha_evento": None,
            "hora_evento": None,
            "direccion_evento": None,
            "pax": None,
            "tipo_domicilio": None,
            "orden_domicilio_id": None,
            "detalles": lines,
            "cobros": cobros,
            "autorizado_sri": electronic,
            "enviado_sri": electronic,
            "correo_enviado": rng.random() < 0.5,
            "retencion_autorizado_sri": False,
            "retencion_firmado": False,
            "retencion_enviado_sri": False,
            "retencion_correo_enviado": False,
        }

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
    """``registro/transaccion/``: no real sample exists, so this shape is invented.

    See docs/contifico-api.md, "Catalogues".
    """

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
