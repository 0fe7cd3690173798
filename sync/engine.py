"""The sync engine: read each catalogue from Contífico and upsert it locally.

Shape of one catalogue's pass (after treeherder's ETL): extract pages from the
client, transform each record (validate, hash, typed columns), load in batches
of ``SYNC_BATCH_SIZE`` inside a transaction, upserting on the Contífico id. The
watermark in ``sync_state`` moves only after the pass committed cleanly, and
deletions are marked only after a complete, unfiltered pass.
"""

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import Error as DatabaseError
from django.db import reset_queries, transaction
from django.utils import timezone

from sync import catalogues as registry
from sync import failures, locks, upsert
from sync.catalogues import InvalidPageSize, Paging, check_page_size
from sync.client import ContificoAuthError, ContificoClient, ContificoError, prefetch
from sync.completeness import Tally, record_day, recover
from sync.failures import Interrupted, StorageFailure, SyncAborted, say
from sync.idset import IdSet
from sync.models import SyncRun, SyncRunCatalogue, SyncState
from sync.parsing import ECUADOR, as_ecuador

logger = logging.getLogger(__name__)
RowStatus = SyncRunCatalogue.Status

# Incremental passes start this long before the last successful one: the
# filters are date-granular and the API's clock is Ecuador local time.
OVERLAP = dt.timedelta(days=2)
MAX_ERRORS_KEPT = 50
# Confirming a vanished record costs one request; past this many, a full
# refresh of a v2 catalogue skips deletion marking rather than hammer the API.
MAX_DELETION_CHECKS = 2000


def payload_hash(payload):
    """Return the sha256 of the canonical JSON of ``payload``."""
    return upsert.serialise(payload)[1]


@dataclass
class CatalogueStats:
    """Counters of one catalogue's pass; each field is the ``SyncRunCatalogue`` field of that name."""

    pages: int = 0
    received: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    deleted: int = 0
    rejected: int = 0
    sanitised: int = 0
    missing: int = 0
    recovery_requests: int = 0
    api_count: int | None = None
    errors: list = field(default_factory=list)

    def note_error(self, text):
        text = say(text, failures.NOTE_LIMIT)
        logger.warning(text)
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(text)

    def as_fields(self):
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


class Heartbeat:
    """Call to keep this run's locks alive; beats at most every few seconds.

    Every lock of the run is refreshed, not only the catalogue in progress:
    the others (done or waiting) must not look abandoned during a long run.
    """

    interval = 5.0

    def __init__(self, keys, run):
        self.keys = list(keys)
        self.run = run
        self.last = time.monotonic()

    def __call__(self):
        """Beat if due; return True when it did."""
        if time.monotonic() - self.last < self.interval:
            return False
        self.last = time.monotonic()
        held = locks.heartbeat(self.keys, self.run)
        if held < len(self.keys):
            logger.error("Run #%s lost %d of its locks", self.run.pk, len(self.keys) - held)
        return True


InvalidOption = InvalidPageSize  # what ``synchronise_inventory`` raises for a bad option


