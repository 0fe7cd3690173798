"""``GET /health/``: does this deployment answer, is its worker alive, is its mirror fresh?

For load balancers, uptime monitors and the administrator's ``curl``. The body is JSON with no
secrets and never a traceback; it is cheap enough to poll every few seconds (two small queries
and one cache read, no session, no template):

- ``database``: ``ok``, or the answer is 503 (``unreachable``: no connection or an unreadable
  file; ``error``: it answers but our tables cannot be read, e.g. migrations not run).
- ``worker``: whether a django-q2 cluster reported itself in the last few seconds (clusters
  publish their stats every half second with a three-second lifetime). Not seeing it is reported,
  not a 503: the web can serve the mirror while the worker restarts.
- ``catalogues``: each catalogue's last successful sync and whether it is stale, by the one rule
  in ``sync.status.freshness`` that the dashboard uses too. Stale is reported, not a 503.

``status`` is ``ok`` when everything is fine, ``degraded`` when the worker is not seen or a
catalogue is stale, ``error`` (503) when the database does not answer.
"""

import logging

from django.db import connection
from django.http import JsonResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

HEALTH_PATH = "/health/"


def database_status():
    """Return ``"ok"``, ``"unreachable"`` or ``"error"`` after the cheapest query there is."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any driver, any failure: the body must stay a plain 503
        # One line, no traceback: a monitor polls every few seconds while the database is down.
        logger.warning("Health check: the database does not answer (%s: %s)", type(exc).__name__, exc)
        return "unreachable"
    return "ok"


def worker_status():
    """Return whether a django-q2 cluster published its stats in the last few seconds."""
    try:
        from django_q.brokers import get_broker
        from django_q.status import Stat

        stats = Stat.get_all(broker=get_broker())
    except Exception as exc:  # a broker (Redis) that is down is a worker nobody can see
        logger.warning("Health check: the worker's broker does not answer (%s: %s)", type(exc).__name__, exc)
        return {"seen": False, "broker": "unreachable"}
    if not stats:
        return {"seen": False}
    return {
        "seen": True,
        "clusters": len(stats),
        "last_seen": max(stat.timestamp for stat in stats).isoformat(),
    }


def catalogue_status(now):
    """Return each catalogue's freshness, or None when the tables cannot be read."""
    from sync.status import freshness

    try:
        rows = freshness(now)
    except Exception as exc:
        logger.warning("Health check: sync_state cannot be read (%s: %s)", type(exc).__name__, exc)
        return None
    return [
        {
            "key": row.key,
            "last_success": row.last_success.isoformat() if row.last_success else None,
            "stale": row.stale,
        }
        for row in rows
    ]


def health_report(now=None):
    """Return ``(http_status, body)`` for ``/health/``."""
    now = now or timezone.now()
    body = {"status": "ok", "time": now.isoformat(), "database": database_status()}
    if body["database"] != "ok":
        body["status"] = "error"
        return 503, body
    catalogues = catalogue_status(now)
    if catalogues is None:
        body.update(status="error", database="error")
        return 503, body
    body["worker"] = worker_status()
    body["catalogues"] = catalogues
    if not body["worker"]["seen"] or any(row["stale"] for row in catalogues):
        body["status"] = "degraded"
    return 200, body


def health(request):
    status, body = health_report()
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answer ``GET /health/`` before any other middleware runs.

    It comes first so that a probe on the machine itself gets its answer over plain HTTP with any
    ``Host`` (no HTTPS redirect, no ``ALLOWED_HOSTS`` refusal, no session read). The body holds
    nothing secret, so answering any host is safe.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH and request.method in ("GET", "HEAD"):
            return health(request)
        return self.get_response(request)
