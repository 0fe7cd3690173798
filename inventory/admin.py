"""Read-only admin pages for the stock-side catalogues."""

from django.contrib import admin

from inventory.models import Brand, Category, InventoryMovement, Product, RemissionGuide, Variant, Warehouse
from sync.admin_base import ContificoRecordAdmin

ITEM_LINES = (
    ("producto_id", "producto", "inventory.Product"),
    ("cantidad", "cantidad", "quantity"),
    ("precio", "precio", "money"),
)


@admin.register(Category)
class CategoryAdmin(ContificoRecordAdmin):
    list_display = ("nombre", "tipo_producto", "padre_id", "id", "deleted_at")
    list_filter = ("tipo_producto",)
    links = {"padre_id": "inventory.Category"}
    referenced_by = (
        ("inventory.Product", "categoria_id", "productos"),
        ("inventory.Category", "padre_id", "subcategorías"),
    )
    ordering = ("nombre", "id")


@admin.register(Brand)
class BrandAdmin(ContificoRecordAdmin):
    list_display = ("nombre", "id", "deleted_at")
    referenced_by = (("inventory.Product", "marca_id", "productos"),)
    ordering = ("nombre", "id")


@admin.register(Variant)
class VariantAdmin(ContificoRecordAdmin):
    list_display = ("nombre", "id", "deleted_at")
    ordering = ("nombre", "id")


@admin.register(Product)
class ProductAdmin(ContificoRecordAdmin):
    list_display = (
        "codigo",
        "nombre",
        "tipo",
        "estado",
        "pvp1",
        "cantidad_stock",
        "porcentaje_iva",
        "categoria_id",
        "fecha_creacion",
    )
    list_filter = ("estado", "tipo", "tipo_producto")
    date_range = "fecha_creacion"
    links = {"categoria_id": "inventory.Category", "marca_id": "inventory.Brand"}
    ordering = ("nombre", "id")


@admin.register(Warehouse)
class WarehouseAdmin(ContificoRecordAdmin):
    list_display = ("codigo", "nombre", "venta", "compra", "produccion", "id", "deleted_at")
    list_filter = ("venta", "compra", "produccion")
    referenced_by = (
        ("inventory.InventoryMovement", "bodega_id", "movimientos de inventario"),
        ("inventory.RemissionGuide", "bodega_id", "guías de remisión"),
    )
    ordering = ("nombre", "id")


@admin.register(InventoryMovement)
class InventoryMovementAdmin(ContificoRecordAdmin):
    list_display = (
        "codigo", "fecha", "tipo", "estado", "bodega_id", "bodega_destino_id", "total", "deleted_at",
    )
    list_filter = ("tipo", "estado")
    date_range = "fecha"
    links = {"bodega_id": "inventory.Warehouse", "bodega_destino_id": "inventory.Warehouse"}
    line_columns = ITEM_LINES
    ordering = ("-fecha", "-id")


@admin.register(RemissionGuide)
class RemissionGuideAdmin(ContificoRecordAdmin):
    list_display = (
        "numero_documento",
        "fecha_emision",
        "estado",
        "bodega_id",
        "destinatario_id",
        "documento_id",
        "placa",
        "deleted_at",
    )
    list_filter = ("estado",)
    date_range = "fecha_emision"
    links = {
        "bodega_id": "inventory.Warehouse",
        "destinatario_id": "accounting.Person",
        "transportista_id": "accounting.Person",
        "documento_id": "accounting.Document",
    }
    ordering = ("-fecha_emision", "-id")
