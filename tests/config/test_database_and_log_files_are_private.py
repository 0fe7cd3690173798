"""The SQLite database and the log file are created readable by their owner only.

At DEBUG the log holds customers' personal data, and the database holds all of it: both used to be
created world-readable (issue 9).
"""

import json
import logging
import os
import stat

from contifico_project.logging import PrivateFileHandler
from tests.config.support import manage


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_migrate_creates_the_database_file_0600_in_folders_0700(tmp_path):
    database = tmp_path / "new" / "data" / "inventory.db"
    log_file = tmp_path / "logs" / "nested" / "contifico.log"
    env = {"INVENTORY_DB_PATH": str(database), "LOG_FILE": str(log_file)}
    result = manage("migrate", "--noinput", "-v", "0", env=env, tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    assert database.stat().st_size > 0  # a real, migrated database, not only the placeholder
    assert mode(database) == 0o600
    assert mode(database.parent) == mode(database.parent.parent) == 0o700
    assert mode(log_file) == 0o600
    assert mode(log_file.parent) == mode(log_file.parent.parent) == 0o700


def test_a_sqlite_database_url_is_created_private_too(tmp_path):
    database = tmp_path / "url" / "mirror.db"
    result = manage("migrate", "--noinput", "-v", "0", env={"DATABASE_URL": f"sqlite:///{database}"},
                    tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert mode(database) == 0o600
    assert mode(database.parent) == 0o700


def test_a_folder_that_already_exists_keeps_its_mode(tmp_path):
    shared = tmp_path / "srv"
    shared.mkdir()
    os.chmod(shared, 0o755)  # noqa: S103 (a folder others may read, as /srv often is)
    result = manage("check", env={"INVENTORY_DB_PATH": str(shared / "inventory.db")}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert mode(shared) == 0o755
    assert mode(shared / "inventory.db") == 0o600


def test_a_log_file_recreated_after_rotation_is_private_again(tmp_path):
    log_file = tmp_path / "contifico.log"
    handler = PrivateFileHandler(str(log_file))
    logger = logging.getLogger("tests.config.rotation")
    logger.addHandler(handler)
    try:
        logger.warning("before rotation")
        log_file.rename(tmp_path / "contifico.log.1")  # what logrotate does
        logger.warning("after rotation")
    finally:
        logger.removeHandler(handler)
        handler.close()
    assert log_file.read_text() == "after rotation\n"
    assert mode(log_file) == 0o600


def test_a_database_path_that_cannot_be_created_is_one_line_naming_the_variable(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = manage("check", env={"INVENTORY_DB_PATH": str(blocker / "inventory.db")}, tmp_path=tmp_path)
    assert result.returncode == 1
    path = blocker / "inventory.db"
    assert result.stderr.splitlines() == [
        f"Invalid configuration: INVENTORY_DB_PATH: cannot create {path} (Not a directory)"
    ]


def test_a_log_file_that_names_a_folder_is_refused(tmp_path):
    result = manage("check", env={"LOG_FILE": str(tmp_path)}, tmp_path=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Invalid configuration: LOG_FILE must name a file, but {tmp_path} is a folder"
    ]


def test_sqlites_wal_and_shared_memory_files_take_the_databases_private_mode(tmp_path):
    database = tmp_path / "wal" / "inventory.db"
    script = (
        "import os, stat, json\n"
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('CREATE TABLE probe (x)'); cursor.execute('INSERT INTO probe VALUES (1)')\n"
        "folder = os.path.dirname(os.environ['INVENTORY_DB_PATH'])\n"
        "print(json.dumps({f: stat.S_IMODE(os.stat(os.path.join(folder, f)).st_mode)\n"
        "                  for f in os.listdir(folder)}))\n"
    )
    result = manage("shell", "-v", "0", "-c", script, env={"INVENTORY_DB_PATH": str(database)},
                    tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    modes = json.loads(result.stdout)
    assert modes == {"inventory.db": 0o600, "inventory.db-wal": 0o600, "inventory.db-shm": 0o600}
