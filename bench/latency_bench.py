"""Benchmark: a full refresh against a slow API, with the client-side rate limit on, against its bound.

Starts the sandbox in its own process with ``--latency-ms 300`` (every response waits 300 ms) and a
tenant of the large scale × ``--factor`` rows, then runs a full refresh of every catalogue
in-process with ``CONTIFICO_REQUESTS_PER_SECOND=5`` and ``CONTIFICO_MAX_CONCURRENCY=2`` (the
defaults). The bound is ``requests / rate``: a run that only ever waits on the rate limit takes that
long; the target is at most 1.1× the bound. Later catalogues' lists are fetched while the engine
writes earlier ones (sync/client/prefetch.py), so requests are counted for the run, not per
catalogue: per catalogue it prints the pages read and how long the engine spent on it, with the
rate limit on and off.

    .venv/bin/python bench/latency_bench.py                       # ~11,000 records
    .venv/bin/python bench/latency_bench.py --factor 0.05 --latency-ms 300 --json
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tenant import SANDBOX_KEY, setup_django, tenant_counts  # noqa: E402 - after the path tweak


def start_sandbox(factor, latency_ms):
    counts = ",".join(f"{name}={rows}" for name, rows in tenant_counts(factor).items())
    command = [sys.executable, "-m", "sandbox", "--port", "0", "--scale", "tiny", "--counts", counts,
               "--latency-ms", str(latency_ms)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    first = process.stdout.readline()
    if "listening on" not in first:
        process.kill()
        raise SystemExit(f"the sandbox did not start: {first!r}")
    return process, first.rsplit(" ", 1)[1].strip()


def served(base_url):
    """Return how many API requests the sandbox has answered so far."""
    url = base_url.replace("/sistema/api", "/__sandbox__") + "/stats"
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return json.load(response)["total"]


def full_refresh(base_url, rate, concurrency):
    """Run a full refresh of every catalogue; return per-catalogue requests and wall, and the run's."""
    from sync.client import ContificoClient
    from sync.engine import synchronise_inventory

    client = ContificoClient(api_key=SANDBOX_KEY, base_url=base_url, requests_per_second=rate,
                             max_concurrency=concurrency, read_timeout=600)
    marks, rows = {}, []

    def progress(event, catalogue, stats):
        if event == "start":
            marks[catalogue.key] = time.perf_counter()
        elif event == "done":
            wall = round(time.perf_counter() - marks[catalogue.key], 2)
            rows.append({"catalogue": catalogue.key, "paging": catalogue.paging.value,
                         "pages": stats.pages + stats.recovery_requests, "wall_s": wall})

    before, started = served(base_url), time.perf_counter()
    run = synchronise_inventory(full_refresh=True, client=client, progress=progress)
    wall = time.perf_counter() - started
    client.close()
    if run.status != "succeeded":
        raise SystemExit(f"the run ended {run.status}: {run.message}")
    return rows, served(base_url) - before, wall


def measure(factor, latency_ms, rate, concurrency):
    from django.core.management import call_command

    process, base_url = start_sandbox(factor, latency_ms)
    try:
        report = {"factor": factor, "latency_ms": latency_ms, "rate": rate, "concurrency": concurrency}
        for label, limit in (("rate_limited", rate), ("unlimited", 0)):
            call_command("flush", interactive=False, verbosity=0)
            rows, requests, wall = full_refresh(base_url, limit, concurrency)
            report[label] = {
                "catalogues": rows, "requests": requests, "wall_s": round(wall, 2),
                "bound_s": round(requests / rate, 2) if limit else None,
                "wall_over_bound": round(wall / (requests / rate), 2) if limit else None,
            }
    finally:
        process.terminate()
        process.wait(timeout=10)
    return report


WHY = {
    "v2": "v2 pages: up to CONTIFICO_MAX_CONCURRENCY in flight, fetched ahead of the engine",
    "result": "result_* pages: the next page asked while this one comes, once a page came full",
    "unpaged": "one request, fetched ahead into a temporary file while earlier catalogues are written",
}


def print_table(report):
    limited, free = report["rate_limited"], report["unlimited"]
    print(f"{report['latency_ms']} ms per response, {report['rate']} requests/s, "
          f"{report['concurrency']} in flight; large scale × {report['factor']}")
    print("| catalogue | pages | engine on it, s | same, no rate limit, s | how its requests overlap |")
    print("| --- | --- | --- | --- | --- |")
    unlimited = {row["catalogue"]: row for row in free["catalogues"]}
    for row in limited["catalogues"]:
        print(f"| `{row['catalogue']}` | {row['pages']} | {row['wall_s']:.1f} | "
              f"{unlimited[row['catalogue']]['wall_s']:.1f} | {WHY[row['paging']]} |")
    print()
    print("| run | requests | wall s | bound s (requests / rate) | wall / bound | wall s, no rate limit |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(f"| full refresh | {limited['requests']} | {limited['wall_s']:.1f} | {limited['bound_s']:.1f} | "
          f"**{limited['wall_over_bound']:.2f}** (target ≤ 1.1) | {free['wall_s']:.1f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=float, default=0.02, help="tenant size: large scale × this (0.02)")
    parser.add_argument("--latency-ms", type=int, default=300)
    parser.add_argument("--rate", type=float, default=5.0, help="CONTIFICO_REQUESTS_PER_SECOND (5)")
    parser.add_argument("--concurrency", type=int, default=2, help="CONTIFICO_MAX_CONCURRENCY (2)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        setup_django(Path(workdir) / "latency-bench.db")
        report = measure(options.factor, options.latency_ms, options.rate, options.concurrency)
    if options.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
