"""Read-only admin pages for bank accounts and their movements."""

from django.contrib import admin

from banking.models import BankAccount, BankMovement
from sync.admin_base import ContificoRecordAdmin, OfferedFilter


class BankAccountFilter(OfferedFilter):
    """Filter movements by account, named as the user knows it (a company has a handful)."""

    title = "cuenta bancaria"
    parameter_name = "cuenta"

    def lookups(self, request, model_admin):
        accounts = BankAccount.objects.order_by("nombre", "id").values_list("id", "nombre", "numero")[:50]
        return [(pk, f"{nombre} {numero}".strip() or pk) for pk, nombre, numero in accounts]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(cuenta_bancaria_id=self.value())
        return queryset


@admin.register(BankAccount)
class BankAccountAdmin(ContificoRecordAdmin):
    list_display = (
        "nombre",
        "numero",
        "tipo_cuenta",
        "nombre_banco",
        "estado",
        "saldo_inicial",
        "fecha_corte",
        "id",
        "deleted_at",
    )
    list_filter = ("tipo_cuenta", "estado")
    referenced_by = (("banking.BankMovement", "cuenta_bancaria_id", "movimientos bancarios"),)
    ordering = ("nombre", "id")


@admin.register(BankMovement)
class BankMovementAdmin(ContificoRecordAdmin):
    list_display = (
        "numero_comprobante",
        "fecha_emision",
        "tipo",
        "tipo_registro",
        "monto",
        "cuenta_bancaria_id",
        "persona_id",
        "deleted_at",
    )
    list_filter = ("tipo_registro", "tipo", BankAccountFilter)
    date_range = "fecha_emision"
    links = {"cuenta_bancaria_id": "banking.BankAccount", "persona_id": "accounting.Person"}
    line_columns = (
        ("cuenta_id", "cuenta", "accounting.LedgerAccount"),
        ("centro_costo_id", "centro de costo", "accounting.CostCenter"),
        ("monto", "monto", "money"),
    )
    ordering = ("-fecha_emision", "-id")
