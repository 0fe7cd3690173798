"""python manage.py restore_database FILE: replace the database with a backup."""

from django.core.management.base import BaseCommand, CommandError

from contifico_project.backup import BackupError, restore_database


class Command(BaseCommand):
    help = (
        "Replace every row of the database with a backup made by backup_database (a SQLite file "
        "or a pg_dump archive). The current database is backed up first. Stop the worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup file to restore.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="Do not ask for confirmation.")
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args, **options):
        if options["interactive"]:
            answer = input(
                f"This replaces every row of the database with {options['backup']}. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            safety = restore_database(options["backup"], using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            kept = f"; the database as it was is in {safety.path}" if safety else ""
            self.stdout.write(f"Restored {options['backup']}{kept}")
