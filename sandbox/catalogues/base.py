"""What every sandbox catalogue shares: filters, versions, cheap attributes and rendering."""

from ..texture import parse_record_date


class Catalogue:
    """Describe one Contífico collection and generate its records.

    Subclasses set the class attributes (where it is served, which filters it honours) and
    implement ``build``. Filter attributes must be cheap to compute from the index alone
    (``attr_<name>`` methods) so that filtering 200,000 rows never builds 200,000 payloads; the
    date attributes ``mod``, ``emision`` and ``fecha`` are non-decreasing in the index, so date
    windows are found by bisection.
    """

    name = ""
    on_v2 = False  # listed on v2 (docs/contifico-api.md, "Catalogues")
    # v1 has a list endpoint (asiento has only detail on v1; docs/contifico-api.md, "Catalogues")
    v1_list = True
    v1_result_paging = False  # v1 honours result_size/result_page (docs/contifico-api.md, "v1 lists")
    v1_detail_array = False  # v1 detail answers a one-element array (docs/contifico-api.md, "Catalogues")
    # query parameter -> (operation, attribute); operations: eq, ge, le, day
    v1_filters = {}
    v2_filters = {}
    v1_only = frozenset()  # keys dropped from v2 payloads
    v2_only = frozenset()  # keys dropped from v1 payloads
    v2_renames = {}  # canonical (v1) key -> v2 key
    monotone = frozenset({"mod", "emision", "fecha"})
    # The date attribute v2 lists are ordered by when that order has ties (the ``unstable`` fault);
    # None: the list's order is unique.
    order_key = None

    def __init__(self, dataset, registry):
        self.ds = dataset
        self.registry = registry  # name -> Catalogue, for records that embed others

    # --- attributes used by filters --------------------------------------------------------------

    def base_attr(self, index, attr):
        """Return a filter attribute of base record ``index`` without building it."""
        if attr == "mod":
            return self.ds.created(self.name, index)
        if attr in ("emision", "fecha"):
            return self.ds.created(self.name, index).date()
        return getattr(self, f"attr_{attr}")(index)

    def record_attr(self, record, mod, attr):
        """Return a filter attribute of a stored (changed or added) record."""
        if attr == "mod":
            return mod
        if attr == "emision":
            return parse_record_date(record.get("fecha_emision"))
        if attr == "fecha":
            return parse_record_date(record.get("fecha"))
        return record.get(attr)

    def filters(self, version):
        """Return the filter table of one version."""
        return self.v1_filters if version == "v1" else self.v2_filters

    # --- records ------------------------------------------------------------------------------------

    def build(self, index, when):
        """Return the canonical record ``index`` created at ``when`` (v1 keys plus v2 extras)."""
        raise NotImplementedError

    def render(self, record, version, mod):
        """Return the payload one version serves for a canonical record."""
        if version == "v1":
            return {k: v for k, v in record.items() if k not in self.v2_only}
        renames = self.v2_renames
        return {renames.get(k, k): v for k, v in record.items() if k not in self.v1_only}

    def to_canonical_key(self, key):
        """Map a v2 field name given in a change back to the canonical key."""
        for canonical, v2 in self.v2_renames.items():
            if v2 == key:
                return canonical
        return key

    def edit(self, record, rng):
        """Return a realistic edit of a record (what a user changes in Contífico's screens)."""
        changed = dict(record)
        for key in ("nombre", "razon_social", "glosa", "descripcion"):
            if isinstance(changed.get(key), str):
                changed[key] = f"{changed[key]} (editado {rng.randint(1, 99)})"
                return changed
        return changed
