"""A set of record ids whose memory stays flat however many ids it holds.

A pass remembers every id it read (to write a repeated row once, to check a window
against ``count``, to find records that vanished). As a Python ``set`` of ``str`` that
costs about 110 bytes per id: 110 MB for a catalogue of a million records. Here the
ids' UTF-8 bytes are packed one after another in one ``bytearray`` and an
open-addressing table of 4-byte offsets finds them (about 30 bytes an id), and past
``SPILL_AT`` ids the packed ids move to a temporary SQLite file, a B-tree keyed on the
id's bytes, so memory stops growing: at most ``SPILL_AT`` ids in memory, SQLite's page
cache (``_CACHE_KIB``) and a 1 MB Bloom filter that spares most new ids a query, whether
the set holds a hundred thousand ids or ten million. Membership is exact throughout: a
lookup compares the stored bytes, never a hash alone.

The file lives in the system temp dir (``tempfile.gettempdir()``, so ``TMPDIR``). It is
unlinked as soon as SQLite has opened it, so it disappears with the process however the
process ends; where a system refuses that (Windows), ``close()`` or the garbage collector
removes it.
"""

import contextlib
import os
import sqlite3
import tempfile
import weakref
from array import array

SPILL_AT = 20_000  # ids held in memory (about 0.6 MB) before they move to disk; tests lower it
_EMPTY = 0  # offset 0 holds a dummy byte, so a stored id never starts there
_MIN_CAPACITY = 64
_CACHE_KIB = 1024  # SQLite's page cache for the spilled ids: the B-tree's inner pages and some
_BLOOM_BITS = 1 << 23  # a 1 MB filter in front of the spilled ids
_BLOOM_MASK = _BLOOM_BITS - 1
_PAGE = 1000  # ids per query when iterating the spilled ids


class IdSet:
    """A set of ``str`` ids: ``add``, ``in``, ``len``, iteration and ``|=`` (another set of ids).

    ``add`` also says whether the id was new (``True``) or already there (``False``), so a
    caller needs one lookup, not two.
    """

    __slots__ = ("__weakref__", "_blob", "_disk", "_held", "_long", "_mask", "_size", "_slots")

    def __init__(self, ids=()):
        self._blob = bytearray(b"\0")
        self._slots = _zeros(_MIN_CAPACITY)
        self._mask = _MIN_CAPACITY - 1
        self._size = 0  # every id, in memory and on disk
        self._held = 0  # the ids in memory (packed or long)
        self._long = set()  # ids over 255 bytes of UTF-8 (64 four-byte characters): never, in practice
        self._disk = None  # a _Spill once SPILL_AT ids were held in memory
        for record_id in ids:
            self.add(record_id)

    def __len__(self):
        return self._size

    def __contains__(self, record_id):
        if self._long and record_id in self._long:
            return True
        slots, mask = self._slots, self._mask
        index = hash(record_id) & mask  # a str caches its hash: no cost after the first use
        offset = slots[index]
        if offset == _EMPTY:  # the usual answer for a new id, without encoding it
            return self._disk is not None and self._disk.has(_key(record_id))
        key = _key(record_id)
        size, blob = len(key), self._blob
        while offset != _EMPTY:
            if blob[offset] == size and blob[offset + 1 : offset + 1 + size] == key:
                return True
            index = (index + 1) & mask
            offset = slots[index]
        return self._disk is not None and self._disk.has(key)

    def add(self, record_id):
        """Add ``record_id``; return True if it was new, False if the set already held it."""
        slots, mask, blob = self._slots, self._mask, self._blob
        index = hash(record_id) & mask
        offset = slots[index]
        key = _key(record_id)
        size = len(key)
        while offset != _EMPTY:
            if blob[offset] == size and blob[offset + 1 : offset + 1 + size] == key:
                return False
            index = (index + 1) & mask
            offset = slots[index]
        if size > 255 and record_id in self._long:
            return False
        if self._disk is not None and self._disk.has(key):
            return False
        self._size += 1
        self._held += 1
        if size > 255:
            self._long.add(record_id)
        else:
            offset = len(blob)
            if offset + size >= 1 << 32:
                raise OverflowError("an IdSet holds at most 4 GB of ids in memory")
            blob.append(size)
            blob += key
            slots[index] = offset
            if self._held * 2 > mask + 1:  # keep the table at most half full
                self._grow()
        if self._held >= SPILL_AT:
            self._spill()
        return True

    def update(self, ids):
        for record_id in ids:
            self.add(record_id)

    def __ior__(self, ids):
        self.update(ids)
        return self

    def __iter__(self):
        for _offset, record_id in self._stored():
            yield record_id
        yield from self._long
        if self._disk is not None:
            for key in self._disk.ordered():
                yield key.decode("utf-8", "surrogatepass")

    def __repr__(self):
        where = f", {self._size - self._held} on disk" if self._disk is not None else ""
        return f"<IdSet of {self._size} ids{where}>"

    @property
    def spilled(self):
        """True once the set keeps ids on disk."""
        return self._disk is not None

    def close(self):
        """Empty the set and delete its file, if it has one (the garbage collector does it too)."""
        if self._disk is not None:
            self._disk.close()
        self.__init__()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _spill(self):
        """Move the ids held in memory to disk, in key order (B-tree pages filled in sequence)."""
        if self._disk is None:
            self._disk = _Spill()
        blob, offset, end, keys = self._blob, 1, len(self._blob), []
        while offset < end:
            size = blob[offset]
            keys.append(bytes(blob[offset + 1 : offset + 1 + size]))
            offset += 1 + size
        keys.extend(map(_key, self._long))
        self._disk.put(keys)
        # The table keeps its size: it fills to the same point again before the next spill.
        self._blob = bytearray(b"\0")
        self._slots = _zeros(self._mask + 1)
        self._long = set()
        self._held = 0

    def _grow(self):
        capacity = (self._mask + 1) * 2
        slots, mask = _zeros(capacity), capacity - 1
        for offset, record_id in self._stored():
            index = hash(record_id) & mask
            while slots[index] != _EMPTY:
                index = (index + 1) & mask
            slots[index] = offset
        self._slots, self._mask = slots, mask

    def _stored(self):
        blob, offset, end = self._blob, 1, len(self._blob)
        while offset < end:
            size = blob[offset]
            yield offset, blob[offset + 1 : offset + 1 + size].decode("utf-8", "surrogatepass")
            offset += 1 + size


