"""Keeping credentials out of every log line, log file and error page.

The client logs requests and responses at DEBUG, and exceptions may carry headers; the API key is
sent raw in ``Authorization`` (no scheme), so a leaked log line would be a leaked credential.
``redact`` removes each configured secret in the forms it can take on its way into text: as is,
URL-quoted (a query string, a form body), base64 (Basic auth, a dumped payload), JSON- and
HTML-escaped (a dumped body, the debug page); plus any ``Authorization`` value and the password of
any ``scheme://user:password@host`` URL (``DATABASE_URL`` in a traceback).

Settings attach ``RedactSecretsFilter`` to every handler and make Django's error reporter
(the debug page, error e-mails) hide the same secrets by name and by value.
"""

import base64
import functools
import html
import json
import logging
import logging.handlers
import os
import re
from urllib.parse import quote, quote_plus

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from contifico_project.env import URL_PASSWORD, make_private_dirs

REDACTED = "[REDACTED]"

# Settings whose values are secrets wherever they appear.
SECRET_SETTINGS = ("CONTIFICO_API_KEY", "CONTIFICO_API_TOKEN", "SYNC_API_TOKEN", "SECRET_KEY")

# Very short values would redact ordinary words; real keys are long.
MIN_SECRET_LENGTH = 6

# "Authorization: abc", 'Authorization': 'abc', authorization=abc, "Bearer abc". A value
# already redacted is left alone: every handler (console, LOG_FILE) filters the same record.
_AUTH_VALUE = re.compile(
    r"""(?P<name>authorization['"]?\s*[:=]\s*['"]?)(?:bearer\s+|token\s+|basic\s+)?(?!\[REDACTED\])(?P<value>[^'",\s}\]]+)""",
    re.IGNORECASE,
)


def _configured_secrets():
    from django.conf import settings

    secrets = [getattr(settings, name, "") or "" for name in SECRET_SETTINGS]
    databases = getattr(settings, "DATABASES", {}) or {}
    secrets.extend(db.get("PASSWORD") or "" for db in databases.values())
    return tuple(s for s in secrets if isinstance(s, str) and len(s.strip()) >= MIN_SECRET_LENGTH)


def _base64_cores(secret):
    """Return the part of the secret's base64 text that is the same wherever the secret starts.

    Base64 turns 3 bytes into 4 characters, so the text depends on the secret's offset modulo 3 in
    the encoded data; for each offset, keep only the characters made from the secret's bits alone.
    """
    data = secret.encode()
    cores = []
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + data).decode()
        start = -(-8 * offset // 6)
        end = (8 * (offset + len(data))) // 6
        core = encoded[start:end]
        cores.extend({core, core.replace("+", "-").replace("/", "_")})
    return cores


@functools.lru_cache(maxsize=8)
def _pattern(secrets):
    forms = set()
    for secret in secrets:
        for variant in {secret, secret.strip()}:
            forms.update(
                {
                    variant,
                    quote(variant, safe=""),
                    quote_plus(variant, safe=""),
                    json.dumps(variant)[1:-1],
                    html.escape(variant),
                    *_base64_cores(variant),
                }
            )
    forms = sorted((f for f in forms if len(f) >= MIN_SECRET_LENGTH), key=len, reverse=True)
    return re.compile("|".join(re.escape(f) for f in forms)) if forms else None


def redact(text, secrets=None):
    """Return ``text`` with every form of the secrets, Authorization values and URL passwords replaced."""
    if secrets is None:
        secrets = _configured_secrets()
    pattern = _pattern(tuple(secrets))
    if pattern is not None:
        text = pattern.sub(REDACTED, text)
    text = _AUTH_VALUE.sub(lambda m: m.group("name") + REDACTED, text)
    return URL_PASSWORD.sub(lambda m: m.group("head") + REDACTED, text)


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
