"""Production's shape on one machine: gunicorn serving the API while qcluster syncs into the same database.

On SQLite both processes write one file; WAL, the busy timeout and IMMEDIATE transactions
(settings) must keep every request answered, with no "database is locked".
"""

import contextlib
import socket
import subprocess
import sys
import tempfile
import time

import pytest
import requests

from sync.models import SyncRun
from tests.mirror.support import ROOT, command_env, running_sandbox
from tests.web.conftest import TOKEN
from tests.web.qcluster import output, running_qcluster

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_gunicorn(sb):
    port = free_port()
    env = command_env(sb, SYNC_API_TOKEN=TOKEN, LOG_LEVEL="WARNING")
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "contifico_project.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--threads", "2"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        process.log = log
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                with contextlib.suppress(requests.RequestException):
                    requests.get(f"{base}/admin/login/", timeout=2)
                    break
                time.sleep(0.1)
            yield base, process
        finally:
            process.terminate()
            process.wait(timeout=20)


def test_the_api_answers_every_request_while_the_worker_syncs_into_the_same_database():
    # 100 ms a response keeps the run going for many polls even with later catalogues fetched
    # ahead (at 20 ms a prefetching run could end after a dozen answers).
    with running_sandbox(scale="small", latency_ms=100) as sb, running_qcluster(sb) as worker, \
            running_gunicorn(sb) as (base, web):
        started = requests.post(f"{base}/api/sync", headers=AUTH, timeout=10)
        assert started.status_code == 202, started.text
        status_url = started.json()["status_url"]

        answers = []
        deadline = time.monotonic() + 120
        while True:
            status = requests.get(status_url, headers=AUTH, timeout=10)
            answers.append(status.status_code)
            if status.status_code == 200 and not status.json()["active"]:
                break
            # A second caller meanwhile is told about the run, never given a second one.
            answers.append(requests.post(f"{base}/api/sync", headers=AUTH, timeout=10).status_code)
            assert time.monotonic() < deadline, output(worker)
            time.sleep(0.05)
        logs = output(worker) + output(web)

    assert status.json()["status"] == "succeeded", (status.json()["message"], logs)
    assert "database is locked" not in logs
    assert {200, 409} <= set(answers) <= {200, 409, 202} and len(answers) > 20, answers
    # Answers alternate status, start, status, start ... A start just after the run ended may queue
    # the next run (202), and the status read next says the first run is over: only the
    # second-to-last answer may be a 202, never one while the run was still active.
    assert 202 not in answers[:-2], answers
    assert SyncRun.objects.count() == 1 + answers.count(202)