def _zeros(count):
    return array("I", (0,)) * count


def _key(record_id):
    # surrogatepass: an id decoded from JSON may hold a lone surrogate, and must still round-trip.
    return record_id.encode("utf-8", "surrogatepass")


class _Spill:
    """The ids moved out of memory: a temporary SQLite table keyed on the id's UTF-8 bytes.

    Most ids a sync adds are new, and a lookup that has to reach the file costs a query. A
    Bloom filter of fixed size (``_BLOOM_BITS``, 1 MB) answers "certainly not on disk" for all
    but 3% of new ids at a million ids on disk (13% at two million); past that more of them
    reach the file, which stays exact.
    """

    def __init__(self):
        fd, path = tempfile.mkstemp(prefix="contifico-ids-", suffix=".sqlite3")
        os.close(fd)
        try:
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            # A scratch file: no journal, no fsync, and one lock held throughout (SQLite then trusts
            # its page cache instead of re-checking the file before every lookup).
            for pragma in ("journal_mode = OFF", "synchronous = OFF", "locking_mode = EXCLUSIVE",
                           f"cache_size = -{_CACHE_KIB}", "temp_store = FILE"):
                db.execute(f"PRAGMA {pragma}")
            db.execute("CREATE TABLE ids (id BLOB PRIMARY KEY) WITHOUT ROWID")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(path)
            raise
        # Unlinked while open, the file goes with the process, even one killed by SIGKILL.
        try:
            os.unlink(path)
            path = None
        except OSError:  # Windows: removed on close instead
            pass
        self._db = db
        self._bloom = bytearray(_BLOOM_BITS // 8)
        self._finalizer = weakref.finalize(self, _remove, db, path)

    def has(self, key):
        # Three 24-bit slices of the key's 64-bit hash pick the filter's bits.
        h, bloom = hash(key), self._bloom
        for bit in (h & _BLOOM_MASK, (h >> 24) & _BLOOM_MASK, (h >> 40) & _BLOOM_MASK):
            if not bloom[bit >> 3] & (1 << (bit & 7)):
                return False
        return self._db.execute("SELECT 1 FROM ids WHERE id = ?", (key,)).fetchone() is not None

    def put(self, keys):
        """Store keys that are not on disk yet, in key order (the B-tree's pages filled in turn)."""
        bloom = self._bloom
        for key in keys:
            h = hash(key)
            for bit in (h & _BLOOM_MASK, (h >> 24) & _BLOOM_MASK, (h >> 40) & _BLOOM_MASK):
                bloom[bit >> 3] |= 1 << (bit & 7)
        keys.sort()
        db = self._db
        db.execute("BEGIN")
        db.executemany("INSERT INTO ids VALUES (?)", ((key,) for key in keys))
        db.execute("COMMIT")

    def ordered(self):
        """Yield every key in order, a page at a time (no statement stays open between pages)."""
        rows = self._db.execute("SELECT id FROM ids ORDER BY id LIMIT ?", (_PAGE,)).fetchall()
        while rows:
            for (key,) in rows:
                yield key
            rows = self._db.execute(
                "SELECT id FROM ids WHERE id > ? ORDER BY id LIMIT ?", (rows[-1][0], _PAGE)
            ).fetchall()

    def close(self):
        self._finalizer()


def _remove(db, path):
    db.close()
    if path is not None:
        with contextlib.suppress(OSError):
            os.unlink(path)
