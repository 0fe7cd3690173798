"""Move every row from one database to another: SQLite to PostgreSQL, and back (docs/operations.md).

The target is migrated, emptied of what migrations put there (content types, permissions,
schedules) and filled with an exact copy of every table Django manages — every catalogue,
``sync_state``, the run history, the locks, users and permissions, django-q2's schedules and
tasks — with the same primary keys, in one transaction, checked before it commits: the same
number of rows and the same content, table by table. A move that does not check out leaves the
target as it was.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import environ
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from sync import catalogues as registry

SOURCE_ALIAS = "move_source"
BATCH = 2000


class MoveError(Exception):
    """A move that did not happen; the message says why in one sentence."""


@dataclass
class MoveReport:
    rows: dict = field(default_factory=dict)  # table → rows copied

    @property
    def total(self):
        return sum(self.rows.values())


def database_settings(source):
    """Return Django database settings for a database URL or the path of a SQLite file."""
    if "://" in source:
        return environ.Env.db_url_config(source)
    path = Path(source).expanduser().resolve()
    if not path.is_file():
        raise MoveError(f"{path} does not exist.")
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": {"timeout": 30}}


def register(alias, database):
    """Make ``database`` (settings) usable as ``connections[alias]`` for this process."""
    configured = connections.configure_settings({"default": connections.settings["default"], alias: database})
    connections.settings[alias] = configured[alias]


def copied_models():
    """Every table Django manages here, many-to-many tables included."""
    return [
        model for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def move_database(*, source, target="default", log=lambda message: None):
    """Copy every row of ``source`` (URL or SQLite path) into the database ``target``.

    Steps: check the source is at our migrations, migrate the target, refuse a target that holds
    data of its own, then in one transaction: empty the target's tables, copy each table, reset
    the id sequences, and compare every table with the source before committing.
    """
    register(SOURCE_ALIAS, database_settings(source))
    try:
        _check_migrations(SOURCE_ALIAS, "source")
        call_command("migrate", database=target, interactive=False, verbosity=0)
        _check_migrations(target, "target")
        _refuse_a_target_with_data(target)
        models = copied_models()
        report = MoveReport()
        # The source read in one transaction: one instant of it, even if something writes to it.
        with transaction.atomic(using=SOURCE_ALIAS), transaction.atomic(using=target):
            _empty(target, models)
            for model in models:
                report.rows[model._meta.db_table] = _copy(model, SOURCE_ALIAS, target)
                log(f"{model._meta.db_table}: {report.rows[model._meta.db_table]} rows")
            _reset_sequences(target, models)
            _index_for_search(target)
            for model in models:
                _compare(model, SOURCE_ALIAS, target)
        ContentType.objects.clear_cache()
        return report
    finally:
        connections[SOURCE_ALIAS].close()
        del connections[SOURCE_ALIAS]
        del connections.settings[SOURCE_ALIAS]


def _check_migrations(alias, which):
    ours = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = set(MigrationRecorder(connections[alias]).applied_migrations())
    if missing := ours - applied:
        raise MoveError(
            f"The {which} database lacks {len(missing)} migration(s) (e.g. {sorted(missing)[0][0]}."
            f"{sorted(missing)[0][1]}); run `manage.py migrate` against it first."
        )


def _refuse_a_target_with_data(alias):
    from django.contrib.auth import get_user_model

    from sync.models import SyncRun, SyncState

    for model in [SyncRun, SyncState, get_user_model(), *(entry.model for entry in registry.CATALOGUES)]:
        if model._base_manager.using(alias).exists():
            raise MoveError(
                f"The target database already holds data ({model._meta.db_table} has rows); "
                "move into an empty database."
            )


def _empty(alias, models):
    connection = connections[alias]
    tables = [model._meta.db_table for model in models]
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=True)
    connection.ops.execute_sql_flush(statements)


def _copy(model, source, target):
    fields = model._meta.concrete_fields
    connection = connections[target]
    quote = connection.ops.quote_name
    # Table and column names come from our models, quoted by the backend; values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = model._base_manager.using(source).order_by().values_list(*(f.attname for f in fields))
    count = 0
    batch = []
    with connection.cursor() as cursor:
        for row in rows.iterator(chunk_size=BATCH):
            # The values exactly as read (no auto_now, no defaults), prepared for the target.
            batch.append([f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)])
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _index_for_search(alias):
    # Into SQLite the copied rows wait in the search index's queue (sync/search.py): index them
    # now, in the move's transaction, rather than leave every search testing them one by one.
    from sync.search import flush_pending

    connection = connections[alias]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for entry in registry.CATALOGUES:
            if getattr(entry.model, "search_columns", ()):
                flush_pending(cursor, entry.model._meta.db_table)


def _reset_sequences(alias, models):
    connection = connections[alias]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def table_fingerprint(model, alias):
    """Return (rows, digest) of a table's content, independent of row order and JSON key order."""
    fields = model._meta.concrete_fields
    total = 0
    rows = 0
    for row in model._base_manager.using(alias).order_by().values_list(*(f.attname for f in fields)).iterator(
        chunk_size=BATCH
    ):
        canonical = json.dumps([_canonical(value) for value in row], sort_keys=True, default=str)
        total = (total + int.from_bytes(hashlib.sha256(canonical.encode()).digest()[:16], "big")) % (1 << 128)
        rows += 1
    return rows, total


def _canonical(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "normalize"):  # Decimal: 1.50 and 1.5 are one amount
        return str(value.normalize())
    return value


def _compare(model, source, target):
    expected, found = table_fingerprint(model, source), table_fingerprint(model, target)
    if expected != found:
        raise MoveError(
            f"{model._meta.db_table} did not arrive intact ({expected[0]} rows in the source, "
            f"{found[0]} in the target, or different content); nothing was moved."
        )
