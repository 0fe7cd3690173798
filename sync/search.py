"""Search the way people type, fast on millions of rows.

Every catalogue row carries ``search_text``: the values people search by
(names, codes, numbers, tax ids), lower-cased and without accents, filled from
the payload at write time by the model's ``columns_from_payload``. A query is
normalised the same way and split into words; a row matches when every word
appears anywhere in its ``search_text`` (``nogal`` in the middle of a name,
``p0000`` inside a code, ``edicion`` for "EDICIÓN", a RUC's first digits).

Substring search over a whole table is a full scan unless it has a trigram
index, so the search column gets one per database:

- SQLite: an FTS5 table with the trigram tokenizer (SQLite 3.34+); a word of
  three characters or more is looked up in it, shorter words fall back to
  ``LIKE``. Triggers on the catalogue table do not write the index itself:
  they note the changed rows in ``<table>_search_pending`` (with the text the
  index holds for them), and ``flush_pending`` moves those rows into the index
  in one statement, in rowid order -- the sync calls it after every batch it
  writes. FTS5 written row by row from a trigger writes a new index segment
  for each row and merges them; fed in rowid order in one statement it builds
  one segment per batch: 8-14 µs a row instead of 35-45 (bench/README.md,
  "Throughput and CPU"). A search skips the index for rows still pending and
  tests them with ``LIKE`` instead, so whatever wrote them (the ORM, a move
  between databases) they are found at once.
- PostgreSQL: a GIN ``gin_trgm_ops`` index (pg_trgm), which serves
  ``LIKE '%word%'`` directly.

The SQLite index relies on each table's ``rowid``; a later migration that
rebuilds a catalogue table on SQLite (Django "remakes" tables for some
column changes) drops the triggers: such a migration must run
``drop_search_index`` and ``create_search_index`` again for that table.
"""

import re
import unicodedata

from django.db import connections
from django.db.models import Q

# Longer queries are cut: nobody types more, and each word costs a lookup.
MAX_QUERY_CHARS = 100
MAX_QUERY_WORDS = 6
# FTS5's trigram tokenizer needs three characters to use its index.
TRIGRAM = 3
# SQLite: up to this many matches a page reads the matching rows and sorts them; beyond it, it
# walks the list's index in order (see filter_search).
DRIVE_LIMIT = 2_000
# Matches counted at most (the admin's count limit).
COUNT_CAP = 10_000

# An SRI document number: establishment, emission point, sequence ("001-001-000000251").
SRI_NUMBER = re.compile(r"(\d{3})-?(\d{3})-?(\d{9})")
# The first digits of an identification (a cédula has 10, a RUC 13).
IDENTIFICATION_PREFIX = re.compile(r"\d{4,13}")
# Control characters (NUL included) are not searchable and PostgreSQL refuses NUL.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class _Bare(dict):
    """``str.translate`` table that drops combining marks, filled per character on first sight."""

    def __missing__(self, code):
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


_BARE = _Bare()


def normalise(value):
    """Return ``value`` lower-cased, without accents or control characters, spaces collapsed."""
    bare = str(value)
    # Printable text (nearly every value) holds no control character: skip the regex.
    if not bare.isprintable():
        bare = _CONTROL.sub(" ", bare)
    # ASCII has nothing to decompose, no marks and no surrogates: most values skip this
    # (it was a tenth of a sync's CPU, see bench/README.md).
    if not bare.isascii():
        bare = unicodedata.normalize("NFKD", bare).translate(_BARE)
        # Surrogates cannot be stored (or encoded): drop them.
        bare = bare.encode("utf-8", "ignore").decode("utf-8")
    # split() cuts at the same whitespace as the regex \s+ (str.isspace) and drops both ends.
    return " ".join(bare.lower().split())


def search_text(*values):
    """Return the search column for a row holding ``values`` (None and "" skipped).

    A value with dashes (a document number ``001-001-000000251``) is also kept
    without them, so ``001001000000251`` finds it too.
    """
    parts = []
    for value in values:
        if value is None or value == "":
            continue
        text = normalise(value)
        if not text:
            continue
        parts.append(text)
        if "-" in text:
            parts.append(text.replace("-", ""))
    return " | ".join(parts)


