"""Background fetching that can be stopped: scopes, cancellation and a daemon thread pool.

A ``Scope`` is installed in each thread that fetches ahead of the engine (the
lookahead in ``sync.client.prefetch`` and the v2 page window in
``sync.client.paging``). ``Transport`` reads it before every attempt: a
cancelled scope makes no further request and its back-off and rate-limit
pauses end at once; a *background* scope waits for one of the slots the
foreground leaves to it, so fetching ahead never starves the catalogue the
engine is writing. A thread without a scope (the engine's own) is foreground
and never cancelled.
"""

import contextlib
import queue
import threading
import time
from concurrent.futures import Future

_local = threading.local()


class Cancelled(Exception):  # noqa: N818 - a signal, not an error
    """The walk this request belonged to was abandoned: make no further request."""


class Scope:
    """Whether the requests of a thread are still wanted, and whether they are fetched ahead."""

    def __init__(self, *, background=False, parent=None):
        self._event = threading.Event()
        self._background = background
        self._parent = parent
        self._children = []
        self._lock = threading.Lock()
        if parent is not None:
            with parent._lock:
                parent._children.append(self)
            if parent.cancelled:
                self._event.set()

    def child(self):
        """Return a scope cancelled with this one, background while this one is."""
        return Scope(parent=self)

    @property
    def background(self):
        return self._parent.background if self._parent is not None else self._background

    @background.setter
    def background(self, value):
        self._background = value

    @property
    def cancelled(self):
        return self._event.is_set()

    def cancel(self):
        self._event.set()
        with self._lock:
            children, self._children = self._children, []
        for child in children:
            child.cancel()

    def pause(self, seconds):
        """Sleep ``seconds`` unless cancelled first; raise ``Cancelled`` if it was."""
        if self._event.wait(seconds):
            raise Cancelled()

    def check(self):
        if self._event.is_set():
            raise Cancelled()


def current_scope():
    """Return the scope installed in this thread, or None (the engine's own thread)."""
    return getattr(_local, "scope", None)


@contextlib.contextmanager
def using(scope):
    """Install ``scope`` in this thread while the block runs."""
    previous = current_scope()
    _local.scope = scope
    try:
        yield scope
    finally:
        _local.scope = previous


def pause(seconds):
    """Sleep ``seconds``; in a scope, end early with ``Cancelled`` once it is cancelled."""
    scope = current_scope()
    if scope is None:
        time.sleep(seconds)
    else:
        scope.pause(seconds)


class DaemonPool:
    """A small pool of daemon threads; each task runs in ``scope`` (default: its submitter's).

    ``concurrent.futures.ThreadPoolExecutor`` threads are not daemon: Python waits for
    them at exit, so a prefetch still retrying would hold an interrupted sync open.
    """

    def __init__(self, workers, name="contifico", scope=None):
        self._scope = scope
        self._workers = max(1, workers)
        self._name = name
        self._tasks = queue.SimpleQueue()
        self._threads = []
        self._closed = False

    def submit(self, fn, *args):
        if self._closed:
            raise RuntimeError("the pool is shut down")
        future = Future()
        self._tasks.put((future, fn, args, self._scope or current_scope()))
        if len(self._threads) < self._workers:
            thread = threading.Thread(
                target=self._work, name=f"{self._name}-{len(self._threads) + 1}", daemon=True
            )
            self._threads.append(thread)
            thread.start()
        return future

    def _work(self):
        while True:
            task = self._tasks.get()
            if task is None:
                return
            future, fn, args, scope = task
            if not future.set_running_or_notify_cancel():
                continue
            with using(scope):
                try:
                    result = fn(*args)
                except BaseException as exc:  # noqa: BLE001 - handed to whoever reads the future
                    future.set_exception(exc)
                else:
                    future.set_result(result)

    def shutdown(self):
        """Cancel the tasks not started; workers end after the task in hand. Does not wait."""
        self._closed = True
        while True:
            try:
                task = self._tasks.get_nowait()
            except queue.Empty:
                break
            if task is not None:
                task[0].cancel()
        for _ in self._threads:
            self._tasks.put(None)

    @property
    def threads(self):
        return list(self._threads)
