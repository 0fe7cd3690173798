"""Disk full during a batch: the catalogue fails with its watermark kept, nothing is rejected.

Before, every record of the failing batch was written again alone, the ones that
no longer fit were counted *rejected*, the catalogue ``succeeded`` and its
watermark moved: later incremental runs never read those purchases again (their
filter is the emission date). Here the first run of purchases reads the whole
catalogue and the disk fills; the next *plain* run must read it whole again and
converge, without ``--full-refresh``.
"""

import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from sandbox.server import SANDBOX_API_KEY
from sync.engine import synchronise_inventory
from sync.models import SyncRun
from tests.failures.support import (
    KEYS,
    assert_stopped_cleanly,
    can_mount,
    set_pragma,
    small_filesystem,
    sqlite_pages,
)
from tests.mirror.support import ROOT, client_for, mirror_differences, running_sandbox, upstream_ids

pytestmark = pytest.mark.django_db(transaction=True)


def test_sqlite_full_at_max_page_count_fails_purchases_keeps_its_watermark_and_a_plain_rerun_converges(
    settings,
):
    if connection.vendor != "sqlite":
        pytest.skip("PRAGMA max_page_count is SQLite's")
    settings.SYNC_BATCH_SIZE = 10

    def fill_the_disk(event, catalogue, stats):
        if event == "start" and catalogue.key == "purchases":
            # Earlier tests freed pages; VACUUM drops them so the limit bites at once.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM")
            set_pragma("max_page_count", sqlite_pages() + 2)

    with running_sandbox() as sb:
        run = synchronise_inventory(resources=KEYS, client=client_for(sb), progress=fill_the_disk)

        assert_stopped_cleanly(run, failed="purchases", succeeded=["brands"], skipped=["sales"])
        assert "full" in run.catalogues.get(resource="purchases").message

        set_pragma("max_page_count", 1073741823)
        rerun = synchronise_inventory(resources=KEYS, client=client_for(sb))

        assert rerun.status == SyncRun.Status.SUCCEEDED, rerun.message
        assert rerun.catalogues.get(resource="purchases").mode == "full"
        assert mirror_differences(sb, KEYS) == []


def test_postgres_tablespace_on_a_full_filesystem_fails_purchases_and_a_plain_rerun_converges(settings):
    if connection.vendor != "postgresql":
        pytest.skip("a tablespace is PostgreSQL's")
    if not can_mount():
        pytest.skip("mounting a small filesystem needs root")
    settings.SYNC_BATCH_SIZE = 10
    space = f"contifico_full_{uuid.uuid4().hex[:8]}"
    where = Path("/tmp") / space  # the server's user must reach it: not under pytest's private tmp
    with small_filesystem(where, "64k") as resize:
        subprocess.run(["chown", "postgres:postgres", str(where)], check=True)
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLESPACE {space} LOCATION %s", [str(where)])
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE purchases SET TABLESPACE {space}")
            with running_sandbox() as sb:
                run = synchronise_inventory(resources=KEYS, client=client_for(sb))

                assert_stopped_cleanly(run, failed="purchases", succeeded=["brands"], skipped=["sales"])
                assert "No space left on device" in run.catalogues.get(resource="purchases").message

                resize("64m")
                rerun = synchronise_inventory(resources=KEYS, client=client_for(sb))

                assert rerun.status == SyncRun.Status.SUCCEEDED, rerun.message
                assert mirror_differences(sb, KEYS) == []
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE purchases SET TABLESPACE pg_default")
                cursor.execute(f"DROP TABLESPACE {space}")
            subprocess.run(["umount", "-l", str(where)], check=False)
            where.rmdir()


def sqlite_rows(path, sql):
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def test_the_command_on_a_full_filesystem_exits_non_zero_with_one_line_and_a_plain_rerun_converges(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the database file lives on the small filesystem: SQLite")
    if not can_mount():
        pytest.skip("mounting a small filesystem needs root")
    disk = tmp_path / "disk"
    database = disk / "inventory.db"
    with small_filesystem(disk, "16m") as resize, running_sandbox() as sb:
        env = {
            "PATH": "/usr/bin:/bin", "INVENTORY_DB_PATH": str(database), "DEBUG": "true",
            "CONTIFICO_API_BASE_URL": sb.base_url, "CONTIFICO_API_KEY": SANDBOX_API_KEY,
            "CONTIFICO_REQUESTS_PER_SECOND": "0", "LOG_LEVEL": "ERROR", "SYNC_BATCH_SIZE": "10",
        }
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run([*manage, "sync_contifico", "--resources", "brands", "-v", "0"], cwd=ROOT, env=env,
                       check=True)
        used = sum(f.stat().st_size for f in disk.iterdir())
        # Room for the write-ahead log of brands and a few purchases, not all 96 (about 500 KB).
        resize(f"{used // 1024 + 256}k")

        full = subprocess.run([*manage, "sync_contifico", "--resources", *KEYS], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)

        assert full.returncode == 1, full.stderr
        assert "Traceback" not in full.stderr, full.stderr
        said = [line for line in full.stderr.splitlines() if line.startswith("CommandError")]
        assert len(said) == 1, full.stderr
        assert "disk is full" in said[0]
        assert len(said[0]) < 300

        resize("64m")
        again = subprocess.run([*manage, "sync_contifico", "--resources", *KEYS], cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=120)

        assert again.returncode == 0, again.stderr
        runs = sqlite_rows(database, "SELECT status FROM sync_runs ORDER BY id")
        assert [status for (status,) in runs] == ["succeeded", "failed", "succeeded"]
        assert sqlite_rows(database, "SELECT count(*) FROM sync_locks") == [(0,)]
        assert sqlite_rows(
            database, "SELECT count(*) FROM sync_run_catalogues WHERE status IN ('pending', 'running')"
        ) == [(0,)]
        for key in KEYS:
            stored = {row_id for (row_id,) in sqlite_rows(database, f"SELECT id FROM {key}")}  # noqa: S608
            assert stored == upstream_ids(sb, key), key