def with_search_text(model, columns):
    """Return ``columns`` with ``search_text`` built from the model's ``search_columns``."""
    columns["search_text"] = search_text(*(columns.get(name) for name in model.search_columns))
    return columns


def query_words(query):
    """Return the normalised words of a search box query (cut to a sane size)."""
    words = normalise((query or "")[:MAX_QUERY_CHARS]).split(" ")
    return [word for word in words if word][:MAX_QUERY_WORDS]


def digits_range(column, prefix):
    """Return the lookups that select values of ``column`` starting with the digits ``prefix``.

    A range rather than ``LIKE 'prefix%'``, which neither SQLite nor PostgreSQL
    (outside the C collation) serves from a plain index.
    """
    lookups = {f"{column}__gte": prefix}
    if prefix.strip("9"):
        lookups[f"{column}__lt"] = str(int(prefix) + 1).zfill(len(prefix))
    return lookups


def _contains(word):
    """Return the ``LIKE`` pattern (escape ``\\``) that finds ``word`` anywhere."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def fts_table(model):
    return _names(model._meta.db_table)["fts"]


def pending_table(model):
    return _names(model._meta.db_table)["pending"]


def filter_search(queryset, query, found=None):
    """Return ``queryset`` narrowed to rows matching every word of ``query``, or its exact id.

    An empty query returns the queryset unchanged. On SQLite ``found`` (a
    dict), when given, receives ``matches``: how many rows the trigram index
    matched, counted up to ``COUNT_CAP + 1``, so a caller can skip counting
    again.
    """
    words = query_words(query)
    if not words:
        return queryset
    model = queryset.model
    number = SRI_NUMBER.fullmatch((query or "").strip())
    if number and model.number_columns:
        # A whole invoice number, as printed or without its dashes: an exact, indexed lookup.
        forms = ["-".join(number.groups()), "".join(number.groups())]
        condition = Q()
        for column in model.number_columns:
            condition |= Q(**{f"{column}__in": forms})
        return queryset.filter(condition)
    prefix = (query or "").strip()
    if IDENTIFICATION_PREFIX.fullmatch(prefix) and model.identification_columns:
        # The first digits of a RUC / cédula: a range on the indexed identification columns. As a
        # trigram search, digits match everywhere (every document number holds "000" and "001").
        condition = Q()
        for column in model.identification_columns:
            condition |= Q(**digits_range(column, prefix))
        if model.objects.using(queryset.db).filter(condition).exists():
            return queryset.filter(condition)
    connection = connections[queryset.db]
    table = connection.ops.quote_name(model._meta.db_table)
    clauses, params = [], []
    long_words = [word for word in words if len(word) >= TRIGRAM]
    if connection.vendor == "sqlite" and long_words:
        # One MATCH for every long word: "w1" AND "w2" (phrases, so no FTS5 syntax leaks in).
        match = " AND ".join('"' + word.replace('"', '""') + '"' for word in long_words)
        fts = connection.ops.quote_name(fts_table(model))
        pending = connection.ops.quote_name(pending_table(model))
        matched = f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({matched} LIMIT {COUNT_CAP + 1})", [match])  # noqa: S608
            matches = cursor.fetchone()[0]
            # Rows written since the index was last brought up to date (normally none: the sync
            # flushes every batch it writes) are not in the index yet, or under their old text.
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {pending})")  # noqa: S608
            waiting = cursor.fetchone()[0]
        if found is not None and len(long_words) == len(words) and not waiting:
            found["matches"] = matches
        # Few matches: read them and sort them. Many: walk the list's own index in order and keep
        # the rows that match ("+" stops SQLite from driving the query from the match list, which
        # would read and sort tens of thousands of rows for one page).
        plus = "+" if matches > DRIVE_LIMIT else ""
        if waiting:
            # The index answers for the rows it is up to date on; pending rows are tested as they are.
            likes = " AND ".join([f"{table}.search_text LIKE %s ESCAPE '\\'"] * len(long_words))
            waits = f"{table}.rowid IN (SELECT row_id FROM {pending})"  # noqa: S608
            clauses.append(f"(({plus}{table}.rowid IN ({matched}) AND NOT {waits}) OR ({waits} AND {likes}))")
            params.extend([match, *(_contains(word) for word in long_words)])
        else:
            clauses.append(f"{plus}{table}.rowid IN ({matched})")
            params.append(match)
        like_words = [word for word in words if len(word) < TRIGRAM]
    else:
        like_words = words
    for word in like_words:
        clauses.append(f"{table}.search_text LIKE %s ESCAPE '\\'")
        params.append(_contains(word))
    where = " AND ".join(clauses)
    raw = (query or "").strip()
    looks_like_id = raw and " " not in raw and len(raw) <= 64 and "\x00" not in raw
    if looks_like_id and queryset.model.objects.using(queryset.db).filter(pk=raw).exists():
        # An id pasted from the JSON or a log line finds its record too.
        where = f"(({where}) OR {table}.id = %s)"
        params.append(raw)
        if found is not None:
            found.pop("matches", None)
    # extra(): the ORM cannot say "rowid" or MATCH; every value above is a parameter.
    return queryset.extra(where=[where], params=params)  # noqa: S610


# --- the indexes, created by each catalogue app's migration -------------------------------------


# Table names come from the models' Meta, never from a request. ``columnsize=0``: no per-row size
# table to write (it serves ranking, which the admin does not do). The pending table holds, per
# changed rowid, the text the index has for it (NULL: none yet); a row already pending keeps its
# entry (INSERT OR IGNORE), so that text stays the one to delete. Triggers fire only when
# ``search_text`` really changed: re-syncing a record whose searchable values did not change
# (its price, its stock) leaves the index alone.
_SQLITE_INDEX = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5("
    "search_text, content='{table}', content_rowid='rowid', tokenize='trigram', columnsize=0)",
    # Merge segments 16 at a time rather than 4: each batch adds a segment, and at 100,000 rows the
    # default's extra merge passes (each re-reading pages the catalogue's own writes pushed out of
    # the cache) were most of what the index cost a sync.
    "INSERT INTO {fts}({fts}, rank) VALUES ('automerge', 16)",
    "CREATE TABLE IF NOT EXISTS {pending} (row_id INTEGER PRIMARY KEY, indexed TEXT)",
    "CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
    "INSERT OR IGNORE INTO {pending}(row_id, indexed) VALUES (new.rowid, NULL); END",
    "CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
    "INSERT OR IGNORE INTO {pending}(row_id, indexed) VALUES (old.rowid, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF search_text ON {table} "
    "WHEN old.search_text IS NOT new.search_text BEGIN "
    "INSERT OR IGNORE INTO {pending}(row_id, indexed) VALUES (old.rowid, old.search_text); END",
    # Index the rows already there.
    "INSERT INTO {fts}({fts}) VALUES ('rebuild')",
)

# Bring the index up to date with the pending rows, each statement in rowid order: FTS5 appends to
# its in-memory segment while rowids ascend and writes it out whenever they do not.
_SQLITE_FLUSH = (
    # Take out what the index holds for rows changed or deleted since ('delete' needs that text).
    "INSERT INTO {fts}({fts}, rowid, search_text) "
    "SELECT 'delete', row_id, indexed FROM {pending} WHERE indexed IS NOT NULL ORDER BY row_id",
    # Put in what the rows that still exist hold now.
    "INSERT INTO {fts}(rowid, search_text) "
    "SELECT {table}.rowid, {table}.search_text FROM {pending} JOIN {table} ON {table}.rowid = row_id "
    "ORDER BY row_id",
    "DELETE FROM {pending}",
)


def _names(table):
    # Catalogue table names are plain identifiers (see the models' Meta): used as they are, like
    # the FTS5 options' content='…', which is a string.
    return {"fts": f"{table}_search", "pending": f"{table}_search_pending", "table": table}


def sqlite_index_sql(table):
    """Return the statements that create ``table``'s FTS5 trigram index, its queue and triggers."""
    return [statement.format(**_names(table)) for statement in _SQLITE_INDEX]


