"""One request to Contífico: one retry budget, rate limit, bounded concurrency, logging.

Every GET goes through ``Transport.get`` (or ``Transport.open_stream``). Whatever
fails on the way -- a 429 or 5xx, a timeout, a dropped connection, a body cut
short, malformed JSON, a 200 whose body is not what was asked for -- is paid
from the same ``Budget``: one call makes at most ``1 + max_retries`` requests.
The lock lease (``sync.locks.lease``) is derived from ``worst_case_seconds``.
See docs/contifico-api.md, "Errors, throttling and slowness".
"""

import contextlib
import email.utils
import logging
import random
import threading
import time

import requests

from contifico_project import __version__
from contifico_project.env import strip_api_version
from sync.client.errors import (
    ContificoAuthError,
    ContificoError,
    ContificoNotConfigured,
    EndOfPages,
    api_message,
    describe_request_failure,
    is_end_of_pages,
    redact,
)
from sync.client.threads import current_scope, pause

logger = logging.getLogger("sync.client")

USER_AGENT = f"InventarioContifico/{__version__} (+https://github.com/inventario-contifico)"
LOG_BODY_LIMIT = 2048
BACKOFF_BASE = 0.5
BACKOFF_CAP = 30.0
RETRY_AFTER_CAP = 120.0
# Throttling and server-side failures (the generated SDK retries 408/413/429/5xx/52x too).
RETRY_STATUSES = {408, 413, 429, 500, 502, 503, 504, 520, 521, 522, 524}


def worst_case_seconds(max_retries, connect_timeout, read_timeout, backoff_cap=BACKOFF_CAP,
                       retry_after_cap=RETRY_AFTER_CAP):
    """Return the longest one call can take: every attempt times out, every pause is the longest."""
    attempts = 1 + max_retries
    pause = max(backoff_cap * 1.5, retry_after_cap)  # 1.5: the jitter's upper end
    return attempts * (connect_timeout + read_timeout) + max_retries * pause


