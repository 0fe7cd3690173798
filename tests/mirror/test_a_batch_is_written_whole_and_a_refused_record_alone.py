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
    refused = batch[2][0]
    # jsonb cannot hold \u0000: PostgreSQL refuses the record while the batch is being copied.
    batch[2] = (refused, {**batch[2][1], "nota": "antes\u0000después"})
    stats = CatalogueStats()

    write_batch(Document, batch, stats)

    assert (stats.created, stats.rejected) == (4, 1)
    assert len(stats.errors) == 1 and refused in stats.errors[0] and "refused" in stats.errors[0]
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
