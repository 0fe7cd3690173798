"""What the mirror should hold, read from the sandbox, and ways to run the engine against it."""

import contextlib
import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

from sandbox.server import SANDBOX_API_KEY, Sandbox
from sync import catalogues as registry
from sync.client import ContificoClient

ROOT = Path(__file__).resolve().parents[2]

# Catalogue key → the sandbox collection, the API version our registry reads it
# from, and the filter passes that define its rows (purchases: FAC and LQC).
SOURCES = {
    "categories": ("categoria", "v1", [{}]),
    "brands": ("marca", "v1", [{}]),
    "variants": ("variante", "v1", [{}]),
    "products": ("producto", "v2", [{}]),
    "warehouses": ("bodega", "v1", [{}]),
    "inventory_movements": ("movimiento-inventario", "v2", [{}]),
    "remission_guides": ("inventario/guia", "v1", [{}]),
    "purchases": ("documento", "v1", [{"tipo_registro": "PRO", "tipo": "FAC"},
                                      {"tipo_registro": "PRO", "tipo": "LQC"}]),
    "sales": ("documento", "v1", [{"tipo_registro": "CLI", "tipo": "FAC"}]),
    "documents": ("documento", "v2", [{}]),
    "registry_transactions": ("registro/transaccion", "v1", [{}]),
    "persons": ("persona", "v2", [{}]),
    "cost_centers": ("contabilidad/centro-costo", "v1", [{}]),
    "chart_of_accounts": ("contabilidad/cuenta-contable", "v1", [{}]),
    "journal_entries": ("contabilidad/asiento", "v2", [{}]),
    "bank_accounts": ("banco/cuenta", "v1", [{}]),
    "bank_movements": ("banco/movimiento", "v1", [{}]),
}

assert set(SOURCES) == set(registry.KEYS)


def upstream_ids(sb, key):
    collection, _version, passes = SOURCES[key]
    ids = set()
    for filters in passes:
        ids |= sb.ids(collection, **filters)
    return ids


def upstream_payload(sb, key, record_id):
    collection, version, _passes = SOURCES[key]
    return sb.record(collection, record_id, version=version)


def mirror_differences(sb, keys=None):
    """Return a list of human-readable differences between the mirror and the sandbox."""
    problems = []
    for key in keys or registry.KEYS:
        model = registry.BY_KEY[key].model
        expected = upstream_ids(sb, key)
        live = set(model.objects.filter(deleted_at__isnull=True).values_list("id", flat=True))
        if live != expected:
            missing = sorted(expected - live)[:5]
            extra = sorted(live - expected)[:5]
            problems.append(
                f"{key}: {len(expected)} upstream vs {len(live)} live rows; missing {missing}, extra {extra}"
            )
            continue
        for record_id, payload in model.objects.filter(deleted_at__isnull=True).values_list("id", "payload"):
            if payload != upstream_payload(sb, key, record_id):
                problems.append(f"{key}: payload of {record_id} differs from what the API serves")
                break
    return problems


@contextlib.contextmanager
def running_sandbox(**options):
    """Serve a Sandbox; its clock follows the wall clock, as the engine's watermark does."""
    sb = Sandbox(**{"seed": 1, "scale": "small", "faults": "none", **options})
    with sb.serve():
        yield sb


def client_for(sb, **overrides):
    options = {
        "api_key": SANDBOX_API_KEY, "base_url": sb.base_url, "connect_timeout": 2, "read_timeout": 10,
        "max_retries": 8, "requests_per_second": 0, "max_concurrency": 2, "backoff_base": 0.05,
        "backoff_cap": 1.0, "retry_after_cap": 2.0,
    }
    options.update(overrides)
    return ContificoClient(**options)


def command_env(sb, **extra):
    """Environment for a child ``manage.py`` that uses the test database and this sandbox."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "INVENTORY_DB_PATH")}
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        env["INVENTORY_DB_PATH"] = settings_dict["NAME"]
    else:
        user = settings_dict.get("USER") or "postgres"
        host = settings_dict.get("HOST") or "127.0.0.1"
        port = settings_dict.get("PORT") or 5432
        password = settings_dict.get("PASSWORD") or ""
        auth = f"{user}:{password}@" if password else f"{user}@"
        env["DATABASE_URL"] = f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"
    env.update({
        "CONTIFICO_API_BASE_URL": sb.base_url if sb else "http://127.0.0.1:9/sistema/api",
        "CONTIFICO_API_KEY": SANDBOX_API_KEY,
        "CONTIFICO_REQUESTS_PER_SECOND": "0",
        "CONTIFICO_READ_TIMEOUT": "10",
        "DEBUG": "true",
        "LOG_LEVEL": "WARNING",
    })
    env.update(extra)
    return env


def start_command(*args, env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "sync_contifico", *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def run_command(*args, env, timeout=300):
    return subprocess.run(
        [sys.executable, "manage.py", "sync_contifico", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )
