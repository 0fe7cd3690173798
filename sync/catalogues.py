"""The catalogue registry: every Contífico catalogue we mirror, described once.

The engine treats every entry alike. Adding a catalogue is one ``Catalogue``
entry here plus one model inheriting ``sync.records.ContificoRecord``.

Endpoint choices follow ../shared/contifico-api.md Part B §8 (and the seed
README's promises: sales and purchases come from ``registro/documento``, the
general document catalogue from ``documento``).
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
    months (journal entries accept at most one month, Part B §4.1);
    ``horizon_days`` reaches past today for records dated in the future.
    ``sees`` says what the filter selects on, for the docs and the dashboard.
    """

    start: str
    end: str | None
    date_format: str
    sees: str
    month_windows: bool = False
    horizon_days: int = 1

    def windows(self, since, today):
        """Return the list of query-parameter dicts that cover ``since`` .. today + horizon."""
        if self.end is None:
            return [{self.start: since.strftime(self.date_format)}]
        last = today + dt.timedelta(days=self.horizon_days)
        if not self.month_windows:
            return [{self.start: since.strftime(self.date_format),
                     self.end: last.strftime(self.date_format)}]
        windows = []
        start = since
        while start <= last:
            month_end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
            end = min(month_end, last)
            windows.append(
                {self.start: start.strftime(self.date_format), self.end: end.strftime(self.date_format)}
            )
            start = end + dt.timedelta(days=1)
        return windows


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
    since: DateFilter | None = None
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

    def page_size(self, requested):
        """Return the page size to ask for, within this endpoint's cap."""
        if self.max_page_size:
            return min(requested, self.max_page_size)
        return requested


CATALOGUES = (
    # --- inventory ---------------------------------------------------------
    Catalogue("categories", "inventory.Category", "v1", "categoria", Paging.UNPAGED, since=MODIFIED_V1),
    Catalogue("brands", "inventory.Brand", "v1", "marca", Paging.UNPAGED),
    Catalogue("variants", "inventory.Variant", "v1", "variante", Paging.UNPAGED, since=MODIFIED_V1),
    Catalogue(
        "products", "inventory.Product", "v2", "producto", Paging.V2,
        since=DateFilter("modificados_desde_fecha", None, ISO_DATE, sees="última modificación"),
    ),
    Catalogue("warehouses", "inventory.Warehouse", "v1", "bodega", Paging.UNPAGED, since=MODIFIED_V1),
    Catalogue(
        "inventory_movements", "inventory.InventoryMovement", "v2", "movimiento-inventario", Paging.V2,
        since=DateFilter("fecha_inicial", "fecha_final", ISO_DATE, sees="fecha del movimiento"),
    ),
    Catalogue("remission_guides", "inventory.RemissionGuide", "v1", "inventario/guia", Paging.UNPAGED),
    # --- accounting --------------------------------------------------------
    Catalogue(
        "purchases", "accounting.Purchase", "v1", "registro/documento", Paging.RESULT,
        passes=({"tipo_registro": "PRO", "tipo": "FAC"}, {"tipo_registro": "PRO", "tipo": "LQC"}),
        since=EMITTED_V1, detail_path="documento",
    ),
    Catalogue(
        "sales", "accounting.Sale", "v1", "registro/documento", Paging.RESULT,
        passes=({"tipo_registro": "CLI", "tipo": "FAC"},),
        since=EMITTED_V1, detail_path="documento",
    ),
    Catalogue(
        "documents", "accounting.Document", "v2", "documento", Paging.V2,
        # Documented modification filter (Part B §5.9): edits to old documents show up.
        since=DateFilter("fecha_modificacion", None, ISO_DATE, sees="última modificación"),
    ),
    # registro/transaccion times out unpaged (Part B §5.10): always page it.
    Catalogue("registry_transactions", "accounting.RegistryTransaction", "v1", "registro/transaccion",
              Paging.RESULT),
    Catalogue(
        "persons", "accounting.Person", "v2", "persona", Paging.V2,
        since=DateFilter("modificados_desde_fecha", None, ISO_DATE, sees="última modificación"),
    ),
    Catalogue("cost_centers", "accounting.CostCenter", "v1", "contabilidad/centro-costo", Paging.UNPAGED),
    # Large pages hit 30 s timeouts (S5); 100 per page worked.
    Catalogue("chart_of_accounts", "accounting.LedgerAccount", "v1", "contabilidad/cuenta-contable",
              Paging.RESULT, max_page_size=100),
    Catalogue(
        "journal_entries", "accounting.JournalEntry", "v2", "contabilidad/asiento", Paging.V2,
        # At most one month per request; entries dated months ahead exist (Part B §5.14).
        since=DateFilter("fecha_inicial", "fecha_final", DDMMYYYY, sees="fecha del asiento",
                         month_windows=True, horizon_days=366),
    ),
    # --- banking -----------------------------------------------------------
    Catalogue("bank_accounts", "banking.BankAccount", "v1", "banco/cuenta", Paging.UNPAGED),
    Catalogue("bank_movements", "banking.BankMovement", "v1", "banco/movimiento", Paging.UNPAGED,
              since=EMITTED_V1),
)

BY_KEY = {catalogue.key: catalogue for catalogue in CATALOGUES}
KEYS = tuple(BY_KEY)


class UnknownCatalogue(ValueError):
    pass


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
