"""Read-only admin pages for bank accounts and their movements."""

from django.contrib import admin

from banking.models import BankAccount, BankMovement
from sync.admin_base import ContificoRecordAdmin, DeletedUpstreamFilter


class BankAccountFilter(admin.SimpleListFilter):
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
    list_filter = ("tipo_cuenta", "estado", DeletedUpstreamFilter)
    search_fields = ("id__exact", "numero", "nombre")
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
    list_filter = ("tipo_registro", "tipo", BankAccountFilter, DeletedUpstreamFilter)
    search_fields = ("id__exact", "numero_comprobante__exact", "persona_id__exact")
    ordering = ("-fecha_emision", "-id")
    date_hierarchy = "fecha_emision"
