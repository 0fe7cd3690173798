"""A read-only admin for mirrored Contífico records that stays fast on big tables.

Model-free: the catalogue apps (inventory, accounting, banking) subclass
``ContificoRecordAdmin`` for their own models. Rows are written by the sync
engine only, so the admin can view them and nothing else.

What every catalogue page gets from here:

- search through ``sync.search`` (any word, part of a code, no accents);
- money, quantities and dates in one Ecuadorian format (``sync.formats``) on
  lists, detail pages and the CSV and .xlsx exports;
- foreign Contífico ids shown as links when the record exists, and as
  "sin registro" when it does not;
- only the filters the page offers: any other query parameter, or a value a
  filter does not offer, answers 400 (never a 500, never a slow query);
- sorting only on columns with an index behind them;
- streamed CSV and .xlsx exports of the list as filtered and searched;
- pages past the counted ones still reachable (``?p=N`` and "siguiente").
"""

import csv
import json
import time

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import BadRequest, FieldDoesNotExist, PermissionDenied
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import OperationalError, connections, models, transaction
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join

from sync import formats, xlsx
from sync.search import filter_search

# Below this many rows a list is counted exactly; above it counting every row
# on every page load costs more than the number is worth.
EXACT_COUNT_LIMIT = 10_000
# Milliseconds a list may spend counting its rows before it pages on without the count.
COUNT_BUDGET_MS = 150
# From this many rows down, a page is found by its ids first (see CheapCountPaginator._deep_rows).
DEEP_PAGE_ROWS = 5_000
# Lines of a record's detail table (a document's items, an entry's lines) shown at most.
MAX_LINES = 200
# Catalogue pages leave out the admin's left menu: at 1280 px a nine-column list and its filters
# need the width (the breadcrumbs and the index lead back to the other catalogues).
WIDE_PAGE = {"is_nav_sidebar_enabled": False}
# Columns never shown: internal bookkeeping, or shown in a better form elsewhere.
HIDDEN_COLUMNS = ("payload", "payload_hash", "search_text")


def estimated_row_count(queryset):
    """Return PostgreSQL's planner estimate of the rows in ``queryset``'s table, else None.

    The estimate comes from the last ANALYZE / autovacuum; SQLite keeps none.
    """
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)", [table])
        row = cursor.fetchone()
    # reltuples is -1 (PostgreSQL 14+) or 0 for a table never analysed.
    if not row or row[0] is None or row[0] <= 0:
        return None
    return int(row[0])


def count_within_budget(queryset, budget_ms=None):
    """Return ``queryset.count()``, or None when counting takes longer than ``budget_ms``.

    A capped count stops after 10,001 rows, but finding them can still mean
    reading most of a table (a filter few rows pass, a search on a common
    trigram). PostgreSQL cancels the statement (``statement_timeout``);
    SQLite interrupts it from its progress handler.
    """
    budget_ms = max(1, COUNT_BUDGET_MS if budget_ms is None else budget_ms)  # 0 would mean "no limit"
    connection = connections[queryset.db]
    try:
        if connection.vendor == "postgresql":
            with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('statement_timeout')")
                previous = cursor.fetchone()[0]
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{budget_ms}ms"])
                number = queryset.count()
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
                return number
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            deadline = time.monotonic() + budget_ms / 1000
            connection.connection.set_progress_handler(lambda: time.monotonic() > deadline, 1000)
            try:
                return queryset.count()
            finally:
                connection.connection.set_progress_handler(None, 0)
        return queryset.count()
    except OperationalError:
        return None