def synchronise_inventory(
    *,
    resources=None,
    since=None,
    full_refresh=False,
    page_size=None,
    trigger=SyncRun.Trigger.PYTHON,
    client=None,
    progress=None,
    run=None,
):
    """Mirror the chosen catalogues (all by default) and return the finished ``SyncRun``.

    1. Validate the options and lock every chosen catalogue (``CatalogueBusy``
       if another process holds one: the run is recorded as refused).
    2. Sync each catalogue in registry order; a failing catalogue is recorded
       and the others go on, except when the API refuses the key or cannot be
       reached at all, or the database fails (``StorageFailure``): then the run
       stops and the catalogues left are skipped, the cause said once.
    3. Finish every row, record the run's status, release the locks, and return
       the run with its per-catalogue rows. On SIGINT/SIGTERM (``Interrupted``,
       installed by ``failures.interrupt_on_signals``) the run ends
       ``interrupted`` the same way and ``Interrupted`` is raised again, with the
       run in its ``run`` attribute. ``StorageFailure`` is raised when even
       that bookkeeping could not be written.

    ``since`` (an aware datetime) overrides the incremental start of every
    catalogue; ``full_refresh`` ignores the saved state and marks vanished
    records deleted after a complete pass. ``progress(event, catalogue, stats)``
    is called as a catalogue starts, as pages arrive and when it is done.
    ``run`` is a ``SyncRun`` already recorded as queued (by the API or the
    dashboard); it is taken over instead of creating a new one, and keeps its trigger.
    """
    chosen = registry.select(resources)
    page_size = settings.CONTIFICO_PAGE_SIZE if page_size is None else page_size
    check_page_size(page_size)
    if since is not None:
        since = as_ecuador(since)
    owns_client = client is None
    if client is None:
        client = ContificoClient.from_settings()  # raises ContificoNotConfigured without a key
    keys = [catalogue.key for catalogue in chosen]
    options = {
        "resources": keys, "since": since, "full_refresh": full_refresh,
        "page_size": page_size, "trigger": trigger, "holder": locks.this_holder(),
    }
    if run is None:
        run = SyncRun.objects.create(**options)
    else:
        del options["trigger"]
        for name, value in options.items():
            setattr(run, name, value)
        run.status, run.started_at = SyncRun.Status.RUNNING, timezone.now()
        run.save(update_fields=[*options, "status", "started_at"])
    try:
        locks.acquire(keys, run)
    except locks.CatalogueBusy as exc:
        run.status = SyncRun.Status.REFUSED
        run.finished_at = timezone.now()
        run.message = say(exc)
        run.save(update_fields=["status", "finished_at", "message"])
        if owns_client:
            client.close()
        raise
    except Interrupted as exc:  # stopped while claiming: give back what was taken
        with failures.signals_deferred():
            _end_run(run, keys, exc)
        exc.run = run
        raise
    beat = Heartbeat(keys, run)
    stop = None  # what ended the run early: a SyncAborted (StorageFailure included) or Interrupted
    lookahead = None
    # A client built with its own key (not the configured one): keep it out of every message too.
    with failures.keeping_secret(*getattr(client, "secrets", ())):
        try:
            rows = {key: SyncRunCatalogue.objects.create(run=run, resource=key) for key in keys}
            # Later catalogues' lists are fetched while this one is written (sync/client/prefetch.py):
            # the run waits on the rate limit, not on each slow list in turn. Writes stay here.
            plan = _planned_walks(chosen, since, full_refresh, page_size)
            reader, lookahead = prefetch.prefetching(client, plan)
            for catalogue in chosen:
                sync_catalogue(
                    catalogue, row=rows[catalogue.key], run=run, client=reader, since=since,
                    full_refresh=full_refresh, page_size=page_size, progress=progress, beat=beat,
                )
        except (SyncAborted, Interrupted) as exc:
            stop = exc
        except Exception as exc:
            if not failures.is_storage_failure(exc):
                stop = exc
                raise
            stop = StorageFailure(exc)
        finally:
            with failures.signals_deferred():
                if lookahead is not None:
                    lookahead.close()  # a run that stops early fetches nothing more
                if owns_client:
                    client.close()
                _end_run(run, keys, stop)
            if failures.pending_signal() is not None and not isinstance(stop, Interrupted):
                logger.warning("Run #%s: a stop signal came as the run finished; it had ended", run.pk)
    if isinstance(stop, Interrupted):
        stop.run = run
        raise stop
    return run


