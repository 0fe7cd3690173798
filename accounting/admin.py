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
from inventory.admin import ITEM_LINES
from sync.admin_base import ContificoRecordAdmin


class DocumentRecordAdmin(ContificoRecordAdmin):
    list_display = (
        "documento",
        "tipo_documento",
        "fecha_emision",
        "persona_id",
        "persona_identificacion",
        "estado",
        "total",
        "saldo",
    )
    list_filter = ("tipo_documento", "estado", "anulado")
    date_range = "fecha_emision"
    links = {"persona_id": "accounting.Person", "vendedor_id": "accounting.Person"}
    line_columns = (*ITEM_LINES, ("porcentaje_iva", "% IVA", "text"))
    ordering = ("-fecha_emision", "-id")


@admin.register(Sale)
class SaleAdmin(DocumentRecordAdmin):
    pass


@admin.register(Purchase)
class PurchaseAdmin(DocumentRecordAdmin):
    pass


@admin.register(Document)
class DocumentAdmin(DocumentRecordAdmin):
    list_filter = ("tipo_registro", "tipo_documento", "estado", "anulado")
    referenced_by = (
        ("inventory.RemissionGuide", "documento_id", "guías de remisión"),
        ("accounting.RegistryTransaction", "documento_id", "transacciones de registro"),
    )


@admin.register(RegistryTransaction)
class RegistryTransactionAdmin(ContificoRecordAdmin):
    list_display = ("id", "fecha", "tipo", "valor", "documento_id", "persona_id", "descripcion", "deleted_at")
    date_range = "fecha"
    links = {"documento_id": "accounting.Document", "persona_id": "accounting.Person"}
    ordering = ("-fecha", "-id")


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
    )
    list_filter = ("tipo", "es_cliente", "es_proveedor", "es_empleado")
    links = {"vendedor_asignado_id": "accounting.Person"}
    referenced_by = (
        ("accounting.Document", "persona_id", "documentos"),
        ("accounting.Sale", "persona_id", "ventas"),
        ("accounting.Purchase", "persona_id", "compras"),
        ("banking.BankMovement", "persona_id", "movimientos bancarios"),
    )
    ordering = ("razon_social", "id")


@admin.register(CostCenter)
class CostCenterAdmin(ContificoRecordAdmin):
    list_display = ("codigo", "nombre", "tipo", "estado", "padre_id", "id", "deleted_at")
    list_filter = ("tipo", "estado")
    links = {"padre_id": "accounting.CostCenter"}
    ordering = ("codigo", "id")


@admin.register(LedgerAccount)
class LedgerAccountAdmin(ContificoRecordAdmin):
    list_display = ("codigo", "nombre", "tipo", "id", "deleted_at")
    list_filter = ("tipo",)
    ordering = ("codigo", "id")


@admin.register(JournalEntry)
class JournalEntryAdmin(ContificoRecordAdmin):
    list_display = ("fecha", "glosa", "debe", "haber", "id", "deleted_at")
    date_range = "fecha"
    line_columns = (
        ("cuenta_id", "cuenta", "accounting.LedgerAccount"),
        ("centro_costo_id", "centro de costo", "accounting.CostCenter"),
        ("tipo", "lado", "side"),
        ("valor", "valor", "money"),
    )
    ordering = ("-fecha", "-id")
