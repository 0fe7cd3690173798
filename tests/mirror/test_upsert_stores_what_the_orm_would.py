"""A record written through the cursor reads back, and is stored, exactly as the ORM would have it."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from accounting.models import Document
from sync.engine import CatalogueStats, payload_hash, write_batch
from sync.parsing import ECUADOR
from tests.catalogues.catalogue_models import LABELS, model_for
from tests.catalogues.payloads import BY_MODEL, DOCUMENT

pytestmark = pytest.mark.django_db


def _raw(model, record_id):
    """Return every stored column but the id and the payload, as the database holds them."""
    quote = connection.ops.quote_name
    columns = [f.column for f in model._meta.concrete_fields if f.name not in ("id", "payload")]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(map(quote, columns))} FROM {quote(model._meta.db_table)} WHERE id = %s",  # noqa: S608
            [record_id],
        )
        return dict(zip(columns, cursor.fetchone(), strict=True))


@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("company", [0, 2], ids=["alone", "in a batch"])
def test_every_column_of_an_upserted_record_is_stored_as_the_orm_stores_it(label, company):
    # Alone, a record goes through the one-row statement; in a batch, on PostgreSQL, through COPY.
    model = model_for(label)
    payload = BY_MODEL[label]
    others = [(f"company-{n}", {**payload, "id": f"company-{n}"}) for n in range(company)]
    write_batch(model, [*others, (payload["id"], payload)], CatalogueStats())
    upserted = model.objects.get(id=payload["id"])
    # The same record written by the ORM, next to it.
    twin = model.objects.create(
        id="orm-twin", payload=payload, payload_hash=upserted.payload_hash, fetched_at=upserted.fetched_at,
        **model.columns_from_payload(payload),
    )
    twin.refresh_from_db()

    assert upserted.payload == payload
    assert upserted.payload_hash == payload_hash(payload)
    for field in model._meta.concrete_fields:
        if field.name != "id":
            assert getattr(upserted, field.name) == getattr(twin, field.name), field.name
    assert _raw(model, payload["id"]) == _raw(model, "orm-twin")


def test_money_dates_and_ecuador_times_read_back_as_the_parsers_return_them():
    # 23:30 in Guayaquil is already the next day in UTC: the stored instant must not shift.
    payload = {**DOCUMENT, "fecha_modificacion": "2026-06-02T23:30:00", "total": "1234.5",
               "saldo": 0.1, "fecha_emision": "31/12/2025", "anulado": "True"}
    write_batch(Document, [(payload["id"], payload)], CatalogueStats())

    stored = Document.objects.get(id=payload["id"])

    assert stored.updated_at == dt.datetime(2026, 6, 2, 23, 30, tzinfo=ECUADOR)
    assert stored.updated_at.astimezone(ECUADOR).date() == dt.date(2026, 6, 2)
    assert Document.objects.filter(updated_at__date=dt.date(2026, 6, 2)).count() == 1
    assert stored.total == Decimal("1234.50") and str(stored.total) == "1234.50"
    assert stored.saldo == Decimal("0.10")
    assert stored.fecha_emision == dt.date(2025, 12, 31)
    assert stored.anulado is True


def test_a_payload_with_accents_emoji_nesting_and_numbers_reads_back_identically():
    payload = {
        **DOCUMENT, "descripcion": "Café con ñandú 😀 \u00a0«comillas» \"dobles\" \\ barra",
        "detalles": [{"cantidad": 1.5, "precio": 10, "grande": 12345678901234567890, "nada": None,
                      "lista": [True, False, [], {}]}],
        "vacío": "",
    }
    write_batch(Document, [(payload["id"], payload)], CatalogueStats())

    stored = Document.objects.get(id=payload["id"])

    assert stored.payload == payload
    assert Document.objects.filter(payload__descripcion=payload["descripcion"]).count() == 1


def test_a_changed_record_is_rewritten_whole_and_comes_back_from_deleted():
    stats = CatalogueStats()
    write_batch(Document, [(DOCUMENT["id"], DOCUMENT)], stats)
    Document.objects.filter(id=DOCUMENT["id"]).update(deleted_at=dt.datetime(2026, 1, 1, tzinfo=ECUADOR))
    changed = {**DOCUMENT, "total": "300.00", "documento": "001-001-000000999", "persona": None,
               "persona_id": None}

    write_batch(Document, [(DOCUMENT["id"], changed)], stats)

    stored = Document.objects.get(id=DOCUMENT["id"])
    assert (stats.created, stats.updated, stats.unchanged) == (1, 1, 0)
    assert stored.payload == changed
    assert stored.total == Decimal("300.00")
    assert stored.documento == "001-001-000000999"
    assert stored.persona_id == "" and stored.razon_social == ""
    assert stored.deleted_at is None


def test_an_unchanged_record_is_not_rewritten():
    stats = CatalogueStats()
    write_batch(Document, [(DOCUMENT["id"], DOCUMENT)], stats)
    first = Document.objects.get(id=DOCUMENT["id"]).fetched_at
    # Same content, keys in another order: the same record.
    write_batch(Document, [(DOCUMENT["id"], dict(reversed(list(DOCUMENT.items()))))], stats)

    assert (stats.created, stats.updated, stats.unchanged) == (1, 0, 1)
    assert Document.objects.get(id=DOCUMENT["id"]).fetched_at == first


@pytest.mark.django_db(transaction=True)
def test_a_sync_in_another_thread_writes_through_its_own_connection():
    from django.db import connections

    write_batch(Document, [(DOCUMENT["id"], DOCUMENT)], CatalogueStats())  # the plan is built here
    other = {**DOCUMENT, "id": "OtherThread00001"}
    failures = []

    def sync_in_a_thread():
        try:
            write_batch(Document, [(other["id"], other)], CatalogueStats())
        except Exception as exc:  # noqa: BLE001 - reported to the main thread
            failures.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=sync_in_a_thread)
    thread.start()
    thread.join()

    assert failures == []
    assert set(Document.objects.values_list("id", flat=True)) == {DOCUMENT["id"], other["id"]}


def test_a_batch_longer_than_one_statement_is_written_whole(monkeypatch):
    # SQLite writes many rows per statement, as many as its limit on bound values allows: a batch
    # past that goes in several statements (here three rows per statement, seven rows).
    from sync.upsert import Upsert

    monkeypatch.setattr(Upsert, "SQLITE_ROWS_PER_STATEMENT", 3)
    batch = [(f"Many{n:012d}", {**DOCUMENT, "id": f"Many{n:012d}", "documento": f"001-001-{n:09d}"})
             for n in range(7)]
    stats = CatalogueStats()
    write_batch(Document, batch, stats)

    assert stats.created == 7 and not stats.errors
    stored = dict(Document.objects.filter(id__startswith="Many").values_list("id", "documento"))
    assert stored == {record_id: payload["documento"] for record_id, payload in batch}
