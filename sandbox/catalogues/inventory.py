"""Inventory catalogues: categories, brands, variants, products, warehouses, movements, guides
(docs/contifico-api.md, "Catalogues").
"""

from datetime import timedelta

from ..texture import ADJECTIVES, BRANDS, MOVEMENT_TEXT, PRODUCT_NOUNS, STREETS, ddmmyyyy, long_text, money
from .base import Catalogue

_MODIFIED = {"fecha_inicial": ("ge", "mod"), "fecha_final": ("le", "mod")}


class Categoria(Catalogue):
    name = "categoria"
    on_v2 = True
    v1_filters = _MODIFIED
    v2_filters = {"modificados_desde_fecha": ("ge", "mod")}

    def build(self, index, when):
        rng = self.ds.rng(self.name, index)
        words = [rng.choice(PRODUCT_NOUNS), rng.choice(ADJECTIVES)]
        # A parent that is not in the listing happened live (docs/contifico-api.md, "Catalogues"): a few
        # dangling padre_id.
        parent = None
        if index > 2 and rng.random() < 0.5:
            parent = (
                self.ds.id(self.name, rng.randrange(index))
                if rng.random() > 0.1
                else self.ds.id(self.name, self.ds.n(self.name) + 7)
            )
        return {
            "id": self.ds.id(self.name, index),
            "nombre": " ".join(words).upper(),
            "padre_id": parent,
            "tipo_producto": rng.choice(["PROD", "PROD", "SERV", None]),
            "cuenta_venta": self.ds.pick("contabilidad/cuenta-contable", rng, none=0.5),
            "cuenta_compra": self.ds.pick("contabilidad/cuenta-contable", rng, none=0.7),
            "cuenta_inventario": None,
            "agrupar": rng.random() < 0.1,
            "para_supereasy": False,
            "para_comisariato": False,
        }

    def render(self, record, version, mod):
        if version == "v1":
            return dict(record)
        # v2 categories are reduced to a few fields (docs/contifico-api.md, "Catalogues").
        return {key: record.get(key) for key in ("id", "nombre", "cuenta_venta")}


class Marca(Catalogue):
    name = "marca"

    def build(self, index, when):
        rng = self.ds.rng(self.name, index)
        suffix = "" if index < len(BRANDS) else f" {rng.randint(2, 99)}"
        return {"id": self.ds.id(self.name, index), "nombre": BRANDS[index % len(BRANDS)] + suffix}


class Variante(Catalogue):
    name = "variante"
    v1_filters = _MODIFIED
    _NAMES = ["COLOR", "TAMAÑO", "TALLA", "MATERIAL", "SABOR", "DISEÑO"]
    _VALUES = {
        "COLOR": ["NEGRO", "AZUL", "ROJO", "MARRÓN", "CAFÉ"],
        "TAMAÑO": ["PEQUEÑO", "MEDIANO", "GRANDE", "15.6 pulg."],
        "TALLA": ["S", "M", "L", "XL", "ÚNICA"],
        "MATERIAL": ["ALGODÓN", "POLIÉSTER", "CUERO", "LANA"],
        "SABOR": ["FRESA", "PIÑA", "LIMÓN", "MARACUYÁ"],
        "DISEÑO": ["LISO", "RAYAS", "FLORES"],
    }

    def build(self, index, when):
        rng = self.ds.rng(self.name, index)
        name = self._NAMES[index % len(self._NAMES)]
        values = self._VALUES[name]
        count = rng.randint(1, len(values))
        return {
            "id": self.ds.id(self.name, index),
            "nombre": name if index < len(self._NAMES) else f"{name} {index // len(self._NAMES) + 1}",
            "valores": [
                {"id": self.ds.id("variante/valor", index * 8 + k), "valor": values[k]} for k in range(count)
            ],
        }


