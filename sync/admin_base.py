"""A read-only admin for mirrored Contífico records that stays fast on big tables.

Model-free: the catalogue apps (inventory, accounting, banking) subclass
``ContificoRecordAdmin`` for their own models. Rows are written by the sync
engine only, so the admin can view them and nothing else.
"""

import json

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.html import format_html

# Below this many rows a list is counted exactly; above it counting every row
# on every page load costs more than the number is worth.
EXACT_COUNT_LIMIT = 10_000


def estimated_row_count(queryset):
    """Return PostgreSQL's planner estimate of the rows in ``queryset``'s table, else None.

    The estimate comes from the last ANALYZE / autovacuum; SQLite keeps none.
    """
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)", [table])
        row = cursor.fetchone()
    # reltuples is -1 (PostgreSQL 14+) or 0 for a table never analysed.
    if not row or row[0] is None or row[0] <= 0:
        return None
    return int(row[0])


class CheapCountPaginator(Paginator):
    """Count a changelist without a full COUNT(*) over millions of rows.

    Lists up to ``EXACT_COUNT_LIMIT`` rows are counted exactly, so small
    tables and narrow filters show the true count. Beyond that an unfiltered
    list shows PostgreSQL's row estimate, and a filtered one (or any list on
    SQLite) stops counting at the limit: its pages reach the first
    ``EXACT_COUNT_LIMIT`` rows, and a narrower filter reaches the rest.
    """

    @cached_property
    def count(self):
        """Return the exact count up to the limit, else an estimate or the capped count."""
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list)
        unordered = self.object_list.order_by()
        capped = unordered[: EXACT_COUNT_LIMIT + 1].count()
        if capped <= EXACT_COUNT_LIMIT:
            return capped
        if not self.object_list.query.where:
            estimate = estimated_row_count(self.object_list)
            if estimate is not None and estimate > capped:
                return estimate
        return capped


class DeletedUpstreamFilter(admin.SimpleListFilter):
    """Split rows still present in Contífico from those a full refresh found gone."""

    title = "estado en Contífico"
    parameter_name = "eliminado"

    def lookups(self, request, model_admin):
        return (("no", "Vigente"), ("si", "Eliminado en origen"))

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(deleted_at__isnull=True)
        if self.value() == "si":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


class PayloadDeferringChangeList(ChangeList):
    """The changelist never shows the raw JSON, so it never reads it."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).defer("payload")


class ContificoRecordAdmin(admin.ModelAdmin):
    """Read-only admin for one mirrored catalogue.

    Subclasses set ``list_display``, ``search_fields``, ``ordering`` (on an
    indexed column), ``date_hierarchy`` and extend ``list_filter``.
    """

    list_filter = (DeletedUpstreamFilter,)
    list_per_page = 100
    show_full_result_count = False
    paginator = CheapCountPaginator

    def get_changelist(self, request, **kwargs):
        return PayloadDeferringChangeList

    def get_fields(self, request, obj=None):
        # Every column, with the pretty JSON in place of the raw one, at the end.
        names = [field.name for field in self.model._meta.concrete_fields if field.name != "payload"]
        return [*names, "payload_pretty"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="JSON de Contífico")
    def payload_pretty(self, obj):
        pretty = json.dumps(obj.payload, indent=2, ensure_ascii=False, sort_keys=True, default=str)
        return format_html('<pre class="contifico-payload">{}</pre>', pretty)