def _planned_walks(chosen, since, full_refresh, page_size):
    """Return every list walk the run's passes will make, in the order they make them."""
    keys = [catalogue.key for catalogue in chosen]
    states = {state.resource: state for state in SyncState.objects.filter(resource__in=keys)}
    walks = []
    for catalogue in chosen:
        state = states.get(catalogue.key) or SyncState(resource=catalogue.key)
        for params in request_windows(catalogue, _start_day(catalogue, state, since, full_refresh)):
            walks.append(prefetch.Walk.of(catalogue.paging.value, catalogue.version, catalogue.path, params,
                                          catalogue.page_size(page_size)))
    return walks


def _end_run(run, keys, stop):
    """Finish every row left open, record the run's status and message, release the locks.

    Each step is tried even when the one before failed (a dead connection is
    reopened once). Raises ``StorageFailure`` when the database could not take
    them, unless the run is being interrupted (the interruption is what the
    caller must hear about).
    """
    interrupted = isinstance(stop, Interrupted)
    cause = _stop_text(stop)
    now = timezone.now()

    def finish_rows():
        left = SyncRunCatalogue.objects.filter(run=run)
        left.filter(status=RowStatus.RUNNING).update(
            status=RowStatus.INTERRUPTED if interrupted else RowStatus.FAILED, finished_at=now,
            message=cause,
        )
        left.filter(status=RowStatus.PENDING).update(
            status=RowStatus.SKIPPED, finished_at=now, message=say(f"Omitido: {cause}", 160),
        )

    def finish_run():
        statuses = dict(SyncRunCatalogue.objects.filter(run=run).values_list("resource", "status"))
        failed = [key for key, status in statuses.items()
                  if status not in (RowStatus.SUCCEEDED, RowStatus.INCOMPLETE, RowStatus.SKIPPED)]
        skipped = [key for key, status in statuses.items() if status == RowStatus.SKIPPED]
        incomplete = [key for key, status in statuses.items() if status == RowStatus.INCOMPLETE]
        if interrupted:
            run.status = SyncRun.Status.INTERRUPTED
        elif failed or skipped or not statuses:
            run.status = SyncRun.Status.FAILED
        elif incomplete:
            run.status = SyncRun.Status.INCOMPLETE
        else:
            run.status = SyncRun.Status.SUCCEEDED
        if cause:
            left = f" — {len(skipped)} catálogo(s) sin sincronizar" if skipped else ""
            run.message = say(cause + left)
        elif failed:
            run.message = say("Con errores: " + ", ".join(failed))
        elif incomplete:
            run.message = say("Incompletos: " + ", ".join(incomplete))
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at", "message"])

    def release():
        locks.release(keys, run)

    def everything():
        # One transaction first: on a full disk one commit needs the least room.
        with transaction.atomic():
            finish_rows()
            finish_run()
            release()

    try:
        failures.bookkeeping(everything, what="run")
        return
    except StorageFailure:
        pass
    unsaved = None
    for step, what in ((finish_rows, "rows"), (finish_run, "status"), (release, "locks")):
        try:
            failures.bookkeeping(step, what=what)
        except StorageFailure as exc:
            logger.error("Run #%s: could not record its %s: %s", run.pk, what, exc)
            unsaved = unsaved or exc
    if unsaved and not interrupted:
        raise unsaved


def _stop_text(stop):
    """Return the one-line cause of an early stop, for the run and the rows it left, or ``""``."""
    if stop is None:
        return ""
    if isinstance(stop, Interrupted):
        return f"Interrumpida por {stop} (señal {stop.signum})"
    if isinstance(stop, SyncAborted):
        return say(stop)
    return say(f"Error inesperado: {type(stop).__name__}: {stop}")


def _stop_for_storage(row, stats, exc):
    """Fail ``row`` for a storage failure (no record is to blame, the watermark stays) and stop the run.

    The batch in hand is not written again: the database is what failed.
    """
    failure = exc if isinstance(exc, StorageFailure) else StorageFailure(exc)
    logger.error("%s: %s; the run stops here", row.resource, failure)
    with contextlib.suppress(StorageFailure):
        failures.bookkeeping(
            lambda: _finish_row(row, RowStatus.FAILED, stats, message=str(failure)), what="row"
        )
    raise failure from exc


