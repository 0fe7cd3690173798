"""The catalogue registry: every Contífico catalogue we mirror, described once.

The engine treats every entry alike. Adding a catalogue is one ``Catalogue``
entry here plus one model inheriting ``sync.records.ContificoRecord``.

Endpoint choices follow docs/contifico-api.md, "Catalogues" (sales and
purchases come from ``registro/documento``, the general document catalogue
from ``documento``).
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

from django.apps import apps


class Paging(Enum):
    UNPAGED = "unpaged"  # v1: the whole collection in one array
    RESULT = "result"  # v1: result_size / result_page
    V2 = "v2"  # v2 envelope, 100 per page


DDMMYYYY = "%d/%m/%Y"
ISO_DATE = "%Y-%m-%d"


@dataclass(frozen=True)
class DateFilter:
    """How a catalogue is asked for recent records.

    ``start``/``end`` are the query parameter names (``end`` None for an
    open "since" filter); ``month_windows`` splits the range into calendar
    months (journal entries accept at most one month, see docs/contifico-api.md,
    "Date filters"); ``daily`` asks one day per request with ``start`` alone
    (a filter that may mean "exactly that day"); ``horizon_days`` reaches past
    today for records dated in the future, and for an API clock a little ahead
    of ours around midnight (its "today" may already be our tomorrow). ``sees`` says what the filter
    selects on, for the docs and the dashboard; ``field`` is the record's own
    field holding that date (``dd/mm/yyyy``), which recovery needs.
    """

    start: str
    end: str | None
    date_format: str
    sees: str
    month_windows: bool = False
    daily: bool = False
    horizon_days: int = 1
    field: str | None = None

    def window(self, first, last):
        """Return the query parameters that select ``first`` .. ``last`` (both included)."""
        return {self.start: first.strftime(self.date_format), self.end: last.strftime(self.date_format)}

    def windows(self, since, today):
        """Return the list of query-parameter dicts that cover ``since`` .. today (+ horizon)."""
        if self.daily:
            days = range((today - since).days + 1 + self.horizon_days)
            return [{self.start: (since + dt.timedelta(days=n)).strftime(self.date_format)} for n in days]
        if self.end is None:
            return [{self.start: since.strftime(self.date_format)}]
        last = today + dt.timedelta(days=self.horizon_days)
        if not self.month_windows:
            return [self.window(since, last)]
        return [self.window(first, end) for first, end in month_ranges(since, last)]


def month_ranges(first, last):
    """Return (first, last) day pairs that split ``first`` .. ``last`` at calendar month ends."""
    ranges = []
    while first <= last:
        end = min(first.replace(day=calendar.monthrange(first.year, first.month)[1]), last)
        ranges.append((first, end))
        first = end + dt.timedelta(days=1)
    return ranges


MODIFIED_V1 = DateFilter("fecha_inicial", "fecha_final", DDMMYYYY, sees="última modificación")
EMITTED_V1 = DateFilter("fecha_inicial", "fecha_final", DDMMYYYY, sees="fecha de emisión")


@dataclass(frozen=True)
class Catalogue:
    key: str  # the --resources name and the table name
    model_label: str  # "app_label.ModelName"
    version: str  # "v1" or "v2"
    path: str  # collection path under the version, no slashes at the ends
    paging: Paging
    # One pass per dict: purchases are PRO documents of type FAC *or* LQC,
    # which the API only filters one type at a time.
    passes: tuple = field(default_factory=lambda: ({},))
    # How an incremental pass asks for recent records.
    date_filter: DateFilter | None = None
    # How a short v2 pass re-reads narrow date windows (see ``sync.completeness``);
    # defaults to ``date_filter`` when that is a range on a date the records carry.
    recovery_filter: DateFilter | None = None
    max_page_size: int | None = None
    # Where one record is read by id (to confirm a deletion); defaults to path.
    detail_path: str | None = None

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def label(self):
        return str(self.model._meta.verbose_name_plural)

    @property
    def detail(self):
        return self.detail_path or self.path

    @property
    def recovery(self):
        if self.recovery_filter:
            return self.recovery_filter
        if self.date_filter and self.date_filter.end and self.date_filter.field:
            return self.date_filter
        return None

    def page_size(self, requested):
        """Return the page size to ask for, within this endpoint's cap."""
        check_page_size(requested)
        if self.max_page_size:
            return min(requested, self.max_page_size)
        return requested


