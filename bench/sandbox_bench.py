"""Benchmark the Contífico sandbox at the large scale.

Starts ``python -m sandbox --scale large`` in a subprocess, then reports:

1. the latency of ``GET v2/producto/?page=250`` (first call and median of ten);
2. the sandbox process's peak resident memory (VmHWM from /proc/<pid>/status) after a client has
   paged through all 200,000 movements on v2 (2,000 pages) and then streamed the whole un-paged v1
   movement list.

Usage: .venv/bin/python bench/sandbox_bench.py [--workers 4] [--skip-v1]
"""

import argparse
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sandbox.server import SANDBOX_API_KEY  # noqa: E402 - after the path tweak

HEADERS = {"Authorization": SANDBOX_API_KEY}


def peak_rss_mb(pid):
    """Return VmHWM (peak resident set) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("VmHWM not found")


def start_sandbox():
    """Start the sandbox subprocess and return (process, base_url)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--scale", "large", "--port", "0", "--seed", "1"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    first = process.stdout.readline()
    if "listening on" not in first:
        process.kill()
        raise RuntimeError(f"sandbox did not start: {first!r}")
    return process, first.rsplit(" ", 1)[1].strip()


def time_page_250(session, base_url):
    """Return (first, median) latency in seconds of v2 producto page 250."""
    url = f"{base_url}/v2/producto/?page=250"
    timings = []
    for _ in range(11):
        started = time.perf_counter()
        response = session.get(url, timeout=30)
        timings.append(time.perf_counter() - started)
        response.raise_for_status()
        assert len(response.json()["results"]) == 100
    return timings[0], statistics.median(timings[1:])


def page_through_movements(base_url, workers):
    """Fetch every v2 movement page; return (rows, unique ids, seconds)."""
    session = requests.Session()
    session.headers.update(HEADERS)
    first = session.get(f"{base_url}/v2/movimiento-inventario/", timeout=60).json()
    pages = -(-first["count"] // 100)

    def fetch(page):
        response = session.get(f"{base_url}/v2/movimiento-inventario/?page={page}", timeout=60)
        response.raise_for_status()
        return [row["id"] for row in response.json()["results"]]

    started = time.perf_counter()
    ids = set(row["id"] for row in first["results"])
    rows = len(first["results"])
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for page_ids in pool.map(fetch, range(2, pages + 1)):
            rows += len(page_ids)
            ids.update(page_ids)
    return rows, len(ids), time.perf_counter() - started


def stream_v1_movements(base_url):
    """Download the un-paged v1 movement list without parsing it; return (bytes, seconds)."""
    started = time.perf_counter()
    size = 0
    url = f"{base_url}/v1/movimiento-inventario/"
    with requests.get(url, headers=HEADERS, stream=True, timeout=600) as r:
        r.raise_for_status()
        for chunk in r.iter_content(1 << 16):
            size += len(chunk)
    return size, time.perf_counter() - started


def main():
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4, help="parallel clients paging movements")
    parser.add_argument("--skip-v1", action="store_true", help="skip the un-paged v1 stream")
    args = parser.parse_args()

    process, base_url = start_sandbox()
    try:
        session = requests.Session()
        session.headers.update(HEADERS)
        print(f"sandbox pid {process.pid} at {base_url}; RSS after start {peak_rss_mb(process.pid):.1f} MB")
        first, median = time_page_250(session, base_url)
        print(f"v2 producto page 250 (large, 30,000 products): first {first * 1000:.1f} ms, "
              f"median of 10 {median * 1000:.1f} ms")
        rows, unique, seconds = page_through_movements(base_url, args.workers)
        print(f"v2 movimiento-inventario: {rows:,} rows ({unique:,} unique) in {rows // 100:,} pages, "
              f"{seconds:.1f} s with {args.workers} workers; "
              f"sandbox peak RSS {peak_rss_mb(process.pid):.1f} MB")
        if not args.skip_v1:
            size, seconds = stream_v1_movements(base_url)
            print(f"v1 movimiento-inventario un-paged: {size / 1e6:.1f} MB streamed in {seconds:.1f} s; "
                  f"sandbox peak RSS {peak_rss_mb(process.pid):.1f} MB")
        print(f"RESULT page250_first_ms={first * 1000:.1f} page250_median_ms={median * 1000:.1f} "
              f"peak_rss_mb={peak_rss_mb(process.pid):.1f}")
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
