"""Read-only admin for the sync bookkeeping: run history and per-catalogue state.

Written for the person who opens it after a night of syncs: Spanish names for
catalogues, modes and statuses; one short line per message, the details
folded; a table that fits a 1280 px screen.
"""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from sync import formats
from sync.admin_base import WIDE_PAGE, OfferedFilter
from sync.catalogues import BY_KEY
from sync.models import COUNTERS, SyncRun, SyncRunCatalogue, SyncState

# A message longer than this, or on more than one line, is folded behind its first line.
SHORT_MESSAGE = 120
# Error notes shown when a catalogue row is unfolded (the run keeps at most what the engine stored).
SHOWN_ERRORS = 20
MODES = {"full": "Completa", "incremental": "Incremental"}


def catalogue_name(key):
    """Return the Spanish name of a catalogue key (``products`` → ``Productos``)."""
    catalogue = BY_KEY.get(key)
    return catalogue.label if catalogue else key


def short(text, limit=SHORT_MESSAGE):
    """Return the first line of ``text``, cut to ``limit`` characters."""
    first = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def folded(text, details=()):
    """Return ``text`` as one short line, with the whole text and ``details`` behind a click."""
    text = (text or "").strip()
    details = [str(item) for item in details if item]
    line = short(text)
    if line == text and not details:
        return line
    body = "\n".join([text, *details]) if text else "\n".join(details)
    return format_html(
        '<details class="contifico-fold"><summary>{}</summary><pre>{}</pre></details>',
        line or f"{len(details)} errores",
        body,
    )


def mode_name(mode):
    return MODES.get(mode, mode or "")


class ReadOnlyAdminMixin:
    """Rows written by the engine only: viewable, never added, changed or deleted by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OfferedLookupsMixin:
    """Accept only the parameters of the offered filters; anything else answers 400."""

    def lookup_allowed(self, lookup, value, request=None):
        offered = {name for spec in self.get_list_filter(request) for name in spec.parameters()}
        return lookup in offered


class RunStatusFilter(OfferedFilter):
    title = "estado"
    parameter_name = "estado"

    def lookups(self, request, model_admin):
        return SyncRun.Status.choices

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


class RunTriggerFilter(OfferedFilter):
    """Only the origins that occur in the history (a handful of rows to read)."""

    title = "origen"
    parameter_name = "origen"

    def lookups(self, request, model_admin):
        present = set(SyncRun.objects.order_by().values_list("trigger", flat=True).distinct())
        return [(value, label) for value, label in SyncRun.Trigger.choices if value in present]

    def offered_values(self):
        return set(SyncRun.Trigger.values)

    def queryset(self, request, queryset):
        return queryset.filter(trigger=self.value()) if self.value() else queryset


def _incremental_rows():
    return SyncRunCatalogue.objects.filter(run=OuterRef("pk"), mode="incremental")


class RunDownloadFilter(OfferedFilter):
    """A run read everything when every catalogue it ran read everything (a first run does)."""

    title = "descarga"
    parameter_name = "descarga"

    def lookups(self, request, model_admin):
        return (("completa", "Completa"), ("incremental", "Incremental"))

    def queryset(self, request, queryset):
        if self.value() == "completa":
            return queryset.filter(~Exists(_incremental_rows()))
        if self.value() == "incremental":
            return queryset.filter(Exists(_incremental_rows()))
        return queryset


def run_download(run):
    """Return "Completa" when the run read every catalogue whole, else "Incremental"."""
    modes = {row.mode for row in run.catalogues.all()}
    if run.full_refresh or (modes and modes <= {"full"}):
        return "Completa"
    if "incremental" in modes:
        return "Incremental"
    return ""


class SyncRunCatalogueInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SyncRunCatalogue
    extra = 0
    can_delete = False
    verbose_name_plural = "catálogos de esta ejecución"
    template = "admin/contifico/run_catalogues_inline.html"
    fields = ("catalogo", "estado", "modo", "desde", "registros", "duracion", "mensaje")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("id")

    @admin.display(description="catálogo")
    def catalogo(self, row):
        return catalogue_name(row.resource)

    @admin.display(description="estado")
    def estado(self, row):
        return row.get_status_display()

    @admin.display(description="modo")
    def modo(self, row):
        return mode_name(row.mode)

    @admin.display(description="desde")
    def desde(self, row):
        return formats.date(row.since)

    @admin.display(description="registros")
    def registros(self, row):
        return counts_summary(row)

    @admin.display(description="duración")
    def duracion(self, row):
        return formats.duration(row.started_at, row.finished_at)

    @admin.display(description="mensaje")
    def mensaje(self, row):
        return folded(row.message, row.errors[:SHOWN_ERRORS] if isinstance(row.errors, list) else ())


# The run's counters (one list, sync.models.COUNTERS) under their Spanish column names; pages go last.
COUNTS = tuple(
    (name, SyncRunCatalogue._meta.get_field(name).verbose_name) for name, _ in COUNTERS if name != "pages"
)


def counts_summary(row):
    """Return the row's non-zero counters on one line: "1,200 recibidos · 10 nuevos · 3 páginas"."""
    parts = [(formats.count(getattr(row, name)), label) for name, label in COUNTS if getattr(row, name)]
    if row.pages:
        parts.append((formats.count(row.pages), "páginas" if row.pages != 1 else "página"))
    if row.api_count is not None:
        parts.append((formats.count(row.api_count), "según la API"))
    if not parts:
        return "—"
    return format_html_join(" · ", "{} {}", parts)


