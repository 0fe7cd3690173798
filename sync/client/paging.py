"""Paged walks over Contífico lists: v1 ``result_size``/``result_page`` and v2 envelopes.

Each page is one ``Transport.get`` call with its own retry budget. A walk ends
only on a proven end (a short or empty page, the same page again, ``next``
null, 'Pagina fuera del rango'); whether a v2 walk saw every row is the
engine's check against ``count``. See docs/contifico-api.md, "v1 lists" and
"v2 pages".
"""

import json
import logging
from collections import deque
from dataclasses import dataclass

from sync.client.errors import ContificoError, EndOfPages, MalformedPage
from sync.client.threads import DaemonPool, Scope, current_scope

logger = logging.getLogger("sync.client")

V2_PAGE_SIZE = 100  # v2 serves a fixed 100 rows per page
MIN_PAGE_SIZE = 25  # smallest v1 page we step down to on 500s/timeouts


@dataclass
class Page:
    """One page of records as served, with the API's ``count`` when it sent one."""

    records: list
    number: int
    count: int | None = None


def check_records(body, endpoint):
    """Return ``body`` when it holds a list of records (a bare array or an envelope's ``results``).

    Anything else -- an error object such as ``{"id": null, "error": "Servicio no
    disponible"}``, ``{}`` -- is a retryable ``MalformedPage``: it is never an empty list.
    """
    if isinstance(body, list) or (isinstance(body, dict) and isinstance(body.get("results"), list)):
        return body
    raise MalformedPage(
        f"expected a list or an envelope with 'results', got {type(body).__name__}: "
        f"{json.dumps(body, ensure_ascii=False)[:200]}",
        endpoint=endpoint, status=200, retryable=True,
    )


def records_of(body):
    return body if isinstance(body, list) else body["results"]


def count_of(body):
    if isinstance(body, dict) and isinstance(body.get("count"), int):
        return body["count"]
    return None


def page_key(records):
    """Return what tells one page from another for the "same page again" check.

    Each record's id, or the record itself when it has no id: two different pages of
    id-less records (v1 persona lists can carry null ids) must not look identical.
    """
    return [r.get("id") if isinstance(r, dict) and r.get("id") is not None else r for r in records]


_NOT_YET = object()