class Producto(Catalogue):
    name = "producto"
    on_v2 = True
    v1_result_paging = True
    v1_filters = {**_MODIFIED, "categoria_id": ("eq", "categoria_id"), "codigo": ("eq", "codigo")}
    v2_filters = {
        **_MODIFIED,
        "modificados_desde_fecha": ("ge", "mod"),
        "estado": ("eq", "estado"),
        "categoria_id": ("eq", "categoria_id"),
    }
    _V2_EXTRA = ("unidad", "codigo_auxiliar", "porcentaje_ice", "valor_ice", "campo_catalogo",
                 "maneja_nombremanual", "porcentaje_servicio")
    v2_only = frozenset(_V2_EXTRA)
    # v1 docs say categoria_comisariato_id, live v2 payloads categoria_comisariato (docs/contifico-api.md,
    # "Catalogues").
    v2_renames = {"categoria_comisariato_id": "categoria_comisariato"}

    # Cheap attributes (filters) -------------------------------------------------------------

    def _code_index(self, index):
        # Product codes are not unique in practice (docs/contifico-api.md, "Catalogues"): one in 40 repeats
        # its predecessor's.
        if index > 0 and self.ds.hash(self.name, index, 3) % 40 == 0:
            return index - 1
        return index

    def attr_codigo(self, index):
        return f"P{self._code_index(index) + 1:05d}"

    def attr_estado(self, index):
        return "I" if self.ds.hash(self.name, index, 4) % 10 == 0 else "A"

    def attr_categoria_id(self, index):
        roll = self.ds.hash(self.name, index, 5) % 100
        if roll < 4:
            return None
        n = self.ds.n("categoria")
        if roll < 7 or n == 0:  # dangling category (docs/contifico-api.md, "Catalogues")
            return self.ds.id("categoria", n + roll)
        return self.ds.id("categoria", (self.ds.hash(self.name, index, 6) >> 8) % n)

    # Stock per warehouse (docs/contifico-api.md, "Catalogues")
    # ---------------------------------------------------------------

    def stock(self, index):
        """Return the per-warehouse stock rows of product ``index`` (JSON numbers, may be negative)."""
        rng = self.ds.rng(self.name, index, 77)
        n = self.ds.n("bodega")
        rows = []
        for k in sorted(rng.sample(range(n), min(n, rng.randint(0, 3)))) if n else []:
            bodega = self.ds.rng("bodega", k)
            quantity = rng.randint(-5, 120) if rng.random() < 0.9 else rng.randint(-40, -1)
            rows.append({
                "bodega_id": self.ds.id("bodega", k),
                "bodega_nombre": Bodega.name_for(k, bodega),
                "cantidad": quantity,
            })
        return rows

    def build(self, index, when):
        rng = self.ds.rng(self.name, index)
        noun, adjective, brand = rng.choice(PRODUCT_NOUNS), rng.choice(ADJECTIVES), rng.choice(BRANDS)
        name = f"{noun} {adjective} {brand}"
        if rng.random() < 0.7:
            name = name.upper()
        description = long_text(rng) if index % 53 == 7 else rng.choice([f"{noun} {adjective}", "", None])
        price = rng.randint(50, 250_000)
        stock_total = sum(row["cantidad"] for row in self.stock(index))
        marca = self.ds.pick("marca", rng, none=0.6, dangling=0.02)
        return {
            "id": self.ds.id(self.name, index),
            "codigo": self.attr_codigo(index),
            "nombre": name,
            "descripcion": description,
            "codigo_barra": rng.choice([f"{rng.randint(0, 10**12 - 1):012d}", None, ""]),
            "tipo": "SER" if rng.random() < 0.1 else "PRO",
            "tipo_producto": rng.choice(["SIM", "SIM", "SIM", "COM", "COP", "PRO"]),
            "estado": self.attr_estado(index),
            "porcentaje_iva": rng.choice([15, 15, 15, 0, 12, None]),
            "pvp1": money(price),
            "pvp2": money(price * 95 // 100),
            "pvp3": money(price * 90 // 100, style=1),
            "pvp4": rng.choice([money(price * 85 // 100), "0.0", None]),
            "pvp_manual": rng.random() < 0.1,
            "minimo": money(rng.randint(0, 20) * 100),
            "cantidad_stock": money(stock_total * 100),
            "costo_maximo": rng.choice([None, money(price * 60 // 100)]),
            "categoria_id": self.attr_categoria_id(index),
            "marca_id": marca,
            "marca_nombre": brand if marca else rng.choice([None, ""]),
            "cuenta_venta_id": self.ds.pick("contabilidad/cuenta-contable", rng, none=0.4),
            "cuenta_compra_id": self.ds.pick("contabilidad/cuenta-contable", rng, none=0.6),
            "cuenta_costo_id": self.ds.pick("contabilidad/cuenta-contable", rng, none=0.6),
            "fecha_creacion": ddmmyyyy(when),
            "imagen": "",
            "para_pos": rng.random() < 0.8,
            "generacion_automatica": False,
            "codigo_proveedor": rng.choice([None, "", f"Colección {rng.randint(2015, 2026)}"]),
            "id_integracion_proveedor": None,
            "personalizado1": rng.choice([None, "", "Importado de Perú"]),
            "personalizado2": None,
            "lead_time": rng.choice([None, 7, 15]),
            "producto_base_id": None,
            "nombre_producto_base": None,
            "variantes": None,
            "detalle_variantes": [],
            "codigo_sap": None,
            "para_supereasy": False,
            "pvp_supereasy": None,
            "para_comisariato": False,
            "pvp_comisariato": None,
            "categoria_comisariato_id": None,
            "unidad": rng.choice([None, "UNI", "KG"]),
            "codigo_auxiliar": rng.choice([None, ""]),
            "porcentaje_ice": None,
            "valor_ice": "0.0",
            "campo_catalogo": None,
            "maneja_nombremanual": False,
            "porcentaje_servicio": 0,
        }

    def edit(self, record, rng):
        changed = dict(record)
        changed["nombre"] = f"{record.get('nombre') or ''} NUEVO".strip()
        changed["pvp1"] = money(rng.randint(50, 250_000))
        return changed


class Bodega(Catalogue):
    name = "bodega"
    on_v2 = True
    v1_filters = _MODIFIED
    v2_filters = _MODIFIED
    _CODES = ["BPU", "TUR", "BAT", "B2", "BW", "BOD001", "MAT", "SUR", "NOR"]

    @staticmethod
    def name_for(index, rng):
        """Return the warehouse name of bodega ``index`` (shared with the stock rows)."""
        if index == 0:
            return "Bodega Principal"
        return f"Bodega {rng.choice(['Norte', 'Sur', 'Centro', 'Guayaquil', 'Cuenca', 'Tránsito'])} {index}"

    def build(self, index, when):
        rng = self.ds.rng(self.name, index)
        code = self._CODES[index % len(self._CODES)]
        return {
            "id": self.ds.id(self.name, index),
            "nombre": self.name_for(index, rng),
            "codigo": code if index < len(self._CODES) else f"{code}{index}",
            "venta": rng.random() < 0.8,
            "compra": rng.random() < 0.7,
            "produccion": rng.random() < 0.1,
        }


class MovimientoInventario(Catalogue):
    name = "movimiento-inventario"
    on_v2 = True
    order_key = "fecha"  # v2 lists movements by date, ties in no guaranteed order
    v1_result_paging = True
    v1_filters = {"estado": ("eq", "estado"), "tipo": ("eq", "tipo")}
    v2_filters = {
        "fecha_inicial": ("ge", "fecha"),
        "fecha_final": ("le", "fecha"),
        "estado": ("eq", "estado"),
        "tipo": ("eq", "tipo"),
        "bodega_id": ("eq", "bodega_id"),
    }
    v2_only = frozenset({"cuenta_id", "proyecto"})

    def attr_tipo(self, index):
        roll = self.ds.hash(self.name, index, 1) % 100
        return "ING" if roll < 40 else "EGR" if roll < 80 else "TRA" if roll < 92 else "AJU"

    def attr_estado(self, index):
        return "P" if self.ds.hash(self.name, index, 2) % 10 == 0 else "G"

    def attr_bodega_id(self, index):
        n = self.ds.n("bodega")
        if n == 0:
            return None
        return self.ds.id("bodega", (self.ds.hash(self.name, index, 3) >> 5) % n)

    def build(self, index, when):
        rng = self.ds.rng(self.name, index)
        tipo = self.attr_tipo(index)
        lines = []
        for _ in range(rng.randint(1, 5)):
            lines.append({
                "producto_id": self.ds.pick("producto", rng, dangling=0.01),
                "cantidad": money(rng.randint(1, 50) * 100),
                "precio": money(rng.randint(10, 50_000)),
                "serie": None,
                "edicion": None,
                "unidad": rng.choice([None, "UNI"]),
                "costo_promedio": money(rng.randint(10, 40_000)),
            })
        return {
            "id": self.ds.id(self.name, index),
            "codigo": f"{tipo} {when:%Y%m}{index + 1:06d}",
            "tipo": tipo,
            "fecha": ddmmyyyy(when),
            "bodega_id": self.attr_bodega_id(index),
            "bodega_destino_id": self.ds.pick("bodega", rng) if tipo == "TRA" else None,
            "descripcion": rng.choice(MOVEMENT_TEXT) if rng.random() < 0.8 else rng.choice(["", None]),
            "estado": self.attr_estado(index),
            # Often "0.0" even when the lines carry prices (docs/contifico-api.md, "Catalogues").
            "total": "0.0" if rng.random() < 0.6 else money(rng.randint(100, 900_000)),
            "generar_asiento": rng.random() < 0.2,
            "pos": None,
            "maneja_venta": None,
            "codigo_interno": rng.choice([None, ""]),
            "cuenta_id": self.ds.pick("contabilidad/cuenta-contable", rng, none=0.7),
            "proyecto": None,
            "detalles": lines,
        }

    def render(self, record, version, mod):
        payload = super().render(record, version, mod)
        if version == "v1":
            # unidad and costo_promedio exist only in v2 movement lines (docs/contifico-api.md, "Catalogues").
            payload["detalles"] = [
                {k: v for k, v in line.items() if k not in ("unidad", "costo_promedio")}
                for line in record.get("detalles") or []
            ]
        return payload


class Guia(Catalogue):
    name = "inventario/guia"

    def build(self, index, when):
        rng = self.ds.rng(self.name, index)
        electronic = rng.random() < 0.8
        return {
            "id": self.ds.id(self.name, index),
            "numero_documento": f"001-001-{index + 1:09d}",
            "fecha_emision": ddmmyyyy(when),
            "fecha_inicio": ddmmyyyy(when),
            "fecha_fin": ddmmyyyy(when + timedelta(days=rng.randint(0, 3))),
            "estado": "A" if rng.random() < 0.05 else "E",
            "electronico": electronic,
            "autorizacion": f"{rng.randint(0, 10**49 - 1):049d}" if electronic else "",
            "bodega_id": self.ds.pick("bodega", rng),
            "transportista_id": self.ds.pick("persona", rng, dangling=0.05),
            "cedula_chofer": f"{rng.randint(1, 24):02d}{rng.randint(0, 10**8 - 1):08d}",
            "nombre_chofer": rng.choice(["Juan Peña", "Luis Muñoz", "Andrés Ordóñez"]),
            "nombre_despachador": rng.choice(["Bodega central", "", None]),
            "placa": f"P{rng.choice('ABCGHU')}{rng.choice('ABCX')}-{rng.randint(1000, 9999)}",
            "direccion_partida": f"{rng.choice(STREETS)} y Av. Colón",
            "descripcion": rng.choice(["Traslado de mercadería", "", None]),
            "ordencompraventa_id": None,
            "pos": None,
            "adicional1": rng.choice(["", None]),
            "adicional2": "",
            "destinatario": {
                "destinatario_id": self.ds.pick("persona", rng),
                "documento_id": self.ds.pick("documento", rng, none=0.3),
                "codigo_destino": rng.choice(["001", ""]),
                "direccion": f"{rng.choice(STREETS)} N{rng.randint(10, 99)}-{rng.randint(10, 99)}",
                "ruta": rng.choice(["Quito - Ambato", "Guayaquil - Machala", ""]),
                "motivo": "Venta",
                "detalle": [
                    {
                        "producto_id": self.ds.pick("producto", rng),
                        "cantidad": money(rng.randint(1, 30) * 100),
                        "serie": None,
                        "lote": None,
                        "fecha_expiracion": None,
                        "nombre_manual": None,
                    }
                    for _ in range(rng.randint(1, 3))
                ],
            },
        }
