"""The sync dashboard inside the admin: what the mirror holds, and the "Sincronizar ahora" button.

Per catalogue: its Spanish name, a record count that stays cheap on large
tables, the last successful sync and its freshness (``sync.status``, the rule
``/health/`` shares), and the last run's outcome. The form posts to
``POST /api/sync`` as the staff session; the page then polls
``status_view`` once a second with plain JavaScript (no build step).
"""

from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django_q.models import Schedule

from sync import catalogues as registry
from sync.admin_base import EXACT_COUNT_LIMIT, estimated_row_count
from sync.api import DASHBOARD_ORIGIN, run_as_json
from sync.models import SyncRun, SyncRunCatalogue
from sync.status import freshness
from sync.tasks import active_run

LATEST_RUNS = 10


def cheap_count(model):
    """Return ``(rows, exact)``: exact up to ``EXACT_COUNT_LIMIT``, else an estimate that costs no scan.

    PostgreSQL gives its planner's estimate; on SQLite the largest rowid is the
    number of rows ever stored, and mirrored rows are never deleted (only marked).
    """
    queryset = model.objects.order_by()
    capped = queryset[: EXACT_COUNT_LIMIT + 1].count()
    if capped <= EXACT_COUNT_LIMIT:
        return capped, True
    estimate = estimated_row_count(queryset)
    connection = connections[queryset.db]
    if estimate is None and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(rowid) FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
            estimate = cursor.fetchone()[0]
    return max(estimate or 0, capped), False


def count_label(rows, exact):
    return f"{rows:,}" if exact else f"≈ {rows:,}"


def _local(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else None


def catalogue_rows():
    """Return one dict per catalogue, in registry order, for the table and its JSON."""
    last_rows = {}
    latest = SyncRun.objects.order_by("-started_at").values_list("pk", flat=True)[:50]
    for row in SyncRunCatalogue.objects.filter(run__in=list(latest)).order_by("-run_id"):
        last_rows.setdefault(row.resource, row)
    rows = []
    for fresh in freshness():
        catalogue = registry.BY_KEY[fresh.key]
        count, exact = cheap_count(catalogue.model)
        last = last_rows.get(fresh.key)
        rows.append({
            "key": fresh.key,
            "name": catalogue.label,
            "count": count,
            "count_label": count_label(count, exact),
            "last_success": _local(fresh.last_success),
            "stale": fresh.stale,
            "last_status": last.status if last else None,
            "last_status_label": last.get_status_display() if last else None,
            "last_message": last.message if last else "",
            "last_run": last.run_id if last else None,
        })
    return rows


def view(site):
    """Return the dashboard view bound to the admin ``site`` (for its chrome: ``each_context``)."""

    def dashboard(request):
        active = active_run()
        context = {
            **site.each_context(request),
            "title": "Panel de sincronización",
            "catalogues": catalogue_rows(),
            "active": active,
            "latest_runs": SyncRun.objects.order_by("-started_at")[:LATEST_RUNS],
            "schedules": Schedule.objects.order_by("next_run"),
            "stale_hours": f"{settings.SYNC_STALE_AFTER_HOURS:g}",
            "origin": DASHBOARD_ORIGIN,
        }
        return TemplateResponse(request, "admin/sync_dashboard.html", context)

    return dashboard


def status_view(request):
    """JSON the dashboard polls: the run asked for (``?run=``) or the active one, and the catalogue table."""
    asked = None
    if request.GET.get("run", "").isdigit():
        asked = SyncRun.objects.filter(pk=int(request.GET["run"])).first()
    asked = asked or active_run()
    return JsonResponse({
        "run": run_as_json(asked) if asked else None,
        "catalogues": catalogue_rows(),
        "runs": [
            {
                "run": run.pk, "started_at": _local(run.started_at), "finished_at": _local(run.finished_at),
                "status_label": run.get_status_display(), "trigger_label": run.get_trigger_display(),
                "full_refresh": run.full_refresh, "message": run.message[:120],
            }
            for run in SyncRun.objects.order_by("-started_at")[:LATEST_RUNS]
        ],
    })
