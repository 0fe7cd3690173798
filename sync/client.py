"""The one door for HTTP to Contífico.

Everything that talks to the API goes through ``ContificoClient``: a pooled
``requests`` session with fixed timeouts, a User-Agent, the raw API key,
retries with backoff, a client-side rate limit and bounded concurrency, and
paging that can neither loop forever nor stop early. What we know of the real
API (and the section each quirk comes from) is in ../shared/contifico-api.md.
"""

import codecs
import email.utils
import json
import logging
import random
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests

from contifico_project import __version__
from contifico_project.env import strip_api_version

logger = logging.getLogger(__name__)

USER_AGENT = f"InventarioContifico/{__version__} (+https://github.com/inventario-contifico)"
V2_PAGE_SIZE = 100  # v2 serves a fixed 100 rows per page (Part B §3.2)
MIN_PAGE_SIZE = 25  # smallest page we step down to on 500s/timeouts (Part B §6.3)
LOG_BODY_LIMIT = 2048

# Statuses worth another try: throttling and server-side failures (Part B §6.2;
# the generated SDK retries 408/413/429/5xx/52x).
RETRY_STATUSES = {408, 413, 429, 500, 502, 503, 504, 520, 521, 522, 524}


class ContificoError(Exception):
    """A request to Contífico failed; carries endpoint, params and Contífico's message."""

    def __init__(self, message, *, endpoint="", params=None, status=None):
        self.endpoint = endpoint
        self.params = dict(params or {})
        self.status = status
        self.api_message = message
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
    """No API key is configured."""

    def __init__(self):
        super().__init__("CONTIFICO_API_KEY is not set; add it to the environment or .env.")

    def _describe(self):
        return self.api_message


class EndOfPages(Exception):
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
    """Return True for the 400/404 'Pagina fuera del rango' that ends v2 paging (Part B §3.2)."""
    if response.status_code not in (400, 404):
        return False
    return "fuera del rango" in api_message(response).lower()


