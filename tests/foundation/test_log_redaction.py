import base64
import logging
from urllib.parse import quote, quote_plus

import pytest

from contifico_project.logging import REDACTED, RedactSecretsFilter

API_KEY = "FrXmT9w2LqP0s8KdVb3nYc6H"
POS_TOKEN = "8c1e6a52-3f0d-4b7e-9a11-2f5c7d9e0b34"


@pytest.fixture
def secrets(settings):
    settings.CONTIFICO_API_KEY = API_KEY
    settings.CONTIFICO_API_TOKEN = POS_TOKEN


def format_through_filter(msg, *args, exc_info=None):
    record = logging.LogRecord("sync.client", logging.DEBUG, __file__, 1, msg, args, exc_info)
    assert RedactSecretsFilter().filter(record) is True
    return logging.Formatter("%(message)s").format(record)


def test_the_api_key_is_removed_from_a_formatted_log_record(secrets):
    line = format_through_filter("GET %s with key %s", "/producto/", API_KEY)
    assert API_KEY not in line
    assert REDACTED in line
    assert "/producto/" in line


def test_an_authorization_header_value_is_removed_even_when_it_is_not_the_configured_key(secrets):
    headers = {"Authorization": "Bearer some-other-key-123", "Accept": "json"}
    line = format_through_filter("request headers: %r", headers)
    assert "some-other-key-123" not in line
    assert "'Accept': 'json'" in line


def test_the_pos_token_is_removed_from_a_formatted_log_record(secrets):
    line = format_through_filter("POST documento/ body pos=%s", POS_TOKEN)
    assert POS_TOKEN not in line


def test_secrets_inside_an_exception_traceback_are_removed(secrets):
    try:
        raise RuntimeError(f"401 for Authorization: {API_KEY}")
    except RuntimeError:
        import sys

        exc_info = sys.exc_info()
    line = format_through_filter("request failed", exc_info=exc_info)
    assert API_KEY not in line
    assert "RuntimeError" in line


@pytest.mark.parametrize(
    "encoded",
    [
        base64.b64encode(API_KEY.encode()).decode(),
        base64.b64encode(f"user:{API_KEY}".encode()).decode(),
        base64.b64encode(f"ab:{API_KEY}".encode()).decode(),
        base64.urlsafe_b64encode(f"{API_KEY}!".encode()).decode(),
    ],
)
def test_the_api_key_is_removed_in_base64_at_any_offset(secrets, encoded):
    line = format_through_filter("header X-Auth: %s", encoded)
    core = encoded[4:-4]  # whatever the offset, the middle of the encoding is the key's alone
    assert core not in line
    assert REDACTED in line


def test_the_url_quoted_key_is_removed(secrets, settings):
    settings.CONTIFICO_API_KEY = "Fr+Xm/T9=w2Lq&P0s8"
    line = format_through_filter("GET /x?key=%s&b=%s", quote(settings.CONTIFICO_API_KEY, safe=""),
                                 quote_plus(settings.CONTIFICO_API_KEY))
    assert line == f"GET /x?key={REDACTED}&b={REDACTED}"


def test_the_password_of_a_database_url_is_removed_whatever_it_is():
    line = format_through_filter("cannot connect to postgres://inventario:anything@db:5432/inventario")
    assert line == f"cannot connect to postgres://inventario:{REDACTED}@db:5432/inventario"
