"""``python manage.py contifico_sandbox``: serve the fake Contífico API in the foreground."""

from django.core.management.base import BaseCommand, CommandError

from sandbox.cli import add_arguments, sandbox_from_options, serve_until_interrupted


class Command(BaseCommand):
    help = (
        "Serve a fake Contífico API (v1 and v2, deterministic data, optional faults) so the app can "
        "be tried and tested without Contífico credentials."
    )

    def add_arguments(self, parser):
        add_arguments(parser)

    def handle(self, *args, **options):
        try:
            sandbox = sandbox_from_options(options)
        except ValueError as error:
            raise CommandError(str(error)) from None

        def write(line):
            self.stdout.write(line)
            self.stdout.flush()

        serve_until_interrupted(sandbox, options["host"], options["port"], write)
