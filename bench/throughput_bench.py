"""Benchmark: the sync engine's throughput against its floor, measured in the same run.

For each size and database: starts the sandbox in its own process (``--scale tiny`` plus the
chosen catalogues' collections at ``size / len(resources)`` rows each), then, on a fresh
migrated database, runs in child processes

* the **floor**: the least possible work -- the same pages fetched one after another with plain
  ``requests`` and ``json``, each row written as ``(id, json.dumps(row))`` with the driver's
  ``executemany`` (an upsert on ``id``) and committed every ``SYNC_BATCH_SIZE`` rows;
* the **engine**: ``synchronise_inventory(resources=…, full_refresh=True)`` with the client-side
  rate limit off, ``DEBUG`` off, as ``sync_contifico --full-refresh`` runs it.

Each child reports its wall time, CPU time (user + system, every thread) and peak RSS; the parent
also reads the sandbox process's CPU for each phase. Nothing here asserts a time.

    .venv/bin/python bench/throughput_bench.py                        # 10k and 100k, SQLite and PostgreSQL
    .venv/bin/python bench/throughput_bench.py --sizes 10000 --databases sqlite --rounds 3
    .venv/bin/python bench/throughput_bench.py --million              # adds 1,000,000 records
    .venv/bin/python bench/throughput_bench.py --resources inventory_movements --sizes 10000 100000
    .venv/bin/python bench/throughput_bench.py --json                 # JSON instead of a table
    .venv/bin/python bench/throughput_bench.py --profile /tmp/engine.prof --sizes 10000 --databases sqlite

PostgreSQL: the engine runs with Django's default of no prepared statements (so connection poolers
work), the floor with psycopg's (prepare after five executions); ``--prepared`` gives the engine
psycopg's too. ``--postgres-url`` (default ``$BENCH_POSTGRES_URL`` or
``postgres://postgres@127.0.0.1:5432/contifico_bench``) names a database the benchmark drops and
creates; it is skipped with a note when the server cannot be reached.
"""

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SANDBOX_KEY = "sandbox-key-0123456789abcdefABCDEF"
DEFAULT_RESOURCES = ("products", "inventory_movements", "documents", "persons")
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/contifico_bench"
BATCH = 500  # the engine's default SYNC_BATCH_SIZE
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# --- measuring ---------------------------------------------------------------------------------


class Meter:
    """Wall, CPU (user + system of every thread) and peak RSS of this process around a block.

    With ``backend`` (the pid of this process's PostgreSQL server process) it also measures the
    CPU the database spent on our statements.
    """

    def __init__(self, backend=None):
        self.backend = backend

    def __enter__(self):
        self.usage = resource.getrusage(resource.RUSAGE_SELF)
        self.backend_cpu = process_cpu(self.backend) if self.backend else None
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.started
        usage = resource.getrusage(resource.RUSAGE_SELF)
        self.cpu = (usage.ru_utime - self.usage.ru_utime) + (usage.ru_stime - self.usage.ru_stime)
        self.peak_rss_mib = usage.ru_maxrss / 1024  # KiB on Linux
        self.db_cpu = process_cpu(self.backend) - self.backend_cpu if self.backend else None

    def figures(self, records, requests):
        return {
            "records": records, "requests": requests, "wall_s": round(self.wall, 3),
            "cpu_s": round(self.cpu, 3), "cpu_us_per_record": round(self.cpu / max(records, 1) * 1e6, 1),
            "peak_rss_mib": round(self.peak_rss_mib, 1),
            "db_cpu_s": None if self.db_cpu is None else round(self.db_cpu, 3),
        }


def _backend_pid(cursor, database):
    """Return the pid of the PostgreSQL process serving ``cursor`` when it runs here, else None."""
    if database["engine"] not in ("postgres", "postgresql"):
        return None
    cursor.execute("SELECT pg_backend_pid()")
    pid = cursor.fetchone()[0]
    return pid if Path(f"/proc/{pid}/stat").exists() else None


