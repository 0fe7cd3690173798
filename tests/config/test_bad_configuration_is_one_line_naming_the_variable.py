"""Bad configuration stops every command with one line that names the variable, and exit 1.

Each value below used to end in a traceback that did not name the variable (issue 9: MissingSchema,
``invalid literal for int()``, ``KeyError: 'ENGINE'``) or was accepted and failed later.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.config.support import PRODUCTION, ROOT, child_env, manage, settings_in_child

BAD_VALUES = [
    ("CONTIFICO_API_BASE_URL", "notaurl", "must be an http:// or https:// URL"),
    ("CONTIFICO_API_BASE_URL", "ftp://api.contifico.com/sistema/api", "must be an http:// or https:// URL"),
    ("CONTIFICO_PAGE_SIZE", "abc", "must be a whole number of 1 or more"),
    ("CONTIFICO_PAGE_SIZE", "0", "must be a whole number of 1 or more"),
    ("CONTIFICO_REQUESTS_PER_SECOND", "abc", "must be a number of 0 or more"),
    ("CONTIFICO_REQUESTS_PER_SECOND", "-1", "must be a number of 0 or more"),
    ("CONTIFICO_READ_TIMEOUT", "0", "must be a number of seconds above 0"),
    ("CONTIFICO_CONNECT_TIMEOUT", "nan", "must be a number of seconds above 0"),
    ("CONTIFICO_MAX_RETRIES", "-1", "must be a whole number of 0 or more"),
    ("CONTIFICO_MAX_CONCURRENCY", "2.5", "must be a whole number of 1 or more"),
    ("SYNC_BATCH_SIZE", "0", "must be a whole number of 1 or more"),
    ("SYNC_STALE_AFTER_HOURS", "inf", "must be a number above 0"),
    ("SYNC_TASK_TIMEOUT", "6h", "must be a whole number of 1 or more"),
    ("DATABASE_URL", "garbage", "must be a database URL such as postgres://"),
    ("DATABASE_URL", "postgres://", "must be a database URL such as postgres://"),
    ("LOG_LEVEL", "loud", "must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    ("DEBUG", "ture", "must be true or false"),
    ("CSRF_TRUSTED_ORIGINS", "inventario.example.com", "entries must start with https://"),
    ("CACHE_URL", "garbage", "must be a cache URL such as filecache://"),
    ("BACKUP_KEEP", "two", "must be a whole number of 1 or more"),
]


def assert_one_line(result, *expected):
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Invalid configuration: ")
    for text in expected:
        assert text in lines[0]
    return lines[0]


@pytest.mark.parametrize(("name", "value", "form"), BAD_VALUES)
def test_a_bad_value_is_named_with_the_form_expected_and_what_was_given(tmp_path, name, value, form):
    result = manage("check", env={name: value}, tmp_path=tmp_path)
    assert_one_line(result, f"{name} {form}", f"got {value!r}")


def test_conn_max_age_is_checked_where_it_applies_on_postgresql(tmp_path):
    env = {"DATABASE_URL": "postgres://postgres@127.0.0.1:9/inventario", "CONN_MAX_AGE": "forever"}
    result = manage("check", env=env, tmp_path=tmp_path)
    assert_one_line(result, "CONN_MAX_AGE must be a whole number of 0 or more, got 'forever'")


@pytest.mark.parametrize(
    "command",
    [("check",), ("migrate", "--noinput"), ("sync_contifico",), ("qcluster",), ("shell", "-c", "1"),
     ("help",), ()],
)
def test_every_command_stops_on_bad_configuration_before_doing_anything(tmp_path, command):
    result = manage(*command, env={"CONTIFICO_PAGE_SIZE": "abc"}, tmp_path=tmp_path)
    assert_one_line(result, "CONTIFICO_PAGE_SIZE must be a whole number")
    assert not (tmp_path / "inventory.db").exists()


def test_every_problem_is_reported_at_once_in_the_same_line(tmp_path):
    env = {"CONTIFICO_PAGE_SIZE": "abc", "CONTIFICO_READ_TIMEOUT": "0", "LOG_LEVEL": "loud"}
    line = assert_one_line(manage("check", env=env, tmp_path=tmp_path))
    assert line.count(";") == 2
    for name in env:
        assert name in line


def test_a_database_url_password_is_not_repeated_in_the_message(tmp_path):
    result = manage("check", env={"DATABASE_URL": "postgress://inventario:s3cr3t-pw@db/inventario"},
                    tmp_path=tmp_path)
    line = assert_one_line(result, "DATABASE_URL must be a database URL", "inventario:***@db")
    assert "s3cr3t-pw" not in line


def test_a_value_with_a_newline_is_shown_escaped_so_the_message_stays_one_line(tmp_path):
    result = manage("check", env={"CONTIFICO_PAGE_SIZE": "20\n0"}, tmp_path=tmp_path)
    assert_one_line(result, r"got '20\n0'")


def test_surrounding_spaces_around_numbers_and_urls_are_accepted(tmp_path):
    env = {"CONTIFICO_PAGE_SIZE": " 50 ", "CONTIFICO_API_BASE_URL": " http://127.0.0.1:9/sistema/api/v1 ",
           "ALLOWED_HOSTS": "localhost, 127.0.0.1"}
    values = settings_in_child("CONTIFICO_PAGE_SIZE", "CONTIFICO_API_BASE_URL", "ALLOWED_HOSTS",
                               env=env, tmp_path=tmp_path)
    assert values == {
        "CONTIFICO_PAGE_SIZE": "50",
        "CONTIFICO_API_BASE_URL": "'http://127.0.0.1:9/sistema/api/v1'",
        "ALLOWED_HOSTS": "['localhost', '127.0.0.1']",
    }


def test_the_documented_production_configuration_is_valid(tmp_path):
    result = manage("check", env=PRODUCTION, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr


def test_gunicorn_with_bad_configuration_stops_with_the_one_line_and_no_traceback(tmp_path):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [str(gunicorn), "contifico_project.wsgi", "--bind", "127.0.0.1:0", "--workers", "1",
         "--no-control-socket"],
        cwd=ROOT, env=child_env({"CONTIFICO_PAGE_SIZE": "abc"}, tmp_path),
        capture_output=True, text=True, timeout=60,
    )
    # 4 is gunicorn's "App failed to load": it stops instead of restarting workers forever.
    assert result.returncode == 4, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("Invalid configuration:")]
    assert lines == [
        "Invalid configuration: CONTIFICO_PAGE_SIZE must be a whole number of 1 or more, got 'abc'"
    ]


def test_the_asgi_entry_point_also_stops_with_the_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import contifico_project.asgi"],
        cwd=ROOT, env=child_env({"DATABASE_URL": "garbage"}, tmp_path),
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 4
    assert result.stderr.splitlines() == [
        "Invalid configuration: DATABASE_URL must be a database URL such as "
        "postgres://inventario:password@127.0.0.1:5432/inventario, got 'garbage'"
    ]


@pytest.mark.parametrize("name", ["BACKUP_DIR", "STATIC_ROOT"])
def test_a_folder_setting_naming_a_file_is_one_line_and_a_relative_one_is_read_from_the_root(tmp_path, name):
    result = manage("check", env={name: "manage.py"}, tmp_path=tmp_path)
    assert_one_line(result, f"{name} must name a folder, but {ROOT / 'manage.py'} is a file")

    read = settings_in_child(name, env={name: "some/folder"}, tmp_path=tmp_path)
    assert read[name] == repr(ROOT / "some/folder")
