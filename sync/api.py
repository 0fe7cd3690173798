"""``POST /api/sync`` and its status URL: start a sync from another tool, then follow it.

The contract (docs/architecture.md, "The flow of one sync"): ``since``,
repeated ``resources`` and ``full_refresh`` in the query string (or a form
body); ``Authorization: Bearer $SYNC_API_TOKEN`` or a staff session with CSRF;
202 with the run and its status URL, 409 while a run is queued or running, 400
in Spanish for a bad option, 401 without credentials, 403 for a non-staff
session. The dashboard's "Sincronizar ahora" posts here too.
"""

import datetime as dt
import hmac

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.csrf import csrf_exempt

from sync import catalogues as registry
from sync.models import SyncRun
from sync.parsing import as_ecuador
from sync.tasks import ACTIVE, SyncInProgress, queue_sync

TRUE = ("1", "true", "on", "yes", "si", "sí")
FALSE = ("", "0", "false", "off", "no")
# How the dashboard's form says it is the dashboard (the run is recorded with that trigger).
DASHBOARD_ORIGIN = "dashboard"


class InvalidSyncOption(ValueError):
    """An option of a sync request that cannot be used; the message is for the user, in Spanish."""


def parse_since(value):
    """Return an aware datetime from an ISO date or date-time (naive = Ecuador time), or None."""
    try:
        parsed = parse_datetime(value)
        if parsed is None and parse_date(value):
            parsed = dt.datetime.combine(parse_date(value), dt.time())
    except ValueError:
        return None
    return as_ecuador(parsed) if parsed else None


def parse_sync_options(data):
    """Return ``resources``, ``since`` and ``full_refresh`` from ``data`` (a QueryDict).

    Raises ``InvalidSyncOption`` with a Spanish message for an unknown catalogue,
    a date that cannot be read or lies ahead, or a ``full_refresh`` that is not a boolean.
    """
    resources = [key.strip() for value in data.getlist("resources") for key in value.split(",")]
    resources = [key for key in resources if key]
    unknown = [key for key in resources if key not in registry.BY_KEY]
    if unknown:
        raise InvalidSyncOption(
            f"Catálogo desconocido: {', '.join(unknown)}. Catálogos válidos: {', '.join(registry.KEYS)}."
        )
    since = None
    raw_since = (data.get("since") or "").strip()
    if raw_since:
        since = parse_since(raw_since)
        if since is None:
            raise InvalidSyncOption(
                f"La fecha «since» no es válida: «{raw_since}». "
                "Use el formato ISO, por ejemplo 2024-01-01 o 2024-01-01T08:30."
            )
        if since > timezone.now():
            raise InvalidSyncOption(f"La fecha «since» ({raw_since}) no puede estar en el futuro.")
    raw_full = (data.get("full_refresh") or "").strip().lower()
    if raw_full not in TRUE + FALSE:
        raise InvalidSyncOption(f"«full_refresh» debe ser true o false, no «{raw_full}».")
    return {"resources": resources, "since": since, "full_refresh": raw_full in TRUE}


def _error(status, message, **extra):
    response = JsonResponse({"error": message, **extra}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _csrf_rejected(request):
    """Return True when a session request fails Django's CSRF check (a Bearer token needs none)."""
    check = CsrfViewMiddleware(lambda req: None)
    check.process_request(request)
    return check.process_view(request, None, (), {}) is not None


def authorise(request, *, unsafe):
    """Return ``(caller, None)`` for a valid token or staff session, else ``(None, response)``.

    ``caller`` is "token" or "session". The token is compared in constant time.
    With no ``SYNC_API_TOKEN`` configured, only staff sessions get in.
    """
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        expected = settings.SYNC_API_TOKEN
        if not expected:
            return None, _error(401, "Este servidor no acepta tokens (SYNC_API_TOKEN no está configurado): "
                                     "inicie sesión como personal.")
        if scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), expected.encode()):
            return "token", None
        return None, _error(401, "El token no es válido.")
    user = request.user
    if not user.is_authenticated:
        return None, _error(401, "Se requiere autenticación: Authorization: Bearer <SYNC_API_TOKEN> "
                                 "o una sesión de personal.")
    if not (user.is_active and user.is_staff):
        return None, _error(403, "Solo el personal puede sincronizar.")
    if unsafe and _csrf_rejected(request):
        return None, _error(403, "Falta el token CSRF o no es válido: recargue la página e intente de nuevo.")
    return "session", None


