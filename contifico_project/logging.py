"""Keeping credentials out of every log line, log file and error page.

The client logs requests and responses at DEBUG, and exceptions may carry headers; the API key is
sent raw in ``Authorization`` (no scheme), so a leaked log line would be a leaked credential.
``redact`` removes each configured secret in every form it can take on its way into text, plus any
``Authorization`` value and URL password (``DATABASE_URL`` in a traceback): the one mechanism of
``contifico_project/redaction.py``, which the client's error texts use too.

Settings attach ``RedactSecretsFilter`` to every handler and make Django's error reporter
(the debug page, error e-mails) hide the same secrets by name and by value.
"""

import logging
import logging.handlers
import os
import re

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from contifico_project import redaction
from contifico_project.env import make_private_dirs
from contifico_project.redaction import MIN_SECRET_LENGTH, REDACTED  # noqa: F401 (tests import REDACTED here)

# Settings whose values are secrets wherever they appear.
SECRET_SETTINGS = ("CONTIFICO_API_KEY", "CONTIFICO_API_TOKEN", "SYNC_API_TOKEN", "SECRET_KEY")


def _configured_secrets():
    from django.conf import settings

    secrets = [getattr(settings, name, "") or "" for name in SECRET_SETTINGS]
    databases = getattr(settings, "DATABASES", {}) or {}
    secrets.extend(db.get("PASSWORD") or "" for db in databases.values())
    return tuple(s for s in secrets if isinstance(s, str) and len(s.strip()) >= MIN_SECRET_LENGTH)


def redact(text, secrets=None):
    """Return ``text`` with the configured secrets (or ``secrets``) taken out (see redaction.py)."""
    return redaction.redact(text, _configured_secrets() if secrets is None else secrets)


class RedactSecretsFilter(logging.Filter):
    """Rewrite the record's message (and exception and stack text) with secrets removed."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a bad format string is not ours to fix here
            return True
        secrets = _configured_secrets()
        record.msg = redact(message, secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, secrets)
        return True


class PrivateFileHandler(logging.handlers.WatchedFileHandler):
    """A ``WatchedFileHandler`` whose file (also after log rotation) is readable by its owner only."""

    def _open(self):
        make_private_dirs(os.path.dirname(self.baseFilename))
        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in self.mode else os.O_TRUNC)
        descriptor = os.open(self.baseFilename, flags, 0o600)
        return open(descriptor, self.mode, encoding=self.encoding, errors=self.errors)  # noqa: SIM115


class SecretsExceptionReporterFilter(SafeExceptionReporterFilter):
    """Hide secrets on the debug page and in error reports, by name and by value.

    Django hides settings and ``request.META`` entries whose names look secret; ``DATABASE_URL``
    (in ``META`` under runserver, which copies the environment) does not, and a secret can sit in a
    value under an innocent name (a URL with a password, an error text).
    """

    hidden_settings = re.compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|DATABASE_URL|DSN", flags=re.IGNORECASE
    )

    def cleanse_setting(self, key, value):
        cleansed = super().cleanse_setting(key, value)
        return redact(cleansed) if isinstance(cleansed, str) else cleansed


class RedactingExceptionReporter(ExceptionReporter):
    """Django's error reporter, with every form of the secrets removed from what it renders.

    Frame variables and the exception's own text (requests puts a bad header value in it) are
    shown verbatim by Django; redacting the rendered page catches them all.
    """

    def get_traceback_html(self):
        return redact(super().get_traceback_html())

    def get_traceback_text(self):
        return redact(super().get_traceback_text())
