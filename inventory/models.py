"""Stock-side catalogues mirrored from Contífico.

Each model keeps the record as returned (``payload``, see ``sync.records``)
plus a few typed columns for the admin and for SQL users. Column names are
Contífico's own field names; foreign Contífico ids are plain indexed text, not
foreign keys, because they dangle in real data and rows arrive in any order
(see docs/contifico-api.md, "Record formats").
"""

from django.db import models

from sync.parsing import (
    as_mapping,
    date_as_datetime,
    money_column,
    parse_bool,
    parse_date,
    parse_int,
    quantity_column,
    ref_id,
    text,
)
from sync.records import DELETED, ContificoRecord
from sync.search import with_search_text


def _percentage(value):
    number = parse_int(value)
    return number if number is not None and 0 <= number <= 100 else None


class Category(ContificoRecord):
    class ProductType(models.TextChoices):
        PRODUCT = "PROD", "Producto"
        SERVICE = "SERV", "Servicio"

    nombre = models.CharField("nombre", max_length=200, blank=True)
    padre_id = models.CharField("categoría padre (id)", max_length=64, blank=True)
    tipo_producto = models.CharField(
        "tipo de producto", max_length=8, blank=True, choices=ProductType.choices
    )

    search_columns = ("nombre",)

    class Meta:
        db_table = "categories"
        verbose_name = "Categoría"
        verbose_name_plural = "Categorías"
        indexes = [
            # admin's default ordering of the category list
            models.Index(fields=["nombre", "id"], name="categories_nombre_idx"),
            models.Index(fields=["deleted_at"], condition=DELETED, name="categories_deleted_idx"),
        ]

    def __str__(self):
        return self.nombre or self.id

    @classmethod
    def columns_from_payload(cls, payload):
        p = as_mapping(payload)
        return with_search_text(cls, {
            "nombre": text(p.get("nombre"), 200),
            "padre_id": ref_id(p.get("padre_id")),
            "tipo_producto": text(p.get("tipo_producto"), 8),
            # A category record carries no date at all.
            "updated_at": None,
        })


class Brand(ContificoRecord):
    nombre = models.CharField("nombre", max_length=200, blank=True)

    search_columns = ("nombre",)

    class Meta:
        db_table = "brands"
        verbose_name = "Marca"
        verbose_name_plural = "Marcas"
        indexes = [
            # admin's default ordering of the brand list
            models.Index(fields=["nombre", "id"], name="brands_nombre_idx"),
            models.Index(fields=["deleted_at"], condition=DELETED, name="brands_deleted_idx"),
        ]

    def __str__(self):
        return self.nombre or self.id

    @classmethod
    def columns_from_payload(cls, payload):
        p = as_mapping(payload)
        return with_search_text(cls, {"nombre": text(p.get("nombre"), 200), "updated_at": None})


class Variant(ContificoRecord):
    nombre = models.CharField("nombre", max_length=200, blank=True)

    search_columns = ("nombre",)

    class Meta:
        db_table = "variants"
        verbose_name = "Variante"
        verbose_name_plural = "Variantes"
        indexes = [
            # admin's default ordering of the variant list
            models.Index(fields=["nombre", "id"], name="variants_nombre_idx"),
            models.Index(fields=["deleted_at"], condition=DELETED, name="variants_deleted_idx"),
        ]

    def __str__(self):
        return self.nombre or self.id

    @classmethod
    def columns_from_payload(cls, payload):
        p = as_mapping(payload)
        return with_search_text(cls, {"nombre": text(p.get("nombre"), 200), "updated_at": None})