def sqlite_drop_sql(table):
    names = _names(table)
    fts = names["fts"]
    return [
        f'DROP TRIGGER IF EXISTS "{fts}_ai"',
        f'DROP TRIGGER IF EXISTS "{fts}_ad"',
        f'DROP TRIGGER IF EXISTS "{fts}_au"',
        f'DROP TABLE IF EXISTS "{fts}"',
        f'DROP TABLE IF EXISTS "{names["pending"]}"',
    ]


def flush_pending(cursor, table):
    """Move ``table``'s pending rows into its SQLite search index (in the caller's transaction).

    When nothing is pending it costs one lookup. The sync calls it after each batch it writes.
    """
    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {_names(table)['pending']})")  # noqa: S608
    if not cursor.fetchone()[0]:
        return
    for statement in _SQLITE_FLUSH:
        cursor.execute(statement.format(**_names(table)))


def postgresql_index_sql(table):
    """Return the statements that create ``table``'s trigram index on PostgreSQL."""
    return [
        # Trusted since PostgreSQL 13: the database owner may create it.
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f'CREATE INDEX IF NOT EXISTS "{table}_search_trgm" ON "{table}" USING gin (search_text gin_trgm_ops)',
    ]


def postgresql_drop_sql(table):
    return [f'DROP INDEX IF EXISTS "{table}_search_trgm"']


