"""Fetch the next list walks of a run while the engine writes the current one.

The engine reads its catalogues one after another, and that stays so: every
write, transaction and failure rule is the engine's. What overlaps is the
waiting. Given the run's plan (every walk it will make, in order), the
``Lookahead`` keeps the walk being read and the next ``LOOKAHEAD`` ones
fetching in daemon threads (up to ``HELD_AHEAD`` walks ahead when the nearer ones
are fetched or wait for the engine to take their pages):

- a whole-list (un-paged) v1 walk downloads its one body into a temporary
  file (on disk past 1 MiB), parsed later by the engine's streaming parser;
- a paged walk (``result_*`` or v2) runs its usual walk and holds at most
  ``PAGES_AHEAD`` pages the engine has not taken yet; a ``result_*`` walk asks for
  its next page while a page is still coming, once pages come full
  (``paging.iter_result_pages``, ``ask_ahead``).

Every request still goes through the client's ``Transport``: one rate limiter,
``CONTIFICO_MAX_CONCURRENCY`` slots, of which walks fetched ahead may hold all
but one. A walk's error is kept and raised, the same exception, only when the
engine reaches that point of that walk. Walks the engine passes by (a catalogue
that failed midway) and every walk still fetching when the run ends are
cancelled: they make no further request. Nothing is fetched ahead before
Contífico has answered one request of the run: a refused key or an API that
cannot be reached costs the one walk the engine is reading, not one per walk.
"""

import logging
import threading
from collections import deque
from dataclasses import dataclass

from sync.client import paging, unpaged
from sync.client.threads import Cancelled, Scope, using
from sync.client.transport import Transport

logger = logging.getLogger("sync.client")

LOOKAHEAD = 3  # walks fetching ahead of the one the engine reads
HELD_AHEAD = 6  # walks started ahead of it in all, fetched or fetching (each holds a few pages or a file)
PAGES_AHEAD = 2  # pages a paged walk may hold that the engine has not taken
# ... and the walk the engine reads, or reads next once that one is fetched: while the engine
# writes the last pages of a long walk, the next one keeps the requests going.
NEXT_PAGES_AHEAD = 4


@dataclass(frozen=True)
class Walk:
    """One list walk as the engine asks for it: kind (``Paging`` value), endpoint, params, page size."""

    kind: str
    version: str
    path: str
    params: tuple = ()
    page_size: int | None = None

    @classmethod
    def of(cls, kind, version, path, params=None, page_size=None):
        return cls(kind, version, path.strip("/"), tuple(sorted((params or {}).items())),
                   page_size if kind == "result" else None)


_END = object()


class _Failure:
    def __init__(self, error):
        self.error = error


class _Channel:
    """A bounded queue of pages whose producer gives up once its scope is cancelled."""

    def __init__(self, size, on_full=None):
        self._items = deque()
        self._size = size
        self._ready = threading.Condition()
        self.full = False  # the producer waits for the engine to take a page
        self._on_full = on_full

    def put(self, item, scope):
        with self._ready:
            if len(self._items) >= self._size and self._on_full:
                self.full = True
                self._ready.release()
                try:
                    self._on_full()  # another walk may fetch in its stead
                finally:
                    self._ready.acquire()
            while len(self._items) >= self._size and not scope.cancelled:
                self.full = True
                self._ready.wait()
            self.full = False
            scope.check()
            self._items.append(item)
            self._ready.notify_all()

    def put_last(self, item):
        """Put the end or a failure: always room for it."""
        with self._ready:
            self._items.append(item)
            self._ready.notify_all()

    def get(self):
        with self._ready:
            while not self._items:
                self._ready.wait()
            item = self._items.popleft()
            self._ready.notify_all()
            return item

    def wake(self):
        with self._ready:
            self._ready.notify_all()

    def grow(self, size):
        with self._ready:
            self._size = max(self._size, size)
            self._ready.notify_all()


