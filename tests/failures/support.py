"""What a cleanly stopped run looks like, and ways to make the storage fail for real."""

import contextlib
import os
import shutil
import subprocess
import uuid
from pathlib import Path

from django.db import connection

from sync.models import SyncLock, SyncRun, SyncRunCatalogue, SyncState

# A run over these stops at purchases: brands before it succeeds, sales after it is skipped.
KEYS = ["brands", "purchases", "sales"]


def assert_stopped_cleanly(run, *, failed, succeeded=(), skipped=()):
    """Check the run failed at ``failed`` for the storage: none rejected, watermark kept, all closed."""
    run.refresh_from_db()
    rows = {row.resource: row for row in run.catalogues.all()}
    assert run.status == SyncRun.Status.FAILED, (run.status, run.message)
    assert run.finished_at is not None
    assert "almacenamiento" in run.message, run.message
    row = rows[failed]
    assert row.status == SyncRunCatalogue.Status.FAILED, (row.status, row.message)
    assert "almacenamiento" in row.message, row.message
    assert row.rejected == 0, row.errors
    assert row.finished_at is not None
    assert SyncState.objects.get(resource=failed).last_synced_at is None
    for key in succeeded:
        assert rows[key].status == SyncRunCatalogue.Status.SUCCEEDED, (key, rows[key].message)
    for key in skipped:
        assert rows[key].status == SyncRunCatalogue.Status.SKIPPED, (key, rows[key].status)
        assert rows[key].finished_at is not None
    assert not run.catalogues.filter(status__in=["pending", "running"]).exists()
    assert not SyncLock.objects.exists()


def set_pragma(name, value):
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name} = {value}")


def sqlite_pages():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA page_count")
        return cursor.fetchone()[0]


def can_mount():
    """Return True when this process may mount a tmpfs (root in a namespace that allows it)."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    probe = Path(f"/tmp/contifico-mount-probe-{uuid.uuid4().hex[:8]}")
    probe.mkdir()
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
                                 capture_output=True).returncode == 0
        if mounted:
            subprocess.run(["umount", str(probe)], check=True)
        return mounted
    finally:
        probe.rmdir()


@contextlib.contextmanager
def small_filesystem(path, size):
    """Mount a tmpfs of ``size`` (e.g. ``"256k"``) at ``path``; ``resize(size)`` remounts it."""
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0777", "tmpfs", str(path)], check=True)

    def resize(new_size):
        subprocess.run(["mount", "-o", f"remount,size={new_size}", str(path)], check=True)

    try:
        yield resize
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)
