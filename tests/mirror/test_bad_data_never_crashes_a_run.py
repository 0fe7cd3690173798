"""Bad upstream data is counted, logged and shown in the run history; the rest goes on.

A scripted peer serves exactly the broken answers under test (the sandbox
serves well-formed data), over real HTTP on loopback.
"""

import pytest

from accounting.models import CostCenter
from banking.models import BankAccount
from inventory.models import Brand, Product
from sync.client import ContificoClient
from sync.engine import synchronise_inventory
from sync.models import SyncRun, SyncState
from tests.client.scripted_server import Reply, ScriptedServer

pytestmark = pytest.mark.django_db(transaction=True)


def make_client(server):
    return ContificoClient(
        api_key="test-key-123456", base_url=server.url, max_retries=2, backoff_base=0.01,
        requests_per_second=0, read_timeout=5,
    )


def test_records_without_an_id_or_of_the_wrong_type_are_rejected_and_the_rest_are_kept():
    with ScriptedServer() as server:
        server.script("/v1/marca/", Reply(200, [
            {"id": "Q8J0yelYfoaER7OY", "nombre": "Toyota"},
            {"nombre": "sin id"},
            {"id": None, "nombre": "id nulo"},
            "una cadena",
            {"id": "q8J0yelYfoaER7OY", "nombre": "Otra marca, mismo id en otra caja"},
        ]))
        run = synchronise_inventory(resources=["brands"], client=make_client(server))

    row = run.catalogues.get()
    assert row.status == row.Status.SUCCEEDED, row.message
    assert (row.received, row.created, row.rejected) == (5, 2, 3)
    assert any("without a usable id" in error for error in row.errors)
    assert any("expected an object, got str" in error for error in row.errors)
    assert set(Brand.objects.values_list("id", flat=True)) == {"Q8J0yelYfoaER7OY", "q8J0yelYfoaER7OY"}


def test_a_malformed_page_fails_its_catalogue_and_the_other_catalogues_go_on():
    with ScriptedServer() as server:
        # Retried within the one budget (it might be a passing glitch), then the catalogue fails.
        server.route("/v1/contabilidad/centro-costo/", lambda request: Reply(200, {"unexpected": "shape"}))
        server.script("/v1/banco/cuenta/", Reply(200, [{"id": "CtaPichincha0001", "nombre": "CTA"}]))
        run = synchronise_inventory(resources=["cost_centers", "bank_accounts"], client=make_client(server))

    rows = {row.resource: row for row in run.catalogues.all()}
    assert rows["cost_centers"].status == "failed"
    assert "expected a list or an envelope" in rows["cost_centers"].message
    assert rows["bank_accounts"].status == "succeeded"
    assert BankAccount.objects.filter(pk="CtaPichincha0001").exists()
    assert not CostCenter.objects.exists()
    assert run.status == SyncRun.Status.FAILED


def test_a_server_error_mid_catalogue_keeps_the_pages_already_received_and_does_not_advance_the_state():
    first_page = [{"id": f"Prod{i:012d}", "nombre": f"Producto {i}"} for i in range(100)]

    def products(request):
        if request.params.get("page") == "1":
            return Reply(200, {"count": 250, "next": "http://x/?page=2", "previous": None,
                               "results": first_page})
        return Reply(500, "<html><head><title>Internal Server Error</title></head></html>")

    with ScriptedServer() as server:
        server.route("/v2/producto/", products)
        run = synchronise_inventory(resources=["products"], client=make_client(server))

    row = run.catalogues.get()
    assert row.status == row.Status.FAILED
    assert "Internal Server Error" in row.message
    assert "v2/producto/" in row.message
    assert Product.objects.count() == 100
    assert SyncState.objects.get(resource="products").last_synced_at is None
    assert Product.objects.filter(deleted_at__isnull=False).count() == 0


def test_a_paged_envelope_where_the_whole_list_was_expected_fails_without_marking_deletions():
    Brand.objects.create(id="KeepMe0000000001", payload={}, payload_hash="x", fetched_at="2026-01-01T00:00Z")
    with ScriptedServer() as server:
        server.script("/v1/marca/", Reply(200, {"count": 300, "next": "http://x/?page=2", "previous": None,
                                                "results": [{"id": "Other00000000001", "nombre": "A"}]}))
        run = synchronise_inventory(resources=["brands"], client=make_client(server))

    row = run.catalogues.get()
    assert row.status == row.Status.FAILED
    assert "paged envelope" in row.message
    assert Brand.objects.get(pk="KeepMe0000000001").deleted_at is None


def test_a_record_the_database_refuses_is_rejected_and_the_rest_of_its_batch_is_kept():
    # NaN is not JSON: PostgreSQL's jsonb and SQLite's JSON_VALID check both refuse it.
    # (A NUL byte is no longer refused: it is replaced, see tests/failures.)
    body = (b'[{"id": "Good000000000001", "nombre": "Buena"}, {"id": "NaN0000000000001", "costo": NaN},'
            b' {"id": "Good000000000002", "nombre": "Otra buena"}]')
    with ScriptedServer() as server:
        server.script("/v1/marca/", Reply(200, body, {"Content-Type": "application/json"}))
        run = synchronise_inventory(resources=["brands"], client=make_client(server))

    row = run.catalogues.get()
    assert row.status == row.Status.SUCCEEDED
    assert (row.created, row.rejected) == (2, 1)
    assert any("NaN0000000000001" in error for error in row.errors)
    assert set(Brand.objects.values_list("id", flat=True)) == {"Good000000000001", "Good000000000002"}
