"""Each documented status of a run and of its catalogues, and what the history keeps with it
(README, "Run history" and "How the mirror stays exact").
"""

import pytest

from accounting.models import Document
from inventory.models import Brand
from sync.engine import MAX_ERRORS_KEPT, synchronise_inventory
from sync.models import SyncLock, SyncRun, SyncState
from tests.client.scripted_server import Reply, ScriptedServer
from tests.mirror.support import client_for, running_sandbox
from tests.mirror.test_bad_data_never_crashes_a_run import make_client
from tests.mirror.unstable_list import UnstableList, documents

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_wrong_api_key_fails_the_first_catalogue_skips_the_rest_and_asks_nothing_more():
    with running_sandbox(scale="tiny") as sb:
        run = synchronise_inventory(
            resources=["brands", "products", "persons"], client=client_for(sb, api_key="wrong-key-0123456789")
        )
        # One request: a refused key is not retried, and the other catalogues are not even tried.
        assert sb.stats()["total"] == 1

    rows = {row.resource: row for row in run.catalogues.all()}
    assert rows["brands"].status == "failed"
    assert "HTTP 401" in rows["brands"].message
    assert "Empresa matching query does not exist" in rows["brands"].message
    for key in ("products", "persons"):
        assert rows[key].status == "skipped"
        assert rows[key].message.startswith("Omitido: Contífico rechazó la API key")
        assert rows[key].finished_at is not None
    assert run.status == SyncRun.Status.FAILED
    assert run.message.startswith("Contífico rechazó la API key")
    assert run.finished_at is not None
    assert not Brand.objects.exists()
    assert not SyncState.objects.exclude(last_synced_at=None).exists()
    assert not SyncLock.objects.exists()


def test_a_run_where_every_catalogue_succeeds_records_its_options_and_says_succeeded():
    with running_sandbox(scale="tiny") as sb:
        run = synchronise_inventory(
            resources=["persons", "brands"], full_refresh=True, page_size=50, client=client_for(sb)
        )

    run.refresh_from_db()
    assert (run.status, run.message) == (SyncRun.Status.SUCCEEDED, "")
    assert run.resources == ["brands", "persons"]  # registry order
    assert (run.full_refresh, run.page_size, run.trigger) == (True, 50, "python")
    assert run.finished_at >= run.started_at
    for row in run.catalogues.all():
        assert row.status == "succeeded"
        assert row.finished_at >= row.started_at
        assert row.received == row.created > 0


def incomplete_documents(server):
    rows = documents(300)
    server.route("/v2/documento/", UnstableList(rows, shuffle_share=0, hidden=[rows[0]["id"]]))


def test_an_incomplete_catalogue_makes_the_run_incomplete_when_nothing_failed():
    with ScriptedServer() as server:
        incomplete_documents(server)
        server.script("/v1/marca/", Reply(200, [{"id": "Marca00000000001", "nombre": "Toyota"}]))
        run = synchronise_inventory(resources=["brands", "documents"], full_refresh=True,
                                    client=make_client(server))

    statuses = dict(run.catalogues.values_list("resource", "status"))
    assert statuses == {"brands": "succeeded", "documents": "incomplete"}
    assert (run.status, run.message) == (SyncRun.Status.INCOMPLETE, "Incompletos: documents")
    assert Document.objects.count() == 299


def test_a_failed_catalogue_makes_the_run_failed_even_beside_an_incomplete_one():
    with ScriptedServer() as server:
        incomplete_documents(server)
        server.route("/v1/marca/", lambda request: Reply(500, {"mensaje": "Error interno"}))
        run = synchronise_inventory(resources=["brands", "documents"], full_refresh=True,
                                    client=make_client(server))

    statuses = dict(run.catalogues.values_list("resource", "status"))
    assert statuses == {"brands": "failed", "documents": "incomplete"}
    assert (run.status, run.message) == (SyncRun.Status.FAILED, "Con errores: brands")


def test_the_history_keeps_the_first_errors_of_a_catalogue_and_counts_them_all():
    bad = [{"nombre": f"sin id {i}"} for i in range(MAX_ERRORS_KEPT + 10)]
    with ScriptedServer() as server:
        server.script("/v1/marca/", Reply(200, [{"id": "Marca00000000001", "nombre": "Toyota"}, *bad]))
        run = synchronise_inventory(resources=["brands"], client=make_client(server))

    row = run.catalogues.get()
    assert row.status == "succeeded"
    assert (row.received, row.created, row.rejected) == (MAX_ERRORS_KEPT + 11, 1, MAX_ERRORS_KEPT + 10)
    assert len(row.errors) == MAX_ERRORS_KEPT
    assert "sin id 0" in row.errors[0]
    assert f"sin id {MAX_ERRORS_KEPT - 1}" in row.errors[-1]
