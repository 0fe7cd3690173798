"""What can stop a sync, and how it is said.

Three kinds of trouble, told apart because they call for different answers:

- a *record* is wrong (no usable id, a value the database refuses): the record is
  rejected, counted and noted, and the catalogue goes on;
- the *storage* is failing (disk full, I/O error, read-only database, lock
  timeout, lost connection): no record is to blame, so none is rejected; the
  catalogue fails with its watermark kept and the run stops, to be converged by
  the next plain run;
- the process is told to stop (SIGINT, SIGTERM): the run ends ``interrupted``.

Every text a person reads (run and catalogue messages, error notes, the command's
output) goes through ``say``: one printable line, bounded, without secrets.
"""

import contextlib
import json
import re
import signal
import sqlite3
import threading

from django.conf import settings
from django.db import DataError, IntegrityError, connection
from django.db import Error as DjangoDatabaseError

from sync.client.errors import redact

NOTE_LIMIT = 300  # one error note in a catalogue's history
MESSAGE_LIMIT = 500  # a catalogue's or a run's message
REPLACEMENT = "\ufffd"
# What neither database stores: NUL and lone surrogates (a regex scans text in C, per issue 12).
_HOSTILE = re.compile("[\x00\ud800-\udfff]")


class SyncAborted(Exception):
    """Nothing more can be done in this run (bad credentials, API unreachable, storage failing).

    Its text is the cause the skipped catalogues share, said once.
    """


