"""Reversible 16-character Contífico-style ids.

Real ids are opaque 16-character [A-Za-z0-9] strings, case-sensitive (docs/contifico-api.md, "Record
formats"). The sandbox must turn an
id back into its record index without a lookup table (hundreds of thousands of rows, none held in
memory), so an id is an encryption of (check tag, index) under a key derived from the seed and the
collection: a keyed bijection on 95 bits, written in base 62.

Some records deliberately get the id of their predecessor with the letter case swapped, so that a
client which compares ids case-insensitively (or a database with a case-insensitive collation)
merges two distinct records — the failure the contract's "case-sensitive primary key" guards against.
"""

import string

from .texture import code_of, mix

ALPHABET = string.digits + string.ascii_uppercase + string.ascii_lowercase
_INDEX = {ch: n for n, ch in enumerate(ALPHABET)}
_BITS = 95  # 2**95 < 62**16, so every value fits 16 base-62 digits and the first one varies
_MASK = (1 << _BITS) - 1
_INDEX_BITS = 32
_TAG_MASK = (1 << (_BITS - _INDEX_BITS)) - 1
_MULTIPLIERS = (0x5851F42D4C957F2D1B873593, 0x2C1B3C6D9E3779B97F4A7C15, 0x41C64E6DA3B9C2F1E5D4C3B1)
_INVERSES = tuple(pow(m | 1, -1, 1 << _BITS) for m in _MULTIPLIERS)
_SHIFTS = (47, 29)
# One in every 37 base records is the case-swapped twin of the record before it.
TWIN_PERIOD = 37
TWIN_OFFSET = 3


def _unxorshift(y, s):
    x, t = y, y >> s
    while t:
        x ^= t
        t >>= s
    return x


class IdCodec:
    """Encode (collection, index) to an id and back, for one seed."""

    def __init__(self, seed):
        self.seed = seed
        self._keys = {}

    def _key(self, collection):
        entry = self._keys.get(collection)
        if entry is None:
            c = code_of(collection)
            entry = (((mix(self.seed, c, 1) << 32) ^ mix(self.seed, c, 2)) & _MASK, c)
            self._keys[collection] = entry
        return entry

    def _tag(self, collection_code, index):
        return mix(self.seed, collection_code, index, 0x1D) & _TAG_MASK

    @staticmethod
    def is_twin(index, base_count):
        """Tell whether base record ``index`` carries its predecessor's id with the case swapped."""
        return 0 < index < base_count and index % TWIN_PERIOD == TWIN_OFFSET

    def _raw(self, collection, index):
        key, c = self._key(collection)
        x = (self._tag(c, index) << _INDEX_BITS) | index
        x ^= key
        x = (x * (_MULTIPLIERS[0] | 1)) & _MASK
        x ^= x >> _SHIFTS[0]
        x = (x * (_MULTIPLIERS[1] | 1)) & _MASK
        x ^= x >> _SHIFTS[1]
        x = (x * (_MULTIPLIERS[2] | 1)) & _MASK
        digits = []
        for _ in range(16):
            x, r = divmod(x, 62)
            digits.append(ALPHABET[r])
        return "".join(reversed(digits))

    def encode(self, collection, index, base_count):
        """Return the id of record ``index`` of ``collection`` (base_count = rows generated)."""
        if self.is_twin(index, base_count):
            return self._raw(collection, index - 1).swapcase()
        return self._raw(collection, index)

    def _decode_raw(self, collection, text):
        if len(text) != 16:
            return None
        x = 0
        for ch in text:
            n = _INDEX.get(ch)
            if n is None:
                return None
            x = x * 62 + n
        if x > _MASK:
            return None
        key, c = self._key(collection)
        x = (x * _INVERSES[2]) & _MASK
        x = _unxorshift(x, _SHIFTS[1])
        x = (x * _INVERSES[1]) & _MASK
        x = _unxorshift(x, _SHIFTS[0])
        x = (x * _INVERSES[0]) & _MASK
        x ^= key
        index = x & ((1 << _INDEX_BITS) - 1)
        if (x >> _INDEX_BITS) != self._tag(c, index):
            return None
        return index

    def decode(self, collection, text, base_count):
        """Return the index whose id is ``text`` (None for a foreign or malformed id)."""
        index = self._decode_raw(collection, text)
        if index is not None and not self.is_twin(index, base_count):
            return index
        index = self._decode_raw(collection, text.swapcase())
        if index is not None and self.is_twin(index + 1, base_count):
            return index + 1
        return None


def looks_like_id(text):
    """Tell whether a path segment has the shape of an id (else the API answers "id incorrecto")."""
    return len(text) == 16 and all(ch in _INDEX for ch in text)
