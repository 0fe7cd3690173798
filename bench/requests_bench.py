"""Benchmark: what an incremental sync costs in API requests, against a full refresh, per catalogue.

Against the sandbox (in-process, wall clock, no faults), on a scratch SQLite database, each
catalogue is synced on its own so the sandbox's request counter attributes every request:

1. a full refresh (the bound: every page of every list);
2. an incremental run with nothing changed upstream;
3. an incremental run after 1% of every collection was edited (at least one record each).

Targets (issue 12): the incremental runs make at most 10% (nothing changed) and 15% (1% changed)
of a full refresh's requests. Each catalogue's line says why it costs what it costs, and how many
of its edited records the incremental run picked up (what its date filter can see).

    .venv/bin/python bench/requests_bench.py                 # a tenant of ~30,000 records
    .venv/bin/python bench/requests_bench.py --factor 0.6    # ~300,000 (the large scale x 0.6)
    .venv/bin/python bench/requests_bench.py --json
"""

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tenant import SANDBOX_KEY, setup_django, tenant_counts  # noqa: E402 - after the path tweak

# Catalogue key → its sandbox collection and the filter passes that define its rows.
SOURCES = {
    "categories": ("categoria", [{}]),
    "brands": ("marca", [{}]),
    "variants": ("variante", [{}]),
    "products": ("producto", [{}]),
    "warehouses": ("bodega", [{}]),
    "inventory_movements": ("movimiento-inventario", [{}]),
    "remission_guides": ("inventario/guia", [{}]),
    "purchases": ("documento", [{"tipo_registro": "PRO", "tipo": "FAC"},
                                {"tipo_registro": "PRO", "tipo": "LQC"}]),
    "sales": ("documento", [{"tipo_registro": "CLI", "tipo": "FAC"}]),
    "documents": ("documento", [{}]),
    "registry_transactions": ("registro/transaccion", [{}]),
    "persons": ("persona", [{}]),
    "cost_centers": ("contabilidad/centro-costo", [{}]),
    "chart_of_accounts": ("contabilidad/cuenta-contable", [{}]),
    "journal_entries": ("contabilidad/asiento", [{}]),
    "bank_accounts": ("banco/cuenta", [{}]),
    "bank_movements": ("banco/movimiento", [{}]),
}


def why(catalogue, full_requests, requests):
    """Say in a few words why an incremental pass of ``catalogue`` costs ``requests``."""
    from sync.catalogues import Paging

    date_filter = catalogue.date_filter
    if date_filter is None:
        if catalogue.paging is Paging.UNPAGED:
            return "no filter: the whole list again, in one request"
        return f"no filter: every page again ({full_requests})"
    if date_filter.daily:
        return f"{date_filter.start}: one day per request over the overlap ({requests})"
    if date_filter.month_windows:
        return f"one month per request, {date_filter.horizon_days} days ahead ({requests})"
    return f"{date_filter.start} ({date_filter.sees}): one window"


def sync_one(sandbox, client, key, **options):
    """Sync one catalogue; return (requests the sandbox served, its run row)."""
    from sync.engine import synchronise_inventory

    sandbox.reset_stats()
    run = synchronise_inventory(resources=[key], client=client, **options)
    row = run.catalogues.get()
    if row.status != "succeeded":
        raise SystemExit(f"{key}: {row.status}: {row.message}")
    return sandbox.stats()["total"], row


def edit_one_percent(sandbox, seed=7):
    """Edit 1% of every collection (at least one record); return {collection: edited ids}."""
    rnd = random.Random(seed)
    edited = {}
    for collection in sorted({collection for collection, _ in SOURCES.values()}):
        ids = sorted(sandbox.ids(collection))
        chosen = rnd.sample(ids, max(1, len(ids) // 100))
        for record_id in chosen:
            sandbox.modify(collection, record_id)
        edited[collection] = set(chosen)
    return edited


def measure(factor):
    from sandbox.testing import running_sandbox
    from sync import catalogues as registry
    from sync.client import ContificoClient

    results = []
    with running_sandbox(seed=1, scale="tiny", counts=tenant_counts(factor), faults="none") as sandbox:
        client = ContificoClient(api_key=SANDBOX_KEY, base_url=sandbox.base_url, requests_per_second=0,
                                 read_timeout=600)
        for catalogue in registry.CATALOGUES:
            full, row = sync_one(sandbox, client, catalogue.key, full_refresh=True)
            results.append({"catalogue": catalogue.key, "rows": row.received, "full": full})
        for result in results:
            result["unchanged"], _ = sync_one(sandbox, client, result["catalogue"])
        edited = edit_one_percent(sandbox)
        for result in results:
            catalogue = registry.BY_KEY[result["catalogue"]]
            collection, passes = SOURCES[catalogue.key]
            upstream = set().union(*(sandbox.ids(collection, **filters) for filters in passes))
            result["one_percent"], row = sync_one(sandbox, client, catalogue.key)
            result["edited"] = len(edited[collection] & upstream)
            result["picked_up"] = row.updated
            result["why"] = why(catalogue, result["full"], result["unchanged"])
        client.close()
    totals = {name: sum(r[name] for r in results) for name in ("rows", "full", "unchanged", "one_percent")}
    return {
        "factor": factor, "catalogues": results, "totals": totals,
        "unchanged_share": round(totals["unchanged"] / totals["full"], 4),
        "one_percent_share": round(totals["one_percent"] / totals["full"], 4),
    }


def print_table(report):
    totals = report["totals"]
    print(f"tenant of {totals['rows']:,} records (large scale × {report['factor']}); requests per catalogue")
    print("| catalogue | rows | full refresh | incremental, nothing changed | incremental, 1% changed "
          "| edits picked up | why |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in report["catalogues"]:
        print(f"| `{r['catalogue']}` | {r['rows']:,} | {r['full']:,} | {r['unchanged']:,} "
              f"| {r['one_percent']:,} | {r['picked_up']} of {r['edited']} | {r['why']} |")
    print(f"| **all** | {totals['rows']:,} | {totals['full']:,} | {totals['unchanged']:,} "
          f"({report['unchanged_share']:.1%}, target ≤ 10%) | {totals['one_percent']:,} "
          f"({report['one_percent_share']:.1%}, target ≤ 15%) | | |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=float, nargs="+", default=[0.06],
                        help="tenant size as a fraction of the sandbox's large scale "
                             "(default 0.06: ~30,000 rows)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    options = parser.parse_args()
    reports = []
    with tempfile.TemporaryDirectory() as workdir:
        setup_django(Path(workdir) / "requests-bench.db")
        from django.core.management import call_command

        for factor in options.factor:
            call_command("flush", interactive=False, verbosity=0)
            reports.append(measure(factor))
    if options.json:
        print(json.dumps(reports, indent=2))
        return
    for report in reports:
        print_table(report)
        print()


if __name__ == "__main__":
    main()