class CheapCountPaginator(Paginator):
    """Count a changelist without a full COUNT(*) over millions of rows, and reach every page.

    Lists up to ``EXACT_COUNT_LIMIT`` rows are counted exactly, so small
    tables and narrow filters show the true count. Beyond that an unfiltered
    list shows PostgreSQL's row estimate, and a filtered one (or any list on
    SQLite) stops counting at the limit (``capped``). A page past the counted
    ones is still served as long as it holds rows, so every row can be reached.
    """

    uncounted = False

    @cached_property
    def count(self):
        """Return the exact count up to the limit, else an estimate or the capped count."""
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list)
        unordered = self.object_list.order_by()
        capped = count_within_budget(unordered[: EXACT_COUNT_LIMIT + 1])
        if capped is None:
            # Counting would take longer than showing the page: say so, and page on.
            self.uncounted = True
            return EXACT_COUNT_LIMIT + 1
        if capped <= EXACT_COUNT_LIMIT:
            return capped
        if not self.object_list.query.where:
            estimate = estimated_row_count(self.object_list)
            if estimate is not None and estimate > capped:
                return estimate
        return capped

    @property
    def capped(self):
        """Whether the count is a lower bound (more rows may follow the last counted page)."""
        return self.count > EXACT_COUNT_LIMIT

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("Número de página no válido") from None
        if number < 1:
            raise EmptyPage("La página debe ser 1 o más")
        if number > self.num_pages and not self.capped:
            raise EmptyPage("Esa página no tiene resultados")
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom >= DEEP_PAGE_ROWS and isinstance(self.object_list, QuerySet):
            rows = self._deep_rows(bottom)
        else:
            rows = list(self.object_list[bottom : bottom + self.per_page])
        if not rows and number > 1:
            raise EmptyPage("Esa página no tiene resultados")
        return self._get_page(rows, number, self)

    def _deep_rows(self, bottom):
        """Return a page far down the list: skip over ids only, then read the page's rows.

        Skipping half a million rows is an index-only walk when only ids are
        read; reading whole rows while skipping (PostgreSQL cannot skip
        without visiting each row) took seconds.
        """
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        by_pk = {row.pk: row for row in self.object_list.filter(pk__in=ids)} if ids else {}
        return [by_pk[pk] for pk in ids if pk in by_pk]


# --- filters --------------------------------------------------------------------------------------


class OfferedFilter(admin.SimpleListFilter):
    """A list filter that accepts only the values it offers; anything else is a 400."""

    def value(self):
        value = super().value()
        if value is not None and value not in self.offered_values():
            raise BadRequest(f"Valor no válido para el filtro «{self.title}».")
        return value

    def offered_values(self):
        return {str(key) for key, _ in self.lookup_choices}

    @classmethod
    def parameters(cls):
        return (cls.parameter_name,)


class DeletedUpstreamFilter(OfferedFilter):
    """Split rows still present in Contífico from those a full refresh found gone."""

    title = "estado en Contífico"
    parameter_name = "eliminado"

    def lookups(self, request, model_admin):
        return (("no", "Vigente"), ("si", "Eliminado en origen"))

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(deleted_at__isnull=True)
        if self.value() == "si":
            # Through the small partial index: as a plain condition SQLite would rather walk the
            # list's order index over every row to find the few deleted ones.
            deleted = queryset.model.objects.filter(deleted_at__isnull=False).values("pk")
            return queryset.filter(pk__in=deleted)
        return queryset


def choices_filter(model, name):
    """Return a list filter on ``name``: its declared choices, or Sí/No for a boolean."""
    field = model._meta.get_field(name)
    if isinstance(field, models.BooleanField):
        options = (("si", "Sí"), ("no", "No"))
        values = {"si": True, "no": False}
    else:
        options = tuple((str(key), label) for key, label in field.flatchoices)
        values = {key: key for key, _ in options}

    class FieldChoicesFilter(OfferedFilter):
        title = field.verbose_name
        parameter_name = name

        def lookups(self, request, model_admin):
            return options

        def queryset(self, request, queryset):
            value = self.value()
            if value is None:
                return queryset
            return queryset.filter(**{name: values[value]})

    FieldChoicesFilter.__name__ = f"{name.title()}Filter"
    return FieldChoicesFilter


