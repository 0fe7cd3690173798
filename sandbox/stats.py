"""Request statistics, so tests can assert how a client behaved (retries, pacing, parallelism)."""

import threading
import time
from collections import Counter, defaultdict, deque

DROPPED = 0  # the status recorded for a connection closed without a response


class Stats:
    """Count API requests by path and status; track peak concurrency and peak requests per second."""

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        """Forget everything counted so far."""
        with self._lock:
            self._requests = defaultdict(Counter)
            self._total = 0
            self._in_flight = 0
            self._peak_concurrency = 0
            self._arrivals = deque()
            self._peak_rps = 0

    def begin(self):
        """Record a request's arrival."""
        now = time.monotonic()
        with self._lock:
            self._in_flight += 1
            self._peak_concurrency = max(self._peak_concurrency, self._in_flight)
            self._arrivals.append(now)
            while self._arrivals[0] <= now - 1.0:
                self._arrivals.popleft()
            self._peak_rps = max(self._peak_rps, len(self._arrivals))

    def end(self, path, status):
        """Record a request's completion (after its body was sent)."""
        with self._lock:
            self._in_flight = max(0, self._in_flight - 1)
            self._requests[path][status] += 1
            self._total += 1

    def snapshot(self):
        """Return {"requests": {path: {status: n}}, "total", "peak_concurrency", "peak_rps", "in_flight"}."""
        with self._lock:
            return {
                "requests": {path: dict(counts) for path, counts in self._requests.items()},
                "total": self._total,
                "peak_concurrency": self._peak_concurrency,
                "peak_rps": self._peak_rps,
                "in_flight": self._in_flight,
            }