def process_cpu(pid):
    """Return the CPU seconds (user + system) another process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


# --- the children ------------------------------------------------------------------------------


def child_floor(plan, base_url, database):
    """Fetch every page of ``plan`` with plain requests + json; write rows with executemany."""
    import requests

    connection, placeholder = _floor_connection(database)
    # The payload column has the type the mirror stores it in (JSONField: jsonb on PostgreSQL,
    # text on SQLite): less cannot hold the records as the app reads them.
    json_type = "jsonb" if database["engine"] == "postgres" else "text"
    cursor = connection.cursor()
    for step in plan:
        table = f"floor_{step['key']}"
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(f"CREATE TABLE {table} (id text PRIMARY KEY, payload {json_type} NOT NULL)")
    connection.commit()
    session = requests.Session()
    session.headers.update({"Authorization": SANDBOX_KEY})
    records = requests_made = 0
    backend = _backend_pid(cursor, database)
    with Meter(backend) as meter:
        for step in plan:
            value = f"{placeholder}::jsonb" if json_type == "jsonb" else placeholder
            sql = (f"INSERT INTO floor_{step['key']} (id, payload) VALUES ({placeholder}, {value}) "  # noqa: S608
                   "ON CONFLICT (id) DO UPDATE SET payload = excluded.payload")
            pending = []
            for rows in _floor_pages(session, base_url, step):
                requests_made += 1
                records += len(rows)
                pending.extend((str(row["id"]), json.dumps(row)) for row in rows)
                if len(pending) >= BATCH:
                    cursor.executemany(sql, pending)
                    connection.commit()
                    pending = []
            if pending:
                cursor.executemany(sql, pending)
                connection.commit()
    connection.close()
    return meter.figures(records, requests_made)


def _floor_connection(database):
    if database["engine"] == "sqlite":
        import sqlite3

        connection = sqlite3.connect(database["path"])
        # The pragmas the app's settings give SQLite.
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection, "?"
    import psycopg

    return psycopg.connect(database["url"]), "%s"


def _floor_pages(session, base_url, step):
    """Yield each page's rows, walking the list the way its paging needs, one request at a time."""
    url = f"{base_url}/{step['version']}/{step['path']}/"
    for fixed in step["passes"]:
        if step["paging"] == "v2":
            page = 1
            while True:
                body = json.loads(session.get(url, params={**fixed, "page": page}, timeout=600).content)
                yield body["results"]
                if not body.get("next"):
                    break
                page += 1
        elif step["paging"] == "result":
            page, size = 1, step["page_size"]
            while True:
                response = session.get(url, params={**fixed, "result_size": size, "result_page": page},
                                       timeout=600)
                if response.status_code != 200:  # past the end
                    break
                rows = json.loads(response.content)
                if rows:
                    yield rows
                if len(rows) < size:
                    break
                page += 1
        else:
            yield json.loads(session.get(url, params=fixed, timeout=600).content)


def child_engine(keys, base_url, profile_path=None):
    """Run a full refresh of ``keys`` through the engine; return its figures."""
    import django

    django.setup()
    from sync.engine import synchronise_inventory
    from sync.models import SyncRunCatalogue

    profiler = None
    if profile_path:
        import cProfile

        profiler = cProfile.Profile()
    from django.db import connection

    connection.ensure_connection()
    with connection.cursor() as cursor:
        backend = _backend_pid(cursor, {"engine": connection.vendor})
    with Meter(backend) as meter:
        if profiler:
            profiler.enable()
        run = synchronise_inventory(resources=list(keys), full_refresh=True)
        if profiler:
            profiler.disable()
    if profiler:
        profiler.dump_stats(profile_path)
    rows = SyncRunCatalogue.objects.filter(run=run)
    requests_made = sum(row.pages + row.recovery_requests for row in rows)
    written = sum(row.created + row.updated for row in rows)
    figures = meter.figures(sum(row.received for row in rows), requests_made)
    figures.update({"status": run.status, "written": written})
    return figures


def child_environment(base_url, database):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "contifico_project.settings",
        # As in production: DEBUG off (no query log), the rate limit off for a throughput figure.
        "DEBUG": "false", "SECRET_KEY": "bench-only-secret-key-" + "x" * 40, "ALLOWED_HOSTS": "localhost",
        "LOG_LEVEL": "WARNING", "CONTIFICO_API_BASE_URL": base_url, "CONTIFICO_API_KEY": SANDBOX_KEY,
        "CONTIFICO_REQUESTS_PER_SECOND": "0", "SYNC_BATCH_SIZE": str(BATCH),
    }
    env.pop("DATABASE_URL", None)
    env.pop("INVENTORY_DB_PATH", None)
    if database["engine"] == "sqlite":
        env["INVENTORY_DB_PATH"] = database["path"]
    else:
        env["DATABASE_URL"] = database["url"]
    return env


# --- the parent --------------------------------------------------------------------------------


