"""A run keeps every lock it holds alive while it works and gives them all back however it ends
(README, "Only one sync at a time per catalogue"): a crashed holder elsewhere is recognised by a
heartbeat gone stale, so a live one must keep beating, and a finished one must not linger.
"""

import datetime as dt
import os
import socket

import pytest
from django.utils import timezone

from sandbox.server import SANDBOX_API_KEY
from sync import locks
from sync.engine import Heartbeat, synchronise_inventory
from sync.locks import CatalogueBusy
from sync.models import SyncLock, SyncRun, SyncRunCatalogue
from tests.mirror.support import client_for, mirror_differences, running_sandbox

pytestmark = pytest.mark.django_db(transaction=True)

LONG_AGO = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def test_locks_heartbeat_refreshes_only_the_locks_of_that_run():
    mine, other = SyncRun.objects.create(), SyncRun.objects.create()
    locks.acquire(["brands", "products"], mine)
    locks.acquire(["persons"], other)
    SyncLock.objects.update(heartbeat_at=LONG_AGO)
    before = timezone.now()

    assert locks.heartbeat(["brands", "products", "persons"], mine) == 2

    beats = dict(SyncLock.objects.values_list("resource", "heartbeat_at"))
    assert beats["brands"] >= before and beats["products"] >= before
    assert beats["persons"] == LONG_AGO


def test_a_run_beats_every_lock_it_holds_and_shows_its_counts_while_it_pages(monkeypatch):
    monkeypatch.setattr(Heartbeat, "interval", 0.0)  # beat on every page instead of every few seconds
    seen = []

    def progress(event, catalogue, stats):
        if event != "page" or catalogue.key != "persons":
            return
        # What another process sees now: the previous page's beat and saved counters.
        row = SyncRunCatalogue.objects.get(resource="persons")
        assert (row.status, row.mode) == ("running", "full")
        seen.append((dict(SyncLock.objects.values_list("resource", "heartbeat_at")), row.received))
        SyncLock.objects.update(heartbeat_at=LONG_AGO)

    with running_sandbox(scale="tiny", counts="persona=250") as sb:
        run = synchronise_inventory(
            resources=["brands", "persons"], full_refresh=True, client=client_for(sb), progress=progress
        )

    assert run.status == SyncRun.Status.SUCCEEDED
    assert len(seen) == 3
    for beats, _received in seen[1:]:
        # The finished catalogue's lock is beaten too, not only the one in progress.
        assert set(beats) == {"brands", "persons"}
        assert all(moment > LONG_AGO for moment in beats.values())
    assert [received for _beats, received in seen[1:]] == [100, 200]


@pytest.mark.parametrize("api_key", [SANDBOX_API_KEY, "wrong-key-0123456789"])
def test_every_lock_is_released_when_the_run_ends_well_or_badly(api_key):
    with running_sandbox(scale="tiny") as sb:
        run = synchronise_inventory(
            resources=["brands", "persons"], client=client_for(sb, api_key=api_key)
        )

    assert run.status == (SyncRun.Status.SUCCEEDED if api_key == SANDBOX_API_KEY else SyncRun.Status.FAILED)
    assert not SyncLock.objects.exists()


# Ctrl-C, or a SIGTERM handler that exits: neither is an Exception the engine may swallow.
@pytest.mark.parametrize("error", [KeyboardInterrupt(), SystemExit(143)])
def test_every_lock_is_released_and_the_run_closed_when_the_run_loop_itself_raises(error):
    def progress(event, catalogue, stats):
        if event == "page" and catalogue.key == "persons":
            raise error

    with running_sandbox(scale="tiny") as sb:
        with pytest.raises(type(error)):
            synchronise_inventory(
                resources=["brands", "persons", "cost_centers"], client=client_for(sb), progress=progress
            )

        assert not SyncLock.objects.exists()
        run = SyncRun.objects.get()
        assert run.status == SyncRun.Status.FAILED
        assert run.finished_at is not None
        statuses = dict(run.catalogues.values_list("resource", "status"))
        assert statuses == {"brands": "succeeded", "persons": "failed", "cost_centers": "skipped"}
        assert mirror_differences(sb, ["brands"]) == []

        # Nothing is left held: the next run takes every catalogue.
        again = synchronise_inventory(resources=["brands", "persons", "cost_centers"], client=client_for(sb))
        assert again.status == SyncRun.Status.SUCCEEDED


def test_a_bug_mid_catalogue_fails_that_catalogue_only_and_the_run_goes_on():
    def progress(event, catalogue, stats):
        if event == "page" and catalogue.key == "persons":
            raise RuntimeError("a bug in the caller")

    with running_sandbox(scale="tiny") as sb:
        run = synchronise_inventory(
            resources=["brands", "persons", "cost_centers"], client=client_for(sb), progress=progress
        )
        assert mirror_differences(sb, ["brands", "cost_centers"]) == []

    rows = {row.resource: row for row in run.catalogues.all()}
    assert {key: row.status for key, row in rows.items()} == {
        "brands": "succeeded", "persons": "failed", "cost_centers": "succeeded",
    }
    assert rows["persons"].message == "RuntimeError: a bug in the caller"
    # The page that was read when the bug struck is kept.
    assert rows["persons"].created == rows["persons"].received > 0
    assert (run.status, run.message) == (SyncRun.Status.FAILED, "Con errores: persons")
    assert not SyncLock.objects.exists()


def live_holder_elsewhere_on_this_host():
    """A holder string for a live process that is not this one (our parent)."""
    return f"{socket.gethostname()}:{os.getppid()}"


def test_a_run_on_other_catalogues_goes_ahead_while_one_is_held_and_leaves_that_lock_alone():
    held_by = SyncRun.objects.create()
    now = timezone.now()
    SyncLock.objects.create(resource="products", run=held_by, holder=live_holder_elsewhere_on_this_host(),
                            acquired_at=now, heartbeat_at=now)
    with running_sandbox(scale="tiny") as sb:
        run = synchronise_inventory(resources=["brands"], client=client_for(sb))

        assert run.status == SyncRun.Status.SUCCEEDED
        assert mirror_differences(sb, ["brands"]) == []
    lock = SyncLock.objects.get()
    assert (lock.resource, lock.run, lock.heartbeat_at) == ("products", held_by, now)


def test_a_run_that_includes_a_held_catalogue_is_refused_whole_and_reads_nothing():
    held_by = SyncRun.objects.create()
    now = timezone.now()
    SyncLock.objects.create(resource="products", run=held_by, holder=live_holder_elsewhere_on_this_host(),
                            acquired_at=now, heartbeat_at=now)
    with running_sandbox(scale="tiny") as sb:
        with pytest.raises(CatalogueBusy, match=f"products \\(run #{held_by.pk}"):
            synchronise_inventory(resources=["brands", "products"], client=client_for(sb))

        assert sb.stats()["total"] == 0

    refused = SyncRun.objects.exclude(pk=held_by.pk).get()
    assert refused.status == SyncRun.Status.REFUSED
    assert refused.finished_at is not None
    assert "Another sync is already running for: products" in refused.message
    assert list(SyncLock.objects.values_list("resource", flat=True)) == ["products"]
