"""Benchmark: what closing the gaps of unstably ordered v2 lists costs, in requests.

Runs a full refresh of ``documents`` and ``inventory_movements`` (10,000 rows each by
default) against the sandbox with its ``unstable`` fault at the default fault rate (and
with ``flaky``, every fault together), in-process on a scratch SQLite database, and
reports the recovery's extra requests as a share of the plain walk's pages (target:
under 25%).

    .venv/bin/python bench/completeness_bench.py            # a table
    .venv/bin/python bench/completeness_bench.py --rows 20000 --json
"""

import argparse
import contextlib
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KEYS = ("documents", "inventory_movements")
DEFAULT_FAULT_RATE = 0.12
# unstable alone, then every fault together
PROFILES = ("unstable", "flaky")


def setup_django(workdir):
    os.environ.pop("DATABASE_URL", None)
    os.environ.update({
        "INVENTORY_DB_PATH": str(Path(workdir) / "bench.db"), "DEBUG": "true", "LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "contifico_project.settings",
    })
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def client_for(base_url):
    from sync.client import ContificoClient

    return ContificoClient(
        api_key="sandbox-key-0123456789abcdefABCDEF", base_url=base_url, max_retries=8,
        requests_per_second=0, backoff_base=0.02, backoff_cap=0.5, retry_after_cap=1.0,
    )


@contextlib.contextmanager
def sandbox_source(rows, profile):
    from sandbox.server import SANDBOX_API_KEY  # noqa: F401 - the key client_for uses
    from sandbox.testing import running_sandbox

    counts = {"documento": rows, "movimiento-inventario": rows}
    with running_sandbox(seed=1, scale="small", counts=counts, faults=profile) as sb:
        yield sb.base_url


def measure(source, rows, profile):
    from sync.engine import synchronise_inventory
    from sync.models import SyncState

    SyncState.objects.all().delete()
    with source(rows, profile) as base_url:
        run = synchronise_inventory(resources=list(KEYS), full_refresh=True, client=client_for(base_url))
    results = []
    for row in run.catalogues.order_by("id"):
        share = row.recovery_requests / row.pages if row.pages else 0.0
        results.append({
            "profile": profile, "catalogue": row.resource, "rows": row.api_count, "status": row.status,
            "pages": row.pages, "repeated": row.duplicates, "recovery_requests": row.recovery_requests,
            "share": round(share, 4), "missing": row.missing,
        })
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows per catalogue (default 10,000)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        setup_django(workdir)
        label = "sandbox"
        results = [r for profile in PROFILES for r in measure(sandbox_source, options.rows, profile)]
    if options.json:
        print(json.dumps({"source": label, "results": results}, indent=2))
        return
    print(f"source: {label}; fault rate {DEFAULT_FAULT_RATE:.0%}; target share < 25%")
    header = f"{'profile':<20} {'catalogue':<20} {'rows':>7} {'status':<10} {'pages':>6} {'repeated':>8} " \
             f"{'recovery':>8} {'share':>7} {'missing':>7}"
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r['profile']:<20} {r['catalogue']:<20} {r['rows'] or 0:>7} {r['status']:<10} "
              f"{r['pages']:>6} {r['repeated']:>8} {r['recovery_requests']:>8} {r['share']:>7.1%} "
              f"{r['missing']:>7}")


if __name__ == "__main__":
    main()
