"""What the issue-12 benchmarks share: a tenant sized from the sandbox's scales, a scratch Django."""

import os
from pathlib import Path

SANDBOX_KEY = "sandbox-key-0123456789abcdefABCDEF"


def tenant_counts(factor):
    """Return sandbox row counts: the large scale times ``factor``, at least the tiny scale's."""
    from sandbox.dataset import SCALES

    return {name: max(SCALES["tiny"][name], round(rows * factor)) for name, rows in SCALES["large"].items()}


def setup_django(database_path):
    """Set Django up as in production (DEBUG off) on a fresh SQLite file, migrated."""
    os.environ.pop("DATABASE_URL", None)
    os.environ.update({
        "INVENTORY_DB_PATH": str(Path(database_path)), "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40, "ALLOWED_HOSTS": "localhost",
        "LOG_LEVEL": "ERROR", "DJANGO_SETTINGS_MODULE": "contifico_project.settings",
    })
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