class StorageFailure(SyncAborted):
    """The database could not store or read what the engine asked of it; no record is to blame."""

    def __init__(self, cause):
        self.cause = cause
        super().__init__(f"Error de almacenamiento: {say(describe(cause), 200)}")


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived.

    A ``KeyboardInterrupt``: the per-catalogue safety nets (``except Exception``) let it
    through, and psycopg cancels the query in flight instead of leaving the connection busy.
    """

    def __init__(self, signum):
        self.signum = signum
        self.run = None  # set by the engine once the run is recorded as interrupted
        super().__init__(signal.Signals(signum).name)

    @property
    def exit_code(self):
        """The shell's convention: 128 + the signal's number (130 for SIGINT, 143 for SIGTERM)."""
        return 128 + self.signum


# --- Telling storage failures from refused records ---------------------------------------------

# SQLite result codes that say the record itself was refused; every other code is the storage.
_SQLITE_RECORD_ERRORS = ("SQLITE_TOOBIG", "SQLITE_CONSTRAINT", "SQLITE_MISMATCH", "SQLITE_RANGE")
# PostgreSQL SQLSTATE classes that say the same: 22 data exception, 23 integrity constraint violation.
_POSTGRES_RECORD_CLASSES = ("22", "23")


def is_storage_failure(exc):
    """Return True when ``exc`` says the database is failing, not that a record was refused.

    A database error is a refused record only when its code says so (PostgreSQL SQLSTATE
    class 22 or 23, SQLite TOOBIG, CONSTRAINT, MISMATCH, RANGE). Anything else the
    database raises -- disk full, I/O error, read-only, busy or locked, a lost or closed
    connection, a missing table -- is the storage. Errors that are not the database's
    (an encoding error, an overflow while binding a value) are the record's.
    """
    if isinstance(exc, StorageFailure):
        return True
    driver_error = exc
    if isinstance(exc, DjangoDatabaseError):
        driver_error = exc.__cause__ or exc
    elif not isinstance(exc, sqlite3.Error | _psycopg_error()):
        return False
    sqlstate = getattr(driver_error, "sqlstate", None)
    if sqlstate:
        return not sqlstate.startswith(_POSTGRES_RECORD_CLASSES)
    name = getattr(driver_error, "sqlite_errorname", None)
    if name:
        return not name.startswith(_SQLITE_RECORD_ERRORS)
    return not isinstance(exc, DataError | IntegrityError)


def _psycopg_error():
    try:
        import psycopg
    except ImportError:  # SQLite-only installs
        return sqlite3.Error
    return psycopg.Error


def describe(exc):
    """Return ``exc`` as one line: its text (or its type's name when it has none)."""
    text = str(exc).strip()
    return text or type(exc).__name__


def reconnect():
    """Drop the database connection so the next query opens a fresh one.

    After a storage failure the connection may be dead (terminated, closed, its
    transaction aborted); the bookkeeping that follows needs a working one. Never
    inside a transaction: there the caller's ``atomic`` owns the connection.
    """
    if connection.in_atomic_block:
        return
    with contextlib.suppress(Exception):
        connection.close()


def bookkeeping(write, *, what):
    """Run ``write()`` (saving a run's or a catalogue's status); after a storage failure, retry once.

    Return True if it was saved. Raises ``StorageFailure`` when the database cannot
    take even that: the caller stops and says so.
    """
    for attempt in (1, 2):
        try:
            write()
        except Exception as exc:
            if not is_storage_failure(exc):
                raise
            reconnect()
            if attempt == 2:
                raise StorageFailure(exc) from exc
        else:
            return True
    return False  # pragma: no cover - the loop returns or raises


# --- Hostile bytes -----------------------------------------------------------------------------


def has_hostile_text(text):
    """Return True when ``text`` holds a NUL or a lone surrogate (neither database stores them)."""
    return _HOSTILE.search(text) is not None


def may_hold_hostile_text(json_text):
    """Return False when ``json_text`` (JSON with ASCII escapes) surely holds no NUL and no lone surrogate.

    Encoded so, a NUL is ``\\u0000`` and every surrogate a ``\\udXXX`` escape: records without
    either (nearly all) need no closer look. True also for a well-formed pair (an emoji) or a
    literal backslash-u text: ``sanitise`` then looks closer.
    """
    return "\\u0000" in json_text or "\\ud" in json_text


def _clean(text):
    if not has_hostile_text(text):
        return text
    return _HOSTILE.sub(REPLACEMENT, text)


def sanitise(value):
    """Return ``(value, changed)``: ``value`` with NUL and lone surrogates replaced by U+FFFD, in keys too.

    Upstream text cut mid-emoji leaves a lone surrogate; some records carry NUL
    bytes. PostgreSQL stores neither (text nor jsonb) and SQLite's driver cannot
    encode a surrogate, so the record would be lost over one character.
    """
    if isinstance(value, (dict, list)) and _surely_clean(value):
        return value, False  # nearly every record: one walk in C instead of one per value in Python
    if isinstance(value, str):
        clean = _clean(value)
        return clean, clean is not value
    if isinstance(value, dict):
        changed = False
        result = {}
        for key, item in value.items():
            clean_key, key_changed = sanitise(key) if isinstance(key, str) else (key, False)
            clean_item, item_changed = sanitise(item)
            result[clean_key] = clean_item
            changed = changed or key_changed or item_changed
        return (result, True) if changed else (value, False)
    if isinstance(value, list):
        items = [sanitise(item) for item in value]
        if any(changed for _, changed in items):
            return [item for item, _ in items], True
        return value, False
    return value, False


def _surely_clean(value):
    """Return True when ``value`` holds no NUL and no lone surrogate anywhere, keys included.

    Encoded without ASCII escapes, a NUL shows as ``\\u0000`` and a lone surrogate stays raw,
    which UTF-8 cannot encode. False only means "look closer" (a literal backslash-u0000 text).
    """
    try:
        encoded = json.dumps(value, ensure_ascii=False)
        encoded.encode("utf-8")
    except (TypeError, ValueError):  # UnicodeEncodeError is a ValueError
        return False
    return "\\u0000" not in encoded


# --- Texts people read -------------------------------------------------------------------------


def printable(text):
    """Return ``text`` as one printable line: whitespace runs become one space, other unprintables escapes."""
    out = []
    for char in str(text):
        if char.isprintable():
            out.append(char)
        elif char.isspace():
            if out and out[-1] != " ":
                out.append(" ")
        else:
            out.append(char.encode("unicode_escape", "backslashreplace").decode("ascii"))
    return "".join(out).strip()


_kept = []  # credentials of the clients in use, besides the configured ones


def secrets(extra=()):
    """Return the configured credentials, the clients' in use and ``extra`` ones, to keep out of texts."""
    names = ("CONTIFICO_API_KEY", "CONTIFICO_API_TOKEN", "SYNC_API_TOKEN")
    return tuple(getattr(settings, name, "") or "" for name in names) + tuple(_kept) + tuple(extra)


@contextlib.contextmanager
def keeping_secret(*values):
    """Make ``say`` redact ``values`` too while the block runs (a client built with its own key)."""
    _kept.extend(values)
    try:
        yield
    finally:
        for value in values:
            _kept.remove(value)


def say(text, limit=MESSAGE_LIMIT, extra_secrets=()):
    """Return ``text`` fit for a person and for storage: without secrets, one printable line, bounded."""
    line = printable(redact(str(text), secrets(extra_secrets)))
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return line


# --- Signals -----------------------------------------------------------------------------------

_deferral = {"depth": 0, "pending": None}


def _raise_interrupted(signum, frame):
    if _deferral["depth"]:
        _deferral["pending"] = signum
        return
    raise Interrupted(signum)


@contextlib.contextmanager
def interrupt_on_signals(signals=(signal.SIGINT, signal.SIGTERM)):
    """Turn SIGINT and SIGTERM into ``Interrupted`` while the block runs.

    Only the main thread may handle signals; elsewhere (``call_command`` from a
    worker thread) the block runs with the handlers it has.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _raise_interrupted) for signum in signals}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def signals_deferred():
    """Hold SIGINT and SIGTERM while the block runs, so bookkeeping is never cut in half.

    A signal that arrives meanwhile is kept; ``pending_signal()`` returns it.
    """
    _deferral["depth"] += 1
    try:
        yield
    finally:
        _deferral["depth"] -= 1


@contextlib.contextmanager
def signals_held():
    """Hold SIGINT and SIGTERM while the block runs, then raise ``Interrupted`` for one that came.

    For a statement a signal must not cut in the middle (psycopg's pipeline would leave the
    connection busy, and the rollback would fail as a storage error). Inside an outer
    ``signals_deferred`` block the signal stays pending for that block.
    """
    with signals_deferred():
        yield
    if not _deferral["depth"] and _deferral["pending"] is not None:
        raise Interrupted(pending_signal())


def pending_signal(clear=True):
    """Return the number of a signal held by ``signals_deferred`` (and forget it), or None."""
    signum = _deferral["pending"]
    if clear:
        _deferral["pending"] = None
    return signum