def retry_after_seconds(response, cap):
    """Return the wait a 429/503 asks for (``Retry-After`` in seconds or an HTTP date), capped."""
    value = (response.headers.get("Retry-After") or "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return max(0.0, min(seconds, cap))


class RateLimiter:
    """Space request starts at least ``1/rate`` seconds apart, across threads.

    Called by a thread that already holds its concurrency slot, so the request
    starts as soon as the wait ends and starts stay spaced even when more
    threads want to fetch than there are slots.
    """

    def __init__(self, requests_per_second):
        self.interval = 1.0 / requests_per_second if requests_per_second and requests_per_second > 0 else 0.0
        self._lock = threading.Lock()
        self._next = 0.0

    def wait(self):
        if not self.interval:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            pause(start - now)  # ends early, with Cancelled, if the walk was abandoned


class Slots:
    """``CONTIFICO_MAX_CONCURRENCY`` request slots, of which background requests may hold all but one.

    Background requests are those fetched ahead of the engine (``sync.client.prefetch``):
    the catalogue the engine waits on always has a slot to come, even when slow whole
    lists fetched ahead take tens of seconds each. A scope can leave the background
    while its request waits (the engine reached its walk); ``wake`` makes it look again.
    """

    def __init__(self, size):
        self.size = size
        self.background_size = max(1, size - 1)
        self._holders = []  # the scope (or None) of each request holding a slot
        self._free = threading.Condition()

    def _may_start(self, scope):
        if len(self._holders) >= self.size:
            return False
        if scope is None or not scope.background:
            return True
        # Counted as they are now: a request fetched ahead may have become the engine's since.
        return sum(1 for held in self._holders if held is not None and held.background) < self.background_size

    @contextlib.contextmanager
    def hold(self, scope=None):
        with self._free:
            while not self._may_start(scope):
                self._free.wait()
            self._holders.append(scope)
        try:
            yield
        finally:
            with self._free:
                self._holders.remove(scope)
                self._free.notify_all()

    def wake(self):
        with self._free:
            self._free.notify_all()


class Budget:
    """The retries one call may spend; ``spend`` sleeps before the next attempt or raises."""

    def __init__(self, max_retries, backoff_base, backoff_cap):
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.spent = 0

    def spend(self, failure):
        if not failure.retryable or self.spent >= self.max_retries:
            raise failure
        self.spent += 1
        wait = failure.wait
        if wait is None:
            wait = min(self.backoff_cap, self.backoff_base * 2 ** (self.spent - 1))
            wait *= random.uniform(0.5, 1.5)  # noqa: S311 - jitter, not security
        logger.warning("Contífico %s, retry %d/%d in %.1fs", failure, self.spent, self.max_retries, wait)
        pause(wait)  # ends early, with Cancelled, if the walk was abandoned


def is_header_safe(value):
    """Return True when ``value`` can be sent as an HTTP header value as it is."""
    return all(" " <= char <= "~" or "\xa0" <= char <= "\xff" for char in value)


class Transport:
    """A session to one Contífico company. Thread-safe for GETs."""

    def __init__(self, *, api_key, base_url, connect_timeout=10.0, read_timeout=120.0, max_retries=6,
                 requests_per_second=5.0, max_concurrency=2, backoff_base=BACKOFF_BASE,
                 backoff_cap=BACKOFF_CAP, retry_after_cap=RETRY_AFTER_CAP):
        # A key pasted with a space or a line break around it ("KEY= value", a trailing
        # newline) is the same key; one with a break or control character inside cannot
        # be sent as a header, and requests would say so with the key in its message.
        api_key = (api_key or "").strip()
        if not api_key:
            raise ContificoNotConfigured()
        if not is_header_safe(api_key):
            raise ContificoNotConfigured(
                "CONTIFICO_API_KEY holds a character an HTTP header cannot carry (a line break, a "
                "control character or a non-Latin-1 letter); copy the key again from Contífico."
            )
        self.secrets = (api_key,)
        self.base_url = strip_api_version(base_url)
        self.timeout = (connect_timeout, read_timeout)
        self.max_retries = max_retries
        self.max_concurrency = max(1, max_concurrency)
        self.backoff = (backoff_base, backoff_cap)
        self.retry_after_cap = retry_after_cap
        self.rate_limiter = RateLimiter(requests_per_second)
        self._slots = Slots(self.max_concurrency)
        self.session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(
            pool_connections=4, pool_maxsize=self.max_concurrency + 2, max_retries=0
        )
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        # Contífico wants the raw key, no "Bearer" (see docs/contifico-api.md, "Authentication").
        self.session.headers.update(
            {"Authorization": api_key, "User-Agent": USER_AGENT, "Accept": "application/json"}
        )

    @classmethod
    def from_settings(cls, **overrides):
        """Build a client from Django settings (CONTIFICO_*), with keyword overrides."""
        from django.conf import settings

        options = {
            "api_key": settings.CONTIFICO_API_KEY,
            "base_url": settings.CONTIFICO_API_BASE_URL,
            "connect_timeout": settings.CONTIFICO_CONNECT_TIMEOUT,
            "read_timeout": settings.CONTIFICO_READ_TIMEOUT,
            "max_retries": settings.CONTIFICO_MAX_RETRIES,
            "requests_per_second": settings.CONTIFICO_REQUESTS_PER_SECOND,
            "max_concurrency": settings.CONTIFICO_MAX_CONCURRENCY,
        }
        options.update(overrides)
        return cls(**options)

    def close(self):
        self.session.close()

    def reprioritise(self):
        """Tell requests waiting for a slot that a scope left the background (see ``Slots``)."""
        self._slots.wake()

    def budget(self, max_retries=None):
        return Budget(self.max_retries if max_retries is None else max_retries, *self.backoff)

    def url(self, version, path):
        # Collections always get their trailing slash: v2 answers 301 without it.
        return f"{self.base_url}/{self.endpoint(version, path)}"

    @staticmethod
    def endpoint(version, path):
        return f"{version}/{path.strip('/')}/"

    def get(self, version, path, params=None, *, end_of_pages=False, accept=None, adjust=None, budget=None):
        """GET ``version/path`` and return the decoded JSON (through ``accept`` when given).

        ``accept(body, endpoint)`` may raise a retryable ``ContificoError`` for a 200 whose
        body is not what was asked for; ``adjust(failure, params)`` may return other params
        for the next attempt (a smaller page). Raises ``EndOfPages`` for the past-the-end
        answer when ``end_of_pages`` is set, ``ContificoAuthError`` on 401/403 and
        ``ContificoError`` once the budget is spent or the failure cannot be retried.
        """
        budget = budget or self.budget()
        params = dict(params or {})
        endpoint = self.endpoint(version, path)
        while True:
            try:
                response = self._attempt(version, path, params, end_of_pages=end_of_pages)
                try:
                    body = response.json()
                except ValueError as exc:  # a truncated or garbled body: a transfer failure
                    raise ContificoError(
                        redact(f"malformed JSON ({exc}); body starts {response.text[:120]!r}", self.secrets),
                        endpoint=endpoint, params=params, status=200, retryable=True,
                    ) from None
                return accept(body, endpoint) if accept else body
            except ContificoError as failure:
                budget.spend(failure)
                if adjust:
                    params = adjust(failure, params) or params

    def open_stream(self, version, path, params=None, *, budget):
        """Return a 200 response whose body is still to be read, paying failures from ``budget``."""
        while True:
            try:
                return self._attempt(version, path, dict(params or {}), stream=True)
            except ContificoError as failure:
                budget.spend(failure)

    def _attempt(self, version, path, params, *, stream=False, end_of_pages=False):
        """Make one request; return the 200 response or raise a ``ContificoError`` saying why not."""
        endpoint = self.endpoint(version, path)
        try:
            response = self._send(self.url(version, path), params, stream=stream)
        # A body cut short is ChunkedEncodingError, which is neither Timeout nor ConnectionError.
        except (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            raise ContificoError(
                redact(describe_request_failure(exc), self.secrets), endpoint=endpoint, params=params,
                retryable=True, timed_out=isinstance(exc, requests.Timeout),
            ) from None
        except requests.RequestException as exc:  # InvalidHeader, InvalidURL...: asking again cannot help
            raise ContificoError(
                redact(describe_request_failure(exc), self.secrets), endpoint=endpoint, params=params,
            ) from None
        if response.status_code == 200:
            return response
        if stream:
            response.content  # noqa: B018 - read the error body before closing
            response.close()
        if end_of_pages and is_end_of_pages(response):
            raise EndOfPages()
        status = response.status_code
        failure_class = ContificoAuthError if status in (401, 403) else ContificoError
        # Some gateways echo the request's headers in their error page: the key must not ride along.
        raise failure_class(
            redact(api_message(response), self.secrets), endpoint=endpoint, params=params, status=status,
            retryable=status in RETRY_STATUSES, wait=retry_after_seconds(response, self.retry_after_cap),
        )

    def _send(self, url, params, stream=False):
        scope = current_scope()
        with self._slots.hold(scope):
            self.rate_limiter.wait()
            if scope is not None:
                scope.check()  # abandoned while waiting for a slot or its turn: do not send
            started = time.monotonic()
            try:
                response = self.session.get(
                    url, params=params, timeout=self.timeout, allow_redirects=True, stream=stream
                )
                # Read the body inside the slot so concurrency really is bounded.
                body = b"" if stream else response.content
            except requests.RequestException as exc:
                logger.debug("GET %s params=%s failed after %.0f ms: %r",
                             url, params, (time.monotonic() - started) * 1000, exc)
                raise
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "GET %s params=%s -> %s in %.0f ms, %d bytes: %s",
                url, params, response.status_code, (time.monotonic() - started) * 1000, len(body),
                body[:LOG_BODY_LIMIT].decode("utf-8", "replace"),
            )
        return response
