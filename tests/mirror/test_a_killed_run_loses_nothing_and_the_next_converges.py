import signal
import time

import pytest

from inventory.models import InventoryMovement
from sync.models import SyncLock, SyncRun
from tests.mirror.support import command_env, mirror_differences, run_command, running_sandbox, start_command

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_killing_the_command_mid_run_and_running_it_again_converges_to_the_exact_mirror():
    counts = "movimiento-inventario=3000"
    with running_sandbox(counts=counts, latency_ms=15) as sb:
        env = command_env(sb, SYNC_BATCH_SIZE="100")
        child = start_command("--resources", "inventory_movements", "products", "--full-refresh", env=env)
        try:
            deadline = time.monotonic() + 60
            while InventoryMovement.objects.count() < 300:
                assert child.poll() is None, child.communicate()
                assert time.monotonic() < deadline, "the child never wrote 300 movements"
                time.sleep(0.05)
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
        kept = InventoryMovement.objects.count()
        assert 300 <= kept < 3000
        assert SyncLock.objects.filter(resource="inventory_movements").exists()

        result = run_command("--resources", "inventory_movements", "products", "--full-refresh", env=env)

        assert result.returncode == 0, result.stderr
        assert mirror_differences(sb, ["inventory_movements", "products"]) == []
        assert SyncRun.objects.filter(status=SyncRun.Status.INTERRUPTED).count() == 1
        assert not SyncLock.objects.exists()