class Product(ContificoRecord):
    class Kind(models.TextChoices):
        PRODUCT = "PRO", "Producto"
        SERVICE = "SER", "Servicio"

    class ProductType(models.TextChoices):
        SIMPLE = "SIM", "Simple"
        COMBO = "COM", "Combo"
        COMPOUND = "COP", "Compuesto"
        PRODUCTION = "PRO", "Producción"

    class Status(models.TextChoices):
        ACTIVE = "A", "Activo"
        INACTIVE = "I", "Inactivo"

    codigo = models.CharField("código", max_length=100, blank=True)
    nombre = models.CharField("nombre", max_length=300, blank=True)
    codigo_barra = models.CharField("código de barras", max_length=100, blank=True)
    tipo = models.CharField("tipo", max_length=8, blank=True, choices=Kind.choices)
    tipo_producto = models.CharField(
        "tipo de producto", max_length=8, blank=True, choices=ProductType.choices
    )
    estado = models.CharField("estado", max_length=8, blank=True, choices=Status.choices)
    categoria_id = models.CharField("categoría (id)", max_length=64, blank=True)
    marca_id = models.CharField("marca (id)", max_length=64, blank=True)
    porcentaje_iva = models.SmallIntegerField("% IVA", null=True, blank=True)
    pvp1 = models.DecimalField("PVP 1", max_digits=16, decimal_places=2, null=True, blank=True)
    minimo = models.DecimalField("stock mínimo", max_digits=18, decimal_places=4, null=True, blank=True)
    cantidad_stock = models.DecimalField("stock", max_digits=18, decimal_places=4, null=True, blank=True)
    fecha_creacion = models.DateField("fecha de creación", null=True, blank=True)

    search_columns = ("codigo", "nombre", "codigo_barra")

    class Meta:
        db_table = "products"
        verbose_name = "Producto"
        verbose_name_plural = "Productos"
        indexes = [
            # admin's default ordering of the product list
            models.Index(fields=["nombre", "id"], name="products_nombre_idx"),
            # exact search by SKU in the admin and SQL lookups by code (codes are not unique)
            models.Index(fields=["codigo"], name="products_codigo_idx"),
            # exact search by barcode in the admin
            models.Index(fields=["codigo_barra"], name="products_codigo_barra_idx"),
            # products of one category / brand (SQL joins from categories and brands)
            models.Index(fields=["categoria_id"], name="products_categoria_idx"),
            models.Index(fields=["marca_id"], name="products_marca_idx"),
            # admin: sorted by creation date (either way) and the desde/hasta filter on it
            models.Index(fields=["fecha_creacion", "id"], name="products_fecha_creacion_idx"),
            # admin: the estado / tipo filters, in the list's name order (no scan for a rare value)
            models.Index(fields=["estado", "nombre", "id"], name="products_estado_idx"),
            models.Index(fields=["tipo", "nombre", "id"], name="products_tipo_idx"),
            models.Index(fields=["deleted_at"], condition=DELETED, name="products_deleted_idx"),
        ]

    def __str__(self):
        return f"{self.codigo} {self.nombre}".strip() or self.id

    @classmethod
    def columns_from_payload(cls, payload):
        p = as_mapping(payload)
        return with_search_text(cls, {
            "codigo": text(p.get("codigo"), 100),
            "nombre": text(p.get("nombre"), 300),
            "codigo_barra": text(p.get("codigo_barra"), 100),
            "tipo": text(p.get("tipo"), 8),
            "tipo_producto": text(p.get("tipo_producto"), 8),
            "estado": text(p.get("estado"), 8),
            "categoria_id": ref_id(p.get("categoria_id")),
            "marca_id": ref_id(p.get("marca_id")),
            "porcentaje_iva": _percentage(p.get("porcentaje_iva")),
            "pvp1": money_column(p.get("pvp1")),
            "minimo": quantity_column(p.get("minimo")),
            "cantidad_stock": quantity_column(p.get("cantidad_stock")),
            "fecha_creacion": parse_date(p.get("fecha_creacion")),
            # The only date a product carries is its creation date.
            "updated_at": date_as_datetime(p.get("fecha_creacion")),
        })


class Warehouse(ContificoRecord):
    codigo = models.CharField("código", max_length=64, blank=True)
    nombre = models.CharField("nombre", max_length=200, blank=True)
    venta = models.BooleanField("para venta", null=True, blank=True)
    compra = models.BooleanField("para compra", null=True, blank=True)
    produccion = models.BooleanField("para producción", null=True, blank=True)

    search_columns = ("codigo", "nombre")

    class Meta:
        db_table = "warehouses"
        verbose_name = "Bodega"
        verbose_name_plural = "Bodegas"
        indexes = [
            # admin's default ordering of the warehouse list
            models.Index(fields=["nombre", "id"], name="warehouses_nombre_idx"),
            models.Index(fields=["deleted_at"], condition=DELETED, name="warehouses_deleted_idx"),
        ]

    def __str__(self):
        return f"{self.codigo} {self.nombre}".strip() or self.id

    @classmethod
    def columns_from_payload(cls, payload):
        p = as_mapping(payload)
        return with_search_text(cls, {
            "codigo": text(p.get("codigo"), 64),
            "nombre": text(p.get("nombre"), 200),
            "venta": parse_bool(p.get("venta")),
            "compra": parse_bool(p.get("compra")),
            "produccion": parse_bool(p.get("produccion")),
            "updated_at": None,
        })


