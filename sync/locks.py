"""One sync at a time per catalogue, across processes, through the database."""

import datetime as dt
import os
import socket

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from sync.client.transport import worst_case_seconds
from sync.models import SyncLock, SyncRun, SyncRunCatalogue

# Slack for what happens between two heartbeats besides one call: writing a batch,
# waiting for a free concurrency slot.
LEASE_MARGIN = dt.timedelta(minutes=5)


def lease():
    """Return how long a holder may go without a heartbeat before it is presumed dead.

    The engine beats between pages, recovery requests and deletion checks, so the
    longest silence is one client call: every attempt of its one retry budget timing
    out, with the longest pause between attempts (``worst_case_seconds``). Twice that,
    plus a margin. On this host a holder whose pid is gone is dead sooner.
    """
    call = worst_case_seconds(
        settings.CONTIFICO_MAX_RETRIES, settings.CONTIFICO_CONNECT_TIMEOUT, settings.CONTIFICO_READ_TIMEOUT
    )
    return 2 * dt.timedelta(seconds=call) + LEASE_MARGIN


def this_holder():
    return f"{socket.gethostname()}:{os.getpid()}"


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_stale(lock, now=None):
    """Return True when the lock's holder is gone.

    A holder is alive only while its heartbeat is fresh *and*, on this host, its
    pid exists: a pid can be reused by an unrelated process long after the holder
    died, so a live pid alone proves nothing. On this host a dead pid frees the
    lock at once, without waiting for the lease.
    """
    now = now or timezone.now()
    if now - lock.heartbeat_at > lease():
        return True
    host, _, pid = lock.holder.rpartition(":")
    return host == socket.gethostname() and pid.isdigit() and not _pid_alive(int(pid))


class CatalogueBusy(Exception):
    """Another live process is syncing some of the requested catalogues."""

    def __init__(self, locks):
        self.locks = locks
        parts = [f"{lock.resource} (run #{lock.run_id}, {lock.holder}, since "
                 f"{timezone.localtime(lock.acquired_at):%Y-%m-%d %H:%M})" for lock in locks]
        super().__init__("Another sync is already running for: " + "; ".join(parts))


def acquire(keys, run):
    """Lock every catalogue in ``keys`` for ``run``, all or none; raise ``CatalogueBusy``."""
    holder = this_holder()
    busy = []
    taken = []
    abandoned = []  # (run id, holder) of dead holders whose locks we took
    now = timezone.now()
    for resource in keys:
        try:
            with transaction.atomic():
                SyncLock.objects.create(
                    resource=resource, run=run, holder=holder, acquired_at=now, heartbeat_at=now
                )
            taken.append(resource)
            continue
        except IntegrityError:
            pass
        lock = SyncLock.objects.filter(resource=resource).first()
        if lock is None:  # released between our insert and our read: try once more
            try:
                with transaction.atomic():
                    SyncLock.objects.create(
                        resource=resource, run=run, holder=holder, acquired_at=now, heartbeat_at=now
                    )
                taken.append(resource)
            except IntegrityError:
                busy.append(SyncLock.objects.filter(resource=resource).first())
            continue
        if is_stale(lock, now):
            # Claim it with a conditional update that must change exactly one
            # row: two processes seeing the same stale lock cannot both win.
            claimed = SyncLock.objects.filter(
                resource=resource, holder=lock.holder, heartbeat_at=lock.heartbeat_at
            ).update(run=run, holder=holder, acquired_at=now, heartbeat_at=now)
            if claimed == 1:
                if lock.run_id:
                    abandoned.append((lock.run_id, lock.holder))
                taken.append(resource)
                continue
            lock = SyncLock.objects.filter(resource=resource).first() or lock
        busy.append(lock)
    if busy:
        release(taken, run)
        raise CatalogueBusy([lock for lock in busy if lock is not None])
    for run_id, dead_holder in abandoned:
        message = f"Interrumpida: el proceso {dead_holder} dejó de responder."
        interrupted = SyncRun.objects.filter(pk=run_id, status=SyncRun.Status.RUNNING).update(
            status=SyncRun.Status.INTERRUPTED, finished_at=now, message=message,
        )
        if interrupted:
            # Its rows are finished too: none stays "running" in the history forever.
            rows = SyncRunCatalogue.objects.filter(run_id=run_id)
            rows.filter(status=SyncRunCatalogue.Status.RUNNING).update(
                status=SyncRunCatalogue.Status.INTERRUPTED, finished_at=now, message=message,
            )
            rows.filter(status=SyncRunCatalogue.Status.PENDING).update(
                status=SyncRunCatalogue.Status.SKIPPED, finished_at=now, message=message,
            )
    return taken


def heartbeat(keys, run):
    """Tell other processes this run is alive; return how many of its locks it still holds."""
    return SyncLock.objects.filter(resource__in=list(keys), run=run).update(
        heartbeat_at=timezone.now()
    )


def release(keys, run):
    SyncLock.objects.filter(resource__in=list(keys), run=run).delete()
