"""Ctrl-C or a service manager's SIGTERM during ``manage.py sync_contifico``.

Before, SIGINT printed a traceback and left a row ``running``; SIGTERM killed the
process outright, leaving the run ``running`` with its locks. Now the run ends
``interrupted`` with every row finished and the locks released, and the command
exits 130 / 143 with one line.
"""

import signal
import time

import pytest

from inventory.models import InventoryMovement
from sync.models import SyncLock, SyncRun
from tests.mirror.support import command_env, mirror_differences, run_command, running_sandbox, start_command

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

KEYS = ["products", "inventory_movements", "sales"]  # in the order they run


@pytest.mark.parametrize(
    ("signum", "exit_code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"]
)
def test_a_signal_mid_run_ends_it_interrupted_every_row_finished_locks_released_one_line(signum, exit_code):
    with running_sandbox(counts="movimiento-inventario=2000", latency_ms=15) as sb:
        env = command_env(sb, SYNC_BATCH_SIZE="100")
        child = start_command("--resources", *KEYS, env=env)
        deadline = time.monotonic() + 60
        while InventoryMovement.objects.count() < 200:
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the child never wrote 200 movements"
            time.sleep(0.05)
        child.send_signal(signum)
        _, stderr = child.communicate(timeout=60)

        assert child.returncode == exit_code, stderr
        assert "Traceback" not in stderr
        lines = stderr.strip().splitlines()
        assert len(lines) == 1, stderr
        assert signal.Signals(signum).name in lines[0]
        run = SyncRun.objects.get()
        assert run.status == SyncRun.Status.INTERRUPTED
        assert f"#{run.pk}" in lines[0]
        rows = {row.resource: row for row in run.catalogues.all()}
        assert rows["inventory_movements"].status == "interrupted"
        assert rows["inventory_movements"].finished_at is not None
        assert rows["inventory_movements"].created >= 200  # its counters were kept
        assert rows["products"].status == "succeeded"
        assert rows["sales"].status == "skipped"
        assert rows["sales"].finished_at is not None
        assert not SyncLock.objects.exists()

        # The next plain run (no --full-refresh) converges: the watermark never moved.
        again = run_command("--resources", *KEYS, env=env)

        assert again.returncode == 0, again.stderr
        assert mirror_differences(sb, KEYS) == []
