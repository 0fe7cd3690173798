"""A record the database refuses is rejected alone; the rest of its batch is stored (README, "How the
mirror stays exact": "Bad data never crashes a run").

A trigger makes the database refuse chosen ids, so the one-record-at-a-time fallback runs on SQLite
as well as on PostgreSQL, wherever the refused record falls in its batch.
"""

import pytest
from django.db import connection

from inventory.models import Brand
from sync.engine import synchronise_inventory
from tests.client.scripted_server import Reply, ScriptedServer
from tests.mirror.test_bad_data_never_crashes_a_run import make_client

pytestmark = pytest.mark.django_db(transaction=True)

REFUSED = "Refused000000001"


@pytest.fixture
def refusing_database():
    """Make the ``brands`` table refuse inserts of ids starting with "Refused"."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE TRIGGER refuse_brands BEFORE INSERT ON brands WHEN NEW.id LIKE 'Refused%' "
                "BEGIN SELECT RAISE(ABORT, 'refused by the database'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION refuse_brands() RETURNS trigger AS $$ BEGIN "
                "IF NEW.id LIKE 'Refused%' THEN RAISE EXCEPTION 'refused by the database'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_brands BEFORE INSERT ON brands "
                "FOR EACH ROW EXECUTE FUNCTION refuse_brands()"
            )
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER refuse_brands")
        else:
            cursor.execute("DROP TRIGGER refuse_brands ON brands")
            cursor.execute("DROP FUNCTION refuse_brands()")


def brands(*ids):
    return [{"id": record_id, "nombre": f"Marca {record_id}"} for record_id in ids]


def sync_brands(listed):
    with ScriptedServer() as server:
        server.script("/v1/marca/", Reply(200, listed))
        return synchronise_inventory(resources=["brands"], client=make_client(server)).catalogues.get()


def test_a_refused_record_in_the_middle_of_a_batch_is_rejected_and_the_others_are_stored(refusing_database):
    row = sync_brands(brands("Good000000000001", REFUSED, "Good000000000002"))

    assert row.status == "succeeded", row.message
    assert (row.received, row.created, row.rejected) == (3, 2, 1)
    assert any(REFUSED in error and "refused" in error for error in row.errors)
    assert set(Brand.objects.values_list("id", flat=True)) == {"Good000000000001", "Good000000000002"}


def test_a_refused_record_does_not_stop_the_batches_after_it(refusing_database, settings):
    settings.SYNC_BATCH_SIZE = 2
    row = sync_brands(brands(REFUSED, "Good000000000001", "Good000000000002", "Good000000000003"))

    assert row.status == "succeeded", row.message
    assert (row.created, row.rejected) == (3, 1)
    assert Brand.objects.count() == 3


@pytest.mark.parametrize(("batch_size", "ids"), [
    (1, ("Good000000000001", REFUSED, "Good000000000002")),
    (2, ("Good000000000001", "Good000000000002", REFUSED)),  # alone in the last batch
])
def test_a_refused_record_alone_in_its_batch_is_rejected_and_the_catalogue_succeeds(
    refusing_database, settings, batch_size, ids
):
    settings.SYNC_BATCH_SIZE = batch_size
    row = sync_brands(brands(*ids))

    assert row.status == "succeeded", row.message
    assert (row.created, row.rejected) == (2, 1)
    assert set(Brand.objects.values_list("id", flat=True)) == {"Good000000000001", "Good000000000002"}
