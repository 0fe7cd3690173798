"""What each catalogue looks like right now: last success and freshness.

One rule, read by the dashboard and by ``/health/``: a catalogue is *stale*
when its last successful pass is older than ``SYNC_STALE_AFTER_HOURS`` (or it
never had one). Staleness is reported, never an error by itself.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from sync import catalogues as registry
from sync.models import SyncState


def stale_after() -> timedelta:
    return timedelta(hours=settings.SYNC_STALE_AFTER_HOURS)


def is_stale(last_success: datetime | None, now: datetime | None = None) -> bool:
    if last_success is None:
        return True
    return (now or timezone.now()) - last_success > stale_after()


@dataclass(frozen=True)
class Freshness:
    key: str
    last_success: datetime | None
    stale: bool


def freshness(now: datetime | None = None) -> list[Freshness]:
    """Every catalogue in registry order, with one query for all of them."""
    now = now or timezone.now()
    last = dict(SyncState.objects.values_list("resource", "last_synced_at"))
    return [Freshness(key, last.get(key), is_stale(last.get(key), now)) for key in registry.KEYS]
