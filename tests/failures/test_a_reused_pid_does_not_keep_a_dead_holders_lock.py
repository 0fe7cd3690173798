"""A lock's holder is alive only if its pid exists *and* its heartbeat is fresh.

Pids are reused: long after a sync died, its pid may belong to an unrelated
process on the same host. Before, only the pid was checked there and every later
sync was refused forever.
"""

import datetime as dt
import socket
import subprocess

import pytest
from django.utils import timezone

from sync import locks
from sync.models import SyncLock, SyncRun, SyncRunCatalogue
from tests.mirror.support import command_env, run_command, running_sandbox

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def unrelated_process():
    """A live process on this host that is not a sync: the pid a dead holder's pid became."""
    with subprocess.Popen(["sleep", "120"]) as process:
        yield process
        process.kill()


def hold(resource, pid, age):
    run = SyncRun.objects.create(holder=f"{socket.gethostname()}:{pid}")
    beat = timezone.now() - age
    SyncLock.objects.create(
        resource=resource, run=run, holder=run.holder, acquired_at=beat, heartbeat_at=beat
    )
    return run


def test_a_live_pid_with_a_stale_heartbeat_loses_its_lock_and_its_run_is_interrupted(unrelated_process):
    dead_run = hold("brands", unrelated_process.pid, age=locks.lease() + dt.timedelta(minutes=1))
    SyncRunCatalogue.objects.create(run=dead_run, resource="brands", status="running")
    SyncRunCatalogue.objects.create(run=dead_run, resource="sales", status="pending")
    run = SyncRun.objects.create()

    assert locks.acquire(["brands"], run) == ["brands"]

    dead_run.refresh_from_db()
    assert dead_run.status == SyncRun.Status.INTERRUPTED
    assert SyncLock.objects.get(resource="brands").run == run
    # The dead run's rows are finished too.
    rows = dict(dead_run.catalogues.values_list("resource", "status"))
    assert rows == {"brands": "interrupted", "sales": "skipped"}


def test_a_live_pid_with_a_fresh_heartbeat_keeps_its_lock(unrelated_process):
    hold("brands", unrelated_process.pid, age=dt.timedelta(minutes=1))

    with pytest.raises(locks.CatalogueBusy):
        locks.acquire(["brands"], SyncRun.objects.create())


def test_the_command_takes_over_a_lock_whose_pid_was_reused(unrelated_process):
    hold("brands", unrelated_process.pid, age=dt.timedelta(hours=3))
    with running_sandbox(scale="tiny") as sb:
        result = run_command("--resources", "brands", env=command_env(sb))

    assert result.returncode == 0, result.stderr
    assert not SyncLock.objects.exists()
