"""The real worker: ``manage.py qcluster`` in a child process takes jobs from the queue and syncs the sandbox.

One worker serves the module: django-q2's scheduler first looks at the schedules 30 s after the
cluster starts, so the scheduled-run test waits for that moment.
"""

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.utils import timezone
from django_q.models import Schedule, Success

from sync.models import SyncRun
from sync.tasks import queue_sync
from tests.mirror.support import ROOT, command_env, running_sandbox, upstream_ids
from tests.web.qcluster import output, running_qcluster, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture(scope="module")
def sandbox():
    with running_sandbox(scale="tiny") as sb:
        yield sb


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, sandbox):
    with django_db_blocker.unblock(), running_qcluster(sandbox) as process:
        yield process


def finished(run_id):
    return lambda: SyncRun.objects.filter(pk=run_id, finished_at__isnull=False).exists()


def test_the_worker_takes_a_queued_sync_and_completes_it_against_the_sandbox(worker, sandbox):
    from inventory.models import Brand, Warehouse

    Schedule.objects.all().delete()
    queued = queue_sync(trigger=SyncRun.Trigger.API, resources=["brands", "warehouses"])

    wait_until(finished(queued.pk), process=worker, timeout=60)

    run = SyncRun.objects.get(pk=queued.pk)
    assert run.status == SyncRun.Status.SUCCEEDED, (run.message, output(worker))
    assert run.trigger == SyncRun.Trigger.API
    assert run.holder.split(":")[-1] != str(os.getpid())  # the worker ran it, not this process
    assert set(Brand.objects.values_list("id", flat=True)) == upstream_ids(sandbox, "brands")
    assert set(Warehouse.objects.values_list("id", flat=True)) == upstream_ids(sandbox, "warehouses")
    wait_until(lambda: Success.objects.filter(name=f"Sincronización #{run.pk}").exists(), process=worker,
               timeout=10)


def test_a_scheduled_sync_fires_in_the_worker_and_is_recorded_as_a_task(worker, sandbox):
    from inventory.models import Category

    Schedule.objects.all().delete()
    schedule = Schedule.objects.create(
        name="Prueba", func="sync.tasks.run_sync", kwargs="resources=['categories']",
        schedule_type=Schedule.CRON, cron="0 3 * * *", repeats=-1,
    )
    # Due a minute ago (saving a cron schedule computes its next slot, so set it afterwards).
    Schedule.objects.filter(pk=schedule.pk).update(next_run=timezone.now() - dt.timedelta(minutes=1))

    # The scheduler runs 30 s after the cluster started, then every 30 s.
    wait_until(lambda: SyncRun.objects.filter(finished_at__isnull=False).exists(), process=worker, timeout=75)

    run = SyncRun.objects.get()
    assert run.trigger == SyncRun.Trigger.TASK
    assert run.resources == ["categories"]
    assert run.status == SyncRun.Status.SUCCEEDED, run.message
    assert set(Category.objects.values_list("id", flat=True)) == upstream_ids(sandbox, "categories")
    assert Schedule.objects.get().next_run > timezone.now()  # moved to the next slot, not replayed


def redis_or_skip(url):
    import redis

    connection = redis.from_url(url)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {url} (.ci/run starts it; set TEST_REDIS_URL to use another)")
    return connection


def test_with_q_redis_url_the_queue_lives_in_redis_and_the_worker_takes_it_from_there(sandbox):
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
    redis_or_skip(url).flushdb()  # a database of its own, emptied: the tests' queue only
    with running_qcluster(sandbox, REDIS_URL=url) as process:
        queued = subprocess.run(
            [sys.executable, "manage.py", "shell", "-v", "0", "-c",
             "from sync.tasks import queue_sync; print(queue_sync(trigger='api', resources=['brands']).pk)"],
            cwd=ROOT, env=command_env(sandbox, REDIS_URL=url), capture_output=True, text=True, timeout=60,
        )
        assert queued.returncode == 0, queued.stderr
        run_id = int(queued.stdout.strip())

        wait_until(finished(run_id), process=process, timeout=60)

    assert SyncRun.objects.get(pk=run_id).status == SyncRun.Status.SUCCEEDED, output(process)
    # The job never touched the ORM queue: it went through Redis.
    from django_q.models import OrmQ

    assert not OrmQ.objects.exists()
    redis_or_skip(url).flushdb()
