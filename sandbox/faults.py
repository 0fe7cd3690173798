"""Fault profiles: the ways the real API (or the network in front of it) misbehaves.

Profiles are names or comma-separated combinations of:

- ``throttle``: more than ``throttle_rps`` requests within one second → 429 with ``Retry-After: 1``.
  Contífico throttles rapid sequential calls (status unknown; 429 is what clients retry on).
- ``errors``: a deterministic share of URLs fail first with 500 (JSON ``mensaje``), 502 or 503
  (HTML pages, as a proxy in front of the API answers).
- ``drops``: a deterministic share of URLs get their connection closed without any response.
- ``slow``: a deterministic share of URLs answer only after ``slow_seconds``.
- ``malformed``: a deterministic share of URLs answer 200 with a truncated JSON body.
- ``error_object``: a deterministic share of URLs answer 200 with the body
  ``{"id": null, "error": "Servicio no disponible"}`` on their first attempt(s), then succeed.
- ``unstable``: v2 ``documento`` and ``movimiento-inventario`` lists are ordered by a non-unique
  date key (emission date, movement date). Normally ties keep a stable order; for a deterministic
  share of requests (keyed on URL + attempt, so a retry may come back stable) the ties are put in
  a fresh order for that request alone. ``count`` stays true, so an affected page overlaps its
  neighbours *and* other rows are skipped: across a walk, the rows repeated equal the rows
  skipped. A query that fits one page (``count`` ≤ 100) is always complete.
  See docs/contifico-api.md, "Unstable ordering: repeated and skipped rows".
  ``duplicates`` is an alias of ``unstable``.
- ``bare_page``: in every v2 walk of three pages or more, one page in the middle (chosen by the
  query) is answered with a bare JSON array of its rows instead of the ``{count, next, previous,
  results}`` envelope, on every attempt.
- ``page_404``: past-the-end v2 pages answer 404 instead of 400, with the same
  ``{"code": "404", "error": "Pagina fuera del rango"}`` body. See docs/contifico-api.md,
  "Past the last page".
- ``null_ids``: a deterministic share of the rows of the v1 ``persona`` list come with
  ``"id": null`` (always the same rows; v2 and details are unaffected).

``flaky`` is all of them; ``none`` is none. Transient faults (errors, drops, slow, malformed,
error_object) are keyed on method + path + query: the same URL fails the same way on its first
attempt(s) and succeeds when retried.
"""

import threading
import time
from collections import Counter, deque
from urllib.parse import parse_qsl

from .texture import code_of, mix

KINDS = (
    "throttle", "errors", "drops", "slow", "malformed", "error_object", "unstable", "bare_page",
    "page_404", "null_ids",
)
TRANSIENT = ("errors", "drops", "slow", "malformed", "error_object")
ALIASES = {"duplicates": "unstable"}  # the old name; it now has the real consequences
PROFILES = {"none": frozenset(), "flaky": frozenset(KINDS)}
_TRANSIENT_FAULT = {"drops": "drop", "slow": "slow", "malformed": "malformed", "error_object": "error_object"}


def request_key(method, path, query_string):
    """Return the key per-URL faults are planned on: the same URL (any parameter order) fails alike."""
    return f"{method} {path}?{sorted(parse_qsl(query_string, keep_blank_values=True))}"


def parse_profile(text):
    """Return the set of fault kinds a profile string names; raise ValueError on an unknown name."""
    kinds = set()
    for part in filter(None, (p.strip().lower() for p in (text or "none").split(","))):
        part = ALIASES.get(part, part)
        if part in PROFILES:
            kinds |= PROFILES[part]
        elif part in KINDS:
            kinds.add(part)
        else:
            known = ", ".join([*PROFILES, *KINDS, *ALIASES])
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
        self._orderings = Counter()  # unstable lists: requests seen per URL
        self._admitted = deque()

    def set_profile(self, profile):
        """Switch to another profile (attempt counters start again)."""
        kinds = parse_profile(profile)
        with self._lock:
            self.kinds, self.profile = kinds, profile
            self._attempts.clear()
            self._orderings.clear()
            self._admitted.clear()

    def __contains__(self, kind):
        """Tell whether a fault kind is switched on (``"bare_page" in faults``)."""
        return kind in self.kinds

    def tie_order(self, key):
        """Count a request to an unstably ordered list; return the seed of its fresh tie order.

        None means "stable order this time". Like transient faults the decision is keyed on the
        URL and the attempt, so a retried URL may come back in the stable order.
        """
        if "unstable" not in self.kinds:
            return None
        with self._lock:
            self._orderings[key] += 1
            attempt = self._orderings[key]
        h = mix(self.seed, code_of(key), 0x0D, attempt)
        return h if h % 10_000 < self.rate * 10_000 else None

    def null_id(self, index):
        """Tell whether row ``index`` of the v1 persona list comes with ``"id": null``."""
        return "null_ids" in self.kinds and mix(self.seed, 0x1D, index) % 10_000 < self.rate * 10_000 / 2

    def bare_page(self, listing, pages):
        """Return the page of a v2 walk answered as a bare array (None: none in this walk)."""
        if "bare_page" not in self.kinds or pages < 3:
            return None
        return 2 + mix(self.seed, code_of(listing), 0xBA) % (pages - 2)

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

        Faults: "error500", "error502", "error503", "drop", "slow", "malformed", "error_object".
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
            fault = _TRANSIENT_FAULT[kind]
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
