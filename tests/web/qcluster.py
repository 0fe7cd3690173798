"""Start the real django-q2 worker (``manage.py qcluster``) against the test database."""

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time

from tests.mirror.support import ROOT, command_env


@contextlib.contextmanager
def running_qcluster(sb, **extra_env):
    """Run ``manage.py qcluster`` on the test database and ``sb``; yield the process, then stop it."""
    env = command_env(sb, LOG_LEVEL="INFO", **extra_env)
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        process.log = log
        try:
            yield process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # the group this test started, and only it
                process.wait(timeout=10)


def output(process):
    process.log.seek(0)
    return process.log.read()[-4000:]


def wait_until(predicate, *, process, timeout):
    """Poll ``predicate`` until true; fail with the worker's log when time is up or the worker died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if process.poll() is not None:
            raise AssertionError(f"qcluster exited with {process.returncode}:\n{output(process)}")
        time.sleep(0.3)
    raise AssertionError(f"not done after {timeout}s; qcluster log:\n{output(process)}")
