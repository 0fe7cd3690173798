import datetime as dt
import socket

import pytest
from django.utils import timezone

from sync.models import SyncLock, SyncRun
from tests.web.conftest import bearer

pytestmark = pytest.mark.django_db


def running_run(holder):
    run = SyncRun.objects.create(status=SyncRun.Status.RUNNING, trigger=SyncRun.Trigger.COMMAND)
    now = timezone.now()
    SyncLock.objects.create(resource="products", run=run, holder=holder, acquired_at=now, heartbeat_at=now)
    return run


def test_while_a_run_is_queued_a_second_call_is_409_with_that_run(anonymous, api_token):
    first = anonymous.post("/api/sync", **bearer(api_token)).json()

    response = anonymous.post("/api/sync?resources=brands", **bearer(api_token))

    assert response.status_code == 409
    body = response.json()
    assert body["run"] == first["run"]
    assert body["status_url"] == first["status_url"]
    assert body["error"] == f"Ya hay una sincronización en cola (#{first['run']})."
    assert SyncRun.objects.count() == 1


def test_while_a_live_process_is_syncing_a_call_is_409(anonymous, api_token):
    run = running_run(holder=f"{socket.gethostname()}:1")  # pid 1 is alive on any Linux host

    response = anonymous.post("/api/sync", **bearer(api_token))

    assert response.status_code == 409
    assert response.json()["run"] == run.pk
    assert "en curso" in response.json()["error"]


def test_a_run_whose_process_died_does_not_block_a_new_one(anonymous, api_token):
    running_run(holder=f"{socket.gethostname()}:999999999")  # no such pid

    response = anonymous.post("/api/sync", **bearer(api_token))

    assert response.status_code == 202


def test_a_queued_run_older_than_the_retry_window_does_not_block_a_new_one(anonymous, api_token, settings):
    stale = SyncRun.objects.create(status=SyncRun.Status.QUEUED, trigger=SyncRun.Trigger.API)
    lost_at = timezone.now() - dt.timedelta(seconds=settings.Q_CLUSTER["retry"] + 60)
    SyncRun.objects.filter(pk=stale.pk).update(started_at=lost_at)

    response = anonymous.post("/api/sync", **bearer(api_token))

    assert response.status_code == 202
    assert response.json()["run"] != stale.pk


def test_a_finished_run_does_not_block_a_new_one(anonymous, api_token):
    SyncRun.objects.create(status=SyncRun.Status.SUCCEEDED, finished_at=timezone.now())

    assert anonymous.post("/api/sync", **bearer(api_token)).status_code == 202
