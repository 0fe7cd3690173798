"""What the sandbox serves right now: base records, their changes, deletions and the clock.

Only changes are stored. A listing is an array of record indices in creation order (deleted ones
left out, added ones at the end); a page is a slice of it and its records are built on demand.
Date filters bisect over the base indices (their dates never decrease with the index); other
filters scan cheap attributes. Selections are cached until the next change.
"""

import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from datetime import timedelta

from .catalogues import build_registry
from .clock import Clock
from .texture import day_of, parse_filter_date

_CACHE_SIZE = 16


class FilterError(ValueError):
    """A query parameter the API would reject (the message is the 400 body's mensaje)."""


class UnknownRecord(KeyError):
    """No record with that id is served right now (never existed, foreign or deleted)."""


def _matches(op, value, actual):
    if op == "eq":
        return actual is not None and str(actual) == value
    actual = day_of(actual) if actual is not None else None
    if actual is None:
        return False
    if op == "ge":
        return actual >= value
    if op == "le":
        return actual <= value
    return actual == value  # day


class Store:
    """Hold the sandbox's changes and answer "which records, in which order" questions."""

    def __init__(self, dataset, clock=None):
        self.ds = dataset
        self.clock = clock or Clock(dataset.start)
        self.catalogues = build_registry(dataset)
        self.lock = threading.RLock()
        self.version = 0  # bumped by every change; part of every cache key
        self._overlay = {name: {} for name in self.catalogues}  # index -> (record, modified at)
        self._deleted = {name: set() for name in self.catalogues}
        self._next = {name: dataset.n(name) for name in self.catalogues}
        self._cache = OrderedDict()

    @property
    def now(self):
        """Return the sandbox clock's current time."""
        return self.clock.now()

    # --- conditions ---------------------------------------------------------------------------------

    def conditions(self, collection, query, versions=("v1",)):
        """Turn query parameters into a hashable tuple of (op, attr, value); ignore unknown ones.

        Raises FilterError for a date the API would not parse.
        """
        catalogue = self.catalogues[collection]
        table = {}
        for version in versions:
            table.update(catalogue.filters(version))
        result = []
        for param, raw in sorted(query.items()):
            if param not in table or raw is None or raw == "":
                continue
            op, attr = table[param]
            value = str(raw)
            if op != "eq":
                try:
                    value = parse_filter_date(value)
                except ValueError:
                    raise FilterError(
                        f"Formato de fecha incorrecto en {param}: use dd/mm/aaaa"
                    ) from None
            result.append((op, attr, value))
        return tuple(result)

    # --- selections ---------------------------------------------------------------------------------

    def selection(self, collection, conditions=()):
        """Return the indices a listing serves, in order, as a compact array."""
        with self.lock:
            key = (collection, conditions, self.version)
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
            overlay = dict(self._overlay[collection])
            deleted = set(self._deleted[collection])
        result = self._compute(collection, conditions, overlay, deleted)
        with self.lock:
            self._cache[key] = result
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return result

    def _compute(self, collection, conditions, overlay, deleted):
        catalogue = self.catalogues[collection]
        n = self.ds.n(collection)
        lo, hi, rest = 0, n, []
        for op, attr, value in conditions:
            if attr in catalogue.monotone and op != "eq":

                def key(i, attr=attr):
                    return day_of(catalogue.base_attr(i, attr))

                if op in ("ge", "day"):
                    lo = max(lo, bisect_left(range(n), value, lo, hi, key=key))
                if op in ("le", "day"):
                    hi = min(hi, bisect_right(range(n), value, lo, max(lo, hi), key=key))
            else:
                rest.append((op, attr, value))
        skip = sorted(i for i in set(overlay) | deleted if lo <= i < hi)
        base = array("i")
        if rest:
            skipped = set(skip)
            for i in range(lo, hi):
                if i not in skipped and all(_matches(op, v, catalogue.base_attr(i, a)) for op, a, v in rest):
                    base.append(i)
        else:
            start = lo
            for i in skip:
                base.extend(range(start, i))
                start = i + 1
            if hi > start:
                base.extend(range(start, hi))
        extra = sorted(
            i
            for i, (record, mod) in overlay.items()
            if all(_matches(op, v, catalogue.record_attr(record, mod, a)) for op, a, v in conditions)
        )
        if not extra:
            return base
        return array("i", sorted([*base, *extra]))

    # --- records ------------------------------------------------------------------------------------

    def exists(self, collection, index):
        """Tell whether record ``index`` is served right now."""
        if index in self._overlay[collection]:
            return True
        return 0 <= index < self.ds.n(collection) and index not in self._deleted[collection]

    def resolve(self, collection, record_id):
        """Return the index of a served record; raise UnknownRecord otherwise."""
        index = self.ds.index_of(collection, record_id) if isinstance(record_id, str) else None
        if index is None or not self.exists(collection, index):
            raise UnknownRecord(record_id)
        return index

    def canonical(self, collection, index):
        """Return (canonical record, modification time) of a served record."""
        stored = self._overlay[collection].get(index)
        if stored is not None:
            return stored
        catalogue = self.catalogues[collection]
        created = self.ds.created(collection, index)
        return catalogue.build(index, created), created

    def order_day(self, collection, index):
        """Return the day a served record is listed under (its catalogue's ``order_key``)."""
        catalogue = self.catalogues[collection]
        stored = self._overlay[collection].get(index)
        if stored is None:
            return day_of(catalogue.base_attr(index, catalogue.order_key))
        record, mod = stored
        return day_of(catalogue.record_attr(record, mod, catalogue.order_key))

    def payload(self, collection, index, version):
        """Return the record as the list endpoint of ``version`` serves it."""
        record, mod = self.canonical(collection, index)
        return self.catalogues[collection].render(record, version, mod)

    # --- changes ------------------------------------------------------------------------------------

    def modify(self, collection, record_id, changes=None):
        """Change a record (or make a realistic edit) and stamp it with the sandbox clock."""
        with self.lock:
            index = self.resolve(collection, record_id)
            record, _ = self.canonical(collection, index)
            catalogue = self.catalogues[collection]
            if changes is None:
                updated = catalogue.edit(record, self.ds.rng(collection, index, 1000 + self.version))
            else:
                updated = dict(record)
                for key, value in changes.items():
                    updated[catalogue.to_canonical_key(key)] = value
            updated["id"] = record["id"]  # ids never change
            self._overlay[collection][index] = (updated, self.now)
            self.version += 1
            return index

    def add(self, collection, overrides=None):
        """Create a record at the end of the listing, dated now; return its index."""
        with self.lock:
            index = self._next[collection]
            self._next[collection] += 1
            catalogue = self.catalogues[collection]
            now = self.now
            record = catalogue.build(index, now)
            for key, value in (overrides or {}).items():
                if key != "id":
                    record[catalogue.to_canonical_key(key)] = value
            self._overlay[collection][index] = (record, now)
            self.version += 1
            return index

    def delete(self, collection, record_id):
        """Stop serving a record."""
        with self.lock:
            index = self.resolve(collection, record_id)
            self._overlay[collection].pop(index, None)
            if index < self.ds.n(collection):
                self._deleted[collection].add(index)
            self.version += 1
            return index

    def advance(self, days=0, hours=0, minutes=0):
        """Move the sandbox clock forward and return the new time."""
        with self.lock:
            return self.clock.advance(timedelta(days=days, hours=hours, minutes=minutes))