CATALOGUES = (
    # --- inventory ---------------------------------------------------------
    Catalogue("categories", "inventory.Category", "v1", "categoria", Paging.UNPAGED, date_filter=MODIFIED_V1),
    Catalogue("brands", "inventory.Brand", "v1", "marca", Paging.UNPAGED),
    Catalogue("variants", "inventory.Variant", "v1", "variante", Paging.UNPAGED, date_filter=MODIFIED_V1),
    Catalogue(
        "products", "inventory.Product", "v2", "producto", Paging.V2,
        date_filter=DateFilter("modificados_desde_fecha", None, ISO_DATE, sees="última modificación"),
    ),
    Catalogue("warehouses", "inventory.Warehouse", "v1", "bodega", Paging.UNPAGED, date_filter=MODIFIED_V1),
    Catalogue(
        "inventory_movements", "inventory.InventoryMovement", "v2", "movimiento-inventario", Paging.V2,
        date_filter=DateFilter("fecha_inicial", "fecha_final", ISO_DATE, sees="fecha del movimiento",
                               field="fecha"),
    ),
    Catalogue("remission_guides", "inventory.RemissionGuide", "v1", "inventario/guia", Paging.UNPAGED),
    # --- accounting --------------------------------------------------------
    Catalogue(
        "purchases", "accounting.Purchase", "v1", "registro/documento", Paging.RESULT,
        passes=({"tipo_registro": "PRO", "tipo": "FAC"}, {"tipo_registro": "PRO", "tipo": "LQC"}),
        date_filter=EMITTED_V1, detail_path="documento",
    ),
    Catalogue(
        "sales", "accounting.Sale", "v1", "registro/documento", Paging.RESULT,
        passes=({"tipo_registro": "CLI", "tipo": "FAC"},),
        date_filter=EMITTED_V1, detail_path="documento",
    ),
    Catalogue(
        "documents", "accounting.Document", "v2", "documento", Paging.V2,
        # The documented modification filter, so edits to old documents show up. Whether it
        # means "on that day" or "on or after" is unknown (docs/contifico-api.md, "Date filters"):
        # one request per day is right under both readings.
        date_filter=DateFilter("fecha_modificacion", None, ISO_DATE, sees="última modificación", daily=True),
        # v2 lists are ordered by emission date, ties in any order: re-read by emission day.
        recovery_filter=DateFilter("fecha_inicial", "fecha_final", DDMMYYYY, sees="fecha de emisión",
                                   field="fecha_emision"),
    ),
    # registro/transaccion times out unpaged: always page it.
    Catalogue("registry_transactions", "accounting.RegistryTransaction", "v1", "registro/transaccion",
              Paging.RESULT),
    Catalogue(
        "persons", "accounting.Person", "v2", "persona", Paging.V2,
        date_filter=DateFilter("modificados_desde_fecha", None, ISO_DATE, sees="última modificación"),
    ),
    Catalogue("cost_centers", "accounting.CostCenter", "v1", "contabilidad/centro-costo", Paging.UNPAGED),
    # Large pages time out; 100 per page worked (docs/contifico-api.md, "Errors, throttling and slowness").
    Catalogue("chart_of_accounts", "accounting.LedgerAccount", "v1", "contabilidad/cuenta-contable",
              Paging.RESULT, max_page_size=100),
    Catalogue(
        "journal_entries", "accounting.JournalEntry", "v2", "contabilidad/asiento", Paging.V2,
        # At most one month per request; entries dated months ahead exist.
        date_filter=DateFilter("fecha_inicial", "fecha_final", DDMMYYYY, sees="fecha del asiento",
                               month_windows=True, horizon_days=366, field="fecha"),
    ),
    # --- banking -----------------------------------------------------------
    Catalogue("bank_accounts", "banking.BankAccount", "v1", "banco/cuenta", Paging.UNPAGED),
    Catalogue("bank_movements", "banking.BankMovement", "v1", "banco/movimiento", Paging.UNPAGED,
              date_filter=EMITTED_V1),
)

BY_KEY = {catalogue.key: catalogue for catalogue in CATALOGUES}
KEYS = tuple(BY_KEY)


class UnknownCatalogue(ValueError):
    pass


class InvalidPageSize(ValueError):
    pass


def check_page_size(value):
    """Refuse a page size that is not a positive whole number (``InvalidPageSize``)."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InvalidPageSize(f"--page-size must be a positive whole number, not {value!r}.")


def select(keys=None):
    """Return the catalogues named by ``keys`` (all when empty), in registry order."""
    if not keys:
        return list(CATALOGUES)
    unknown = [key for key in keys if key not in BY_KEY]
    if unknown:
        raise UnknownCatalogue(
            f"Unknown catalogue(s): {', '.join(unknown)}. Choose from: {', '.join(KEYS)}."
        )
    wanted = set(keys)
    return [catalogue for catalogue in CATALOGUES if catalogue.key in wanted]