def _finish_row(row, status, stats, message=""):
    row.status = status
    row.message = say(message)
    row.finished_at = timezone.now()
    _save_progress(row, stats, also=("status", "message", "finished_at"))


def request_windows(catalogue, start_day):
    """Return the query parameters of every request window: each pass × each date window."""
    today = timezone.localtime(timezone.now(), ECUADOR).date()
    dates = catalogue.date_filter.windows(start_day, today) if start_day else [{}]
    return [{**fixed, **window} for fixed in catalogue.passes for window in dates]


class CataloguePass:
    """One catalogue's pass: walks request windows, writes each record once, tallies each window."""

    def __init__(self, catalogue, client, stats, *, page_size, beat, row, progress=None):
        self.catalogue = catalogue
        self.client = client
        self.stats = stats
        self.page_size = page_size
        self.beat = beat
        self.row = row
        self.progress = progress
        self.seen = IdSet()  # flat: past idset.SPILL_AT ids it keeps them on disk (sync/idset.py)
        self.batch = []
        self.day_field = catalogue.recovery.field if catalogue.recovery else None

    def windows(self, start_day):
        return request_windows(self.catalogue, start_day)

    def pages(self, params):
        catalogue, client = self.catalogue, self.client
        if catalogue.paging is Paging.V2:
            return client.iter_v2_pages(catalogue.version, catalogue.path, params)
        if catalogue.paging is Paging.RESULT:
            return client.iter_result_pages(
                catalogue.version, catalogue.path, params, page_size=catalogue.page_size(self.page_size)
            )
        return client.iter_unpaged(catalogue.version, catalogue.path, params)

    def read(self, params, tally, limit=None, *, recovering=False):
        """Walk one window into the mirror (at most ``limit`` pages); return the pages read."""
        pages = 0
        walk = iter(self.pages(params))
        try:
            for page in walk:
                pages += 1
                if recovering:
                    self.stats.recovery_requests += 1
                else:
                    self.stats.pages += 1
                if tally.count is None and page.count is not None:
                    tally.count = page.count
                for record in page.records:
                    self.take(record, page.number, tally, recovering)
                if self.progress:
                    self.progress("page", self.catalogue, self.stats)
                if self.beat():
                    _save_progress(self.row, self.stats)
                if limit is not None and pages >= limit:
                    break
        finally:
            getattr(walk, "close", lambda: None)()
        tally.pages += pages
        return pages

    def take(self, record, page_number, tally, recovering=False):
        self.stats.received += 1
        record_id = _record_id(record, self.catalogue, page_number, self.stats)
        if record_id is None:
            tally.rejected += 1
            return
        day = record_day(record, self.day_field)
        if not tally.ids.add(record_id):  # False: this window served it already
            # Unstable ordering repeats rows across v2 pages, and skips as many others of the
            # same date: remember the date (docs/contifico-api.md, "Unstable ordering").
            tally.note_day(day, repeated=True)
            if not recovering:
                self.stats.duplicates += 1
            return
        tally.note_day(day, repeated=False)
        if tally.ids is not self.seen and not self.seen.add(record_id):
            if not recovering:
                self.stats.duplicates += 1
            return
        # NUL bytes and lone surrogates are replaced when the batch is written (``_write_rows``).
        self.batch.append((record_id, record))
        if len(self.batch) >= settings.SYNC_BATCH_SIZE:
            self.flush()

    def flush(self):
        if self.batch:
            batch, self.batch = self.batch, []
            write_batch(self.catalogue.model, batch, self.stats)

    def run(self, start_day):
        """Read every window; return (the API's count summed over windows or None, rows missing)."""
        counted, missing = None, 0
        windows = self.windows(start_day)
        for params in windows:
            # A pass of one window (a full refresh, but for purchases' two) serves the pass's ids and
            # no others: its tally shares the pass's set, so each id is held once, not twice.
            tally = Tally(params, ids=self.seen) if len(windows) == 1 else Tally(params)
            self.read(params, tally)
            if tally.shortfall:
                logger.warning("%s %s: %d of %d rows missing after the walk; recovering",
                               self.catalogue.key, params, tally.shortfall, tally.count)
                recover(lambda p, t, limit: self.read(p, t, limit, recovering=True), self.catalogue, tally)
            if tally.count is not None:
                counted = (counted or 0) + tally.count
            missing += tally.shortfall
        self.flush()
        return counted, missing