def reference_filter(model, name):
    """Return a filter on a foreign-id column, shown only while used (the "referenced by" links)."""
    field = model._meta.get_field(name)

    class ReferenceFilter(admin.SimpleListFilter):
        title = field.verbose_name
        parameter_name = name

        def lookups(self, request, model_admin):
            value = self.value()
            if value is None:
                return ()
            if len(value) > 64 or "\x00" in value:
                raise BadRequest("Id no válido.")
            return ((value, value),)

        def queryset(self, request, queryset):
            value = self.value()
            return queryset.filter(**{name: value}) if value is not None else queryset

        @classmethod
        def parameters(cls):
            return (name,)

    return ReferenceFilter


class DateRangeFilter(admin.ListFilter):
    """``desde`` / ``hasta`` on the catalogue's main date: two date boxes in the sidebar.

    Dates are accepted as ``dd/mm/aaaa`` or as a date input sends them
    (``aaaa-mm-dd``); both ends are included.
    """

    template = "admin/contifico/date_range_filter.html"
    field_name = None

    def __init__(self, request, params, model, model_admin):
        self.field = model._meta.get_field(self.field_name)
        self.title = f"{self.field.verbose_name} (desde / hasta)"
        super().__init__(request, params, model, model_admin)
        self.bounds = {}
        for key in self.parameters():
            values = params.pop(key, None)
            if not values or values[-1] == "":
                continue
            day = formats.parse_day(values[-1])
            if day is None or not 1900 <= day.year <= 2100:
                raise BadRequest(f"Fecha no válida en «{key}»: use dd/mm/aaaa.")
            self.bounds[key] = day
            self.used_parameters[key] = values[-1]

    @classmethod
    def parameters(cls):
        return ("desde", "hasta")

    def has_output(self):
        return True

    def expected_parameters(self):
        return list(self.parameters())

    def queryset(self, request, queryset):
        if "desde" in self.bounds:
            queryset = queryset.filter(**{f"{self.field_name}__gte": self.bounds["desde"]})
        if "hasta" in self.bounds:
            queryset = queryset.filter(**{f"{self.field_name}__lte": self.bounds["hasta"]})
        return queryset

    def choices(self, changelist):
        # One "choice": the form, carrying the other parameters as hidden fields.
        keep = changelist.get_filters_params()
        for key in (*self.parameters(), "p"):
            keep.pop(key, None)
        yield {
            "desde": self.bounds.get("desde"),
            "hasta": self.bounds.get("hasta"),
            "hidden": [(key, value) for key, values in keep.items() for value in values]
            + ([("q", changelist.query)] if changelist.query else [])
            + ([("o", changelist.params["o"])] if changelist.params.get("o") else []),
            "clear_query_string": changelist.get_query_string(remove=[*self.parameters(), "p"]),
            "selected": bool(self.bounds),
        }


def date_range_filter(name):
    return type("DateRangeFilter", (DateRangeFilter,), {"field_name": name})


# --- display ---------------------------------------------------------------------------------------


def _is_money(field):
    return isinstance(field, models.DecimalField) and field.decimal_places == 2


def plain_value(obj, field):
    """Return one column of ``obj`` as text in the Ecuadorian formats (the export's cell)."""
    value = getattr(obj, field.attname)
    if value is None:
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if _is_money(field):
        return formats.money(value)
    if isinstance(field, models.DecimalField):
        return formats.quantity(value)
    if isinstance(field, models.DateTimeField):
        return formats.datetime(value)
    if isinstance(field, models.DateField):
        return formats.date(value)
    if isinstance(field, models.BooleanField):
        return formats.yes_no(value)
    return str(value)


# A text cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_cell(obj, field):
    """Return one export cell: the list's text, with text that a spreadsheet would run made inert."""
    value = plain_value(obj, field)
    is_text = isinstance(field, (models.CharField, models.TextField)) and not field.choices
    if is_text and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_style(field):
    """Return the spreadsheet style of a column: money and quantities are numbers there."""
    if field.choices:
        return xlsx.TEXT
    if _is_money(field):
        return xlsx.MONEY
    if isinstance(field, models.DecimalField):
        return xlsx.QUANTITY
    return xlsx.TEXT


