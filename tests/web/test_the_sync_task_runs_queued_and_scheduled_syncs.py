"""The django-q2 task, called in this process as the worker calls it (the qcluster tests run it for real)."""

import socket

import pytest
from django.utils import timezone

from sandbox.server import SANDBOX_API_KEY
from sync.models import SyncLock, SyncRun
from sync.tasks import queue_sync, run_sync
from tests.mirror.support import running_sandbox, upstream_ids

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sandbox(settings):
    with running_sandbox(scale="tiny") as sb:
        settings.CONTIFICO_API_BASE_URL = sb.base_url
        settings.CONTIFICO_API_KEY = SANDBOX_API_KEY
        settings.CONTIFICO_REQUESTS_PER_SECOND = 0
        yield sb


def test_a_queued_run_is_taken_over_keeps_its_trigger_and_mirrors_its_catalogues(sandbox):
    from inventory.models import Brand, Product

    queued = queue_sync(trigger=SyncRun.Trigger.DASHBOARD, resources=["brands", "products"])

    summary = run_sync(queued.pk)

    run = SyncRun.objects.get()
    assert run.pk == queued.pk
    assert run.status == SyncRun.Status.SUCCEEDED, run.message
    assert run.trigger == SyncRun.Trigger.DASHBOARD
    assert summary == f"Sincronización #{run.pk}: Correcta"
    assert set(Brand.objects.values_list("id", flat=True)) == upstream_ids(sandbox, "brands")
    assert set(Product.objects.values_list("id", flat=True)) == upstream_ids(sandbox, "products")
    assert sorted(run.catalogues.values_list("resource", "status")) == [
        ("brands", "succeeded"), ("products", "succeeded")
    ]


def test_a_job_delivered_twice_runs_its_sync_once(sandbox):
    queued = queue_sync(trigger=SyncRun.Trigger.API, resources=["brands"])
    run_sync(queued.pk)
    finished_at = SyncRun.objects.get().finished_at

    again = run_sync(queued.pk)

    assert again == f"Sincronización #{queued.pk}: ya no estaba en cola, nada que hacer."
    assert SyncRun.objects.get().finished_at == finished_at


def test_a_schedule_records_its_own_run_as_a_task(sandbox):
    run_sync(resources=["brands"], full_refresh=True)

    run = SyncRun.objects.get()
    assert run.trigger == SyncRun.Trigger.TASK
    assert run.full_refresh is True
    assert run.status == SyncRun.Status.SUCCEEDED


def test_a_queued_run_that_finds_another_sync_running_ends_skipped_not_failed(sandbox):
    holder = SyncRun.objects.create(status=SyncRun.Status.RUNNING, trigger=SyncRun.Trigger.COMMAND)
    now = timezone.now()
    SyncLock.objects.create(
        resource="brands", run=holder, holder=f"{socket.gethostname()}:1", acquired_at=now, heartbeat_at=now
    )
    queued = SyncRun.objects.create(status=SyncRun.Status.QUEUED, resources=["brands"])

    summary = run_sync(queued.pk)

    queued.refresh_from_db()
    assert queued.status == SyncRun.Status.SKIPPED
    assert queued.message == f"Omitida: otra sincronización está en curso (#{holder.pk})."
    assert queued.finished_at is not None
    assert "Omitida" in summary


def test_without_an_api_key_the_queued_run_fails_with_the_reason_instead_of_staying_queued(settings):
    settings.CONTIFICO_API_KEY = ""
    queued = queue_sync(trigger=SyncRun.Trigger.API, resources=["brands"])

    with pytest.raises(Exception, match="CONTIFICO_API_KEY"):
        run_sync(queued.pk)

    queued.refresh_from_db()
    assert queued.status == SyncRun.Status.FAILED
    assert "CONTIFICO_API_KEY" in queued.message
    assert queued.finished_at is not None