def sync_catalogue(catalogue, *, row, run, client, since, full_refresh, page_size, progress=None, beat=None):
    """Run one catalogue's pass and record it in ``row``; return its stats.

    Raises ``SyncAborted`` when the failure dooms the rest of the run too.
    """
    model = catalogue.model
    state, _ = SyncState.objects.get_or_create(resource=catalogue.key)
    started = timezone.now()
    start_day = _start_day(catalogue, state, since, full_refresh)
    complete_pass = start_day is None  # unfiltered: every record the API has
    row.status = SyncRunCatalogue.Status.RUNNING
    row.mode = "full" if complete_pass else "incremental"
    row.since = start_day
    row.started_at = started
    row.save(update_fields=["status", "mode", "since", "started_at"])

    stats = CatalogueStats()
    if progress:
        progress("start", catalogue, stats)
    beat = beat or Heartbeat([catalogue.key], run)
    reading = CataloguePass(
        catalogue, client, stats, page_size=page_size, beat=beat, row=row, progress=progress
    )
    clock = time.monotonic()
    try:
        stats.api_count, stats.missing = reading.run(start_day)
        if complete_pass and not stats.missing:
            stats.deleted = mark_deleted(catalogue, client, reading.seen, stats, beat=beat)
    except Interrupted as exc:
        # Keep the counters of what was committed; a second signal must not cut this short.
        message = _stop_text(exc)
        with failures.signals_deferred(), contextlib.suppress(StorageFailure):
            failures.bookkeeping(
                lambda: _finish_row(row, RowStatus.INTERRUPTED, stats, message=message), what="row"
            )
        raise
    except ContificoAuthError as exc:
        _flush_after_failure(model, reading.batch, stats)
        abort = SyncAborted(f"Contífico rechazó la API key ({exc})")
        _finish_row(row, RowStatus.FAILED, stats, message=str(abort))
        raise abort from exc
    except ContificoError as exc:
        _flush_after_failure(model, reading.batch, stats)
        if exc.status is None and stats.pages == 0:
            abort = SyncAborted(f"Contífico no responde en {client.base_url} ({exc})")
            _finish_row(row, RowStatus.FAILED, stats, message=str(abort))
            raise abort from exc
        _finish_row(row, RowStatus.FAILED, stats, message=str(exc))
        return stats
    except Exception as exc:
        if failures.is_storage_failure(exc):
            _stop_for_storage(row, stats, exc)
        # A bug or a surprise must not take the other catalogues down.
        logger.exception("Unexpected failure while syncing %s", catalogue.key)
        _flush_after_failure(model, reading.batch, stats)
        _finish_row(row, RowStatus.FAILED, stats, message=f"{type(exc).__name__}: {exc}")
        return stats

    if stats.missing:
        # What was read is committed, but the pass is not the whole truth: the
        # watermark stays (the next run reads this range again) and nothing was
        # marked deleted.
        message = f"Faltan {stats.missing} de {stats.api_count} registros según la API"
        _finish_row(row, SyncRunCatalogue.Status.INCOMPLETE, stats, message=message)
        logger.error("%s: incomplete, %d of %d rows missing", catalogue.key, stats.missing, stats.api_count)
        return stats

    # The data is committed; only now may the watermark move. A --since later
    # than the saved watermark leaves a gap behind it: keep the old watermark.
    covers_gap = since is None or (state.last_synced_at is not None and since <= state.last_synced_at)
    with transaction.atomic():
        if complete_pass or covers_gap:
            state.last_synced_at = started
        if complete_pass:
            state.last_full_refresh_at = started
        state.cursor = {"since": start_day.isoformat() if start_day else None, "mode": row.mode}
        state.last_run = run
        state.save()
        _finish_row(row, SyncRunCatalogue.Status.SUCCEEDED, stats)
    if progress:
        progress("done", catalogue, stats)
    logger.info(
        "%s: %d pages, %d received, %d new, %d updated, %d unchanged, %d deleted, %d rejected, "
        "%d recovery requests in %.1fs",
        catalogue.key, stats.pages, stats.received, stats.created, stats.updated, stats.unchanged,
        stats.deleted, stats.rejected, stats.recovery_requests, time.monotonic() - clock,
    )
    return stats