def xlsx_value(obj, field):
    """Return one workbook cell: numbers and dates (Ecuador time) typed, else the list's text."""
    value = getattr(obj, field.attname)
    if value is None or field.choices:
        return plain_value(obj, field)
    if isinstance(field, models.DateTimeField):
        return timezone.localtime(value)
    if isinstance(field, (models.DecimalField, models.DateField)):
        return value
    return plain_value(obj, field)


def _change_url(obj):
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return None


def record_link(target, value):
    """Return a link to ``target`` (the record ``value`` names), or "sin registro" when it is None."""
    if not value:
        return ""
    if target is None:
        return format_html(
            '<span class="contifico-unresolved" title="{}">{} · sin registro</span>',
            "Este id no está en la copia local",
            value,
        )
    url = _change_url(target)
    label = str(target)
    if url is None:
        return label
    return format_html('<a href="{}">{}</a>', url, label)


def resolve_links(links, objects):
    """Look up the records the ``links`` columns of ``objects`` name: one query per column.

    Sets ``obj._contifico_links[column]`` to the record, or None when the id
    points nowhere (ids dangle in real data, see docs/contifico-api.md,
    "Record formats").
    """
    objects = list(objects)
    for obj in objects:
        obj._contifico_links = getattr(obj, "_contifico_links", {})
    for column, label in links.items():
        target_model = _model(label)
        ids = {getattr(obj, column) for obj in objects if getattr(obj, column)}
        found = target_model.objects.defer(*_deferrable(target_model)).in_bulk(ids) if ids else {}
        for obj in objects:
            obj._contifico_links[column] = found.get(getattr(obj, column))


def _model(label):
    from django.apps import apps

    return apps.get_model(label)


def _deferrable(model):
    return [name for name in HIDDEN_COLUMNS if _has_field(model, name)]


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def column_display(model_admin, field):
    """Return the list/detail display of one model column in the Ecuadorian formats."""
    name = field.name
    links = model_admin.links

    def display(obj):
        if name in links:
            resolved = getattr(obj, "_contifico_links", None)
            if resolved is None or name not in resolved:
                resolve_links({name: links[name]}, [obj])
                resolved = obj._contifico_links
            return record_link(resolved[name], getattr(obj, name))
        value = getattr(obj, field.attname)
        if isinstance(field, models.BooleanField):
            return formats.yes_no(value)
        text = plain_value(obj, field)
        if _is_money(field) or isinstance(field, models.DecimalField):
            return format_html('<span class="contifico-number">{}</span>', text)
        return text

    label = str(field.verbose_name)
    if name in links:
        label = label.replace(" (id)", "")
    display.short_description = label
    display.admin_order_field = name
    display.__name__ = name
    return display


# --- the changelist --------------------------------------------------------------------------------


