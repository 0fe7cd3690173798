"""Which database errors blame the storage and which blame a record, by their codes.

Disk full, read-only, lock timeouts and lost connections are made for real in the
other tests here; an I/O error cannot be, so the classification is checked on the
drivers' own exception classes for every case the engine must tell apart.
"""

import sqlite3

import psycopg.errors
import pytest
from django.db import utils

from sync.failures import is_storage_failure


def wrapped(driver_error, django_class=utils.OperationalError):
    """Return ``driver_error`` as Django raises it: its own class, the driver's error as the cause."""
    error = django_class(str(driver_error))
    error.__cause__ = driver_error
    return error


def sqlite_error(name, message, cls=sqlite3.OperationalError):
    error = cls(message)
    error.sqlite_errorname = name
    return error


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("SQLITE_FULL", "database or disk is full"),
        ("SQLITE_IOERR_WRITE", "disk I/O error"),
        ("SQLITE_READONLY", "attempt to write a readonly database"),
        ("SQLITE_BUSY", "database is locked"),
        ("SQLITE_CANTOPEN", "unable to open database file"),
        ("SQLITE_CORRUPT", "database disk image is malformed"),
    ],
)
def test_sqlite_storage_errors_blame_the_storage(name, message):
    assert is_storage_failure(wrapped(sqlite_error(name, message)))


def test_a_sqlite_constraint_on_a_value_blames_the_record():
    error = sqlite_error("SQLITE_CONSTRAINT_CHECK", "CHECK constraint failed", sqlite3.IntegrityError)
    assert not is_storage_failure(wrapped(error, utils.IntegrityError))


@pytest.mark.parametrize(
    "sqlstate",
    ["53100", "58030", "25006", "55P03", "57014", "57P01", "08006", "40P01", "42P01", "XX001"],
    ids=["disk full", "io error", "read only", "lock timeout", "statement timeout", "terminated",
         "connection failure", "deadlock", "no such table", "corrupted"],
)
def test_postgres_storage_errors_blame_the_storage(sqlstate):
    assert is_storage_failure(wrapped(psycopg.errors.lookup(sqlstate)("the server said no")))


@pytest.mark.parametrize("sqlstate", ["22P05", "22021", "22P02", "22003", "23505"])
def test_postgres_data_errors_blame_the_record(sqlstate):
    assert not is_storage_failure(wrapped(psycopg.errors.lookup(sqlstate)("bad value"), utils.DataError))


def test_a_closed_connection_without_a_code_blames_the_storage():
    assert is_storage_failure(utils.InterfaceError("connection already closed"))


def test_errors_that_are_not_the_databases_blame_the_record():
    assert not is_storage_failure(UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"))
    assert not is_storage_failure(OverflowError("Python int too large to convert to SQLite INTEGER"))