class InventoryMovement(ContificoRecord):
    class Kind(models.TextChoices):
        IN = "ING", "Ingreso"
        OUT = "EGR", "Egreso"
        TRANSFER = "TRA", "Transferencia"
        ADJUSTMENT = "AJU", "Ajuste de costo"

    class Status(models.TextChoices):
        GENERATED = "G", "Generado"
        PENDING = "P", "Pendiente"

    codigo = models.CharField("código", max_length=64, blank=True)
    tipo = models.CharField("tipo", max_length=8, blank=True, choices=Kind.choices)
    fecha = models.DateField("fecha", null=True, blank=True)
    estado = models.CharField("estado", max_length=8, blank=True, choices=Status.choices)
    bodega_id = models.CharField("bodega (id)", max_length=64, blank=True)
    bodega_destino_id = models.CharField("bodega destino (id)", max_length=64, blank=True)
    total = models.DecimalField("total", max_digits=16, decimal_places=2, null=True, blank=True)
    descripcion = models.CharField("descripción", max_length=300, blank=True)

    search_columns = ("codigo", "descripcion")

    class Meta:
        db_table = "inventory_movements"
        verbose_name = "Movimiento de inventario"
        verbose_name_plural = "Movimientos de inventario"
        indexes = [
            # admin's default ordering of the movement list (newest first) and its date drill-down
            models.Index(fields=["-fecha", "-id"], name="inv_movements_fecha_idx"),
            # exact search by movement code ("EGR 202006000017")
            models.Index(fields=["codigo"], name="inv_movements_codigo_idx"),
            # movements of one warehouse (SQL stock reports)
            models.Index(fields=["bodega_id", "-fecha"], name="inv_movements_bodega_idx"),
            models.Index(fields=["deleted_at"], condition=DELETED, name="inv_movements_deleted_idx"),
        ]

    def __str__(self):
        return self.codigo or self.id

    @classmethod
    def columns_from_payload(cls, payload):
        p = as_mapping(payload)
        return with_search_text(cls, {
            "codigo": text(p.get("codigo"), 64),
            "tipo": text(p.get("tipo"), 8),
            "fecha": parse_date(p.get("fecha")),
            "estado": text(p.get("estado"), 8),
            "bodega_id": ref_id(p.get("bodega_id")),
            "bodega_destino_id": ref_id(p.get("bodega_destino_id")),
            "total": money_column(p.get("total")),
            "descripcion": text(p.get("descripcion"), 300),
            "updated_at": date_as_datetime(p.get("fecha")),
        })


class RemissionGuide(ContificoRecord):
    class Status(models.TextChoices):
        ISSUED = "E", "Emitida"
        VOIDED = "A", "Anulada"

    numero_documento = models.CharField("número", max_length=64, blank=True)
    fecha_emision = models.DateField("fecha de emisión", null=True, blank=True)
    fecha_inicio = models.DateField("inicio del traslado", null=True, blank=True)
    fecha_fin = models.DateField("fin del traslado", null=True, blank=True)
    estado = models.CharField("estado", max_length=8, blank=True, choices=Status.choices)
    bodega_id = models.CharField("bodega (id)", max_length=64, blank=True)
    transportista_id = models.CharField("transportista (id)", max_length=64, blank=True)
    destinatario_id = models.CharField("destinatario (id)", max_length=64, blank=True)
    documento_id = models.CharField("documento (id)", max_length=64, blank=True)
    placa = models.CharField("placa", max_length=32, blank=True)

    search_columns = ("numero_documento", "placa")
    # Columns holding an SRI number (001-001-000000251), looked up exactly when one is searched.
    number_columns = ("numero_documento",)

    class Meta:
        db_table = "remission_guides"
        verbose_name = "Guía de remisión"
        verbose_name_plural = "Guías de remisión"
        indexes = [
            # admin's default ordering of the guide list (newest first) and its date drill-down
            models.Index(fields=["-fecha_emision", "-id"], name="guides_fecha_emision_idx"),
            # exact search by guide number ("001-001-000000001")
            models.Index(fields=["numero_documento"], name="guides_numero_idx"),
            # the guide of an invoice (SQL join from documents)
            models.Index(fields=["documento_id"], name="guides_documento_idx"),
            models.Index(fields=["deleted_at"], condition=DELETED, name="guides_deleted_idx"),
        ]

    def __str__(self):
        return self.numero_documento or self.id

    @classmethod
    def columns_from_payload(cls, payload):
        p = as_mapping(payload)
        # One nested object describes the recipient and the invoice it ships.
        destinatario = as_mapping(p.get("destinatario"))
        return with_search_text(cls, {
            "numero_documento": text(p.get("numero_documento"), 64),
            "fecha_emision": parse_date(p.get("fecha_emision")),
            "fecha_inicio": parse_date(p.get("fecha_inicio")),
            "fecha_fin": parse_date(p.get("fecha_fin")),
            "estado": text(p.get("estado"), 8),
            "bodega_id": ref_id(p.get("bodega_id")),
            "transportista_id": ref_id(p.get("transportista_id")),
            "destinatario_id": ref_id(destinatario.get("destinatario_id")),
            "documento_id": ref_id(destinatario.get("documento_id")),
            "placa": text(p.get("placa"), 32),
            "updated_at": date_as_datetime(p.get("fecha_emision")),
        })
