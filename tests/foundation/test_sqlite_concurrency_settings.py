import json

from tests.foundation.helpers import manage

PROBE = """
import json
from django.db import connection
with connection.cursor() as cursor:
    values = {}
    for pragma in ("journal_mode", "busy_timeout", "synchronous", "foreign_keys"):
        cursor.execute("PRAGMA " + pragma)
        values[pragma] = cursor.fetchone()[0]
values["transaction_mode"] = connection.transaction_mode
print(json.dumps(values))
"""


def test_the_default_sqlite_database_runs_wal_with_a_busy_timeout_and_immediate_transactions(tmp_path):
    result = manage("shell", "-c", PROBE, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    pragmas = json.loads(result.stdout.strip().splitlines()[-1])
    assert pragmas["journal_mode"] == "wal"
    assert pragmas["busy_timeout"] == 30000
    assert pragmas["synchronous"] == 1  # NORMAL
    assert pragmas["foreign_keys"] == 1
    assert pragmas["transaction_mode"] == "IMMEDIATE"


def test_the_sqlite_file_and_its_folder_are_created_where_inventory_db_path_says(tmp_path):
    db_path = tmp_path / "nested" / "folder" / "mirror.db"
    result = manage("migrate", "--noinput", env={"INVENTORY_DB_PATH": str(db_path)}, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert db_path.exists()
