import time

import pytest

from sync.models import SyncLock, SyncRun
from tests.mirror.support import command_env, mirror_differences, run_command, running_sandbox, start_command

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_a_second_run_refuses_with_a_clear_message_while_the_first_one_runs():
    # Slow enough that the first run is still paging when the second one starts.
    with running_sandbox(latency_ms=100, counts="producto=3000,persona=3000") as sb:
        env = command_env(sb)
        first = start_command("--resources", "persons", "products", "--full-refresh", env=env)
        deadline = time.monotonic() + 30
        while not SyncLock.objects.filter(resource="products").exists():
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.02)

        second = run_command("--resources", "products", env=env)
        first_out, first_err = first.communicate(timeout=300)

        assert second.returncode != 0
        assert "Another sync is already running for: products" in second.stderr
        assert "Traceback" not in second.stderr
        assert first.returncode == 0, first_err
        assert mirror_differences(sb, ["persons", "products"]) == []
        assert SyncRun.objects.filter(status=SyncRun.Status.REFUSED).count() == 1


def test_runs_on_different_catalogues_do_not_block_each_other():
    with running_sandbox(latency_ms=100, counts="producto=3000") as sb:
        env = command_env(sb)
        first = start_command("--resources", "products", "--full-refresh", env=env)
        deadline = time.monotonic() + 30
        while not SyncLock.objects.filter(resource="products").exists():
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.02)

        second = run_command("--resources", "brands", env=env)
        first.communicate(timeout=300)

        assert second.returncode == 0, second.stderr
        assert first.returncode == 0