def plan_for(keys):
    """Describe each catalogue's walk for the floor (which imports neither Django nor the engine)."""
    from sync.catalogues import BY_KEY

    return [
        {
            "key": key, "version": BY_KEY[key].version, "path": BY_KEY[key].path,
            "paging": BY_KEY[key].paging.value, "passes": list(BY_KEY[key].passes),
            "page_size": BY_KEY[key].page_size(200),
        }
        for key in keys
    ]


def counts_for(keys, size):
    """Return the sandbox ``--counts`` that give ``size`` rows in all over ``keys``' collections."""
    from sync.catalogues import BY_KEY

    collections = sorted({"documento" if BY_KEY[k].path == "registro/documento" else BY_KEY[k].path
                          for k in keys})
    share = size // len(collections)
    return ",".join(f"{name}={share}" for name in collections), share * len(collections)


class SandboxProcess:
    def __init__(self, counts, latency_ms=0):
        command = [sys.executable, "-m", "sandbox", "--port", "0", "--scale", "tiny", "--counts", counts]
        if latency_ms:
            command += ["--latency-ms", str(latency_ms)]
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        first = self.process.stdout.readline()
        if "listening on" not in first:
            self.process.kill()
            raise SystemExit(f"the sandbox did not start: {first!r}")
        self.base_url = first.rsplit(" ", 1)[1].strip()

    def cpu(self):
        return process_cpu(self.process.pid)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Databases:
    """Fresh, migrated databases: SQLite files copied from one migrated file, PostgreSQL from a template."""

    def __init__(self, workdir, postgres_url):
        self.workdir = Path(workdir)
        self.postgres_url = postgres_url
        self.templates = {}
        self.created = []
        self.serial = 0

    def fresh(self, engine):
        self.serial += 1
        if engine == "sqlite":
            if "sqlite" not in self.templates:
                template = {"engine": "sqlite", "path": str(self.workdir / "template.db")}
                _migrate(template)
                self.templates["sqlite"] = template
            path = self.workdir / f"bench-{self.serial}.db"
            shutil.copyfile(self.templates["sqlite"]["path"], path)
            return {"engine": "sqlite", "path": str(path)}
        base = urlsplit(self.postgres_url)
        name = base.path.strip("/")
        if "postgres" not in self.templates:
            template = {"engine": "postgres", "url": self._create(f"{name}_template")}
            _migrate(template)
            self.templates["postgres"] = template
        return {"engine": "postgres", "url": self._create(f"{name}_{self.serial}", f"{name}_template")}

    def _create(self, name, template=None):
        import psycopg

        with psycopg.connect(self._admin_url(), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.created.append(name)
        return urlunsplit(urlsplit(self.postgres_url)._replace(path=f"/{name}"))

    def _admin_url(self):
        return urlunsplit(urlsplit(self.postgres_url)._replace(path="/postgres"))

    def discard(self, database):
        if database["engine"] == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(database["path"] + suffix).unlink(missing_ok=True)
            return
        self._drop(urlsplit(database["url"]).path.strip("/"))

    def _drop(self, name):
        import psycopg

        with psycopg.connect(self._admin_url(), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self.created:
            self.created.remove(name)

    def close(self):
        for name in list(self.created):
            self._drop(name)

    def postgres_reachable(self):
        try:
            import psycopg

            psycopg.connect(self._admin_url(), connect_timeout=3).close()
            return True
        except Exception as exc:  # noqa: BLE001 - any failure means "skip PostgreSQL"
            print(f"PostgreSQL skipped: {exc}", file=sys.stderr)
            return False


def _migrate(database):
    env = child_environment("http://127.0.0.1:9/sistema/api", database)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                   check=True)


def run_child(kind, args, env):
    """Run this file as a child measuring ``kind``; return the figures it prints."""
    command = [sys.executable, __file__, "--child", kind, *args]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(size, engine, keys, databases, rounds, profile, prepared=False):
    """Return the floor's and the engine's figures over ``rounds`` alternating runs (see ``_best``)."""
    counts, total = counts_for(keys, size)
    sandbox = SandboxProcess(counts)
    plan = json.dumps(plan_for(keys))
    floors, engines = [], []
    try:
        for number in range(rounds):
            for kind in ("floor", "engine"):
                database = databases.fresh(engine)
                env = child_environment(sandbox.base_url, database)
                if prepared and kind == "engine" and engine == "postgres":
                    # As psycopg's own default, which the floor gets: prepare after 5 executions.
                    env["DATABASE_URL"] += "?prepare_threshold=5"
                args = ["--base-url", sandbox.base_url, "--resources", *keys]
                if kind == "floor":
                    args += ["--plan", plan, "--database", json.dumps(database)]
                elif profile and number == 0:
                    args += ["--profile", profile]
                before = sandbox.cpu()
                figures = run_child(kind, args, env)
                figures["server_cpu_s"] = round(sandbox.cpu() - before, 3)
                (floors if kind == "floor" else engines).append(figures)
                databases.discard(database)
    finally:
        sandbox.stop()
    floor, best = _best(floors), _best(engines)
    return {
        "database": engine + (" (prepared)" if prepared and engine == "postgres" else ""),
        "size": total, "resources": list(keys), "rounds": rounds,
        "floor": floor, "engine": best,
        "cpu_ratio": round(best["cpu_s"] / floor["cpu_s"], 2),
        # >= 1 means the engine is as fast as the floor or faster (target: at least 0.8)
        "speed_vs_floor": round(floor["wall_s"] / best["wall_s"], 2),
    }


def _best(runs):
    """Return one kind's figures over its rounds: the least wall and CPU, the highest peak RSS."""
    figures = dict(min(runs, key=lambda f: f["cpu_s"]))
    figures["wall_s"] = min(f["wall_s"] for f in runs)
    figures["peak_rss_mib"] = max(f["peak_rss_mib"] for f in runs)
    return figures


def machine():
    return {
        "cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def print_table(report):
    m = report["machine"]
    print(f"{m['cpus']} CPUs, Python {m['python']}, load {m['load_average_at_start']}, {m['date']}")
    header = ("db", "records", "what", "requests", "wall s", "CPU s", "µs/record", "peak RSS MiB",
              "sandbox CPU s", "PostgreSQL CPU s")
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for row in report["runs"]:
        for label in ("floor", "engine"):
            f = row[label]
            cells = (row["database"], f"{row['size']:,}", label, f"{f['requests']:,}", f"{f['wall_s']:.1f}",
                     f"{f['cpu_s']:.1f}", f"{f['cpu_us_per_record']:.0f}", f"{f['peak_rss_mib']:.1f}",
                     f"{f['server_cpu_s']:.1f}", "" if f["db_cpu_s"] is None else f"{f['db_cpu_s']:.1f}")
            print("| " + " | ".join(cells) + " |")
        print(f"| {row['database']} | {row['size']:,} | **engine / floor** | | "
              f"speed {row['speed_vs_floor']:.2f}× | CPU {row['cpu_ratio']:.2f}× | | | | |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--million", action="store_true", help="also 1,000,000 records")
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"],
                        choices=["sqlite", "postgres"])
    parser.add_argument("--resources", nargs="+", default=list(DEFAULT_RESOURCES))
    parser.add_argument("--rounds", type=int, default=1,
                        help="alternate floor and engine this many times; keep the best of each")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES))
    parser.add_argument("--prepared", action="store_true",
                        help="let PostgreSQL prepare the engine's statements (OPTIONS prepare_threshold=5), "
                             "as psycopg does by default for the floor; Django's default is off")
    parser.add_argument("--profile", help="write the engine's cProfile stats (first round) to this file")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    # Child modes (internal).
    parser.add_argument("--child", choices=["floor", "engine"], help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--plan", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child == "floor":
        print(json.dumps(child_floor(json.loads(args.plan), args.base_url, json.loads(args.database))))
        return
    if args.child == "engine":
        print(json.dumps(child_engine(args.resources, args.base_url, args.profile)))
        return

    sizes = [*args.sizes, *([1_000_000] if args.million else [])]
    report = {"machine": machine(), "runs": []}
    with tempfile.TemporaryDirectory() as workdir:
        databases = Databases(workdir, args.postgres_url)
        engines = [e for e in args.databases if e != "postgres" or databases.postgres_reachable()]
        try:
            for size in sizes:
                for engine in engines:
                    row = measure(size, engine, args.resources, databases, args.rounds, args.profile,
                                  prepared=args.prepared)
                    report["runs"].append(row)
                    if not args.json:
                        print(f"{engine} {row['size']:,}: engine/floor CPU {row['cpu_ratio']:.2f}×, "
                              f"speed {row['speed_vs_floor']:.2f}×", file=sys.stderr, flush=True)
        finally:
            databases.close()
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
