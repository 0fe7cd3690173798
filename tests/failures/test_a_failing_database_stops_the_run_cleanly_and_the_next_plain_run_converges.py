"""Read-only database, lock timeout, lost connection: storage failures, not rejected records.

Each fault is made for real on the engine's own connection part-way through
purchases (after some of its batches committed): the catalogue fails with its
watermark kept and nothing rejected, the run stops (sales skipped, every row
finished, locks released), and the next plain run converges.
"""

import sqlite3
import threading

import psycopg
import pytest
from django.db import connection

from sync.engine import synchronise_inventory
from sync.models import SyncRun
from tests.failures.support import KEYS, assert_stopped_cleanly, set_pragma
from tests.mirror.support import client_for, mirror_differences, running_sandbox

pytestmark = pytest.mark.django_db(transaction=True)


def other_postgres_connection():
    settings_dict = connection.settings_dict
    return psycopg.connect(
        dbname=settings_dict["NAME"], user=settings_dict.get("USER") or "postgres",
        host=settings_dict.get("HOST") or "127.0.0.1", port=settings_dict.get("PORT") or 5432,
        password=settings_dict.get("PASSWORD") or None, autocommit=True,
    )


class SqliteReadOnly:
    vendor = "sqlite"
    says = "readonly"

    def inject(self):
        set_pragma("query_only", "ON")

    def close(self):
        pass


class SqliteLockTimeout:
    """Another process holds the write lock longer than this connection waits for it."""

    vendor = "sqlite"
    says = "locked"

    def inject(self):
        set_pragma("busy_timeout", 200)
        self.holder = sqlite3.connect(
            connection.settings_dict["NAME"], isolation_level=None, check_same_thread=False
        )
        self.holder.execute("BEGIN IMMEDIATE")
        # The holder lets go a little later; the bookkeeping waits for it on a fresh connection.
        self.timer = threading.Timer(1.5, self.holder.execute, ["ROLLBACK"])
        self.timer.start()

    def close(self):
        self.timer.join()
        self.holder.close()


class PostgresReadOnly:
    vendor = "postgresql"
    says = "read-only transaction"

    def inject(self):
        with connection.cursor() as cursor:
            cursor.execute("SET default_transaction_read_only = on")

    def close(self):
        pass


class PostgresLockTimeout:
    vendor = "postgresql"
    says = "lock timeout"

    def inject(self):
        self.holder = other_postgres_connection()
        self.holder.execute("BEGIN")
        self.holder.execute("LOCK TABLE purchases IN ACCESS EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")

    def close(self):
        self.holder.close()


class PostgresConnectionLost:
    """An administrator (or a failover) ends the engine's session from another connection."""

    vendor = "postgresql"
    says = "terminat"

    def inject(self):
        pid = connection.connection.info.backend_pid
        with other_postgres_connection() as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])

    def close(self):
        pass


FAULTS = [SqliteReadOnly, SqliteLockTimeout, PostgresReadOnly, PostgresLockTimeout, PostgresConnectionLost]


@pytest.mark.parametrize("fault_class", FAULTS, ids=[fault.__name__ for fault in FAULTS])
def test_a_storage_failure_mid_catalogue_stops_the_run_cleanly_and_a_plain_rerun_converges(
    fault_class, settings
):
    if connection.vendor != fault_class.vendor:
        pytest.skip(f"a {fault_class.vendor} fault")
    settings.SYNC_BATCH_SIZE = 10
    fault = fault_class()
    injected = []

    def part_way_through_purchases(event, catalogue, stats):
        if event == "page" and catalogue.key == "purchases" and not injected:
            assert stats.created > 0  # some batches of purchases are already committed
            injected.append(stats.created)
            fault.inject()

    with running_sandbox() as sb:
        try:
            run = synchronise_inventory(
                resources=KEYS, client=client_for(sb), progress=part_way_through_purchases
            )
        finally:
            fault.close()

        assert injected
        assert_stopped_cleanly(run, failed="purchases", succeeded=["brands"], skipped=["sales"])
        assert fault.says in run.catalogues.get(resource="purchases").message.lower()

        rerun = synchronise_inventory(resources=KEYS, client=client_for(sb))

        assert rerun.status == SyncRun.Status.SUCCEEDED, rerun.message
        assert rerun.catalogues.get(resource="purchases").mode == "full"
        assert mirror_differences(sb, KEYS) == []
