"""Persons: customers, suppliers, employees (docs/contifico-api.md, "Catalogues")."""

from ..texture import (
    CITIES,
    STREETS,
    cedula,
    company_name,
    email_for,
    iso_naive,
    person_name,
    phone,
    ruc_from,
)
from .base import Catalogue

_MODIFIED = {"fecha_inicial": ("ge", "mod"), "fecha_final": ("le", "mod")}


class Persona(Catalogue):
    name = "persona"
    on_v2 = True
    v1_result_paging = True
    # the documented "get one person" sample is a one-element array (docs/contifico-api.md, "Catalogues")
    v1_detail_array = True
    v1_filters = _MODIFIED
    v2_filters = {**_MODIFIED, "modificados_desde_fecha": ("ge", "mod")}
    _V2_EXTRA = ("pvp_default", "sueldo", "dias_credito", "cupo_credito", "vendedor_asignado",
                 "cuenta_por_cobrar_id", "cuenta_por_pagar_id")
    v2_only = frozenset(_V2_EXTRA)
    # v1 records say id_categoria, v2 records categoria_id (docs/contifico-api.md, "Catalogues").
    v2_renames = {"id_categoria": "categoria_id"}

    def build(self, index, when):
        rng = self.ds.rng(self.name, index)
        roll = rng.random()
        tipo = "N" if roll < 0.6 else "J" if roll < 0.95 else rng.choice(["I", "P"])
        ced = cedula(rng)
        if tipo == "J":
            name, ruc = company_name(rng), ruc_from(ced)
        else:
            name = person_name(rng)
            ruc = ruc_from(ced) if rng.random() < 0.3 else ""
        foreign = tipo == "I" or rng.random() < 0.02
        if foreign:
            # A foreign tax id or passport in the cédula field, as in the captures ("ESB56663032").
            ced = rng.choice([
                f"ES{rng.choice('ABCDEFGH')}{rng.randint(10**7, 10**8 - 1)}",
                f"PE{rng.randint(10**8, 10**9 - 1)}",
                f"{rng.choice(['AR', 'CO', 'US'])}{rng.randint(10**6, 10**9 - 1)}",
            ])
        customer = rng.random() < 0.75
        city = rng.choice(CITIES)
        # "" and null for the same field, even in one list (docs/contifico-api.md, "Record formats")
        empty = rng.choice(["", None])
        return {
            "id": self.ds.id(self.name, index),
            "tipo": tipo,
            "razon_social": name,
            "nombre_comercial": name.title() if rng.random() < 0.5 else rng.choice(["", None]),
            "cedula": ced,
            "ruc": ruc,
            "placa": None if tipo != "P" else f"PBA-{rng.randint(1000, 9999)}",
            "email": email_for(name, rng) if rng.random() < 0.85 else "",
            "telefonos": phone(rng) if rng.random() < 0.9 else "",
            "direccion": f"{rng.choice(STREETS)} N{rng.randint(1, 80)}-{rng.randint(1, 9)}, {city}",
            "es_cliente": customer,
            "es_proveedor": (not customer) or rng.random() < 0.2,
            "es_empleado": rng.random() < 0.05,
            "es_vendedor": rng.random() < 0.03,
            "es_extranjero": foreign,
            "es_corporativo": rng.choice([None, False, True]),
            "aplicar_cupo": False,
            "porcentaje_descuento": rng.choice([None, "0.0", "5.0"]),
            "origen": rng.choice([None, "", "POS"]),
            "personaasociada_id": None,
            "banco_codigo_id": None,
            "tipo_cuenta": None,
            "numero_tarjeta": None,
            "adicional1_cliente": empty,
            "adicional2_cliente": rng.choice(["", None]),
            "adicional3_cliente": "",
            "adicional4_cliente": None,
            "adicional1_proveedor": rng.choice(["", None]),
            "adicional2_proveedor": "",
            "adicional3_proveedor": None,
            "adicional4_proveedor": None,
            "id_categoria": None if rng.random() < 0.7 else self.ds.pick("categoria", rng),
            "categoria_nombre": rng.choice([None, "", "MAYORISTAS", "CLIENTES VIP"]),
            "pvp_default": rng.choice(["", None]),  # "" and null both seen for it
            "sueldo": "0.0",
            "dias_credito": rng.choice(["0", "15", "30"]),
            "cupo_credito": rng.choice(["0.0", "500.0", "1500.0"]),
            "vendedor_asignado": self._seller(rng),
            "cuenta_por_cobrar_id": self.ds.pick("contabilidad/cuenta-contable", rng, none=0.5),
            "cuenta_por_pagar_id": self.ds.pick("contabilidad/cuenta-contable", rng, none=0.7),
        }

    def _seller(self, rng):
        """Return ``vendedor_asignado``: mostly null, an {id, nombre} object, rarely a one-item array.

        The OpenAPI declares it an array but its example is a single object.
        """
        roll = rng.random()
        if roll < 0.7:
            return None
        seller = {"id": self.ds.pick("persona", rng), "nombre": person_name(rng)}
        return seller if roll < 0.95 else [seller]

    def render(self, record, version, mod):
        payload = super().render(record, version, mod)
        if version == "v2":
            # The only catalogue whose records expose their modification time (docs/contifico-api.md, "Record
            # formats").
            payload["fecha_modificacion"] = iso_naive(mod)
        return payload