class _Job:
    """One planned walk: its producer thread and what it fetched so far."""

    def __init__(self, client, walk, on_answer, on_finish):
        self.client = client
        self.walk = walk
        self.on_answer = on_answer  # called once the walk's first answer is in hand
        self.on_finish = on_finish  # called when the walk has nothing more to fetch, or waits
        self.params = dict(walk.params)
        self.scope = Scope(background=True)
        self.thread = None
        self.finished = threading.Event()
        # A v2 walk also holds the pages of its own window (CONTIFICO_MAX_CONCURRENCY).
        self.channel = _Channel(1 if walk.kind == "v2" else PAGES_AHEAD, on_full=on_finish)
        self.budget = client.budget() if walk.kind == "unpaged" else None
        self.body = None
        self.error = None

    @property
    def started(self):
        return self.thread is not None  # ``False`` once the engine read the walk itself

    @property
    def fetching(self):
        """Started, with requests still to make, and not waiting for the engine to take a page."""
        return self.started and not self.finished.is_set() and not self.channel.full

    def start(self):
        self.thread = threading.Thread(
            target=self._produce, name=f"contifico-ahead-{self.walk.path}", daemon=True
        )
        self.thread.start()

    def _produce(self):
        with using(self.scope):
            try:
                if self.walk.kind == "unpaged":
                    self.body = unpaged.download(
                        self.client, self.walk.version, self.walk.path, self.params, self.budget
                    )
                    if self.scope.cancelled:  # nobody will read it
                        self.body.close()
                    self.on_answer()
                else:
                    walk = self._walk()
                    try:
                        for page in walk:
                            self.channel.put(page, self.scope)
                            self.on_answer()
                    finally:
                        walk.close()  # its own page window stops now, not when it is collected
                    self.channel.put_last(_END)
            except Cancelled:
                pass
            except Exception as exc:  # noqa: BLE001 - raised to the engine when it reaches this walk
                self.error = exc
                self.channel.put_last(_Failure(exc))
            finally:
                self.finished.set()
                self.on_finish()

    def _walk(self):
        walk = self.walk
        if walk.kind == "v2":
            return paging.iter_v2_pages(self.client, walk.version, walk.path, self.params)
        return paging.iter_result_pages(
            self.client, walk.version, walk.path, self.params, page_size=walk.page_size, ask_ahead=True
        )

    # --- the engine's side ------------------------------------------------------------------------

    def read(self):
        """Return the walk's pages as the client's own ``iter_*`` would yield them (started already)."""
        if self.walk.kind == "unpaged":
            return self._read_unpaged()
        return self._read_pages()

    def _read_pages(self):
        try:
            while True:
                item = self.channel.get()
                if item is _END:
                    return
                if isinstance(item, _Failure):
                    raise item.error
                yield item
        finally:
            self.cancel()

    def _read_unpaged(self):
        walk = self.walk
        try:
            yield from unpaged.iter_unpaged(self.client, walk.version, walk.path, self.params, download=self)
        finally:
            self.cancel()

    def result(self):
        """The downloaded body (``iter_unpaged``'s first attempt), or the download's error."""
        self.finished.wait()
        if self.error is not None:
            raise self.error
        body, self.body = self.body, None
        return body

    def cancel(self):
        self.scope.cancel()
        self.channel.wake()
        if self.finished.is_set() and self.body is not None:
            body, self.body = self.body, None
            body.close()


