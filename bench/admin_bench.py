"""Benchmark: the admin's list, search, filter and detail pages on 1,000,000-row catalogues.

Builds ``products`` and ``documents`` with N synthetic rows each (Spanish names
and codes shaped like the sandbox's, typed columns and the search column filled
by the models' own ``columns_from_payload``), on SQLite and on PostgreSQL, then
opens each page of the issue's table with Django's test client as a logged-in
superuser and prints the server time (median of 5, after one warm-up request).

    .venv/bin/python bench/admin_bench.py                       # both databases, 1,000,000 rows
    .venv/bin/python bench/admin_bench.py --rows 100000 --databases sqlite
    .venv/bin/python bench/admin_bench.py --json                # one JSON object per database

The databases are kept for the next run (built again only when their row
counts differ): SQLite at data/bench/admin_bench.sqlite3 (data/ is not in
git), PostgreSQL as the database ``contifico_admin_bench`` at
``BENCH_POSTGRES_URL`` (default postgres://postgres@127.0.0.1:5432). Building
1,000,000 rows per table takes several minutes per database.
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SQLITE_PATH = ROOT / "data" / "bench" / "admin_bench.sqlite3"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
POSTGRES_NAME = "contifico_admin_bench"
PERSONS = 20_000
CATEGORIES = 300
BATCH = 5_000
REPEATS = 5


def database_url(database):
    if database == "sqlite":
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{SQLITE_PATH}"
    return f"{POSTGRES_SERVER}/{POSTGRES_NAME}"


# --- building the rows -----------------------------------------------------------------------------


def product_payload(index, rng, when):
    from sandbox.texture import ADJECTIVES, BRANDS, PRODUCT_NOUNS, ddmmyyyy, money

    noun, adjective, brand = rng.choice(PRODUCT_NOUNS), rng.choice(ADJECTIVES), rng.choice(BRANDS)
    name = f"{noun} {adjective} {brand}"
    if rng.random() < 0.7:
        name = name.upper()
    return {
        "id": f"prod{index:012d}",
        "codigo": f"P{index + 1:05d}",
        "nombre": name,
        "codigo_barra": rng.choice([f"{rng.randint(0, 10**12 - 1):012d}", None, ""]),
        "tipo": "SER" if rng.random() < 0.1 else "PRO",
        "tipo_producto": rng.choice(["SIM", "SIM", "SIM", "COM", "COP", "PRO"]),
        "estado": "I" if rng.random() < 0.1 else "A",
        "porcentaje_iva": rng.choice([15, 15, 15, 0, 12, None]),
        "pvp1": money(rng.randint(50, 250_000)),
        "minimo": money(rng.randint(0, 20) * 100),
        "cantidad_stock": money(rng.randint(-5, 120) * 100),
        "categoria_id": f"cat{rng.randrange(CATEGORIES + 10):06d}",  # a few dangle
        "marca_id": None,
        "fecha_creacion": ddmmyyyy(when),
    }


def document_payload(index, rng, when):
    from sandbox.texture import company_name, ddmmyyyy, money

    person = rng.randrange(PERSONS + 100)  # a few dangle
    registro = "CLI" if rng.random() < 0.7 else "PRO"
    tipo = rng.choice(["FAC"] * 8 + ["NCT", "PRE", "NVE", "LQC"])
    subtotal = rng.randint(100, 500_000)
    estado = rng.choice(["P", "C", "C", "C", "G", "E"])
    anulado = rng.random() < 0.01
    return {
        "id": f"doc{index:013d}",
        "tipo_registro": registro,
        "tipo_documento": tipo,
        "documento": f"001-{index // 900_000 + 1:03d}-{index + 1:09d}",
        "estado": "A" if anulado else estado,
        "anulado": anulado,
        "fecha_emision": ddmmyyyy(when),
        "persona_id": f"per{person:013d}",
        "persona": {
            "id": f"per{person:013d}",
            "ruc": f"{17 + person % 8:02d}{person:08d}001",
            "razon_social": company_name(rng),
        },
        "subtotal_12": money(subtotal),
        "iva": money(subtotal * 15 // 100),
        "total": money(subtotal * 115 // 100),
        "saldo": money(0 if estado == "C" else subtotal * 115 // 100),
    }


def person_payload(index, rng):
    from sandbox.texture import company_name

    return {
        "id": f"per{index:013d}",
        "tipo": "J",
        "razon_social": company_name(rng),
        "ruc": f"{17 + index % 8:02d}{index:08d}001",
        "es_cliente": True,
    }


def category_payload(index, rng, when):
    return {"id": f"cat{index:06d}", "nombre": f"Categoría {index}"}


def build(model, count, make, start):
    """Insert ``count`` rows of ``model``: the search index and secondary indexes built once at the end.

    Rows go in with plain INSERTs (COPY on PostgreSQL) rather than the ORM, so
    a million rows take minutes, not an hour. Typed columns come from the
    model's own ``columns_from_payload`` on a sample of rows only (it is the
    slow part), checked against the fast path so the two cannot drift.
    """
    import datetime as dt
    import random

    from django.db import connection
    from django.utils import timezone

    from sync.search import create_search_index, drop_search_index

    table = model._meta.db_table
    rng = random.Random(table)
    now = timezone.now()
    fields = [field for field in model._meta.concrete_fields]
    columns = [field.column for field in fields]
    indexes = [index for index in model._meta.indexes]
    with connection.schema_editor() as editor:
        drop_search_index(editor, table)
        for index in indexes:
            editor.remove_index(model, index)
    model.objects.all().delete()
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)

    def rows():
        for index in range(count):
            when = start + dt.timedelta(days=index * 3650 // count) if start else None
            payload = make(index, rng, when)
            typed = fast_columns(model, payload)
            if index % 50_000 == 0:
                check_columns(model, payload, typed)
            values = {"id": payload["id"], "payload": json.dumps(payload, ensure_ascii=False),
                      "payload_hash": "bench", "fetched_at": now, "updated_at": None, "deleted_at": None,
                      **typed}
            yield tuple(values[field.name] for field in fields)

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:  # noqa: S608
                for row in rows():
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            batch = []
            for row in rows():
                batch.append(row)
                if len(batch) == BATCH:
                    cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})", batch)  # noqa: S608
                    batch = []
            if batch:
                cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})", batch)  # noqa: S608
    print(f"  {table}: rows in, indexing…", file=sys.stderr, flush=True)
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.add_index(model, index)
        create_search_index(editor, table)


def fast_columns(model, payload):
    """Return the typed columns of a bench payload (the bench's payloads are already clean)."""
    from decimal import Decimal

    from sync.parsing import parse_date
    from sync.search import search_text

    name = model._meta.model_name
    if name == "product":
        typed = {
            "codigo": payload["codigo"], "nombre": payload["nombre"],
            "codigo_barra": payload["codigo_barra"] or "", "tipo": payload["tipo"],
            "tipo_producto": payload["tipo_producto"], "estado": payload["estado"],
            "categoria_id": payload["categoria_id"] or "", "marca_id": "",
            "porcentaje_iva": payload["porcentaje_iva"], "pvp1": Decimal(payload["pvp1"]),
            "minimo": Decimal(payload["minimo"]), "cantidad_stock": Decimal(payload["cantidad_stock"]),
            "fecha_creacion": parse_date(payload["fecha_creacion"]),
        }
    elif name == "document":
        party = payload["persona"]
        typed = {
            "tipo_registro": payload["tipo_registro"], "tipo_documento": payload["tipo_documento"],
            "documento": payload["documento"], "estado": payload["estado"], "anulado": payload["anulado"],
            "fecha_emision": parse_date(payload["fecha_emision"]), "fecha_vencimiento": None,
            "persona_id": payload["persona_id"], "persona_identificacion": party["ruc"],
            "razon_social": party["razon_social"], "vendedor_id": "", "subtotal_0": None,
            "subtotal_12": Decimal(payload["subtotal_12"]), "iva": Decimal(payload["iva"]),
            "total": Decimal(payload["total"]), "saldo": Decimal(payload["saldo"]),
        }
    else:
        typed = model.columns_from_payload(payload)
        typed.pop("updated_at", None)
        return typed
    typed["search_text"] = search_text(*(typed[column] for column in model.search_columns))
    return typed


def check_columns(model, payload, typed):
    expected = model.columns_from_payload(payload)
    expected.pop("updated_at", None)
    assert expected == typed, (expected, typed)


def prepare(rows, analyze):
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection

    from accounting.models import Document, Person
    from inventory.models import Category, Product

    call_command("migrate", verbosity=0)
    start = dt.date(2016, 1, 1)
    built = False
    if Person.objects.count() != PERSONS:
        build(Person, PERSONS, lambda index, rng, when: person_payload(index, rng), None)
        built = True
    if Category.objects.count() != CATEGORIES:
        build(Category, CATEGORIES, category_payload, None)
        built = True
    for model, make in ((Product, product_payload), (Document, document_payload)):
        if model.objects.count() != rows:
            print(f"building {rows:,} rows in {model._meta.db_table} on {connection.vendor}…",
                  file=sys.stderr, flush=True)
            began = time.monotonic()
            build(model, rows, make, start)
            print(f"  done in {time.monotonic() - began:.0f} s", file=sys.stderr, flush=True)
            built = True
    if analyze and built:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")


# --- the cases -------------------------------------------------------------------------------------


def column_index(model, name):
    from django.contrib import admin

    return list(admin.site._registry[model].list_display).index(name)


def cases():
    from django.urls import reverse

    from accounting.models import Document
    from inventory.models import Product

    products = reverse("admin:inventory_product_changelist")
    documents = reverse("admin:accounting_document_changelist")
    created = column_index(Product, "fecha_creacion")
    middle_product = Product.objects.order_by("pk").values_list("pk", flat=True)[Product.objects.count() // 2]
    documents_count = Document.objects.count()
    middle_document = Document.objects.order_by("pk").values_list("pk", flat=True)[documents_count // 2]
    number = Document.objects.get(pk=middle_document).documento
    return [
        ("products changelist, default", products, {}),
        ("products sorted by creation date, oldest first", products, {"o": f"{created}"}),
        ("products sorted by creation date, newest first", products, {"o": f"-{created}"}),
        ("products filtered by estado (inactivo)", products, {"estado": "I"}),
        ("products filtered by tipo (servicio)", products, {"tipo": "SER"}),
        ("products desde/hasta one month", products, {"desde": "01/03/2020", "hasta": "31/03/2020"}),
        ("products search `azul`", products, {"q": "azul"}),
        ("products search `almohada negro nogal`", products, {"q": "almohada negro nogal"}),
        ("products search partial code `P0000`", products, {"q": "P0000"}),
        ("products search full code `p777777`", products, {"q": "p777777"}),
        ("products page 500", products, {"p": "500"}),
        ("products page 5,000", products, {"p": "5000"}),
        ("products deleted upstream", products, {"eliminado": "si"}),
        ("product detail", reverse("admin:inventory_product_change", args=[middle_product]), {}),
        ("documents changelist, default", documents, {}),
        ("documents filtered by tipo_registro (PRO)", documents, {"tipo_registro": "PRO"}),
        ("documents filtered by estado (anulado)", documents, {"estado": "A"}),
        ("documents filtered by anulado (sí)", documents, {"anulado": "si"}),
        ("documents desde/hasta one month", documents, {"desde": "01/03/2020", "hasta": "31/03/2020"}),
        ("documents search number with dashes", documents, {"q": number}),
        ("documents search number without dashes", documents, {"q": number.replace("-", "")}),
        ("documents search RUC prefix `1700001`", documents, {"q": "1700001"}),
        ("documents search a name word `andina`", documents, {"q": "andina"}),
        ("documents page 500", documents, {"p": "500"}),
        ("document detail", reverse("admin:accounting_document_change", args=[middle_document]), {}),
    ]


def measure(client, url, params):
    response = client.get(url, params)  # warm-up (and a check)
    if response.status_code != 200:
        raise SystemExit(f"{url} {params} answered {response.status_code}")
    times = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def child(database, rows, analyze):
    os.environ["DATABASE_URL"] = database_url(database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contifico_project.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    prepare(rows, analyze)
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    results = {
        name: round(measure(client, url, params), 1)
        for name, url, params in cases()
        if int(params.get("p", 1)) <= rows // 100  # pages that exist at this size
    }
    export = measure_export(client)
    print(json.dumps({"database": database, "rows": rows, "results": results, "export": export}))


def measure_export(client):
    """Stream the whole products list in each export format; return seconds, MB sent and memory added."""
    import resource

    from django.urls import reverse

    from inventory.models import Product

    figures = {}
    views = (("csv", "admin:inventory_product_export"), ("xlsx", "admin:inventory_product_export_xlsx"))
    for kind, name in views:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        began = time.perf_counter()
        response = client.get(reverse(name))
        sent = sum(len(chunk) for chunk in response.streaming_content)
        seconds = time.perf_counter() - began
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        figures[kind] = {"rows": Product.objects.count(), "seconds": round(seconds, 1),
                         "megabytes": round(sent / 1e6, 1),
                         "peak_rss_growth_mib": round((after - before) / 1024, 1)}
    return figures


def create_postgres_database():
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        exists = connection.execute(query, [POSTGRES_NAME]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{POSTGRES_NAME}"')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"],
                        choices=["sqlite", "postgresql"])
    parser.add_argument("--no-analyze", action="store_true", help="skip ANALYZE after building")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.rows, not args.no_analyze)
        return
    env = {
        **os.environ,
        # Production settings: no query log, as gunicorn would serve it.
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),  # production settings refuse a weak one
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        # With DEBUG off the admin's pages name hashed static files: collect them once, as a release does.
        "STATIC_ROOT": str(SQLITE_PATH.parent / "static"),
    }
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
                   env=env, check=True)
    reports = []
    for database in args.databases:
        if database == "postgresql":
            create_postgres_database()
        command = [sys.executable, __file__, "--child", database, "--rows", str(args.rows)]
        if args.no_analyze:
            command.append("--no-analyze")
        output = subprocess.run(command, env=env, check=True, capture_output=False, stdout=subprocess.PIPE,
                                text=True).stdout
        reports.append(json.loads(output.strip().splitlines()[-1]))
    if args.json:
        for report in reports:
            print(json.dumps(report))
        return
    names = list(reports[0]["results"])
    header = " | ".join(["page", *(f"{r['database']} (ms)" for r in reports)])
    print(f"{args.rows:,} rows in products and in documents; server time, median of {REPEATS}\n")
    print(f"| {header} |")
    print("| --- |" + " --- |" * len(reports))
    for name in names:
        cells = " | ".join(f"{r['results'].get(name, float('nan')):,.1f}" for r in reports)
        print(f"| {name} | {cells} |")
    print("\nExports of the whole products list (CSV, then .xlsx):\n")
    print("| database | format | rows | seconds | MB | peak memory added (MiB) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in reports:
        for kind, e in (r.get("export") or {}).items():
            print(f"| {r['database']} | {kind} | {e.get('rows', 0):,} | {e.get('seconds')} "
                  f"| {e.get('megabytes')} | {e.get('peak_rss_growth_mib')} |")


if __name__ == "__main__":
    main()
