"""What can go wrong talking to Contífico, and how to read its error answers."""

import json
import re

from contifico_project.redaction import redact  # noqa: F401 (the client's error texts use it from here)


class ContificoError(Exception):
    """A request to Contífico failed; carries endpoint, params and Contífico's message.

    ``retryable`` says whether asking again may help (429, 5xx, timeouts, dropped
    connections, a 200 whose body is not what was asked for); ``timed_out`` whether
    no answer came in time; ``wait`` the pause the server asked for (``Retry-After``).
    """

    def __init__(self, message, *, endpoint="", params=None, status=None, retryable=False,
                 timed_out=False, wait=None):
        self.endpoint = endpoint
        self.params = dict(params or {})
        self.status = status
        self.api_message = message
        self.retryable = retryable
        self.timed_out = timed_out
        self.wait = wait
        super().__init__(self._describe())

    def _describe(self):
        where = self.endpoint
        if self.params:
            where += "?" + "&".join(f"{k}={v}" for k, v in self.params.items())
        status = f"HTTP {self.status}" if self.status else "no response"
        return f"{where}: {status}: {self.api_message}"


class ContificoAuthError(ContificoError):
    """Contífico refused the credentials (401/403): retrying cannot help."""


class ContificoNotConfigured(ContificoError):
    """No API key is configured, or it cannot be sent (the message never holds the key)."""

    def __init__(self, message="CONTIFICO_API_KEY is not set; add it to the environment or .env."):
        super().__init__(message)

    def _describe(self):
        return self.api_message


class MalformedPage(ContificoError):
    """A 200 answer whose JSON is not a list of records (an error object, ``{}``)."""


class EndOfPages(Exception):  # noqa: N818 - a signal, not an error
    """Contífico's 'Pagina fuera del rango' answer: the previous page was the last."""


def api_message(response):
    """Return Contífico's error text from a response (``mensaje``, ``error``, ``detail`` or text)."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        for key in ("mensaje", "message", "detail", "error"):
            if body.get(key):
                return str(body[key])
        return json.dumps(body, ensure_ascii=False)[:500]
    text = (response.text or "").strip()
    if text.startswith("<"):
        # An HTML error page: its <title> is the useful part.
        start, end = text.lower().find("<title>"), text.lower().find("</title>")
        if 0 <= start < end:
            return text[start + 7 : end].strip()
    return text[:500] or response.reason or "empty response"


def is_end_of_pages(response):
    """Return True for 'Pagina fuera del rango' in its 400 or its 404 form.

    See docs/contifico-api.md, "Past the last page".
    """
    if response.status_code not in (400, 404):
        return False
    return "fuera del rango" in api_message(response).lower()


# urllib3's "<...HTTPConnection object at 0x7f..>: " and "HTTPConnection(host='h', port=9): " prefixes:
# the URL is said elsewhere in the message.
_OBJECT_REPR = re.compile(r"(?:<[\w.]+ object at 0x[0-9a-f]+>|\bHTTPS?Connection(?:Pool)?\([^)]*\)):?\s*")


def describe_request_failure(exc):
    """Return one short line for a requests exception: its innermost reason, not urllib3's nesting.

    ``ConnectionError: HTTPConnectionPool(host=..., port=9): Max retries exceeded with url: ...
    (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f..>: Failed to
    establish a new connection: [Errno 111] Connection refused'))`` becomes
    ``ConnectionError: Failed to establish a new connection: [Errno 111] Connection refused``.
    """
    reason = exc.args[0] if exc.args else exc
    reason = getattr(reason, "reason", None) or reason  # urllib3's MaxRetryError wraps the cause
    text = _OBJECT_REPR.sub("", str(reason)).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
