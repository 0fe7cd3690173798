"""A set of record ids in about 30 bytes each, for the ids a sync has seen.

A pass remembers every id it read (to write a repeated row once, to check a window
against ``count``, to find records that vanished). As a Python ``set`` of ``str`` that
costs about 110 bytes per id: 110 MB for a catalogue of a million records, twice over
with the window's own tally. Here the ids' UTF-8 bytes are packed one after another in
one ``bytearray`` and an open-addressing table of 4-byte offsets finds them, so a million
ids take about 30 MB. Membership is exact: a lookup compares the stored bytes, not a hash.
"""

from array import array

_EMPTY = 0  # offset 0 holds a dummy byte, so a stored id never starts there
_MIN_CAPACITY = 64


class IdSet:
    """A set of ``str`` ids: ``add``, ``in``, ``len``, iteration and ``|=`` (another set of ids)."""

    __slots__ = ("_blob", "_long", "_mask", "_size", "_slots")

    def __init__(self, ids=()):
        self._blob = bytearray(b"\0")
        self._slots = array("I", bytes(4 * _MIN_CAPACITY))
        self._mask = _MIN_CAPACITY - 1
        self._size = 0
        self._long = set()  # ids over 255 bytes of UTF-8 (64 four-byte characters): never, in practice
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
            return False
        key = record_id.encode("utf-8", "surrogatepass")
        size, blob = len(key), self._blob
        while offset != _EMPTY:
            if blob[offset] == size and blob[offset + 1 : offset + 1 + size] == key:
                return True
            index = (index + 1) & mask
            offset = slots[index]
        return False

    def add(self, record_id):
        slots, mask, blob = self._slots, self._mask, self._blob
        index = hash(record_id) & mask
        offset = slots[index]
        key = record_id.encode("utf-8", "surrogatepass")
        size = len(key)
        while offset != _EMPTY:
            if blob[offset] == size and blob[offset + 1 : offset + 1 + size] == key:
                return
            index = (index + 1) & mask
            offset = slots[index]
        if size > 255:
            if record_id not in self._long:
                self._long.add(record_id)
                self._size += 1
            return
        offset = len(blob)
        if offset + size >= 1 << 32:
            raise OverflowError("an IdSet holds at most 4 GB of ids")
        blob.append(size)
        blob += key
        slots[index] = offset
        self._size += 1
        if self._size * 2 > mask + 1:  # keep the table at most half full
            self._grow()

    def update(self, ids):
        for record_id in ids:
            self.add(record_id)

    def __ior__(self, ids):
        self.update(ids)
        return self

    def __iter__(self):
        blob, offset, end = self._blob, 1, len(self._blob)
        while offset < end:
            size = blob[offset]
            yield blob[offset + 1 : offset + 1 + size].decode("utf-8", "surrogatepass")
            offset += 1 + size
        yield from self._long

    def __repr__(self):
        return f"<IdSet of {self._size} ids>"

    def _grow(self):
        capacity = (self._mask + 1) * 2
        slots, mask = array("I", bytes(4 * capacity)), capacity - 1
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