def retry_after_seconds(response, cap):
    """Return the wait a 429/503 asks for (``Retry-After`` in seconds or an HTTP date), capped."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - time.time()
    return max(0.0, min(seconds, cap))


class RateLimiter:
    """Space request starts at least ``1/rate`` seconds apart, across threads."""

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
            time.sleep(start - now)


@dataclass
class Page:
    """One page of records as served, with what the engine needs to judge completeness."""

    records: list
    number: int
    count: int | None = None  # v2's ``count`` (may exceed the unique ids, Part B §3.3)


class ContificoClient:
    """A session to one Contífico company. Thread-safe for GETs."""

    def __init__(
        self,
        *,
        api_key,
        base_url,
        connect_timeout=10.0,
        read_timeout=120.0,
        max_retries=6,
        requests_per_second=5.0,
        max_concurrency=2,
        backoff_base=0.5,
        backoff_cap=30.0,
        retry_after_cap=120.0,
    ):
        if not api_key:
            raise ContificoNotConfigured()
        self.base_url = strip_api_version(base_url)  # older configs carried the version
        self.timeout = (connect_timeout, read_timeout)
        self.max_retries = max_retries
        self.max_concurrency = max(1, max_concurrency)
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.retry_after_cap = retry_after_cap
        self.rate_limiter = RateLimiter(requests_per_second)
        self._slots = threading.BoundedSemaphore(self.max_concurrency)
        self.session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(
            pool_connections=4, pool_maxsize=self.max_concurrency + 2, max_retries=0
        )
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        # Contífico wants the raw key, no "Bearer" (Part B §2.1: Bearer → 401).
        self.session.headers.update(
            {"Authorization": api_key, "User-Agent": USER_AGENT, "Accept": "application/json"}
        )
        self.requests_made = 0

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

    def url(self, version, path):
        # Collections always get their trailing slash: v2 answers 301 without it (Part B §1).
        path = path.strip("/") + "/"
        return f"{self.base_url}/{version}/{path}"

    # --- single requests ----------------------------------------------------

    def get(self, version, path, params=None, *, max_retries=None, end_of_pages=False):
        """GET ``version/path`` and return the decoded JSON.

        Retries 429, 5xx, timeouts, dropped connections and malformed JSON with
        exponential backoff and jitter (``Retry-After`` honoured). Raises
        ``EndOfPages`` for the past-the-end 400/404 when ``end_of_pages`` is set,
        ``ContificoAuthError`` on 401/403 and ``ContificoError`` otherwise.
        """
        retries = self.max_retries if max_retries is None else max_retries
        attempt = 0
        while True:
            attempt += 1
            response = self.get_response(
                version, path, params, max_retries=retries, end_of_pages=end_of_pages
            )
            try:
                return response.json()
            except ValueError as exc:
                # A truncated or garbled body is a transfer failure: ask again.
                failure = ContificoError(
                    f"malformed JSON ({exc}); body starts {response.text[:120]!r}",
                    endpoint=self.endpoint(version, path), params=params, status=200,
                )
                failure.timed_out = False
                self._pause_before_retry(failure, attempt, retries)

    def get_response(self, version, path, params=None, *, max_retries=None, end_of_pages=False,
                     stream=False):
        """GET and return the 200 response, retrying what can be retried (see ``get``)."""
        url = self.url(version, path)
        endpoint = self.endpoint(version, path)
        params = dict(params or {})
        retries = self.max_retries if max_retries is None else max_retries
        attempt = 0
        while True:
            attempt += 1
            wait = None
            try:
                response = self._send(url, params, stream=stream)
            # A body cut short (the server closed before Content-Length / the last chunk) is
            # ChunkedEncodingError, which is neither Timeout nor ConnectionError: without it here
            # a truncated answer escaped as a raw requests exception, unretried.
            except (requests.Timeout, requests.ConnectionError,
                    requests.exceptions.ChunkedEncodingError) as exc:
                failure = ContificoError(
                    f"{type(exc).__name__}: {exc}", endpoint=endpoint, params=params
                )
                failure.timed_out = isinstance(exc, requests.Timeout)
            else:
                if response.status_code == 200:
                    return response
                if stream:
                    response.content  # noqa: B018 - read the error body before closing
                    response.close()
                if end_of_pages and is_end_of_pages(response):
                    raise EndOfPages()
                message = api_message(response)
                failure_class = ContificoAuthError if response.status_code in (401, 403) else ContificoError
                failure = failure_class(
                    message, endpoint=endpoint, params=params, status=response.status_code
                )
                failure.timed_out = False
                if response.status_code not in RETRY_STATUSES:
                    raise failure
                wait = retry_after_seconds(response, self.retry_after_cap)
            self._pause_before_retry(failure, attempt, retries, wait)

    def _pause_before_retry(self, failure, attempt, retries, wait=None):
        """Sleep before the next attempt, or raise ``failure`` when no retries are left."""
        if attempt > retries:
            raise failure
        if wait is None:
            wait = min(self.backoff_cap, self.backoff_base * 2 ** (attempt - 1))
            wait *= random.uniform(0.5, 1.5)  # noqa: S311 - jitter, not security
        logger.warning("Contífico %s, retry %d/%d in %.1fs", failure, attempt, retries, wait)
        time.sleep(wait)

    @staticmethod
    def endpoint(version, path):
        return f"{version}/{path.strip('/')}/"

    def get_detail(self, version, path, record_id):
        """Return one record by id, or None when Contífico says it does not exist (404).

        Some detail endpoints answer a one-element array (persona, banco/movimiento,
        Part B §7 item 11); both shapes are accepted.
        """
        try:
            body = self.get(version, f"{path.strip('/')}/{record_id}")
        except ContificoError as exc:
            if exc.status == 404:
                return None
            raise
        if isinstance(body, list):
            return body[0] if body else None
        return body

    def _send(self, url, params, stream=False):
        self.rate_limiter.wait()
        with self._slots:
            started = time.monotonic()
            self.requests_made += 1
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

    # --- paging -------------------------------------------------------------

    def iter_unpaged(self, version, path, params=None, *, chunk_size=500):
        """Yield a collection that Contífico serves whole, in chunks, without loading it all.

        v1 answers un-paged collections as one (possibly huge) JSON array
        (Part B §3.4); it is parsed incrementally as it arrives. If the
        transfer breaks, the whole request is made again: records already
        yielded come again, and the engine writes a record seen twice once.
        """
        label = f"{version}/{path}"
        attempt = 0
        while True:
            attempt += 1
            response = self.get_response(version, path, params, stream=True)
            number = 0
            try:
                for records in _stream_json_array(response, chunk_size, label):
                    number += 1
                    yield Page(records=records, number=number)
                return
            except (requests.RequestException, ValueError) as exc:
                failure = ContificoError(
                    f"transfer failed after {number} chunk(s): {type(exc).__name__}: {exc}",
                    endpoint=self.endpoint(version, path), params=params, status=200,
                )
                failure.timed_out = isinstance(exc, requests.Timeout)
                self._pause_before_retry(failure, attempt, self.max_retries)
            finally:
                response.close()

    def iter_result_pages(self, version, path, params=None, *, page_size=200):
        """Yield v1 pages using ``result_size``/``result_page`` (1-based).

        Stops on a short or empty page, on a page identical to the previous one
        (an endpoint that ignores the paging params would serve page 1 forever,
        Part B §7 item 2) and on the past-the-end 400/404. A 500 or a timeout on
        a large page halves the page size (v1 movements fail on big pages,
        cuenta-contable times out, Part B §5.7, §6.3).
        """
        params = dict(params or {})
        size = max(1, page_size)
        offset = 0
        number = 0
        previous_ids = None
        # The short retry budget on large pages is for finding a page size that works; a 429, a
        # dropped connection or a cut body says nothing about the page size, and two of them in a
        # row used to end the whole walk. Such a page is asked again with the full budget.
        full_budget = False
        while True:
            page_params = {**params, "result_size": size, "result_page": offset // size + 1}
            try:
                body = self.get(
                    version, path, page_params, end_of_pages=True,
                    max_retries=1 if size > MIN_PAGE_SIZE and not full_budget else None,
                )
            except EndOfPages:
                return
            except ContificoAuthError:
                raise
            except ContificoError as exc:
                server_side = (exc.status or 0) >= 500 or getattr(exc, "timed_out", False)
                if server_side and size > MIN_PAGE_SIZE:
                    size = max(MIN_PAGE_SIZE, size // 2)
                    while offset % size:  # keep the page boundary aligned
                        size -= 1
                    logger.warning("%s failed on a large page; stepping the page size down to %d",
                                   exc.endpoint, size)
                    full_budget = False
                    continue
                retryable = (exc.status or 0) < 400 or exc.status in RETRY_STATUSES
                if retryable and size > MIN_PAGE_SIZE and not full_budget:
                    full_budget = True
                    continue
                raise
            full_budget = False
            records = _records_of(body, f"{version}/{path}")
            ids = _page_key(records)
            if not records or ids == previous_ids:
                return
            number += 1
            yield Page(records=records, number=number, count=_count_of(body))
            if isinstance(body, dict) and body.get("next") is None and "results" in body:
                return
            if len(records) < size:
                return
            previous_ids = ids
            offset += len(records)

    def iter_v2_pages(self, version, path, params=None):
        """Yield v2 envelope pages (``page`` = 1, 2, …), up to ``max_concurrency`` fetched at once.

        The first page tells ``count``; later pages are prefetched in a bounded
        window and yielded in order. Stops when ``next`` is null, on the
        past-the-end 400/404, on an empty page, on a page identical to the
        previous one, and after the number of pages ``count`` implies. A bare
        array instead of the envelope is taken as the whole list (Part B §3.2).
        """
        params = dict(params or {})
        label = f"{version}/{path}"
        try:
            first = self.get(version, path, {**params, "page": 1}, end_of_pages=True)
        except EndOfPages:
            return
        records = _records_of(first, label)
        yield Page(records=records, number=1, count=_count_of(first))
        if not isinstance(first, dict) or not first.get("next") or not records:
            return
        count = _count_of(first)
        per_page = len(records) or V2_PAGE_SIZE
        last_page = -(-count // per_page) if count else None
        previous_ids = _page_key(records)

        def fetch(number):
            try:
                return self.get(version, path, {**params, "page": number}, end_of_pages=True)
            except EndOfPages:
                return None

        number = 2
        pool = ThreadPoolExecutor(max_workers=self.max_concurrency, thread_name_prefix="contifico")
        window = deque()
        next_to_submit = 2
        try:
            while True:
                while len(window) < self.max_concurrency and (
                    last_page is None or next_to_submit <= last_page
                ):
                    window.append(pool.submit(fetch, next_to_submit))
                    next_to_submit += 1
                if not window:
                    return
                body = window.popleft().result()
                if body is None:
                    return
                records = _records_of(body, label)
                ids = _page_key(records)
                if not records or ids == previous_ids:
                    return
                yield Page(records=records, number=number, count=_count_of(body))
                if not isinstance(body, dict) or not body.get("next"):
                    return
                previous_ids = ids
                if last_page is not None and number >= last_page:
                    # Rows were added since page 1 was counted: keep following ``next``.
                    last_page = number + 1
                number += 1
        finally:
            # Do not wait for prefetches still retrying: a failure or an
            # interrupt must surface now, not after their retries run out.
            pool.shutdown(wait=False, cancel_futures=True)


class MalformedPage(ContificoError):
    """A 200 answer whose JSON is neither a list nor an envelope with ``results``."""


def _records_of(body, label):
    """Return the list of records in a page: a bare array or an envelope's ``results``."""
    if isinstance(body, list):
        return body
    if isinstance(body, dict):
        results = body.get("results")
        if isinstance(results, list):
            return results
        if "id" in body:  # a single object where a list was expected
            return [body]
    raise MalformedPage(
        f"expected a list or an envelope with 'results', got {type(body).__name__}: "
        f"{json.dumps(body, ensure_ascii=False)[:200]}",
        endpoint=label,
        status=200,
    )