def status_url(request, run):
    return request.build_absolute_uri(reverse("sync_api_status", args=[run.pk]))


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def _catalogue_name(key):
    catalogue = registry.BY_KEY.get(key)
    return catalogue.label if catalogue else key


def run_as_json(run):
    """Return the run and its per-catalogue figures, catalogues in registry order."""
    order = {key: index for index, key in enumerate(registry.KEYS)}
    rows = sorted(run.catalogues.all(), key=lambda row: order.get(row.resource, len(order)))
    return {
        "run": run.pk,
        "status": run.status,
        "status_label": run.get_status_display(),
        "active": run.status in ACTIVE,
        "trigger": run.trigger,
        "trigger_label": run.get_trigger_display(),
        "resources": run.resources,
        "since": _iso(run.since),
        "full_refresh": run.full_refresh,
        "started_at": _iso(run.started_at),
        "finished_at": _iso(run.finished_at),
        "message": run.message,
        "catalogues": [
            {
                "resource": row.resource,
                "name": _catalogue_name(row.resource),
                "status": row.status,
                "status_label": row.get_status_display(),
                "mode": row.mode,
                "pages": row.pages,
                "received": row.received,
                "created": row.created,
                "updated": row.updated,
                "unchanged": row.unchanged,
                "deleted": row.deleted,
                "rejected": row.rejected,
                "missing": row.missing,
                "api_count": row.api_count,
                "message": row.message,
                "started_at": _iso(row.started_at),
                "finished_at": _iso(row.finished_at),
            }
            for row in rows
        ],
    }


@csrf_exempt  # a Bearer caller has no CSRF cookie; sessions are checked in ``authorise``
def start_sync(request):
    """POST /api/sync: queue a sync; 202 with the run and its status URL."""
    if request.method != "POST":
        response = _error(405, "Use POST para iniciar una sincronización.")
        response["Allow"] = "POST"
        return response
    caller, refusal = authorise(request, unsafe=True)
    from_dashboard = caller == "session" and request.POST.get("origin") == DASHBOARD_ORIGIN
    plain_form = from_dashboard and "application/json" not in request.headers.get("Accept", "")
    if refusal:
        return refusal
    data = request.GET.copy()
    for key in ("since", "full_refresh"):
        if key in request.POST:
            data.setlist(key, request.POST.getlist(key))
    data.setlist("resources", [*request.GET.getlist("resources"), *request.POST.getlist("resources")])
    try:
        options = parse_sync_options(data)
        trigger = SyncRun.Trigger.DASHBOARD if from_dashboard else SyncRun.Trigger.API
        run = queue_sync(trigger=trigger, **options)
    except InvalidSyncOption as exc:
        if plain_form:
            messages.error(request, str(exc))
            return redirect("admin:sync_dashboard")
        return _error(400, str(exc))
    except SyncInProgress as exc:
        if plain_form:
            messages.warning(request, str(exc))
            return redirect("admin:sync_dashboard")
        return _error(409, str(exc), run=exc.run.pk, status_url=status_url(request, exc.run))
    if plain_form:  # the dashboard without JavaScript
        messages.success(request, f"Sincronización #{run.pk} en cola.")
        return redirect("admin:sync_dashboard")
    response = JsonResponse({"run": run.pk, "status_url": status_url(request, run)}, status=202)
    response["Location"] = status_url(request, run)
    return response


def sync_status(request, run_id):
    """GET /api/sync/<id>: the run and its per-catalogue figures."""
    if request.method != "GET":
        response = _error(405, "Use GET para consultar una sincronización.")
        response["Allow"] = "GET"
        return response
    _caller, refusal = authorise(request, unsafe=False)
    if refusal:
        return refusal
    run = SyncRun.objects.filter(pk=run_id).first()
    if run is None:
        return _error(404, f"No existe la sincronización #{run_id}.")
    return JsonResponse(run_as_json(run))
