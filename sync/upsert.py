"""Upsert mirrored rows through the database cursor: one multi-row ``INSERT … ON CONFLICT`` per
batch (SQLite), one COPY and one ``INSERT … SELECT`` per batch (PostgreSQL).

Django's ``bulk_create(update_conflicts=True)`` builds a model instance per row and
prepares every field of every row through the compiler; for a sync that writes millions
of rows that was half of its CPU (bench/README.md, "Throughput"). Here each model gets
a plan once -- its concrete fields, the ``INSERT … ON CONFLICT (pk) DO UPDATE`` statement
and a per-field adapter -- and each row is a plain list of driver values.

The values are exactly what Django itself would send: each adapter takes a fast path
for the Python types the parsers return (``str``, ``bool``, ``Decimal``, ``date``, aware
``datetime``) and hands anything else to ``field.get_db_prep_save``. Every concrete field
is written, so a column a model adds (with its ``columns_from_payload``) needs no change
here. Errors are Django's ``DatabaseError`` family, raised from the statement, so the
caller's transaction and its one-record-at-a-time fallback work as with the ORM. On
PostgreSQL the values travel as COPY text, which the server parses with the column types'
own input functions, as it does a parameter sent as text; the ORM twin test holds both paths.
"""

import datetime as dt
import hashlib
import json
import sqlite3
from decimal import Decimal

from django.conf import settings
from django.db import connections, router, transaction

from sync import search

# How many ids one SELECT asks for: well under SQLite's bound-parameter limit.
LOOKUP_CHUNK = 900


class JSONText(str):
    """JSON already serialised (by ``serialise``): written as is, not encoded again."""

    __slots__ = ()


def serialise(payload):
    """Return ``(json_text, sha256_hex)`` of ``payload``: one encoding for the hash and the stored copy.

    Keys sorted and compact separators, so equal records hash equally whatever the key
    order upstream. ASCII escapes: a lone surrogate (text cut mid-emoji upstream) must not
    break the encoding; the database decides whether it stores it.
    """
    text = "".join(_ENCODE(payload, 0))
    return JSONText(text), hashlib.sha256(text.encode("ascii")).hexdigest()


def _encoder():
    """Return the C encoder ``json.dumps(sort_keys=True, separators=(",", ":"))`` builds on every call.

    Built once: that construction was 2 µs of the 15 a record's encoding takes. No check for
    circular references (``markers`` None): payloads come from ``json.loads``.
    """
    base = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # a Python without the C accelerator
        return lambda value, _level: base.iterencode(value)
    return make(None, base.default, json.encoder.encode_basestring_ascii, None, ":", ",", True, False, True)


_ENCODE = _encoder()


