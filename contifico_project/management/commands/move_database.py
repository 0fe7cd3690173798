"""python manage.py move_database SOURCE: copy every row of another database into this one."""

from django.core.management.base import BaseCommand, CommandError

from contifico_project.move import MoveError, move_database


class Command(BaseCommand):
    help = (
        "Copy every row of SOURCE (a SQLite file or a database URL) into the configured database "
        "(DATABASE_URL): migrate it, copy every table with the same ids in one transaction, and "
        "commit only when every table matches the source in rows and content. The target must "
        "hold no data of its own. Stop the web and the worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="data/inventory.db, or sqlite:////path, or postgres://…")
        parser.add_argument("--database", default="default", help="Target database alias (default: default).")

    def handle(self, *args, **options):
        log = self.stdout.write if options["verbosity"] >= 2 else (lambda message: None)
        try:
            report = move_database(source=options["source"], target=options["database"], log=log)
        except MoveError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            tables = sum(1 for rows in report.rows.values() if rows)
            self.stdout.write(
                f"Moved {report.total:,} rows in {tables} tables; every table matches the source."
            )
