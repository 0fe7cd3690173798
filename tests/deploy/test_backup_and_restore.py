"""backup_database and restore_database, run as an administrator runs them, on real databases."""

import shutil
import sqlite3
import subprocess
import sys

import pytest

from tests.deploy.support import (
    ROOT,
    manage,
    production_env,
    suite_uses_postgres,
    wait_until,
)

BATCH = 50

# A second process committing batches of BATCH brands, one transaction each, until told to stop:
# the worker writing while the backup runs.
WRITER = f"""
import os, sys, django
from pathlib import Path
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contifico_project.settings")
django.setup()
from django.db import transaction
from django.utils import timezone
from inventory.models import Brand
stop = Path(sys.argv[1])
batch = 0
while not stop.exists():
    with transaction.atomic():
        Brand.objects.bulk_create(
            Brand(id=f"w{{batch}}-{{i}}", payload={{"id": i}}, payload_hash="h", fetched_at=timezone.now())
            for i in range({BATCH})
        )
    batch += 1
    print(batch, flush=True)
"""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A migrated SQLite file to copy: migrating once is most of these tests' time."""
    folder = tmp_path_factory.mktemp("migrated")
    env = production_env(folder, {"INVENTORY_DB_PATH": str(folder / "db")})
    result = manage("migrate", "--noinput", env=env)
    assert result.returncode == 0, result.stderr
    return folder / "db"


@pytest.fixture
def sqlite_env(tmp_path, migrated):
    shutil.copy(migrated, tmp_path / "inventory.db")
    return production_env(tmp_path, {"INVENTORY_DB_PATH": str(tmp_path / "inventory.db")})


def brands_in(path):
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT COUNT(*) FROM brands").fetchone()[0]
    finally:
        conn.close()


def backups(tmp_path):
    return sorted((tmp_path / "backups").glob("inventory-*"))


def test_a_sqlite_backup_taken_while_a_writer_commits_is_whole_and_holds_only_whole_transactions(
    tmp_path, sqlite_env
):
    env = sqlite_env
    stop = tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(stop)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, text=True)
    try:
        wait_until(lambda: int(writer.stdout.readline() or 0) >= 5, timeout=30, what="the writer to commit")
        before = brands_in(tmp_path / "inventory.db")
        results = [manage("backup_database", "--keep", "0", env=env) for _ in range(3)]
        after = brands_in(tmp_path / "inventory.db")
    finally:
        stop.touch()
        writer.wait(timeout=30)

    assert all(result.returncode == 0 for result in results), [r.stderr for r in results]
    assert len(backups(tmp_path)) == 3
    counts = [brands_in(path) for path in backups(tmp_path)]
    assert all(count % BATCH == 0 for count in counts), counts  # no half transaction
    assert before <= counts[0] <= counts[-1] <= after
    assert counts[0] < brands_in(tmp_path / "inventory.db"), "the writer kept writing during and after"
    assert not list((tmp_path / "backups").glob("*-wal")), "a backup is one self-contained file"


def test_backups_beyond_the_number_to_keep_are_removed_oldest_first(tmp_path, sqlite_env):
    env = sqlite_env
    written = []
    for _ in range(3):
        result = manage("backup_database", env={**env, "BACKUP_KEEP": "2"})
        assert result.returncode == 0, result.stderr
        written.append(result.stdout.split("Backup written: ")[1].split(" (")[0])

    # Listed by name they come oldest first, also when two were written in the same second.
    assert [str(path) for path in backups(tmp_path)] == written[1:]


def test_restoring_a_sqlite_backup_brings_the_database_back_and_keeps_the_replaced_one(tmp_path, sqlite_env):
    env = sqlite_env
    add_brands = "from tests.deploy.test_backup_and_restore import add_brands; add_brands({})"
    assert manage("shell", "-c", add_brands.format(10), env=env).returncode == 0
    backup = manage("backup_database", env=env)
    assert backup.returncode == 0, backup.stderr
    assert manage("shell", "-c", add_brands.format(25), env=env).returncode == 0
    assert brands_in(tmp_path / "inventory.db") == 35

    restored = manage("restore_database", "--noinput", str(backups(tmp_path)[0]), env=env)

    assert restored.returncode == 0, restored.stderr
    assert brands_in(tmp_path / "inventory.db") == 10
    safety = list((tmp_path / "backups").glob("inventory-before-restore-*"))
    assert len(safety) == 1 and brands_in(safety[0]) == 35


def test_a_file_that_is_not_a_backup_is_refused_and_the_database_is_untouched(tmp_path, sqlite_env):
    env = sqlite_env
    assert manage("shell", "-c", "from tests.deploy.test_backup_and_restore import add_brands; add_brands(3)",
                  env=env).returncode == 0
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(b"not a database at all" * 200)

    restored = manage("restore_database", "--noinput", str(bogus), env=env)

    assert restored.returncode == 1
    assert "not a readable SQLite database" in restored.stderr and "Traceback" not in restored.stderr
    assert brands_in(tmp_path / "inventory.db") == 3


@pytest.mark.skipif(not suite_uses_postgres(), reason="runs when the suite runs on PostgreSQL")
def test_a_postgresql_backup_with_pg_dump_restores_with_pg_restore(tmp_path, migrated_database):
    with migrated_database(tmp_path, "backup") as database:
        env = production_env(tmp_path, database)
        add_brands = "from tests.deploy.test_backup_and_restore import add_brands; add_brands({})"
        assert manage("shell", "-c", add_brands.format(10), env=env).returncode == 0
        backup = manage("backup_database", env=env)
        assert backup.returncode == 0, backup.stderr
        assert backups(tmp_path)[0].suffix == ".dump"
        assert manage("shell", "-c", add_brands.format(25), env=env).returncode == 0

        restored = manage("restore_database", "--noinput", str(backups(tmp_path)[0]), env=env)
        count_brands = "from inventory.models import Brand; print(Brand.objects.count())"
        count = manage("shell", "-v", "0", "-c", count_brands, env=env)

    assert restored.returncode == 0, restored.stderr
    assert count.stdout.strip() == "10"


def add_brands(count):
    """Add ``count`` brands to the configured database (called through ``manage.py shell``)."""
    from django.utils import timezone

    from inventory.models import Brand

    start = Brand.objects.count()
    Brand.objects.bulk_create(
        Brand(id=f"b{start + i}", payload={"id": start + i}, payload_hash="h", fetched_at=timezone.now())
        for i in range(count)
    )
