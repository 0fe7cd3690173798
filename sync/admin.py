"""Read-only admin for the sync bookkeeping: run history and per-catalogue state."""

from django.contrib import admin

from sync.models import COUNTERS, SyncRun, SyncRunCatalogue, SyncState


class ReadOnlyAdminMixin:
    """Rows written by the engine only: viewable, never added, changed or deleted by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SyncRunCatalogueInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SyncRunCatalogue
    extra = 0
    fields = (
        "resource", "status", "mode", "since", *(name for name, _ in COUNTERS), "api_count", "message",
        "errors", "started_at", "finished_at",
    )
    readonly_fields = fields


@admin.register(SyncRun)
class SyncRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "started_at", "finished_at", "status", "trigger", "full_refresh", "message")
    list_filter = ("status", "trigger", "full_refresh")
    date_hierarchy = "started_at"
    inlines = (SyncRunCatalogueInline,)
    readonly_fields = (
        "status", "trigger", "resources", "since", "full_refresh", "page_size", "holder",
        "started_at", "finished_at", "message",
    )


@admin.register(SyncState)
class SyncStateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("resource", "last_synced_at", "last_full_refresh_at", "last_run", "updated_at")
    readonly_fields = (
        "resource", "last_synced_at", "last_full_refresh_at", "cursor", "last_run", "updated_at"
    )
    ordering = ("resource",)
