"""Secrets logged through the configured handlers never reach the log file or the console.

The child logs the key and the machine token themselves (raw, URL-quoted, in Basic-auth base64, in
a JSON body, in a traceback, through Django's request and server loggers and django-q's), so the
test fails if any handler, or any encoding, lets them through.
"""

import base64
import json
from urllib.parse import quote, quote_plus

from contifico_project.logging import REDACTED
from tests.config.support import manage

API_KEY = "FrXm+T9/w2Lq=P0s8&KdVb3nYc6H"
SYNC_TOKEN = "mQ7tV2xZ9pL4kR8sW1yB6nC3dF5gH0jKa"

LOGGING_SCRIPT = r"""
import base64, json, logging
from urllib.parse import quote, quote_plus
from django.conf import settings
key, token = settings.CONTIFICO_API_KEY, settings.SYNC_API_TOKEN
import django_q.conf  # django-q2 adds its own handler unless logging is configured first
logging.getLogger("sync.client").warning("raw key %s and token %s", key, token)
logging.getLogger("sync.client").warning(
    "GET /v1/producto/?key=%s&t=%s", quote(key, safe=""), quote_plus(token))
logging.getLogger("sync.engine").warning(
    "basic %s", base64.b64encode(f"user:{key}".encode()).decode())
logging.getLogger("sync.engine").warning("urlsafe %s", base64.urlsafe_b64encode(key.encode()).decode())
logging.getLogger("sync.engine").warning("body %s", json.dumps({"headers": {"Authorization": key}}))
logging.getLogger("django.server").warning('"GET /api/sync?token=%s HTTP/1.1" 200', token)
logging.getLogger("django-q").warning("task args (%r,)", key)
try:
    raise ValueError(f"Invalid leading whitespace in header value {key!r}")
except ValueError:
    logging.getLogger("django.request").exception("Internal Server Error: /admin/")
logging.getLogger("sync.client").warning("db postgres://inventario:pw-12345678@db/inventario")
print("logged")
"""


def forms_of(secret):
    return {
        secret,
        quote(secret, safe=""),
        quote_plus(secret),
        base64.b64encode(secret.encode()).decode().rstrip("="),
        base64.urlsafe_b64encode(secret.encode()).decode().rstrip("="),
        # Basic auth puts the key after "user:", so it starts mid-way through a base64 group.
        base64.b64encode(f"user:{secret}".encode()).decode()[8:-4],
        json.dumps(secret)[1:-1],
    }


def test_secrets_logged_through_every_configured_handler_are_redacted_in_every_form(tmp_path):
    log_file = tmp_path / "logs" / "contifico.log"
    env = {"CONTIFICO_API_KEY": API_KEY, "SYNC_API_TOKEN": SYNC_TOKEN, "LOG_FILE": str(log_file)}
    result = manage("shell", "-v", "0", "-c", LOGGING_SCRIPT, env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "logged"

    log = log_file.read_text()
    for output in (log, result.stderr):
        assert output.count(REDACTED) >= 10, output
        assert "Internal Server Error: /admin/" in output and "ValueError" in output
        assert "task args" in output and "GET /api/sync?token=" in output
        for secret in (API_KEY, SYNC_TOKEN):
            for form in forms_of(secret):
                assert form not in output, (form, output)
        assert "pw-12345678" not in output


def test_every_handler_of_every_logger_carries_the_redaction_filter(tmp_path):
    script = (
        "import logging, django_q.conf, sync.engine\n"
        "from contifico_project.logging import RedactSecretsFilter\n"
        "loggers = [logging.getLogger()] + [l for l in logging.Logger.manager.loggerDict.values()\n"
        "                                   if isinstance(l, logging.Logger)]\n"
        "handlers = {h for l in loggers for h in l.handlers if not isinstance(h, logging.NullHandler)}\n"
        "print(len(handlers), sorted(type(h).__name__ for h in handlers\n"
        "      if not any(isinstance(f, RedactSecretsFilter) for f in h.filters)))\n"
    )
    result = manage("shell", "-v", "0", "-c", script, env={"LOG_FILE": str(tmp_path / "x.log")},
                    tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    count, unfiltered = result.stdout.split(" ", 1)
    assert int(count) >= 2  # the console and the file
    assert unfiltered.strip() == "[]"
