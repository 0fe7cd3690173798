import datetime as dt

import pytest
from django.utils import timezone

from sync import locks
from sync.models import SyncLock, SyncRun

pytestmark = pytest.mark.django_db


def hold(resource, holder, age, run=None):
    beat = timezone.now() - age
    return SyncLock.objects.create(
        resource=resource, run=run, holder=holder, acquired_at=beat, heartbeat_at=beat
    )


def test_a_live_holder_on_this_host_with_a_fresh_heartbeat_keeps_its_lock():
    hold("products", locks.this_holder(), age=dt.timedelta(minutes=10))

    with pytest.raises(locks.CatalogueBusy, match="products"):
        locks.acquire(["products"], SyncRun.objects.create())


def test_a_dead_holder_on_another_host_loses_its_lock_after_the_lease_and_its_run_is_interrupted():
    old_run = SyncRun.objects.create()
    hold("products", "otra-maquina:4242", age=locks.lease() + dt.timedelta(minutes=1), run=old_run)
    run = SyncRun.objects.create()

    assert locks.acquire(["products"], run) == ["products"]

    assert SyncLock.objects.get(resource="products").run == run
    old_run.refresh_from_db()
    assert old_run.status == SyncRun.Status.INTERRUPTED


def test_a_holder_on_another_host_with_a_fresh_heartbeat_keeps_its_lock():
    hold("products", "otra-maquina:4242", age=dt.timedelta(minutes=1))

    with pytest.raises(locks.CatalogueBusy):
        locks.acquire(["products"], SyncRun.objects.create())


def test_a_refused_claim_takes_nothing_and_interrupts_nobody():
    dead_run = SyncRun.objects.create()
    hold("brands", "otra-maquina:1", age=locks.lease() * 2, run=dead_run)
    hold("products", locks.this_holder(), age=dt.timedelta(0))

    with pytest.raises(locks.CatalogueBusy):
        locks.acquire(["brands", "products"], SyncRun.objects.create())

    dead_run.refresh_from_db()
    assert dead_run.status == SyncRun.Status.RUNNING
    assert not SyncLock.objects.filter(resource="brands").exists()