def _start_day(catalogue, state, since, full_refresh):
    """Return the first day to ask for, or None to read the whole catalogue."""
    if full_refresh or catalogue.date_filter is None:
        return None
    if since is not None:
        return timezone.localtime(since, ECUADOR).date()
    if state.last_synced_at is None:
        return None
    return timezone.localtime(state.last_synced_at - OVERLAP, ECUADOR).date()


def _record_id(record, catalogue, page_number, stats):
    """Return the record's id as text, or None (counted as rejected) when it has none."""
    if not isinstance(record, dict):
        stats.rejected += 1
        stats.note_error(
            f"{catalogue.key} page {page_number}: expected an object, got {type(record).__name__}: "
            f"{json.dumps(record, ensure_ascii=False, default=str)[:200]}"
        )
        return None
    value = record.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if (not isinstance(value, str) or not value.strip() or len(value) > 64
            or failures.has_hostile_text(value)):
        # Real v1 persona lists have come back with null ids. An id with a NUL or a lone
        # surrogate cannot be stored as it is, and replacing a character would be another id.
        stats.rejected += 1
        stats.note_error(
            f"{catalogue.key} page {page_number}: record without a usable id ({value!r}): "
            f"{json.dumps(record, ensure_ascii=False, default=str)[:200]}"
        )
        return None
    return value


# What writing a batch can raise besides a bug: any database error (``is_storage_failure``
# tells the storage's from a refused record's), and a value the driver cannot bind.
WRITE_ERRORS = (DatabaseError, ValueError, OverflowError)


def write_batch(model, batch, stats):
    """Upsert ``batch`` (a list of ``(id, payload)``); a record the database refuses is rejected.

    The batch goes in one transaction. If the database refuses it for something
    in a record (a JSON value it will not store), each record is written again
    on its own, so one bad record cannot block its catalogue forever; a refused
    record alone in its batch is rejected the same way. If the *storage* fails
    (disk full, read-only, locked, connection lost), no record is to blame:
    ``StorageFailure`` is raised and nothing is rejected.
    """
    try:
        _write_rows(model, batch, stats)
    except WRITE_ERRORS as exc:
        if failures.is_storage_failure(exc):
            raise StorageFailure(exc) from exc
        if len(batch) == 1:
            _reject(model, batch[0], exc, stats)
        else:
            for item in batch:
                try:
                    _write_rows(model, [item], stats)
                except WRITE_ERRORS as item_exc:
                    if failures.is_storage_failure(item_exc):
                        raise StorageFailure(item_exc) from item_exc
                    _reject(model, item, item_exc, stats)
    # With DEBUG on (the development default) Django keeps the SQL of the last
    # 9,000 queries, each bulk insert carrying 500 payloads: hundreds of MB on
    # a large catalogue. The engine must stream, so drop them.
    reset_queries()


def _reject(model, item, exc, stats):
    stats.rejected += 1
    stats.note_error(f"{model._meta.db_table} {item[0]!r}: the database refused it: {exc}")


