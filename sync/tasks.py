"""The django-q2 task behind every background sync: the schedules, ``POST /api/sync`` and the dashboard.

One task function, thin over ``synchronise_inventory``. The API and the
dashboard record a *queued* ``SyncRun`` and queue its id once that run is
committed; a schedule queues no run, and the task records one with trigger
"task". The queue never runs a sync twice by itself: a job claims its run with a
conditional update, and ``Q_CLUSTER`` (settings) allows one attempt only.
"""

import datetime as dt
import time

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_q.tasks import async_task

from sync import catalogues as registry
from sync import locks
from sync.engine import synchronise_inventory
from sync.models import SyncLock, SyncRun, SyncRunCatalogue

TASK = "sync.tasks.run_sync"
ACTIVE = (SyncRun.Status.QUEUED, SyncRun.Status.RUNNING)
# A run taken over by the engine holds no lock for the instant before it locks its catalogues.
TAKEOVER_GRACE = dt.timedelta(minutes=1)
# Any number the same on every host: PostgreSQL's advisory lock that serialises "is one active? queue one".
_QUEUE_LOCK_KEY = 0x5C0_17F1C0


class SyncInProgress(Exception):
    """A run is already queued or running; ``run`` is that run."""

    def __init__(self, run):
        self.run = run
        super().__init__(f"Ya hay una sincronización {run.get_status_display().lower()} (#{run.pk}).")


def queued_expiry():
    """Return how long a queued run may wait before it counts as lost (its job purged or never stored).

    The broker hands a job out again only after ``Q_CLUSTER["retry"]``; a run
    still queued past that will not be taken by anyone.
    """
    return dt.timedelta(seconds=settings.Q_CLUSTER["retry"])


def active_run(now=None):
    """Return the run queued or in progress right now, or None.

    A running run counts while one of its catalogue locks is alive (its holder's
    pid on this host, else its heartbeat); one whose process died does not block
    a new run.
    """
    now = now or timezone.now()
    for run in SyncRun.objects.filter(status__in=ACTIVE).order_by("-started_at")[:10]:
        if run.status == SyncRun.Status.QUEUED:
            if now - run.started_at < queued_expiry():
                return run
            continue
        held = list(SyncLock.objects.filter(run=run))
        if any(not locks.is_stale(lock, now) for lock in held):
            return run
        if not held and now - run.started_at < TAKEOVER_GRACE:
            return run
    return None


def queue_sync(*, trigger, resources=None, since=None, full_refresh=False):
    """Record a queued run and queue its job after the commit; return the run.

    Raises ``SyncInProgress`` when a run is already queued or running, so a
    double click or two callers at once queue one run, not two.
    """
    keys = [catalogue.key for catalogue in registry.select(resources)]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # SQLite's IMMEDIATE transactions already serialise this block; PostgreSQL needs a lock.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_QUEUE_LOCK_KEY])
        active = active_run()
        if active is not None:
            raise SyncInProgress(active)
        run = SyncRun.objects.create(
            status=SyncRun.Status.QUEUED, trigger=trigger, resources=keys, since=since,
            full_refresh=full_refresh,
        )
        # django-q2 pickles the arguments: pass the id, and only once the worker can read the run.
        transaction.on_commit(lambda: async_task(TASK, run.pk, task_name=f"Sincronización #{run.pk}"))
    return run


def run_sync(run_id=None, *, resources=None, full_refresh=False):
    """Run the queued run ``run_id``, or (from a schedule) a new run recorded with trigger "task".

    1. Claim the queued run with a conditional update (a job delivered twice runs it once).
    2. Hand it to ``synchronise_inventory``, which saves counters as it goes.
    3. Another sync holding a catalogue ends this run as "skipped", not as an
       error; a refusal before the engine started (no API key) fails the run and the job.
    """
    if run_id is None:
        keys = [catalogue.key for catalogue in registry.select(resources)]
        run = SyncRun.objects.create(
            status=SyncRun.Status.RUNNING, trigger=SyncRun.Trigger.TASK, resources=keys,
            full_refresh=full_refresh,
        )
    else:
        claimed = SyncRun.objects.filter(pk=run_id, status=SyncRun.Status.QUEUED).update(
            status=SyncRun.Status.RUNNING, started_at=timezone.now()
        )
        if claimed != 1:
            return f"Sincronización #{run_id}: ya no estaba en cola, nada que hacer."
        run = SyncRun.objects.get(pk=run_id)
    try:
        run = synchronise_inventory(
            resources=run.resources or None, since=run.since, full_refresh=run.full_refresh,
            page_size=run.page_size, trigger=run.trigger, progress=ProgressSaver(run), run=run,
        )
    except locks.CatalogueBusy as exc:
        holders = sorted({f"#{lock.run_id}" for lock in exc.locks if lock.run_id})
        holding = f" ({', '.join(holders)})" if holders else ""
        message = f"Omitida: otra sincronización está en curso{holding}."
        SyncRun.objects.filter(pk=run.pk).update(
            status=SyncRun.Status.SKIPPED, finished_at=timezone.now(), message=message
        )
        return f"Sincronización #{run.pk}: {message}"
    except Exception as exc:
        SyncRun.objects.filter(pk=run.pk, status__in=ACTIVE).update(
            status=SyncRun.Status.FAILED, finished_at=timezone.now(), message=str(exc)
        )
        raise
    return f"Sincronización #{run.pk}: {run.get_status_display()}"


class ProgressSaver:
    """Save a catalogue's counters at most once a second, so whoever polls the run sees pages move.

    The engine itself saves them only with its lock heartbeat (every few seconds).
    """

    interval = 1.0
    fields = ("pages", "received", "created", "updated", "unchanged", "duplicates", "rejected")

    def __init__(self, run):
        self.run_id = run.pk
        self.saved = {}

    def __call__(self, event, catalogue, stats):
        if event != "page":
            return
        now = time.monotonic()
        if now - self.saved.get(catalogue.key, 0.0) < self.interval:
            return
        self.saved[catalogue.key] = now
        SyncRunCatalogue.objects.filter(run_id=self.run_id, resource=catalogue.key).update(
            **{name: getattr(stats, name) for name in self.fields}
        )