@admin.register(SyncRun)
class SyncRunAdmin(OfferedLookupsMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("ejecucion", "inicio", "duracion", "estado", "origen", "descarga", "catalogos", "mensaje")
    list_display_links = ("ejecucion",)
    list_filter = (RunStatusFilter, RunTriggerFilter, RunDownloadFilter)
    list_per_page = 50
    show_facets = admin.ShowFacets.NEVER
    inlines = (SyncRunCatalogueInline,)
    change_list_template = "admin/contifico/run_change_list.html"
    change_form_template = "admin/contifico/run_change_form.html"
    fields = (
        "estado", "origen", "descarga", "catalogos_todos", "desde", "tamano_pagina", "proceso",
        "inicio", "fin", "duracion", "mensaje",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("catalogues")

    def changelist_view(self, request, extra_context=None):
        context = {**WIDE_PAGE, "title": "Historial de sincronizaciones", **(extra_context or {})}
        return super().changelist_view(request, context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(request, object_id, form_url, {**WIDE_PAGE, **(extra_context or {})})

    @admin.display(description="ejecución", ordering="id")
    def ejecucion(self, run):
        return f"#{run.pk}"

    @admin.display(description="inicio", ordering="started_at")
    def inicio(self, run):
        return formats.datetime(run.started_at)

    @admin.display(description="fin")
    def fin(self, run):
        return formats.datetime(run.finished_at)

    @admin.display(description="duración")
    def duracion(self, run):
        return formats.duration(run.started_at, run.finished_at)

    @admin.display(description="estado")
    def estado(self, run):
        return run.get_status_display()

    @admin.display(description="origen")
    def origen(self, run):
        return run.get_trigger_display()

    @admin.display(description="descarga")
    def descarga(self, run):
        return run_download(run)

    @admin.display(description="catálogos")
    def catalogos(self, run):
        keys = run.resources if isinstance(run.resources, list) else []
        if not keys or len(keys) >= len(BY_KEY):
            return "Todos"
        names = [catalogue_name(key) for key in keys]
        return folded(", ".join(names)) if len(names) > 3 else ", ".join(names)

    @admin.display(description="catálogos")
    def catalogos_todos(self, run):
        keys = run.resources if isinstance(run.resources, list) else []
        if not keys:
            return "Todos"
        return ", ".join(catalogue_name(key) for key in keys)

    @admin.display(description="desde")
    def desde(self, run):
        return formats.datetime(run.since) or "—"

    @admin.display(description="tamaño de página")
    def tamano_pagina(self, run):
        return run.page_size or "—"

    @admin.display(description="proceso")
    def proceso(self, run):
        return run.holder

    @admin.display(description="mensaje")
    def mensaje(self, run):
        return folded(run.message)


@admin.register(SyncState)
class SyncStateAdmin(OfferedLookupsMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("catalogo", "ultima", "ultima_completa", "ejecucion", "actualizado")
    fields = ("catalogo", "ultima", "ultima_completa", "ejecucion", "actualizado")
    readonly_fields = fields
    ordering = ("resource",)
    show_facets = admin.ShowFacets.NEVER
    change_form_template = "admin/contifico/state_change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The page names the catalogue in Spanish, not by the row's key.
        context = {"subtitle": catalogue_name(object_id), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, context)

    @admin.display(description="catálogo", ordering="resource")
    def catalogo(self, state):
        return catalogue_name(state.resource)

    @admin.display(description="última sincronización correcta")
    def ultima(self, state):
        return formats.datetime(state.last_synced_at) or "—"

    @admin.display(description="última descarga completa")
    def ultima_completa(self, state):
        return formats.datetime(state.last_full_refresh_at) or "—"

    @admin.display(description="última ejecución")
    def ejecucion(self, state):
        if state.last_run_id is None:
            return "—"
        url = reverse("admin:sync_syncrun_change", args=[state.last_run_id])
        return format_html('<a href="{}">#{}</a>', url, state.last_run_id)

    @admin.display(description="actualizado")
    def actualizado(self, state):
        return formats.datetime(state.updated_at)
