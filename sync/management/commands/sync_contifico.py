"""python manage.py sync_contifico: mirror Contífico catalogues into the local database."""

import contextlib
import datetime as dt
import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date, parse_datetime

from sync import catalogues as registry
from sync import failures
from sync.client import ContificoNotConfigured
from sync.engine import InvalidOption, synchronise_inventory
from sync.locks import CatalogueBusy
from sync.models import COUNTERS, SyncRun
from sync.parsing import as_ecuador


def parse_since(value):
    """Return an aware datetime from an ISO date or date-time (naive = Ecuador time)."""
    try:
        parsed = parse_datetime(value) or (
            dt.datetime.combine(parse_date(value), dt.time()) if parse_date(value) else None
        )
    except ValueError:
        parsed = None
    if parsed is None:
        raise CommandError(f"--since {value!r} is not an ISO date or date-time (e.g. 2024-01-01T00:00).")
    return as_ecuador(parsed)


@contextlib.contextmanager
def console_logging_quiet():
    """Raise console log handlers to WARNING (``-v 0``); a LOG_FILE still gets everything."""
    handlers = [
        h for h in logging.getLogger().handlers
        if isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler)
    ]
    levels = [h.level for h in handlers]
    for handler in handlers:
        handler.setLevel(max(handler.level, logging.WARNING))
    try:
        yield
    finally:
        for handler, level in zip(handlers, levels, strict=True):
            handler.setLevel(level)


class Command(BaseCommand):
    help = (
        "Download Contífico catalogues into the local database. Incremental by default "
        "(from each catalogue's last successful sync); --full-refresh reads everything and "
        "marks records that vanished upstream. Exits 1 when any catalogue failed or is incomplete, "
        "130 on SIGINT and 143 on SIGTERM (the run is recorded as interrupted)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--resources", nargs="+", metavar="KEY", choices=registry.KEYS,
            help="Catalogues to sync (default: all): " + ", ".join(registry.KEYS),
        )
        parser.add_argument(
            "--since", help="Start date-time (ISO, Ecuador time unless an offset is given)."
        )
        parser.add_argument(
            "--full-refresh", action="store_true", help="Ignore saved state; read everything."
        )
        parser.add_argument("--page-size", type=int, help="Rows per page where the endpoint honours it.")

    def handle(self, *args, **options):
        since = parse_since(options["since"]) if options["since"] else None
        page_size = options["page_size"]
        self.verbosity = options["verbosity"]
        self._started, self._reported = {}, {}
        quiet = console_logging_quiet() if self.verbosity < 1 else contextlib.nullcontext()
        # SIGINT and SIGTERM end the run as "interrupted" (rows finished, locks released)
        # and the command with 128 + the signal's number and one line, never a traceback.
        with failures.interrupt_on_signals():
            try:
                with quiet:
                    run = synchronise_inventory(
                        resources=options["resources"], since=since, full_refresh=options["full_refresh"],
                        page_size=page_size, trigger=SyncRun.Trigger.COMMAND, progress=self.progress,
                    )
                rows = list(run.catalogues.order_by("id"))
                if self.verbosity >= 1:
                    self.print_summary(rows)
            except failures.Interrupted as exc:
                raise CommandError(interrupted_line(exc), returncode=exc.exit_code) from None
            except (ContificoNotConfigured, CatalogueBusy, InvalidOption, failures.StorageFailure) as exc:
                raise CommandError(failures.say(exc)) from None
            except Exception as exc:
                # The database failing before the run could even be recorded (or after).
                if not failures.is_storage_failure(exc):
                    raise
                raise CommandError(failures.say(failures.StorageFailure(exc))) from None
        failed = [row for row in rows if row.status != row.Status.SUCCEEDED]
        if failed:
            # An incomplete catalogue is not up to date either: rows the API counts are missing.
            lines = failure_lines(rows)
            head = f"Sync #{run.pk} finished {run.status}"
            if len(lines) == 1:
                raise CommandError(f"{head}: {lines[0]}")
            raise CommandError("\n".join([f"{head}: {len(failed)} catalogue(s) not up to date", *lines]))
        return f"Sync #{run.pk} finished: {len(rows)} catalogue(s) up to date." if self.verbosity else None

    def progress(self, event, catalogue, stats):
        if self.verbosity < 1:
            return
        now = time.monotonic()
        if event == "start":
            self._started[catalogue.key] = self._reported[catalogue.key] = now
            return
        # One line every two seconds per catalogue (every page with -v 2), and one when done.
        if event == "page" and self.verbosity < 2 and now - self._reported[catalogue.key] < 2:
            return
        self._reported[catalogue.key] = now
        elapsed = now - self._started[catalogue.key]
        rate = f"{stats.received / elapsed:,.0f} records/s" if elapsed >= 0.5 else ""
        verb = "done" if event == "done" else "..."
        line = f"{catalogue.key:<22} {verb:<4} pages={stats.pages:<5} records={stats.received:<8} {rate}"
        self.stdout.write(line.rstrip())

    def print_summary(self, rows):
        header = f"{'catalogue':<22} {'status':<11} {'mode':<12} " + " ".join(
            f"{label:>{max(len(label), 6)}}" for _, label in COUNTERS
        )
        self.stdout.write("")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in rows:
            line = f"{row.resource:<22} {row.status:<11} {row.mode or '-':<12} " + " ".join(
                f"{getattr(row, name):>{max(len(label), 6)}}" for name, label in COUNTERS
            )
            style = self.style.SUCCESS if row.status == row.Status.SUCCEEDED else self.style.ERROR
            self.stdout.write(style(line))
            # A skipped catalogue's reason is the run's, said once below the table (and in the error).
            if row.message and row.status not in (row.Status.SUCCEEDED, row.Status.SKIPPED):
                self.stdout.write(f"    {failures.say(row.message, 200)}")


def failure_lines(rows):
    """Return one short line per distinct failure; catalogues that share a cause are named together.

    Skipped catalogues are counted, not listed: their cause is the failure that stopped the run
    ("… no responde en …: … — 16 catalogue(s) skipped").
    """
    groups = {}
    skipped = 0
    for row in rows:
        if row.status == row.Status.SKIPPED:
            skipped += 1
        elif row.status != row.Status.SUCCEEDED:
            message = failures.say(row.message or row.get_status_display(), 240)
            groups.setdefault((row.status, message), []).append(row.resource)
    lines = [f"{', '.join(names)} ({status}): {message}" for (status, message), names in groups.items()]
    if skipped:
        tail = f"{skipped} catalogue(s) skipped"
        if lines:
            lines[-1] += f" — {tail}"
        else:
            lines.append(tail)
    return lines


def interrupted_line(exc):
    """Return the one line printed when a signal stops the command."""
    run = exc.run
    if run is None:
        return f"Interrupted by {exc} before the run was recorded."
    done = run.catalogues.filter(status__in=["succeeded", "incomplete"]).count()
    total = run.catalogues.count()
    return (
        f"Sync #{run.pk} interrupted by {exc}: {done} of {total} catalogue(s) finished; "
        "the next run picks up from there."
    )
