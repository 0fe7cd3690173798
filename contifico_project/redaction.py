"""One way to take secrets out of a text, used by the log filter and by the client's error texts.

A secret reaches text in many forms: as is, trimmed (a key pasted with a leading space or a
trailing newline), URL-quoted (a query string, a form body), as its ``repr`` (requests'
``InvalidHeader`` message), JSON-, unicode- and HTML-escaped (a dumped body, the debug page) and
base64 (Basic auth, a dumped payload). ``redact`` replaces each form, any ``Authorization`` value
and the password of any ``scheme://user:password@host`` URL. No Django here: the client uses it
outside a configured project too.
"""

import base64
import functools
import html
import json
import re
from urllib.parse import quote, quote_plus

from contifico_project.env import URL_PASSWORD

REDACTED = "[REDACTED]"

# Very short values would redact ordinary words; real keys are long.
MIN_SECRET_LENGTH = 6

# "Authorization: abc", 'Authorization': 'abc', authorization=abc, "Bearer abc". A value
# already redacted is left alone: every handler (console, LOG_FILE) filters the same record.
_AUTH_VALUE = re.compile(
    r"""(?P<name>authorization['"]?\s*[:=]\s*['"]?)(?:bearer\s+|token\s+|basic\s+)?(?!\[REDACTED\])(?P<value>[^'",\s}\]]+)""",
    re.IGNORECASE,
)


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


def secret_forms(secret):
    """Return every form in which ``secret`` may show up in a text (none for a short or empty one)."""
    if not isinstance(secret, str):
        return set()
    forms = set()
    for value in {secret, secret.strip()}:
        if len(value.strip()) < MIN_SECRET_LENGTH:
            continue
        forms |= {
            value,
            quote(value, safe=""),
            quote_plus(value, safe=""),
            repr(value)[1:-1],
            json.dumps(value)[1:-1],
            value.encode("unicode_escape").decode("ascii"),
            html.escape(value),
            *_base64_cores(value),
        }
    return {form for form in forms if len(form.strip()) >= MIN_SECRET_LENGTH}


@functools.lru_cache(maxsize=16)
def _pattern(secrets):
    forms = set()
    for secret in secrets:
        forms |= secret_forms(secret)
    # Longest first: one form may contain another.
    forms = sorted(forms, key=len, reverse=True)
    return re.compile("|".join(re.escape(f) for f in forms)) if forms else None


def redact(text, secrets):
    """Return ``text`` with every form of ``secrets``, Authorization values and URL passwords replaced."""
    pattern = _pattern(tuple(s for s in secrets if s))
    if pattern is not None:
        text = pattern.sub(REDACTED, text)
    text = _AUTH_VALUE.sub(lambda m: m.group("name") + REDACTED, text)
    return URL_PASSWORD.sub(lambda m: m.group("head") + REDACTED, text)
