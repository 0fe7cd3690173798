"""The deterministic data set: sizes per scale, creation times and ids of the base records.

Record i of a collection is a pure function of (seed, collection, i); nothing is stored until the
control interface changes something (see ``store.py``).
"""

from datetime import datetime, timedelta
from functools import lru_cache

from .ids import IdCodec
from .texture import code_of, mix, rng_for

# A fixed start tests can pass as ``clock=`` (naive Ecuador local time: no offset is ever sent).
DEFAULT_START = datetime(2026, 11, 20, 10, 0, 0)
# Base records were created over the three years before the clock starts, oldest first...
HISTORY = timedelta(days=3 * 365)
# ...or over more years when a collection is big: at most this many records a day, so that every
# one-day window of a list ordered by date fits in one v2 page of 100 (200,000 movements span
# about 14 years). A day's records are the ties of the ``unstable`` fault.
MAX_PER_DAY = 40
# How v2 documento reads ``fecha_modificacion``: documented as a date, its meaning is not; the
# v1 docs define their date filters as exact days. "on_or_after" is the other possible reading.
MODIFICATION_FILTERS = ("exact_day", "on_or_after")

COLLECTIONS = (
    "categoria",
    "marca",
    "variante",
    "producto",
    "bodega",
    "movimiento-inventario",
    "inventario/guia",
    "documento",
    "registro/transaccion",
    "persona",
    "contabilidad/centro-costo",
    "contabilidad/cuenta-contable",
    "contabilidad/asiento",
    "banco/cuenta",
    "banco/movimiento",
)

# Rows per collection. "small" keeps a full sync fast (about 2,200 rows in all) and still has
# plenty of sales (CLI FAC) and purchases (PRO FAC and PRO LQC) among its 400 documents.
SCALES = {
    "tiny": {
        "categoria": 8, "marca": 6, "variante": 5, "producto": 20, "bodega": 5,
        "movimiento-inventario": 20, "inventario/guia": 6, "documento": 20,
        "registro/transaccion": 12, "persona": 15, "contabilidad/centro-costo": 5,
        "contabilidad/cuenta-contable": 20, "contabilidad/asiento": 20, "banco/cuenta": 5,
        "banco/movimiento": 15,
    },
    "small": {
        "categoria": 30, "marca": 30, "variante": 30, "producto": 250, "bodega": 30,
        "movimiento-inventario": 300, "inventario/guia": 40, "documento": 400,
        "registro/transaccion": 200, "persona": 150, "contabilidad/centro-costo": 30,
        "contabilidad/cuenta-contable": 120, "contabilidad/asiento": 300, "banco/cuenta": 30,
        "banco/movimiento": 250,
    },
    "large": {
        "categoria": 400, "marca": 150, "variante": 60, "producto": 30_000, "bodega": 40,
        "movimiento-inventario": 200_000, "inventario/guia": 5_000, "documento": 100_000,
        "registro/transaccion": 50_000, "persona": 20_000, "contabilidad/centro-costo": 25,
        "contabilidad/cuenta-contable": 800, "contabilidad/asiento": 70_000, "banco/cuenta": 12,
        "banco/movimiento": 30_000,
    },
}


def parse_counts(text):
    """Parse "producto=500,documento=2000" into a dict; raise ValueError on anything else."""
    counts = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        name, sep, value = part.partition("=")
        name = name.strip().strip("/")
        if not sep or name not in COLLECTIONS:
            raise ValueError(f"unknown collection in --counts: {part!r} (known: {', '.join(COLLECTIONS)})")
        try:
            number = int(value)
        except ValueError:
            raise ValueError(f"count for {name} must be a whole number, not {value!r}") from None
        if number < 0 or number >= 2**31:
            raise ValueError(f"count for {name} out of range: {number}")
        counts[name] = number
    return counts


class Dataset:
    """Sizes, creation times, ids and per-record random streams for one seed."""

    def __init__(
        self, seed=1, scale="small", counts=None, start=DEFAULT_START, modification_filter="exact_day"
    ):
        if scale not in SCALES:
            raise ValueError(f"unknown scale {scale!r} (known: {', '.join(SCALES)})")
        if modification_filter not in MODIFICATION_FILTERS:
            known = ", ".join(MODIFICATION_FILTERS)
            raise ValueError(f"unknown modification_filter {modification_filter!r} (known: {known})")
        self.modification_filter = modification_filter
        self.seed = int(seed)
        self.scale = scale
        self.counts = dict(SCALES[scale])
        for name, number in (counts or {}).items():
            if name not in self.counts:
                raise ValueError(f"unknown collection {name!r}")
            self.counts[name] = int(number)
        self.start = start
        self.codec = IdCodec(self.seed)
        self._codes = {name: code_of(name) for name in COLLECTIONS}
        self._codes["variante/valor"] = code_of("variante/valor")
        self._timeline = {}
        for name, number in self.counts.items():
            n = max(number, 1)
            history = max(HISTORY, timedelta(days=-(-n // MAX_PER_DAY)))
            self._timeline[name] = (start - history, int((history - timedelta(days=1)).total_seconds()), n)
        # Per-instance cache: references to small catalogues (bodegas, cuentas) repeat a lot.
        self.id = lru_cache(maxsize=65536)(self._id)

    def n(self, collection):
        """Return how many base records ``collection`` has."""
        return self.counts[collection]

    def created(self, collection, index):
        """Return the creation (and base modification) time of base record ``index``.

        Non-decreasing in ``index`` so that date filters can bisect instead of scanning (docs/contifico-
        api.md, "Date filters").
        """
        first, span, n = self._timeline[collection]
        return first + timedelta(seconds=(min(index, n) * span) // n)

    def _id(self, collection, index):
        """Return the id of record ``index`` (also for indices past the end: dangling references)."""
        return self.codec.encode(collection, index, self.counts.get(collection, 0))

    def index_of(self, collection, text):
        """Return the index an id encodes, or None."""
        return self.codec.decode(collection, text, self.counts.get(collection, 0))

    def hash(self, collection, index, salt):
        """Return a cheap deterministic 64-bit integer for (collection, index, salt)."""
        return mix(self.seed, self._codes[collection], index, salt)

    def rng(self, collection, index, salt=0):
        """Return the random stream of one record (salt separates independent parts)."""
        return rng_for(self.seed, self._codes[collection], index, salt)

    def pick(self, collection, rng, dangling=0.0, none=0.0):
        """Return the id of a random record of ``collection``; sometimes None or dangling (docs/contifico-
        api.md, "Record formats").
        """
        roll = rng.random()
        if roll < none:
            return None
        n = self.counts[collection]
        if roll < none + dangling or n == 0:
            # An id with the right shape that no listing contains.
            return self.id(collection, n + 1000 + rng.randrange(50))
        return self.id(collection, rng.randrange(n))
