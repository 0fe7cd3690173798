"""python manage.py backup_database: one backup of the database into BACKUP_DIR, safe while the app runs."""

from django.core.management.base import BaseCommand, CommandError

from contifico_project.backup import BackupError, backup_database


class Command(BaseCommand):
    help = (
        "Back up the database while the web and the worker run: SQLite's online backup (checked "
        "with integrity_check) or pg_dump. Keeps the newest BACKUP_KEEP backups in BACKUP_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", help="Where to write the backup (default: BACKUP_DIR).")
        parser.add_argument("--keep", type=int,
                            help="How many backups to keep (default: BACKUP_KEEP; 0 = all).")
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args, **options):
        try:
            backup = backup_database(
                directory=options["directory"], keep=options["keep"], using=options["database"]
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 2:
            for old in backup.removed:
                self.stdout.write(f"removed {old}")
        if options["verbosity"] >= 1:
            self.stdout.write(f"Backup written: {backup.path} ({backup.size:,} bytes)")
