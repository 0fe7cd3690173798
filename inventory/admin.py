"""Read-only admin pages for the stock-side catalogues."""

from django.contrib import admin

from inventory.models import Brand, Category, InventoryMovement, Product, RemissionGuide, Variant, Warehouse
from sync.admin_base import ContificoRecordAdmin, DeletedUpstreamFilter


@admin.register(Category)
class CategoryAdmin(ContificoRecordAdmin):
    list_display = ("nombre", "tipo_producto", "padre_id", "id", "deleted_at")
    list_filter = ("tipo_producto", DeletedUpstreamFilter)
    search_fields = ("id__exact", "nombre")
    ordering = ("nombre", "id")


@admin.register(Brand)
class BrandAdmin(ContificoRecordAdmin):
    list_display = ("nombre", "id", "deleted_at")
    search_fields = ("id__exact", "nombre")
    ordering = ("nombre", "id")


@admin.register(Variant)
class VariantAdmin(ContificoRecordAdmin):
    list_display = ("nombre", "id", "deleted_at")
    search_fields = ("id__exact", "nombre")
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
        "fecha_creacion",
        "deleted_at",
    )
    list_filter = ("estado", "tipo", "tipo_producto", DeletedUpstreamFilter)
    # Exact id / code / barcode, and names by prefix: a product list can be large.
    search_fields = ("id__exact", "codigo__exact", "codigo_barra__exact", "^nombre")
    ordering = ("nombre", "id")
    date_hierarchy = "fecha_creacion"


@admin.register(Warehouse)
class WarehouseAdmin(ContificoRecordAdmin):
    list_display = ("codigo", "nombre", "venta", "compra", "produccion", "id", "deleted_at")
    list_filter = ("venta", "compra", "produccion", DeletedUpstreamFilter)
    search_fields = ("id__exact", "codigo", "nombre")
    ordering = ("nombre", "id")


@admin.register(InventoryMovement)
class InventoryMovementAdmin(ContificoRecordAdmin):
    list_display = (
        "codigo",
        "fecha",
        "tipo",
        "estado",
        "bodega_id",
        "bodega_destino_id",
        "total",
        "deleted_at",
    )
    list_filter = ("tipo", "estado", DeletedUpstreamFilter)
    search_fields = ("id__exact", "codigo__exact", "bodega_id__exact")
    ordering = ("-fecha", "-id")
    date_hierarchy = "fecha"


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
    list_filter = ("estado", DeletedUpstreamFilter)
    search_fields = ("id__exact", "numero_documento__exact", "documento_id__exact")
    ordering = ("-fecha_emision", "-id")
    date_hierarchy = "fecha_emision"
