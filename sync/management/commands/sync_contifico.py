"""python manage.py sync_contifico: mirror Contífico catalogues into the local database."""

import contextlib
import datetime as dt
import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date, parse_datetime

from sync import catalogues as registry
from sync.client import ContificoNotConfigured
from sync.engine import InvalidOption, synchronise_inventory
from sync.locks import CatalogueBusy
from sync.models import SyncRun
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
        "marks records that vanished upstream. Exits 1 when any catalogue failed or is incomplete."
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
        try:
            with quiet:
                run = synchronise_inventory(
                    resources=options["resources"], since=since, full_refresh=options["full_refresh"],
                    page_size=page_size, trigger=SyncRun.Trigger.COMMAND, progress=self.progress,
                )
        except ContificoNotConfigured as exc:
            raise CommandError(str(exc)) from exc
        except (CatalogueBusy, InvalidOption) as exc:
            raise CommandError(str(exc)) from exc
        rows = list(run.catalogues.order_by("id"))
        if self.verbosity >= 1:
            self.print_summary(rows)
        failed = [row for row in rows if row.status != row.Status.SUCCEEDED]
        if failed:
            # An incomplete catalogue is not up to date either: rows the API counts are missing.
            detail = "; ".join(
                f"{row.resource} ({row.status}): {row.message or row.get_status_display()}" for row in failed
            )
            raise CommandError(
                f"Sync #{run.pk} finished {run.status}: {len(failed)} catalogue(s) not up to date: {detail}"
            )
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
        header = (
            f"{'catalogue':<22} {'status':<10} {'mode':<12} {'pages':>6} {'received':>9} {'new':>7} "
            f"{'updated':>8} {'same':>7} {'dup':>5} {'deleted':>8} {'rejected':>8} {'missing':>8} "
            f"{'recovery':>8}"
        )
        self.stdout.write("")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in rows:
            line = (
                f"{row.resource:<22} {row.status:<10} {row.mode or '-':<12} {row.pages:>6} {row.received:>9} "
                f"{row.created:>7} {row.updated:>8} {row.unchanged:>7} {row.duplicates:>5} {row.deleted:>8} "
                f"{row.rejected:>8} {row.missing:>8} {row.recovery_requests:>8}"
            )
            style = self.style.SUCCESS if row.status == row.Status.SUCCEEDED else self.style.ERROR
            self.stdout.write(style(line))
            if row.message and row.status != row.Status.SUCCEEDED:
                self.stdout.write(f"    {row.message}")
