"""Back up and restore the database while the web and the worker run (docs/operations.md).

SQLite: SQLite's online backup API copies the live file page by page inside one read
transaction, so the copy is the database as of one instant even while the worker commits
(WAL lets the writer go on meanwhile). The copy is checked with ``PRAGMA integrity_check`` and
only then renamed into place, so a backup file that exists is a whole one.

PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot, compressed) and
``pg_restore --clean --single-transaction`` (all or nothing).
"""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

PREFIX = "inventory-"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".dump"}


class BackupError(Exception):
    """A backup or a restore that did not happen; the message says why in one sentence."""


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int
    removed: tuple  # older backups pruned to keep BACKUP_KEEP


def backup_database(*, directory=None, keep=None, using="default", label=""):
    """Write a backup of database ``using`` into ``directory`` and keep only the newest ``keep``.

    Steps: name the file by the time in Ecuador, copy into a temporary name next to it (online
    backup or pg_dump), check it, rename it into place, prune the oldest.
    """
    directory = Path(directory or settings.BACKUP_DIR)
    keep = settings.BACKUP_KEEP if keep is None else keep
    vendor = connections[using].vendor
    if vendor not in SUFFIXES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = directory / f"{PREFIX}{label}{stamp}{SUFFIXES[vendor]}"
    counter = 1
    while path.exists():  # two backups in one second (tests, a hand-run beside the timer)
        # "_02" sorts after the suffix's "." so that `ls` lists backups oldest first ("-2" did not).
        counter += 1
        path = directory / f"{PREFIX}{label}{stamp}_{counter:02d}{SUFFIXES[vendor]}"
    partial = path.with_name(path.name + ".partial")
    try:
        if vendor == "sqlite":
            _sqlite_copy(Path(connections[using].settings_dict["NAME"]), partial)
            _sqlite_check(partial)
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(partial),
                  *_pg_arguments(connections[using].settings_dict)], connections[using].settings_dict)
        partial.rename(path)
    finally:
        partial.unlink(missing_ok=True)
    return Backup(path=path, size=path.stat().st_size, removed=tuple(prune(directory, keep)))


def restore_database(path, *, using="default"):
    """Replace every row of database ``using`` with the backup at ``path``.

    The current database is backed up first (``inventory-before-restore-…``), so a restore can be
    undone. The backup must be of the same kind (SQLite file or pg_dump archive); to change kind,
    use ``move_database``.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in SUFFIXES:
        raise BackupError(f"Restores support SQLite and PostgreSQL, not {vendor}.")
    if vendor == "sqlite":
        _sqlite_check(path)  # a damaged or non-SQLite file never overwrites the live database
    elif _first_bytes(path, 5) != b"PGDMP":
        raise BackupError(f"{path} is not a pg_dump custom-format archive; restore it into SQLite instead.")
    fresh = vendor == "sqlite" and not Path(connection.settings_dict["NAME"]).exists()
    # Nothing to keep on a new machine whose database does not exist yet.
    safety = None if fresh else backup_database(using=using, label="before-restore-", keep=0)
    connection.close()
    if vendor == "sqlite":
        source = sqlite3.connect(path)
        target = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
        try:
            # The backup API writes through SQLite's own locking and WAL: other processes see the
            # old database or the restored one, never a half-copied file.
            source.backup(target)
        finally:
            source.close()
            target.close()
    else:
        db = connection.settings_dict
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
              *_pg_arguments(db, dbname_flag=True), str(path)], db)
    return safety


def prune(directory, keep):
    """Delete all but the newest ``keep`` regular backups in ``directory``; return what was removed.

    ``keep=0`` prunes nothing. Safety copies made before a restore are never pruned here.
    """
    if keep <= 0:
        return []
    backups = sorted(
        (p for p in Path(directory).iterdir()
         if p.name.startswith(PREFIX) and not p.name.startswith(PREFIX + "before-restore-")
         and p.suffix in SUFFIXES.values()),
        key=lambda p: (p.stat().st_mtime_ns, p.name),
    )
    removed = backups[:-keep]
    for old in removed:
        old.unlink()
    return removed


def _first_bytes(path, count):
    with open(path, "rb") as file:
        return file.read(count)


def _sqlite_copy(source_path, target_path):
    try:
        # mode=rw: a missing database is an error, not a new empty file to back up.
        source = sqlite3.connect(f"file:{source_path}?mode=rw", uri=True, timeout=30)
    except sqlite3.Error as exc:
        raise BackupError(f"Cannot open the database {source_path} ({exc}).") from exc
    target = sqlite3.connect(target_path)
    try:
        # pages=-1 (all at once): one read transaction, one instant of the database.
        source.backup(target, pages=-1)
        # A backup is one self-contained file: no -wal beside it.
        target.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:
        raise BackupError(f"Cannot back up {source_path} ({exc}).") from exc
    finally:
        source.close()
        target.close()


def _sqlite_check(path):
    try:
        conn = sqlite3.connect(path)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a readable SQLite database ({exc}).") from exc
    if result != "ok":
        raise BackupError(f"{path} failed SQLite's integrity check: {result}")


def _pg_arguments(db, dbname_flag=False):
    arguments = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            arguments += [flag, str(db[key])]
    return arguments + (["--dbname", db["NAME"]] if dbname_flag else [db["NAME"]])


def _run(command, db):
    if not shutil.which(command[0]):
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client).")
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]  # never on the command line, where ps would show it
    # Our own argument list (no shell): the program and the settings' host, port, user and name.
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        last_line = (result.stderr.strip().splitlines() or [f"exit status {result.returncode}"])[-1]
        raise BackupError(f"{command[0]} failed: {last_line}")
