"""Banking: bank accounts and bank movements (docs/contifico-api.md, "Catalogues")."""

from ..texture import ddmmyyyy, money
from .base import Catalogue

_BANKS = ["PICHINCHA", "GUAYAQUIL", "PRODUBANCO", "BOLIVARIANO", "INTERNACIONAL", "AUSTRO"]


class BancoCuenta(Catalogue):
    name = "banco/cuenta"
    on_v2 = True
    v1_only = frozenset()
    v2_only = frozenset({"nombre_banco"})

    def build(self, index, when):
        rng = self.ds.rng(self.name, index)
        bank = _BANKS[index % len(_BANKS)]
        return {
            "id": self.ds.id(self.name, index),
            "nombre": f"CTA {bank}" if index < len(_BANKS) else f"CTA {bank} {index}",
            # leading zeros matter (docs/contifico-api.md, "Catalogues")
            "numero": f"{rng.randint(0, 10**10 - 1):010d}",
            "tipo_cuenta": rng.choice(["CC", "CA"]),
            "saldo_inicial": money(rng.randint(0, 5_000_000)),
            "fecha_corte": ddmmyyyy(when),
            "estado": "I" if rng.random() < 0.15 else "A",
            "cuenta_contable": self.ds.pick("contabilidad/cuenta-contable", rng, none=0.2),
            "nombre_banco": f"Banco {bank.title()}",
        }


class BancoMovimiento(Catalogue):
    name = "banco/movimiento"
    # the docs' detail sample is wrapped in an array (docs/contifico-api.md, "Catalogues")
    v1_detail_array = True
    v1_filters = {
        "fecha_emision": ("day", "emision"),
        "fecha_inicial": ("ge", "emision"),
        "fecha_final": ("le", "emision"),
    }

    def build(self, index, when):
        rng = self.ds.rng(self.name, index)
        tipo = rng.choice("DNXCT")
        lines = [
            {
                "monto": money(rng.randint(100, 2_000_000)),
                "cuenta_id": self.ds.pick("contabilidad/cuenta-contable", rng),
                "centro_costo_id": self.ds.pick("contabilidad/centro-costo", rng, none=0.7),
            }
            for _ in range(rng.randint(1, 2))
        ]
        return {
            "id": self.ds.id(self.name, index),
            "numero_comprobante": f"{when:%Y%m}{index + 1:06d}",
            "fecha_emision": ddmmyyyy(when),
            "tipo": tipo,
            "tipo_registro": "I" if tipo in "DNX" else "E",
            "cuenta_bancaria_id": self.ds.pick("banco/cuenta", rng),
            # A plain id string named "persona", not persona_id (docs/contifico-api.md, "Catalogues").
            "persona": self.ds.pick("persona", rng, none=0.3, dangling=0.02),
            "detalles": lines,
        }
