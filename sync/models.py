"""Sync bookkeeping: per-catalogue state, run history and the cross-process lock."""

from django.db import models


class SyncState(models.Model):
    """One row per catalogue: where the next incremental sync starts."""

    resource = models.CharField("catálogo", max_length=64, primary_key=True)
    # When the last successful pass *started*: anything modified after it is
    # picked up next time (minus an overlap window).
    last_synced_at = models.DateTimeField("última sincronización correcta", null=True, blank=True)
    last_full_refresh_at = models.DateTimeField("última descarga completa", null=True, blank=True)
    # Free-form position for the engine (the filters used last time).
    cursor = models.JSONField("cursor", default=dict, blank=True)
    last_run = models.ForeignKey(
        "SyncRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("actualizado", auto_now=True)

    class Meta:
        db_table = "sync_state"
        verbose_name = "estado de sincronización"
        verbose_name_plural = "estados de sincronización"

    def __str__(self):
        return self.resource


class SyncRun(models.Model):
    """One invocation of the sync engine, whatever started it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "En cola"
        RUNNING = "running", "En curso"
        SUCCEEDED = "succeeded", "Correcta"
        INCOMPLETE = "incomplete", "Incompleta"
        FAILED = "failed", "Con errores"
        REFUSED = "refused", "Rechazada (otra en curso)"
        SKIPPED = "skipped", "Omitida (otra en curso)"
        INTERRUPTED = "interrupted", "Interrumpida"

    class Trigger(models.TextChoices):
        COMMAND = "command", "Comando"
        TASK = "task", "Tarea programada"
        API = "api", "API"
        DASHBOARD = "dashboard", "Panel"
        PYTHON = "python", "Python"

    status = models.CharField("estado", max_length=16, choices=Status.choices, default=Status.RUNNING)
    trigger = models.CharField("origen", max_length=16, choices=Trigger.choices, default=Trigger.PYTHON)
    resources = models.JSONField("catálogos", default=list)
    since = models.DateTimeField("desde", null=True, blank=True)
    full_refresh = models.BooleanField("descarga completa", default=False)
    page_size = models.PositiveIntegerField("tamaño de página", null=True, blank=True)
    holder = models.CharField("proceso", max_length=200, blank=True)
    started_at = models.DateTimeField("inicio", auto_now_add=True)
    finished_at = models.DateTimeField("fin", null=True, blank=True)
    message = models.TextField("mensaje", blank=True)

    class Meta:
        db_table = "sync_runs"
        verbose_name = "ejecución de sincronización"
        verbose_name_plural = "historial de sincronizaciones"
        ordering = ["-started_at"]
        indexes = [
            # dashboard and admin: the latest runs first
            models.Index(fields=["-started_at"], name="sync_runs_started_idx"),
        ]

    def __str__(self):
        return f"Sincronización #{self.pk}"


# Every counter of a catalogue's pass, listed once: (``SyncRunCatalogue`` field, the
# command summary's column label). The summary, the admin and ``CatalogueStats`` follow it.
COUNTERS = (
    ("pages", "pages"),
    ("received", "received"),
    ("created", "new"),
    ("updated", "updated"),
    ("unchanged", "same"),
    ("duplicates", "dup"),
    ("deleted", "deleted"),
    ("rejected", "rejected"),
    ("sanitised", "sanitised"),
    ("missing", "missing"),
    ("recovery_requests", "recovery"),
)


class SyncRunCatalogue(models.Model):
    """What one run did to one catalogue."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pendiente"
        RUNNING = "running", "En curso"
        SUCCEEDED = "succeeded", "Correcta"
        INCOMPLETE = "incomplete", "Incompleta"
        FAILED = "failed", "Fallida"
        SKIPPED = "skipped", "Omitida"
        INTERRUPTED = "interrupted", "Interrumpida"

    run = models.ForeignKey(SyncRun, on_delete=models.CASCADE, related_name="catalogues")
    resource = models.CharField("catálogo", max_length=64)
    status = models.CharField("estado", max_length=16, choices=Status.choices, default=Status.PENDING)
    mode = models.CharField("modo", max_length=16, blank=True)  # "full" or "incremental"
    since = models.DateField("desde", null=True, blank=True)
    pages = models.PositiveIntegerField("páginas", default=0)
    received = models.PositiveIntegerField("recibidos", default=0)
    created = models.PositiveIntegerField("nuevos", default=0)
    updated = models.PositiveIntegerField("actualizados", default=0)
    unchanged = models.PositiveIntegerField("sin cambios", default=0)
    duplicates = models.PositiveIntegerField("repetidos", default=0)
    deleted = models.PositiveIntegerField("eliminados", default=0)
    rejected = models.PositiveIntegerField("rechazados", default=0)
    # Records stored with NUL bytes or lone surrogates replaced by U+FFFD.
    sanitised = models.PositiveIntegerField("saneados", default=0)
    # Rows the API says exist that no request of this pass returned.
    missing = models.PositiveIntegerField("faltantes", default=0)
    # Requests spent re-reading narrow date windows to close a gap.
    recovery_requests = models.PositiveIntegerField("consultas de recuperación", default=0)
    api_count = models.PositiveIntegerField("total según la API", null=True, blank=True)
    errors = models.JSONField("errores", default=list, blank=True)
    message = models.TextField("mensaje", blank=True)
    started_at = models.DateTimeField("inicio", null=True, blank=True)
    finished_at = models.DateTimeField("fin", null=True, blank=True)

    class Meta:
        db_table = "sync_run_catalogues"
        verbose_name = "catálogo sincronizado"
        verbose_name_plural = "catálogos sincronizados"
        constraints = [
            models.UniqueConstraint(fields=["run", "resource"], name="sync_run_catalogue_unique"),
        ]

    def __str__(self):
        return self.resource


class SyncLock(models.Model):
    """A catalogue being synced right now, and by whom.

    Taken by insert (the primary key makes a second taker fail) and released
    by delete. A holder that died (SIGKILL, a crash) is recognised by its
    heartbeat going stale, or at once when it ran on this host and its pid is
    gone, so a crashed holder cannot keep the lock forever.
    """

    resource = models.CharField(max_length=64, primary_key=True)
    run = models.ForeignKey(SyncRun, null=True, on_delete=models.SET_NULL, related_name="+")
    holder = models.CharField(max_length=200)  # "hostname:pid"
    acquired_at = models.DateTimeField()
    heartbeat_at = models.DateTimeField()

    class Meta:
        db_table = "sync_locks"

    def __str__(self):
        return f"{self.resource} ({self.holder})"
