"""A batch of records is stored whole, wherever it is written from; a record the database refuses
is rejected alone and named (README, "How the mirror stays exact": "Bad data never crashes a run").

On PostgreSQL a batch is streamed with COPY into a staging table and merged with one statement
(sync/upsert.py); these are the cases that path must keep as the row-by-row statement had them.
"""

import pytest
from django.db import connection, transaction
from django.utils import timezone

from accounting.models import Document
from sync.engine import CatalogueStats, write_batch
from sync.upsert import serialise, upsert_for
from tests.catalogues.payloads import DOCUMENT

pytestmark = pytest.mark.django_db(transaction=True)


def documents(count, **changes):
    return [(f"Doc{n:013d}", {**DOCUMENT, "id": f"Doc{n:013d}", **changes}) for n in range(count)]


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="SQLite stores a NUL inside JSON text")
def test_a_record_postgresql_refuses_mid_batch_is_rejected_by_name_and_the_rest_of_the_batch_is_stored():
    batch = documents(5)
    # A payload's NUL is replaced before writing (sync/failures.py), but an id is the record's
    # name and is kept as given: PostgreSQL's text cannot hold NUL, so it refuses the record
    # while the batch is being copied.
    refused = "Doc-nul\u0000-0002"
    batch[2] = (refused, {**batch[2][1], "id": refused})
    stats = CatalogueStats()

    write_batch(Document, batch, stats)

    assert (stats.created, stats.rejected) == (4, 1)
    assert len(stats.errors) == 1 and "Doc-nul" in stats.errors[0] and "refused" in stats.errors[0]
    kept = {record_id for record_id, _ in batch} - {refused}
    assert set(Document.objects.values_list("id", flat=True)) == kept


def test_a_batch_naming_a_record_twice_stores_its_last_version():
    first, again = documents(1)[0], documents(1, total="999.00")[0]
    other = documents(2)[1]

    write_batch(Document, [first, other, again], CatalogueStats())

    assert Document.objects.count() == 2
    stored = Document.objects.get(id=first[0])
    assert stored.payload == again[1] and str(stored.total) == "999.00"


def test_batches_written_one_after_another_in_one_transaction_are_all_stored():
    stats = CatalogueStats()
    with transaction.atomic():
        write_batch(Document, documents(3), stats)
        write_batch(Document, documents(6)[3:], stats)
        write_batch(Document, documents(3, total="1.00"), stats)

    assert (stats.created, stats.updated) == (6, 3)
    assert Document.objects.count() == 6
    assert Document.objects.filter(total="1.00").count() == 3


def test_a_batch_written_outside_any_transaction_is_stored():
    assert not connection.in_atomic_block
    writer = upsert_for(Document)
    rows = []
    for record_id, payload in documents(3):
        stored, digest = serialise(payload)
        rows.append(writer.row({**Document.columns_from_payload(payload), "id": record_id, "payload": stored,
                                "payload_hash": digest, "fetched_at": timezone.now()}))

    writer.write(rows)

    assert Document.objects.count() == 3
    assert Document.objects.get(id="Doc0000000000001").payload == documents(2)[1][1]


def test_large_payloads_written_in_a_batch_read_back_identically():
    # Over 2 kB a payload is compressed as it is stored (LZ4 on PostgreSQL where the server has it).
    lines = [{"producto_id": f"Prod{n:012d}", "cantidad": n / 4, "descripcion": f"Artículo número {n} ñ"}
             for n in range(300)]
    batch = documents(3, detalles=lines)

    write_batch(Document, batch, CatalogueStats())

    for record_id, payload in batch:
        assert Document.objects.get(id=record_id).payload == payload


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="a PostgreSQL setting")
def test_writing_a_batch_leaves_the_connections_settings_as_they_were():
    # What a batch sets lasts for its own transaction only: a pooled connection's next user
    # (or the next statement here) finds the server's defaults.
    def compression():
        with connection.cursor() as cursor:
            cursor.execute("SHOW default_toast_compression")
            return cursor.fetchone()[0]

    before = compression()
    write_batch(Document, documents(3), CatalogueStats())

    assert compression() == before