class ContificoChangeList(ChangeList):
    """The list page: never reads the JSON, sorts only where an index helps, resolves links per page."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer(*_deferrable(self.model))

    def get_ordering_field(self, field_name):
        # Only offered sorts: ?o= on another column would sort a million rows.
        order_field = super().get_ordering_field(field_name)
        if order_field and order_field not in self.model_admin.sortable_columns():
            return None
        return order_field

    def _get_deterministic_ordering(self, ordering):
        # Break ties on id in the direction of the sort, so one index walks both ways.
        ordering = list(ordering)
        names = [part.lstrip("-") for part in ordering if isinstance(part, str)]
        if "id" in names or "pk" in names or not ordering or not isinstance(ordering[-1], str):
            return super()._get_deterministic_ordering(ordering)
        return [*ordering, "-id" if ordering[-1].startswith("-") else "id"]

    def get_results(self, request):
        super().get_results(request)
        if self.model_admin.links:
            self.result_list = list(self.result_list)
            resolve_links(self.model_admin.links, self.result_list)
        self.pages = self._pages()

    def _pages(self):
        """Return what the pagination bar shows: the count, page links, previous and next."""
        paginator, number = self.paginator, self.page_num
        capped = getattr(paginator, "capped", False)
        shown = len(self.result_list) if not isinstance(self.result_list, QuerySet) else None
        full_page = shown is None or shown >= self.list_per_page
        if getattr(paginator, "uncounted", False):
            count_text = "muchos resultados (sin contar: la cuenta tardaría demasiado)"
        elif capped and self.result_count > EXACT_COUNT_LIMIT + 1:
            # PostgreSQL's planner estimate of an unfiltered table.
            count_text = f"unos {formats.count(self.result_count)} resultados"
        elif capped:
            count_text = f"más de {formats.count(EXACT_COUNT_LIMIT)} resultados"
        else:
            plural = "" if self.result_count == 1 else "s"
            count_text = f"{formats.count(self.result_count)} resultado{plural}"
        if not self.multi_page and number == 1:
            return {"count_text": count_text, "links": [], "previous": None, "next": None, "number": 1}
        last = paginator.num_pages
        links = []
        if number <= last:
            for item in paginator.get_elided_page_range(number, on_each_side=2, on_ends=1):
                url = None if item == paginator.ELLIPSIS else self.get_query_string({"p": item})
                links.append((item, url))
        else:
            links = [(1, self.get_query_string({"p": 1})), (paginator.ELLIPSIS, None), (number, None)]
        has_next = number < last or (capped and full_page)
        return {
            "count_text": count_text,
            "links": links,
            "number": number,
            "previous": self.get_query_string({"p": number - 1}) if number > 1 else None,
            "next": self.get_query_string({"p": number + 1}) if has_next else None,
            "hidden": [(key, value) for key, value in self.params.items() if key != "p"],
        }


class ContificoRecordAdmin(admin.ModelAdmin):
    """Read-only admin for one mirrored catalogue.

    Subclasses set ``list_display`` (column names, formatted here),
    ``list_filter`` (column names of choices/boolean columns, or filter
    classes), ``date_range`` (the date column of the desde/hasta filter),
    ``links`` (column → model label of the record a foreign id names),
    ``referenced_by`` ((model label, column, label) of records pointing here),
    ``line_columns`` (the payload's ``detalles`` lines shown on the detail page)
    and ``ordering`` (on an indexed column). ``search_help_text`` is built from
    the model's ``search_columns``.
    """

    list_filter = ()
    list_per_page = 100
    show_full_result_count = False
    paginator = CheapCountPaginator
    # Facet counts would count a million rows once per filter choice.
    show_facets = admin.ShowFacets.NEVER
    change_list_template = "admin/contifico/change_list.html"
    change_form_template = "admin/contifico/change_form.html"
    search_fields = ("search_text",)  # shows the search box; the search itself is get_search_results
    date_range = None
    links = {}
    referenced_by = ()
    # (payload key, heading, kind): kind is "money", "quantity", "side" (D/H) or a model label.
    line_columns = ()

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        # id, the catalogue's own columns, then the mirror's bookkeeping (when fetched, modified, deleted).
        shown = [field for field in model._meta.concrete_fields if field.name not in HIDDEN_COLUMNS]
        bookkeeping = ("fetched_at", "updated_at", "deleted_at")
        shown.sort(key=lambda field: (field.name != "id", field.name in bookkeeping))
        self.displays = {field.name: column_display(self, field) for field in shown}
        # Detail-page fields are looked up by name on the admin.
        for name, display in self.displays.items():
            setattr(self, f"ver_{name}", display)
        if self.search_help_text is None:
            self.search_help_text = search_help(model)

    # --- pages ------------------------------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        # "Productos" rather than the stock "Seleccione Producto para ver".
        title = {"title": str(self.model._meta.verbose_name_plural)}
        return super().changelist_view(request, {**WIDE_PAGE, **title, **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = {**WIDE_PAGE, "title": str(self.model._meta.verbose_name), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, context)  # "Venta", not "Vista Venta"

    # --- list --------------------------------------------------------------------------------------

    def get_changelist(self, request, **kwargs):
        return ContificoChangeList

    def get_queryset(self, request):
        # Unordered here: the changelist orders (and breaks ties on id in the same direction).
        return super().get_queryset(request).order_by()

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except IncorrectLookupParameters as exc:
            # The stock admin redirects to "?e=1", a page titled "database error".
            raise BadRequest("Parámetros de la lista no válidos.") from exc

    def get_list_display(self, request):
        return [self.displays.get(name, name) for name in self.list_display]

    def get_list_display_links(self, request, list_display):
        return list_display[:1]

    def get_list_filter(self, request):
        filters = []
        if self.date_range:
            filters.append(date_range_filter(self.date_range))
        for entry in self.list_filter:
            filters.append(choices_filter(self.model, entry) if isinstance(entry, str) else entry)
        filters.append(DeletedUpstreamFilter)
        filters.extend(reference_filter(self.model, column) for column in self.links)
        return filters

    def lookup_allowed(self, lookup, value, request=None):
        # Only the parameters of the filters this page offers; ?id__regex=( and friends are a 400.
        return lookup in self.offered_parameters(request)

    def offered_parameters(self, request):
        return {name for spec in self.get_list_filter(request) for name in spec.parameters()}

    def sortable_columns(self):
        """Return the list columns an index can sort: those that lead a (non-partial) index."""
        leading = {"id"}
        for index in self.model._meta.indexes:
            fields = [name.lstrip("-") for name in index.fields]
            # (column) or (column, id): an index on (estado, nombre) does not sort by estado, id.
            if index.condition is None and fields and (len(fields) == 1 or fields[1:] == ["id"]):
                leading.add(fields[0])
        # A foreign id sorts by an opaque code: not a sort anyone wants.
        return [name for name in self.list_display if name in leading and name not in self.links]

    def get_sortable_by(self, request):
        return [self.displays.get(name, name) for name in self.sortable_columns()]

    def get_search_results(self, request, queryset, search_term):
        found = {}
        queryset = filter_search(queryset, search_term, found)
        request.contifico_search_matches = found.get("matches")
        return queryset, False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        matches = getattr(request, "contifico_search_matches", None)
        if matches is not None and not set(request.GET) - {"q", "o", "p"}:
            # A search alone: the search index already counted its matches (up to the limit).
            paginator.count = min(matches, EXACT_COUNT_LIMIT + 1)
        return paginator

    # --- detail ------------------------------------------------------------------------------------

    def get_fields(self, request, obj=None):
        names = [f"ver_{name}" for name in self.displays]
        extra = ["referencias"] if self.referenced_by else []
        lines = ["lineas"] if self.line_columns else []
        return [*names, *extra, *lines, "payload_pretty"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and self.links:
            resolve_links(self.links, [obj])
        return obj

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="JSON de Contífico")
    def payload_pretty(self, obj):
        pretty = json.dumps(obj.payload, indent=2, ensure_ascii=False, sort_keys=True, default=str)
        return format_html('<pre class="contifico-payload">{}</pre>', pretty)

    @admin.display(description="referenciado por")
    def referencias(self, obj):
        items = []
        for label, column, title in self.referenced_by:
            model = _model(label)
            found = model.objects.filter(**{column: obj.pk}).order_by()[: EXACT_COUNT_LIMIT + 1].count()
            number = formats.count(found)
            if found > EXACT_COUNT_LIMIT:
                number = f"más de {formats.count(EXACT_COUNT_LIMIT)}"
            opts = model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            items.append((url, column, obj.pk, title, number))
        return format_html(
            '<ul class="contifico-references">{}</ul>',
            format_html_join("", '<li><a href="{}?{}={}">{}</a>: {}</li>', items),
        )

    @admin.display(description="líneas")
    def lineas(self, obj):
        lines = (obj.payload or {}).get("detalles") if isinstance(obj.payload, dict) else None
        if isinstance(lines, dict):
            lines = [lines]
        if not isinstance(lines, list) or not lines:
            return "—"
        lines = [line for line in lines[:MAX_LINES] if isinstance(line, dict)]
        targets = {}
        for key, _, kind in self.line_columns:
            if "." in kind:
                ids = {line.get(key) for line in lines if isinstance(line.get(key), str) and line.get(key)}
                model = _model(kind)
                targets[key] = model.objects.defer(*_deferrable(model)).in_bulk(ids) if ids else {}
        head = format_html_join("", "<th>{}</th>", ((title,) for _, title, _ in self.line_columns))
        rows = []
        for line in lines:
            cells = []
            for key, _, kind in self.line_columns:
                value = line.get(key)
                if key in targets:
                    cell = record_link(targets[key].get(value), value) if isinstance(value, str) else ""
                    cells.append(format_html("<td>{}</td>", cell))
                elif kind == "money":
                    cells.append(format_html('<td class="contifico-number">{}</td>', formats.money(value)))
                elif kind == "quantity":
                    cells.append(format_html('<td class="contifico-number">{}</td>', formats.quantity(value)))
                elif kind == "side":
                    side = {"D": "Debe", "H": "Haber"}.get(value, value or "")
                    cells.append(format_html("<td>{}</td>", side))
                else:
                    cells.append(format_html("<td>{}</td>", "" if value is None else value))
            rows.append(format_html("<tr>{}</tr>", format_html_join("", "{}", ((cell,) for cell in cells))))
        return format_html(
            '<table class="contifico-lines"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
            head,
            format_html_join("", "{}", ((row,) for row in rows)),
        )

    # --- export ------------------------------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        exports = [
            path(
                f"exportar.{kind}",
                self.admin_site.admin_view(view),
                name=f"{opts.app_label}_{opts.model_name}_export{'' if kind == 'csv' else '_' + kind}",
            )
            for kind, view in (("csv", self.export_csv), ("xlsx", self.export_xlsx))
        ]
        return [*exports, *super().get_urls()]

    def export_columns(self):
        return [self.model._meta.get_field(name) for name in self.displays]

    def export_rows(self, request):
        """Return the export's columns and an iterator over the list as filtered, searched and sorted.

        Rows are read with a database iterator (a server-side cursor on PostgreSQL) in chunks, so
        a million rows stream in constant memory.
        """
        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        queryset = changelist.get_queryset(request)
        columns = self.export_columns()
        return columns, queryset.only(*(field.attname for field in columns)).iterator(chunk_size=2000)

    def export_filename(self, extension):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return f'attachment; filename="{self.model._meta.db_table}-{stamp}.{extension}"'

    def export_csv(self, request):
        """Stream the list as shown on the page as CSV, each line sent as soon as it is written."""
        columns, rows = self.export_rows(request)

        class Echo:
            def write(self, value):
                return value

        writer = csv.writer(Echo())

        def lines():
            # A BOM so spreadsheet programs read the accents as UTF-8.
            yield "\ufeff" + writer.writerow([str(field.verbose_name) for field in columns])
            for obj in rows:
                yield writer.writerow([export_cell(obj, field) for field in columns])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = self.export_filename("csv")
        return response

    def export_xlsx(self, request):
        """Stream the list as shown on the page as an Excel workbook, numbers and dates typed."""
        columns, rows = self.export_rows(request)
        styles = [xlsx_style(field) for field in columns]
        body = xlsx.stream(
            [str(field.verbose_name) for field in columns],
            ([xlsx_value(obj, field) for field in columns] for obj in rows),
            styles,
            sheet_name=str(self.model._meta.verbose_name_plural),
        )
        response = StreamingHttpResponse(
            body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = self.export_filename("xlsx")
        return response


def search_help(model):
    """Return the search box's help: which columns a search looks in, and how."""
    names = [str(model._meta.get_field(name).verbose_name) for name in model.search_columns]
    return (
        f"Busca en: {', '.join(names)}. Cualquier parte de una palabra, sin importar mayúsculas ni tildes; "
        "varias palabras deben aparecer todas. También el id de Contífico exacto."
    )
