"""A 200 whose body is an error object is never an (almost) empty list: no record is marked deleted."""

import pytest
from django.utils import timezone

from inventory.models import Brand
from sync.engine import synchronise_inventory
from sync.models import SyncRun
from tests.client.scripted_server import Reply, ScriptedServer
from tests.mirror.test_bad_data_never_crashes_a_run import make_client

pytestmark = pytest.mark.django_db(transaction=True)

BRANDS = [{"id": f"Marca{i:04d}abcdefg", "nombre": f"Marca {i}"} for i in range(30)]


@pytest.mark.parametrize("body", [{"id": None, "error": "Servicio no disponible"}, {}, {"mensaje": "Error"}],
                         ids=["error object", "empty object", "mensaje"])
def test_a_full_refresh_answered_with_an_error_object_fails_and_deletes_nothing(body):
    now = timezone.now()
    Brand.objects.bulk_create(Brand(id=b["id"], payload=b, payload_hash="x", fetched_at=now) for b in BRANDS)
    with ScriptedServer() as server:
        server.route("/v1/marca/", lambda request: Reply(200, body))
        run = synchronise_inventory(resources=["brands"], full_refresh=True, client=make_client(server))

    row = run.catalogues.get()
    assert row.status == row.Status.FAILED
    assert "expected a list" in row.message
    assert run.status == SyncRun.Status.FAILED
    assert Brand.objects.filter(deleted_at__isnull=True).count() == 30


def test_an_error_object_on_a_first_attempt_is_retried_and_the_list_arrives():
    with ScriptedServer() as server:
        error = Reply(200, {"id": None, "error": "Servicio no disponible"})
        server.script("/v1/marca/", error, Reply(200, BRANDS))
        run = synchronise_inventory(resources=["brands"], full_refresh=True, client=make_client(server))

    assert run.catalogues.get().status == "succeeded"
    assert Brand.objects.count() == 30
