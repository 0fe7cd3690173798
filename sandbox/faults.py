"""Fault profiles: the ways the real API (or the network in front of it) misbehaves.

Profiles are names or comma-separated combinations of:

- ``throttle``: more than ``throttle_rps`` requests within one second → 429 with ``Retry-After: 1``.
  Contífico throttles rapid sequential calls (§6.2, status unknown; 429 is what clients retry on).
- ``errors``: a deterministic share of URLs fail first with 500 (JSON ``mensaje``), 502 or 503
  (HTML pages, as a proxy in front of the API answers) (§6.1).
- ``drops``: a deterministic share of URLs get their connection closed without any response.
- ``slow``: a deterministic share of URLs answer only after ``slow_seconds`` (§6.3).
- ``malformed``: a deterministic share of URLs answer 200 with a truncated JSON body.
- ``duplicates``: v2 pages overlap (each page after the first repeats the previous page's last
  three rows), so ``count`` exceeds the unique ids (§3.3) while no row is ever skipped.

``flaky`` is all of them; ``none`` is none. Transient faults are keyed on method + path + query:
the same URL fails the same way on its first attempt(s) and succeeds when retried.
"""

import threading
import time
from collections import Counter, deque

from .texture import code_of, mix

KINDS = ("throttle", "errors", "drops", "slow", "malformed", "duplicates")
TRANSIENT = ("errors", "drops", "slow", "malformed")
PROFILES = {"none": frozenset(), "flaky": frozenset(KINDS)}


def parse_profile(text):
    """Return the set of fault kinds a profile string names; raise ValueError on an unknown name."""
    kinds = set()
    for part in filter(None, (p.strip().lower() for p in (text or "none").split(","))):
        if part in PROFILES:
            kinds |= PROFILES[part]
        elif part in KINDS:
            kinds.add(part)
        else:
            known = ", ".join([*PROFILES, *KINDS])
            raise ValueError(f"unknown fault profile {part!r} (known: {known})")
    return frozenset(kinds)


class Faults:
    """Decide, deterministically, which request misbehaves and how."""

    def __init__(self, seed=1, profile="none", rate=0.12, slow_seconds=3.0, throttle_rps=20):
        self.seed = seed
        self.kinds = parse_profile(profile)
        self.profile = profile
        self.rate = rate  # share of URLs with a transient fault
        self.slow_seconds = slow_seconds
        self.throttle_rps = throttle_rps
        self._lock = threading.Lock()
        self._attempts = Counter()
        self._admitted = deque()

    def set_profile(self, profile):
        """Switch to another profile (attempt counters start again)."""
        kinds = parse_profile(profile)
        with self._lock:
            self.kinds, self.profile = kinds, profile
            self._attempts.clear()
            self._admitted.clear()

    @property
    def duplicates(self):
        """Tell whether v2 pages overlap."""
        return "duplicates" in self.kinds

    def throttled(self):
        """Tell whether this request exceeds the rate limit (admitted requests count, refused do not)."""
        if "throttle" not in self.kinds:
            return False
        now = time.monotonic()
        with self._lock:
            while self._admitted and self._admitted[0] <= now - 1.0:
                self._admitted.popleft()
            if len(self._admitted) >= self.throttle_rps:
                return True
            self._admitted.append(now)
            return False

    def planned(self, key):
        """Return (fault, failing attempts) planned for a request key, or None.

        Faults: "error500", "error502", "error503", "drop", "slow", "malformed".
        """
        enabled = [kind for kind in TRANSIENT if kind in self.kinds]
        if not enabled:
            return None
        h = mix(self.seed, code_of(key), 0xFA)
        if h % 10_000 >= self.rate * 10_000:
            return None
        kind = enabled[(h >> 16) % len(enabled)]
        if kind == "errors":
            fault = ("error500", "error502", "error503")[(h >> 24) % 3]
        else:
            fault = {"drops": "drop", "slow": "slow", "malformed": "malformed"}[kind]
        attempts = 1 if fault == "slow" else 1 + (h >> 32) % 2
        return fault, attempts

    def next_fault(self, key):
        """Count an attempt on ``key`` and return the fault it suffers now (None: serve normally)."""
        plan = self.planned(key)
        if plan is None:
            return None
        with self._lock:
            self._attempts[key] += 1
            attempt = self._attempts[key]
        fault, failing = plan
        return fault if attempt <= failing else None
