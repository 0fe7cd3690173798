"""Logging filter that keeps Contífico credentials out of every log line.

The client logs requests and responses at DEBUG, and exceptions may carry
headers; the API key is sent raw in ``Authorization`` (no scheme), so a leaked
log line would be a leaked credential.
"""

import logging
import re

REDACTED = "[REDACTED]"

# "Authorization: abc", 'Authorization': 'abc', authorization=abc, "Bearer abc". A value
# already redacted is left alone: every handler (console, LOG_FILE) filters the same record.
_AUTH_VALUE = re.compile(
    r"""(?P<name>authorization['"]?\s*[:=]\s*['"]?)(?:bearer\s+|token\s+)?(?!\[REDACTED\])(?P<value>[^'",\s}\]]+)""",
    re.IGNORECASE,
)


def _configured_secrets():
    from django.conf import settings

    secrets = []
    for name in ("CONTIFICO_API_KEY", "CONTIFICO_API_TOKEN", "SYNC_API_TOKEN"):
        value = getattr(settings, name, "") or ""
        # Very short values would redact ordinary words; real keys are long.
        if len(value) >= 6:
            secrets.append(value)
    return secrets


def redact(text, secrets=None):
    """Return ``text`` with secrets and any Authorization value replaced."""
    if secrets is None:
        secrets = _configured_secrets()
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return _AUTH_VALUE.sub(lambda m: m.group("name") + REDACTED, text)


class RedactSecretsFilter(logging.Filter):
    """Rewrite the record's message (and exception text) with secrets removed."""

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
        return True
