"""Read-only admin pages for documents, parties and the ledger."""

from django.contrib import admin

from accounting.models import (
    CostCenter,
    Document,
    JournalEntry,
    LedgerAccount,
    Person,
    Purchase,
    RegistryTransaction,
    Sale,
)
from sync.admin_base import ContificoRecordAdmin, DeletedUpstreamFilter


class DocumentRecordAdmin(ContificoRecordAdmin):
    list_display = (
        "documento",
        "tipo_documento",
        "fecha_emision",
        "razon_social",
        "persona_identificacion",
        "estado",
        "total",
        "saldo",
        "deleted_at",
    )
    list_filter = ("tipo_documento", "estado", "anulado", DeletedUpstreamFilter)
    # Exact lookups only: these tables reach hundreds of thousands of rows.
    search_fields = ("id__exact", "documento__exact", "persona_identificacion__exact", "persona_id__exact")
    ordering = ("-fecha_emision", "-id")
    date_hierarchy = "fecha_emision"


@admin.register(Sale)
class SaleAdmin(DocumentRecordAdmin):
    pass


@admin.register(Purchase)
class PurchaseAdmin(DocumentRecordAdmin):
    pass


@admin.register(Document)
class DocumentAdmin(DocumentRecordAdmin):
    list_filter = ("tipo_registro", "tipo_documento", "estado", "anulado", DeletedUpstreamFilter)


@admin.register(RegistryTransaction)
class RegistryTransactionAdmin(ContificoRecordAdmin):
    list_display = ("id", "fecha", "tipo", "valor", "documento_id", "persona_id", "descripcion", "deleted_at")
    search_fields = ("id__exact", "documento_id__exact", "persona_id__exact")
    ordering = ("-fecha", "-id")
    date_hierarchy = "fecha"


@admin.register(Person)
class PersonAdmin(ContificoRecordAdmin):
    list_display = (
        "razon_social",
        "nombre_comercial",
        "tipo",
        "cedula",
        "ruc",
        "email",
        "es_cliente",
        "es_proveedor",
        "updated_at",
        "deleted_at",
    )
    list_filter = ("tipo", "es_cliente", "es_proveedor", "es_empleado", DeletedUpstreamFilter)
    search_fields = ("id__exact", "cedula__exact", "ruc__exact", "^razon_social", "^nombre_comercial")
    ordering = ("razon_social", "id")


@admin.register(CostCenter)
class CostCenterAdmin(ContificoRecordAdmin):
    list_display = ("codigo", "nombre", "tipo", "estado", "padre_id", "id", "deleted_at")
    list_filter = ("tipo", "estado", DeletedUpstreamFilter)
    search_fields = ("id__exact", "codigo", "nombre")
    ordering = ("codigo", "id")


@admin.register(LedgerAccount)
class LedgerAccountAdmin(ContificoRecordAdmin):
    list_display = ("codigo", "nombre", "tipo", "id", "deleted_at")
    list_filter = ("tipo", DeletedUpstreamFilter)
    search_fields = ("id__exact", "^codigo", "nombre")
    ordering = ("codigo", "id")


@admin.register(JournalEntry)
class JournalEntryAdmin(ContificoRecordAdmin):
    list_display = ("fecha", "glosa", "debe", "haber", "id", "deleted_at")
    # Exact id only: tens of thousands of entries, and the glosa is free text.
    search_fields = ("id__exact",)
    ordering = ("-fecha", "-id")
    date_hierarchy = "fecha"