def _page_key(records):
    """Return what tells one page from another for the "same page again" check.

    Each record's id, or the record itself when it has no id: ids alone made two
    different pages of id-less records (persona.id can be null in v1 lists, Part B
    §7 item 16) look identical, and paging stopped after the first page.
    """
    return [r.get("id") if isinstance(r, dict) and r.get("id") is not None else r for r in records]


def _count_of(body):
    if isinstance(body, dict) and isinstance(body.get("count"), int):
        return body["count"]
    return None


def _stream_json_array(response, chunk_size, label):
    """Yield lists of up to ``chunk_size`` items of a JSON array body, parsed as it streams.

    An envelope (``{"results": …}``) cannot be streamed; it is read whole.
    Raises ValueError when the body is not JSON or ends before ``]``.
    """
    decoder = json.JSONDecoder()
    utf8 = codecs.getincrementaldecoder("utf-8")("replace")
    buffer, pos, started, batch = "", 0, False, []
    for raw in response.iter_content(chunk_size=64 * 1024):
        buffer = buffer[pos:] + utf8.decode(raw)
        pos = 0
        while True:
            while pos < len(buffer) and buffer[pos] in " \t\r\n,":
                if buffer[pos] == "," and not started:
                    raise ValueError("body does not start with a JSON array")
                pos += 1
            if pos >= len(buffer):
                break
            if not started:
                if buffer[pos] == "{":
                    tail = b"".join(response.iter_content(64 * 1024))
                    body = json.loads(buffer[pos:] + utf8.decode(tail, final=True))
                    if isinstance(body, dict) and body.get("next"):
                        # A paged envelope where the whole list was expected: taking
                        # page 1 as everything would mark the rest deleted.
                        raise MalformedPage(
                            "a paged envelope (with 'next') where the whole list was expected",
                            endpoint=label, status=200,
                        )
                    yield _records_of(body, label)
                    return
                if buffer[pos] != "[":
                    raise ValueError(f"body is not JSON: {buffer[pos:pos + 80]!r}")
                started = True
                pos += 1
                continue
            if buffer[pos] == "]":
                if batch:
                    yield batch
                return
            try:
                item, pos = decoder.raw_decode(buffer, pos)
            except ValueError:
                break  # the item continues in the next chunk
            batch.append(item)
            if len(batch) >= chunk_size:
                yield batch
                batch = []
    raise ValueError("the JSON array ended before its closing bracket")