class Upsert:
    """A model's upsert plan for one database (build it with ``upsert_for``).

    The plan (statement, adapters) is shared by every thread; the statements run on the
    calling thread's own connection, as Django's connections are per thread.
    """

    def __init__(self, model, connection):
        meta = model._meta
        self.model = model
        self.alias = connection.alias
        self.fields = [field for field in meta.concrete_fields if not field.generated]
        for field in self.fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                # ``pre_save`` is not run here; refuse rather than silently write something else.
                raise ValueError(f"{meta.label}.{field.name}: the upsert does not support auto_now fields")
        # (name, default, the type sent as is, adapter for anything else) per column, in the
        # statement's order; a callable default is called for each row lacking the field (``fresh``).
        self.plan, self.fresh = [], []
        for index, field in enumerate(self.fields):
            default, (as_is, adapt) = _default(field), _adapter(field, connection)
            if callable(default):
                self.fresh.append((index, field.name, default, as_is, adapt))
                default = None
            self.plan.append((field.name, default, as_is, adapt))
        self.names = [name for name, *_ in self.plan]
        # SQLite: the triggers queue the rows whose search text changed; ``write`` indexes them.
        self.search_indexed = connection.vendor == "sqlite" and bool(getattr(model, "search_columns", ()))
        quote = connection.ops.quote_name
        self.table = quote(meta.db_table)
        pk = meta.pk
        self.pk_column = quote(pk.column)
        self.pk_index = self.fields.index(pk)
        columns = [quote(field.column) for field in self.fields]
        placeholders = [_placeholder(field, connection) for field in self.fields]
        updates = [f"{column} = EXCLUDED.{column}" for field, column in zip(self.fields, columns, strict=True)
                   if not field.primary_key]
        # Identifiers come from the model and are quoted; every value is a bound parameter.
        self.sql = (
            f"INSERT INTO {self.table} ({', '.join(columns)}) VALUES ({', '.join(placeholders)}) "  # noqa: S608
            f"ON CONFLICT ({self.pk_column}) DO UPDATE SET {', '.join(updates)}"
        )
        # PostgreSQL, a batch of several rows: COPY into a staging table shaped like the table
        # (same types, lengths, NOT NULLs), then one INSERT … SELECT (see ``_write_postgresql``).
        stage = quote(f"upsert_stage_{meta.db_table}"[:63])
        listed = ", ".join(columns)
        self.stage_sql = f"CREATE TEMPORARY TABLE {stage} (LIKE {self.table}) ON COMMIT DROP"
        self.copy_sql = f"COPY {stage} ({listed}) FROM STDIN"
        self.merge_sql = (
            f"INSERT INTO {self.table} ({listed}) SELECT {listed} FROM {stage} "  # noqa: S608
            f"ON CONFLICT ({self.pk_column}) DO UPDATE SET {', '.join(updates)}; DROP TABLE {stage}"
        )
        # SQLite writes many rows per statement (``_write_sqlite``): the statement's parts.
        self._sqlite_parts = (
            f"INSERT INTO {self.table} ({', '.join(columns)}) VALUES ",  # noqa: S608
            f"({', '.join(placeholders)})",
            f" ON CONFLICT ({self.pk_column}) DO UPDATE SET {', '.join(updates)}",
        )
        self._sqlite_sql = {}

    def row(self, values):
        """Return the driver values of one row from ``values`` (field name → Python value).

        A field missing from ``values`` gets its default, as a new model instance would.
        """
        get = values.get
        row = []
        for name, default, as_is, adapt in self.plan:
            value = get(name, default)
            if value is not None and value.__class__ is not as_is:
                value = adapt(value)
            row.append(value)
        for index, name, make, as_is, adapt in self.fresh:
            if name not in values:
                value = make()
                row[index] = value if value is None or value.__class__ is as_is else adapt(value)
        return row

    def existing(self, ids, *columns):
        """Return ``{pk: (column values…)}`` for the rows among ``ids`` that exist."""
        connection = connections[self.alias]
        quote = connection.ops.quote_name
        wanted = ", ".join([self.pk_column, *(quote(self.model._meta.get_field(c).column) for c in columns)])
        found = {}
        if not ids:
            return found
        if connection.vendor == "postgresql":
            # One array parameter, bound by the server: Django's cursor quoted 500 ids in Python
            # and PostgreSQL parsed them as 500 literals, for every batch.
            import psycopg

            connection.ensure_connection()
            sql = f"SELECT {wanted} FROM {self.table} WHERE {self.pk_column} = ANY(%s)"  # noqa: S608
            with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
                cursor.execute(sql, [list(ids)])
                for pk, *rest in cursor.fetchall():
                    found[pk] = tuple(rest)
            return found
        with connection.cursor() as cursor:
            for start in range(0, len(ids), LOOKUP_CHUNK):
                chunk = ids[start : start + LOOKUP_CHUNK]
                marks = ", ".join(["%s"] * len(chunk))
                sql = f"SELECT {wanted} FROM {self.table} WHERE {self.pk_column} IN ({marks})"  # noqa: S608
                cursor.execute(sql, chunk)
                for pk, *rest in cursor.fetchall():
                    found[pk] = tuple(rest)
        return found

    def write(self, rows):
        """Insert or update ``rows`` (from ``row``) with one statement for the whole batch."""
        if not rows:
            return
        connection = connections[self.alias]
        if connection.vendor == "postgresql":
            self._write_postgresql(connection, rows)
            return
        self._write_sqlite(connection, rows)

    # --- SQLite ---------------------------------------------------------------------------------

    # Rows per statement: the batch (SYNC_BATCH_SIZE, 500 by default) in one, within SQLite's
    # limit on bound parameters.
    SQLITE_ROWS_PER_STATEMENT = 1000

    def _write_sqlite(self, connection, rows):
        # Many rows per statement rather than executemany's one statement per row: a table with
        # triggers (the search index's, sync/search.py) makes SQLite open a statement journal for
        # each statement and copy into it every page the statement changes -- a dozen index pages
        # a row, spilled to a temporary file past 64 KiB: 30-40 µs a row on documents and
        # products. One statement for the batch copies each page once (bench/README.md).
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        per = max(1, min(self.SQLITE_ROWS_PER_STATEMENT, limit // len(self.fields)))
        with connection.cursor() as cursor:
            for start in range(0, len(rows), per):
                chunk = rows[start : start + per]
                cursor.execute(self._sqlite_statement(len(chunk)), [value for row in chunk for value in row])
            if self.search_indexed:
                # The batch's rows into the search index in one statement (sync/search.py).
                search.flush_pending(cursor, self.model._meta.db_table)

    def _sqlite_statement(self, count):
        sql = self._sqlite_sql.get(count)
        if sql is None:
            head, values, tail = self._sqlite_parts
            sql = head + ", ".join([values] * count) + tail
            if len(self._sqlite_sql) < 8:  # the batch size and a few last batches' sizes
                self._sqlite_sql[count] = sql
        return sql

    def _write_postgresql(self, connection, rows):
        # Django's psycopg cursor binds on the client, quoting every value in Python: that
        # doubled the CPU of a write. A plain psycopg cursor on the same connection sends the
        # values as parameters (one row) or as COPY data (a batch).
        import psycopg

        from sync.failures import signals_held

        connection.ensure_connection()
        # A signal (Ctrl-C, SIGTERM) must not land inside the pipeline executemany runs, or
        # inside a COPY: it would leave the connection busy and the rollback failing. Held for
        # this one batch.
        with signals_held(), connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
            if len(rows) == 1:
                # One row (the one-record-at-a-time fallback names refused records with it):
                # the plain statement, so a refusal reads as PostgreSQL words it for that row.
                cursor.executemany(self.sql, rows)
                return
            # A batch: ``executemany`` had PostgreSQL parse, plan and start the statement once
            # per row (Django turns prepared statements off for transaction-mode poolers), and
            # that was most of its CPU. COPY streams the rows into a temporary table; one
            # INSERT … SELECT merges them. The table lives in this transaction only (created,
            # dropped, and ON COMMIT DROP besides), so a transaction-mode pooler, which keeps a
            # transaction on one server connection, sees no session state. A row PostgreSQL
            # refuses fails the batch as the statement did, and the caller's fallback writes
            # each row alone.
            with transaction.atomic(using=self.alias, savepoint=False):
                cursor.execute(_fast_compression(connection, cursor) + self.stage_sql)
                with cursor.copy(self.copy_sql) as copy:
                    for row in _last_of_each_id(rows, self.pk_index):
                        copy.write_row(row)
                cursor.execute(self.merge_sql)


def _last_of_each_id(rows, pk_index):
    """Return ``rows`` with only the last row of a repeated id (the primary key at ``pk_index``).

    One row per statement, a repeated id was written twice and the last won; one INSERT …
    SELECT cannot update a row twice, so the batch keeps the row that would have won.
    """
    if len({row[pk_index] for row in rows}) == len(rows):
        return rows
    last = {row[pk_index]: row for row in rows}
    return list(last.values())


# Per database alias: the statement choosing LZ4 for this transaction's new TOAST values, or "".
_COMPRESSION = {}


def _fast_compression(connection, cursor):
    """Return ``SET LOCAL default_toast_compression = lz4;`` where the server has LZ4, else "".

    A payload over about 2 kB is compressed as it is stored, and PostgreSQL's default, pglz,
    was an eighth of its CPU in a sync (bench/README.md, "Throughput and CPU"); LZ4 compresses
    several times faster and is read back transparently. ``SET LOCAL`` ends with the batch's
    transaction, so nothing outlives it on a pooled connection. PostgreSQL 13, or a server
    built without LZ4, keeps pglz.
    """
    statement = _COMPRESSION.get(connection.alias)
    if statement is None:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        found = cursor.fetchone()
        statement = "SET LOCAL default_toast_compression = lz4; " if found and found[0] else ""
        _COMPRESSION[connection.alias] = statement
    return statement


_PLANS = {}


def upsert_for(model):
    """Return the (cached) ``Upsert`` plan of ``model`` on the database it is written to."""
    connection = connections[router.db_for_write(model)]
    key = (model, connection.alias, connection.vendor)
    plan = _PLANS.get(key)
    if plan is None:
        plan = _PLANS[key] = Upsert(model, connection)
    return plan


def _default(field):
    if not field.has_default():
        return field.get_default()
    return field.default if callable(field.default) else field.get_default()


def _placeholder(field, connection):
    # A JSON text is sent as a string: PostgreSQL must be told it is jsonb.
    if field.get_internal_type() == "JSONField" and connection.vendor == "postgresql":
        return "%s::jsonb"
    return "%s"


def _adapter(field, connection):
    """Return ``(as_is, adapt)`` for ``field``: values of type ``as_is`` go to the driver unchanged,
    any other (but None) through ``adapt(value)``.

    Fast paths only where Django's own preparation is the identity (or one cheap call) for that
    exact type; any other value goes through ``field.get_db_prep_save``, as the ORM would send it.
    """
    kind = field.get_internal_type()
    ops = connection.ops

    def django(value):
        return field.get_db_prep_save(value, connection)

    if kind == "JSONField":
        encoder = field.encoder

        def adapt_json(value):
            if type(value) is JSONText:
                return str(value)
            return json.dumps(value, cls=encoder)  # what adapt_json_value sends, as text

        return None, adapt_json
    exact = {
        "CharField": str, "TextField": str, "SlugField": str, "EmailField": str, "URLField": str,
        "BooleanField": bool, "DecimalField": Decimal,
        "IntegerField": int, "BigIntegerField": int, "SmallIntegerField": int,
        "PositiveIntegerField": int, "PositiveBigIntegerField": int, "PositiveSmallIntegerField": int,
    }.get(kind)
    if exact is not None:
        if kind == "DecimalField" and type(ops.adapt_decimalfield_value(Decimal(1), 2, 0)) is not Decimal:
            return None, django  # a backend that adapts decimals itself
        return exact, django
    if kind == "DateField":
        adapt_date = ops.adapt_datefield_value
        return None, lambda value: adapt_date(value) if type(value) is dt.date else django(value)
    if kind == "DateTimeField":
        adapt_datetime = ops.adapt_datetimefield_value
        if connection.vendor == "sqlite" and settings.USE_TZ:
            # What the SQLite backend does with an aware datetime (make_naive in the connection's
            # zone, then str), without its per-value settings lookups.
            zone = connection.timezone

            def adapt_datetime(value):
                return str(value.astimezone(zone).replace(tzinfo=None))

        # A batch's rows share ``fetched_at``: adapt it once. One tuple, swapped whole, so a
        # thread never pairs another thread's value with its own.
        last = [(None, None)]

        def adapt_moment(value):
            seen, adapted = last[0]
            if value is seen:
                return adapted
            if type(value) is dt.datetime and value.tzinfo is not None:
                adapted = adapt_datetime(value)
            else:
                adapted = django(value)
            last[0] = (value, adapted)
            return adapted

        return None, adapt_moment
    return None, django
