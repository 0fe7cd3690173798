"""Benchmark: peak memory of ``sync_contifico`` while it pages a large catalogue.

Starts the sandbox in its own process with N inventory movements, migrates a
fresh SQLite database, runs ``sync_contifico --resources inventory_movements
--full-refresh`` in a child process and samples its memory until it exits.
Runs for each size given, so a flat peak RSS across sizes shows that the
engine streams instead of holding the catalogue.

    .venv/bin/python bench/sync_bench.py                 # 20,000 and 200,000 movements
    .venv/bin/python bench/sync_bench.py 5000 50000      # other sizes
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/sync_bench.py

Prints one line per size: records, seconds, records/s, peak RSS (MiB).
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_kib(pid, field="VmRSS"):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except FileNotFoundError:
        return None
    return None


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback only
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def run(size, workdir):
    from sandbox.server import SANDBOX_API_KEY

    port = free_port()
    env = {**os.environ, "DEBUG": "true", "LOG_LEVEL": "WARNING"}
    if not os.environ.get("DATABASE_URL"):
        env["INVENTORY_DB_PATH"] = str(Path(workdir) / f"bench-{size}.db")
    env.update({
        "CONTIFICO_API_BASE_URL": f"http://127.0.0.1:{port}/sistema/api",
        "CONTIFICO_API_KEY": SANDBOX_API_KEY,
        "CONTIFICO_REQUESTS_PER_SECOND": "0",
    })
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    sandbox = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--port", str(port), "--scale", "tiny",
         "--counts", f"movimiento-inventario={size}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/__sandbox__/stats")
        started = time.monotonic()
        child = subprocess.Popen(
            [*manage, "sync_contifico", "--resources", "inventory_movements", "--full-refresh", "-v", "0"],
            cwd=ROOT, env=env,
        )
        peak = 0
        while child.poll() is None:
            peak = max(peak, rss_kib(child.pid, "VmHWM") or 0)
            time.sleep(0.2)
        elapsed = time.monotonic() - started
        if child.returncode != 0:
            raise SystemExit(f"sync failed with exit code {child.returncode}")
    finally:
        sandbox.terminate()
        sandbox.wait()
    print(f"{size:>9,} movements  {elapsed:7.1f} s  {size / elapsed:8,.0f} records/s  "
          f"peak RSS {peak / 1024:7.1f} MiB", flush=True)


def main(sizes):
    with tempfile.TemporaryDirectory() as workdir:
        for size in sizes:
            run(size, workdir)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [20_000, 200_000])