def create_search_index(schema_editor, table):
    """Create ``table``'s search index for the database behind ``schema_editor``."""
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite_index_sql, "postgresql": postgresql_index_sql}.get(vendor)
    for statement in statements(table) if statements else []:
        schema_editor.execute(statement, params=None)


def drop_search_index(schema_editor, table):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite_drop_sql, "postgresql": postgresql_drop_sql}.get(vendor)
    for statement in statements(table) if statements else []:
        schema_editor.execute(statement, params=None)


def backfill_search_text(model, columns, batch=2000):
    """Fill ``search_text`` of rows written before the column existed (a migration step).

    ``model`` is the migration's historical model; ``columns`` the model's
    ``search_columns``. Rows are read in primary-key order, in batches, so
    memory stays flat on large tables.
    """
    last = None
    while True:
        rows = model.objects.order_by("pk").only("pk", *columns)
        if last is not None:
            rows = rows.filter(pk__gt=last)
        rows = list(rows[:batch])
        if not rows:
            return
        for row in rows:
            row.search_text = search_text(*(getattr(row, name) for name in columns))
        model.objects.bulk_update(rows, ["search_text"])
        last = rows[-1].pk


# The SQLite index as the 0002 migrations made it (FTS5 written row by row by the triggers), for
# migrating back.
_SQLITE_ROW_TRIGGERS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5("
    "search_text, content='{table}', content_rowid='rowid', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
    "INSERT INTO {fts}(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
    "INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF search_text ON {table} BEGIN "
    "INSERT INTO {fts}({fts}, rowid, search_text) VALUES ('delete', old.rowid, old.search_text); "
    "INSERT INTO {fts}(rowid, search_text) VALUES (new.rowid, new.search_text); END",
    "INSERT INTO {fts}({fts}) VALUES ('rebuild')",
)


def search_index_rebuild_operation(app_label, model_names):
    """Return the migration step that remakes the SQLite search index of ``model_names`` as
    ``create_search_index`` makes it now, reindexing the rows already there (PostgreSQL: nothing).
    """
    from django.db import migrations

    def tables(apps):
        return [apps.get_model(app_label, name)._meta.db_table for name in model_names]

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for table in tables(apps):
            drop_search_index(schema_editor, table)
            create_search_index(schema_editor, table)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for table in tables(apps):
            drop_search_index(schema_editor, table)
            for statement in _SQLITE_ROW_TRIGGERS:
                schema_editor.execute(statement.format(**_names(table)), params=None)

    return migrations.RunPython(forwards, backwards)


def search_index_operation(app_label, columns_by_model):
    """Return the migration step that fills ``search_text`` and indexes it, for one app's models.

    ``columns_by_model`` maps a model name to its search columns, frozen in the
    migration as the models had them then.
    """
    from django.db import migrations

    def forwards(apps, schema_editor):
        for name, columns in columns_by_model.items():
            model = apps.get_model(app_label, name)
            backfill_search_text(model, columns)
            create_search_index(schema_editor, model._meta.db_table)

    def backwards(apps, schema_editor):
        for name in columns_by_model:
            drop_search_index(schema_editor, apps.get_model(app_label, name)._meta.db_table)

    return migrations.RunPython(forwards, backwards)