def iter_result_pages(transport, version, path, params=None, *, page_size=200, ask_ahead=False):
    """Yield v1 pages using ``result_size``/``result_page`` (1-based).

    Stops on a short or empty page, on a page identical to the previous one (an
    endpoint that ignores the paging params serves page 1 forever) and on the
    past-the-end 400/404. A 500 or a timeout halves the page size for the next
    attempt, within the page's one retry budget (v1 movements fail on big pages,
    cuenta-contable times out).

    With ``ask_ahead`` (the engine's walks, sync/client/prefetch.py), once a page
    came back full the next one is asked for while this one is still coming: two
    requests in flight instead of one, for one request past the end of a walk of
    two pages or more whose last page is short. A page asked ahead gets one attempt;
    if it fails, or the page size stepped down meanwhile, it is asked for again in
    turn, with its own retry budget.
    """
    params = dict(params or {})
    size, offset, number, previous_ids = max(1, page_size), 0, 0, None
    ahead = None  # (params, future) of the page asked for before the one in hand came back
    scope = pool = None
    if ask_ahead:
        parent = current_scope()
        scope = parent.child() if parent is not None else Scope()
        pool = DaemonPool(2, name="contifico-result", scope=scope)

    def once(asked):
        try:
            return transport.get(version, path, asked, end_of_pages=True, accept=check_records,
                                 budget=transport.budget(max_retries=0))
        except EndOfPages:
            return None

    def smaller(failure, asked):
        nonlocal size
        if not ((failure.status or 0) >= 500 or failure.timed_out) or size <= MIN_PAGE_SIZE:
            return None
        size = max(MIN_PAGE_SIZE, size // 2)
        while offset % size:  # keep the page boundary aligned
            size -= 1
        logger.warning("%s failed on a large page; stepping the page size down to %d", failure.endpoint, size)
        return {**asked, "result_size": size, "result_page": offset // size + 1}

    try:
        while True:
            asked = {**params, "result_size": size, "result_page": offset // size + 1}
            body, coming = _NOT_YET, None
            if ahead is not None:
                ahead_asked, future = ahead
                ahead = None
                coming = future if ahead_asked == asked else None
            if pool is not None and number >= 1:  # pages come full: the next one likely exists
                following = {**params, "result_size": size, "result_page": offset // size + 2}
                ahead = (following, pool.submit(once, following))
            if coming is not None:
                try:
                    body = coming.result()
                except ContificoError:
                    body = _NOT_YET  # asked for again just below, with the page's own budget
            if body is _NOT_YET:
                try:
                    body = transport.get(
                        version, path, asked, end_of_pages=True, accept=check_records, adjust=smaller
                    )
                except EndOfPages:
                    return
            if body is None:  # the page asked for ahead was past the end
                return
            records = records_of(body)
            ids = page_key(records)
            if not records or ids == previous_ids:
                return
            number += 1
            yield Page(records=records, number=number, count=count_of(body))
            if isinstance(body, dict) and body.get("next") is None:
                return
            if len(records) < size:
                return
            previous_ids = ids
            offset += len(records)
    finally:
        if pool is not None:
            scope.cancel()  # a page still asked for ahead is not wanted: no retry, no further request
            pool.shutdown()


def _has_more(body, number, records, last_page):
    """Tell whether a page after ``number`` exists: ``next``, or for a bare array, ``count``."""
    if isinstance(body, dict):
        return bool(body.get("next"))
    # A bare array where the envelope was expected is that page's rows: go on to the
    # page ``count`` (from earlier pages) implies, or while pages come full.
    return number < last_page if last_page is not None else len(records) >= V2_PAGE_SIZE


def iter_v2_pages(transport, version, path, params=None):
    """Yield v2 envelope pages (``page`` = 1, 2, …), up to ``max_concurrency`` fetched at once.

    The first page tells ``count``; later pages are prefetched in a bounded window
    and yielded in order. Stops when no page follows (``next`` null, or the last
    page ``count`` implies for a bare array), on the past-the-end 400/404, on an
    empty page and on a page identical to the previous one.
    """
    params = dict(params or {})

    def fetch(number):
        try:
            return transport.get(version, path, {**params, "page": number}, end_of_pages=True,
                                 accept=check_records)
        except EndOfPages:
            return None

    first = fetch(1)
    if first is None:
        return
    records = records_of(first)
    count = count_of(first)
    yield Page(records=records, number=1, count=count)
    per_page = len(records) or V2_PAGE_SIZE
    last_page = -(-count // per_page) if count else None
    if not records or not _has_more(first, 1, records, last_page):
        return
    previous_ids = page_key(records)
    number = next_to_submit = 2
    # The window's fetches run in a scope of their own: once the walk ends (done, failed,
    # closed, interrupted) they make no further request, retry or not.
    parent = current_scope()
    scope = parent.child() if parent is not None else Scope()
    pool = DaemonPool(transport.max_concurrency, name="contifico-v2", scope=scope)
    window = deque()
    try:
        while True:
            while len(window) < transport.max_concurrency and (
                last_page is None or next_to_submit <= last_page
            ):
                window.append(pool.submit(fetch, next_to_submit))
                next_to_submit += 1
            if not window:
                return
            body = window.popleft().result()
            if body is None:
                return
            records = records_of(body)
            ids = page_key(records)
            if not records or ids == previous_ids:
                return
            yield Page(records=records, number=number, count=count_of(body))
            if not _has_more(body, number, records, last_page):
                return
            previous_ids = ids
            if last_page is not None and number >= last_page:
                # Rows were added since page 1 was counted: keep following ``next``.
                last_page = number + 1
            number += 1
    finally:
        # Do not wait for prefetches still retrying: a failure or an interrupt
        # must surface now, not after their retries run out; cancelling the scope
        # stops their retries and any request not yet sent.
        scope.cancel()
        pool.shutdown()
