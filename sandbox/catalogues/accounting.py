"""Accounting: cost centres, chart of accounts, journal entries (docs/contifico-api.md, "Catalogues")."""

from datetime import date, timedelta

from ..texture import GLOSAS, ddmmyyyy, money
from .base import Catalogue

_ACCOUNT_NAMES = ["Caja general", "Bancos", "Cuentas por cobrar clientes", "Inventario de mercadería",
                  "IVA en compras", "Proveedores locales", "Capital social", "Ventas tarifa 15%",
                  "Costo de ventas", "Sueldos y salarios", "Depreciación acumulada", "Gastos de gestión"]

_AREAS = ["Administración", "Producción", "Logística", "Señalética", "Compañía"]


class CentroCosto(Catalogue):
    name = "contabilidad/centro-costo"
    v1_filters = {"tipo": ("eq", "tipo")}

    def attr_tipo(self, index):
        return "G" if index % 5 == 0 else "T"

    def build(self, index, when):
        rng = self.ds.rng(self.name, index)
        group = index - index % 5
        return {
            "id": self.ds.id(self.name, index),
            "nombre": f"Centro de costo {rng.choice(_AREAS)} {index}",
            "codigo": f"{group // 5 + 1}" if index % 5 == 0 else f"{group // 5 + 1}.{index % 5}",
            "tipo": self.attr_tipo(index),
            "estado": "I" if rng.random() < 0.1 else "A",
            "padre_id": None if index % 5 == 0 else self.ds.id(self.name, group),
        }


class CuentaContable(Catalogue):
    name = "contabilidad/cuenta-contable"
    v1_result_paging = True
    v1_filters = {"tipo": ("eq", "tipo")}

    def attr_tipo(self, index):
        return "G" if index % 6 == 0 else "C"

    def build(self, index, when):
        group = index // 6 + 1
        # The docs sample shows two accounts with the same code (docs/contifico-api.md, "Catalogues"): one in
        # 50 repeats.
        code_index = index - 1 if index % 50 == 49 else index
        code = f"{group}" if code_index % 6 == 0 else f"{group}.{code_index % 6:02d}"
        return {
            "id": self.ds.id(self.name, index),
            "nombre": f"{_ACCOUNT_NAMES[index % len(_ACCOUNT_NAMES)]} {group}",
            "codigo": code,
            "tipo": self.attr_tipo(index),
        }


class Asiento(Catalogue):
    name = "contabilidad/asiento"
    on_v2 = True
    v1_list = False  # v1 has only POST and detail (docs/contifico-api.md, "Catalogues")
    v2_filters = {"fecha_inicial": ("ge", "fecha"), "fecha_final": ("le", "fecha")}
    # Entries dated months in the future exist live (docs/contifico-api.md, "Catalogues"): the last 2% run up
    # to eight
    # months past the clock's start (still non-decreasing in the index).
    _FUTURE_SHARE = 0.02
    _FUTURE_DAYS = 240

    def base_attr(self, index, attr):
        if attr == "fecha":
            return self.fecha(index)
        return super().base_attr(index, attr)

    def fecha(self, index):
        """Return the accounting date of base entry ``index``."""
        n = self.ds.n(self.name)
        cut = int(n * (1 - self._FUTURE_SHARE))
        if index < cut or n == cut:
            return self.ds.created(self.name, index).date()
        start: date = self.ds.start.date()
        return start + timedelta(days=1 + ((index - cut) * self._FUTURE_DAYS) // (n - cut))

    def build(self, index, when):
        rng = self.ds.rng(self.name, index)
        fecha = self.fecha(index) if index < self.ds.n(self.name) else when.date()
        lines, total = [], 0
        for _ in range(rng.randint(1, 3)):
            amount = rng.randint(100, 300_000)
            total += amount
            lines.append({
                "cuenta_id": self.ds.pick("contabilidad/cuenta-contable", rng, dangling=0.01),
                "centro_costo_id": self.ds.pick("contabilidad/centro-costo", rng, none=0.7),
                "tipo": "D",
                "valor": money(amount),
            })
        lines.append({
            "cuenta_id": self.ds.pick("contabilidad/cuenta-contable", rng),
            "centro_costo_id": None,
            "tipo": "H",
            "valor": money(total),
        })
        if len(lines) == 2 and index % 10 == 3:
            # The v2 schema declares detalles a single object: some entries come that way, with
            # their one line (the other side is not sent).
            lines = lines[0]
        return {
            "id": self.ds.id(self.name, index),
            "fecha": ddmmyyyy(fecha),
            "glosa": f"{rng.choice(GLOSAS)} {index + 1}",
            "detalles": lines,
        }