class Lookahead:
    """The run's planned walks, fetched up to ``ahead`` walks ahead of the one the engine reads."""

    def __init__(self, client, walks, *, ahead=LOOKAHEAD):
        self.client = client
        self.ahead = ahead
        self.jobs = [_Job(client, walk, self._answered, self._finished) for walk in walks]
        self.cursor = 0  # the first job the engine has not reached
        self.closed = False
        self.answered = False  # Contífico answered a request of this run: fetching ahead may begin
        self._lock = threading.Lock()  # the engine's thread and the producers' call ``_fill``

    def take(self, walk):
        """Return the pages of ``walk`` if it is planned (at or after the engine's place), else None."""
        with self._lock:
            if self.closed:
                return None
            for index in range(self.cursor, len(self.jobs)):
                if self.jobs[index].walk == walk:
                    break
            else:
                return None
            for passed in self.jobs[self.cursor:index]:  # never reached: its catalogue stopped early
                passed.cancel()
            job = self.jobs[index]
            self.cursor = index + 1
            if walk.kind == "unpaged" and not job.started:
                # Nothing fetched yet: read it as it streams in, here, rather than wait for
                # a download to finish before parsing it.
                job.thread = False  # taken: never started by ``_fill``
                return self._direct(job)
            if not job.started:
                job.start()
            self._fill()
            self._promote()
        return job.read()

    def _direct(self, job):
        walk = job.walk
        try:
            for page in self.client.iter_unpaged(walk.version, walk.path, job.params):
                self._answered()
                yield page
        finally:
            job.finished.set()
            self._finished()

    def _finished(self):
        with self._lock:
            self._fill()
            self._promote()

    def _promote(self):
        """Free the first walk the engine still needs from the spare-slot limit (with ``_lock`` held).

        The walk being read while it fetches, else (its pages are all fetched, the engine
        still writing them) the next one: the engine will wait on it next.
        """
        for job in self.jobs[max(0, self.cursor - 1):]:
            if not job.finished.is_set():
                if job.scope.background:
                    job.scope.background = False
                    job.channel.grow(NEXT_PAGES_AHEAD)
                    getattr(self.client, "reprioritise", lambda: None)()
                return

    def _answered(self):
        if not self.answered:
            with self._lock:
                self.answered = True
                self._fill()

    def _fill(self):
        """Start walks after the engine's place: ``ahead`` fetching at most (with ``_lock`` held)."""
        if self.closed or not self.answered:
            return
        fetching = 0
        for job in self.jobs[self.cursor : self.cursor + HELD_AHEAD]:
            if fetching >= self.ahead:
                return
            if not job.started:
                job.start()
            if job.fetching:
                fetching += 1

    def close(self):
        """Cancel every walk still fetching; none makes a further request. Does not wait for them."""
        with self._lock:
            self.closed = True
        for job in self.jobs:
            job.cancel()

    def threads(self):
        """Return the producer threads still alive (for tests and diagnostics)."""
        return [job.thread for job in self.jobs if job.thread and job.thread.is_alive()]


class PrefetchingClient:
    """The client, with the planned list walks served by a ``Lookahead``; everything else as is."""

    def __init__(self, client, lookahead):
        self._client = client
        self._lookahead = lookahead

    def __getattr__(self, name):
        return getattr(self._client, name)

    def iter_v2_pages(self, version, path, params=None):
        return (self._lookahead.take(Walk.of("v2", version, path, params))
                or self._client.iter_v2_pages(version, path, params))

    def iter_result_pages(self, version, path, params=None, *, page_size=200):
        return (self._lookahead.take(Walk.of("result", version, path, params, page_size))
                or self._client.iter_result_pages(version, path, params, page_size=page_size))

    def iter_unpaged(self, version, path, params=None, *, chunk_size=500):
        if chunk_size == 500 and (pages := self._lookahead.take(Walk.of("unpaged", version, path, params))):
            return pages
        return self._client.iter_unpaged(version, path, params, chunk_size=chunk_size)


def prefetching(client, walks, *, ahead=LOOKAHEAD):
    """Return ``(client, lookahead)``: a client whose planned walks are fetched ahead, and its lookahead."""
    if not isinstance(client, Transport):  # a stand-in client: no shared slots to fetch ahead with
        return client, Lookahead(client, [], ahead=ahead)
    lookahead = Lookahead(client, walks, ahead=ahead)
    return PrefetchingClient(client, lookahead), lookahead