def _write_rows(model, batch, stats):
    """Upsert ``batch`` in one transaction; its counts reach ``stats`` only once it committed."""
    # Through the cursor, one statement per batch (sync/upsert.py): model instances and
    # the ORM's per-field preparation cost more CPU than everything else in a sync.
    now = timezone.now()
    counts = {"unchanged": 0, "created": 0, "updated": 0, "sanitised": 0}
    with transaction.atomic():
        writer = upsert.upsert_for(model)
        existing = writer.existing([record_id for record_id, _ in batch], "payload_hash", "deleted_at")
        rows = []
        for record_id, payload in batch:
            # One encoding per record: the hash and the stored copy are the same text, and the
            # look for hostile bytes (a walk of its own was a tenth of a sync's CPU).
            stored, digest = upsert.serialise(payload)
            if failures.may_hold_hostile_text(stored):
                payload, changed = failures.sanitise(payload)
                if changed:
                    counts["sanitised"] += 1
                    stored, digest = upsert.serialise(payload)
            old = existing.get(record_id)
            if old is not None and old[0] == digest and old[1] is None:
                counts["unchanged"] += 1
                continue
            try:
                columns = model.columns_from_payload(payload)
            except Exception as exc:  # the payload is kept whole; only typed columns failed
                stats.note_error(f"{model._meta.db_table} {record_id}: typed columns failed: {exc!r}")
                columns = {}
            rows.append(writer.row({
                **columns, "id": record_id, "payload": stored, "payload_hash": digest, "fetched_at": now,
                "deleted_at": None,
            }))
            counts["created" if old is None else "updated"] += 1
        writer.write(rows)
    stats.unchanged += counts["unchanged"]
    stats.created += counts["created"]
    stats.updated += counts["updated"]
    stats.sanitised += counts["sanitised"]


def _flush_after_failure(model, batch, stats):
    """Keep what was received before a failure: nothing already fetched is lost."""
    if batch:
        try:
            write_batch(model, batch, stats)
        except Exception:
            logger.exception("Could not save the last %d records of %s", len(batch), model._meta.db_table)


def _save_progress(row, stats, also=()):
    """Copy the counters onto the catalogue's run row and save them (and the ``also`` fields)."""
    fields = stats.as_fields()
    for name, value in fields.items():
        setattr(row, name, value)
    row.save(update_fields=[*fields, *also])


def mark_deleted(catalogue, client, seen, stats, beat=None):
    """Mark records that vanished upstream as deleted; return how many.

    Only called after a complete, unfiltered pass. v2 lists can skip rows as well
    as repeat them (docs/contifico-api.md, "Unstable ordering: repeated and skipped
    rows"), so there each vanished record is confirmed by a 404 from its detail URL
    before it is marked.
    """
    model = catalogue.model
    now = timezone.now()
    vanished = []
    for record_id in model.objects.filter(deleted_at__isnull=True).values_list("id", flat=True).iterator(
        chunk_size=5000
    ):
        if record_id not in seen:
            vanished.append(record_id)
    if not vanished:
        return 0
    if catalogue.paging is Paging.V2:
        if len(vanished) > MAX_DELETION_CHECKS:
            stats.note_error(
                f"{catalogue.key}: {len(vanished)} records missing from the list; too many to confirm "
                "one by one, none marked deleted."
            )
            return 0
        confirmed = []
        for record_id in vanished:
            if beat:
                beat()
            if client.get_detail(catalogue.version, catalogue.detail, record_id) is None:
                confirmed.append(record_id)
            else:
                stats.note_error(f"{catalogue.key}: {record_id} missing from the list but still exists")
        vanished = confirmed
    marked = 0
    for start in range(0, len(vanished), 500):
        chunk = vanished[start : start + 500]
        with transaction.atomic():
            marked += model.objects.filter(id__in=chunk, deleted_at__isnull=True).update(deleted_at=now)
    return marked
