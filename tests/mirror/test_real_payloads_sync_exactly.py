"""A full sync over loopback of real payloads from public samples stores them exactly, rejecting none.

The peer serves, for every catalogue the engine reads, the records of tests/fixtures/real_payloads
for that endpoint (an empty list where there is no sample), in the list form the real API uses:
v2 envelopes with a true ``count`` and "Pagina fuera del rango" past the end, v1 arrays paged
by ``result_size``/``result_page`` where the endpoint honours them.
"""

import pytest

from sync import catalogues as registry
from sync.catalogues import Paging
from sync.client import ContificoClient
from sync.engine import synchronise_inventory
from sync.models import SyncRun
from tests.client.scripted_server import Reply, ScriptedServer
from tests.fixtures import real_payloads

pytestmark = pytest.mark.django_db(transaction=True)

_V2_PAGE = 100


def _serve(catalogue, records):
    def answer(request):
        params, rows = request.params, records
        if catalogue.paging is Paging.V2:
            page = int(params.get("page") or 1)
            if page > max(1, -(-len(rows) // _V2_PAGE)):
                return Reply(400, {"code": "400", "error": "Pagina fuera del rango"})
            chunk = rows[(page - 1) * _V2_PAGE : page * _V2_PAGE]
            return Reply(200, {"count": len(rows), "next": None, "previous": None, "results": chunk})
        if catalogue.paging is Paging.RESULT and params.get("result_size"):
            size, page = int(params["result_size"]), int(params.get("result_page") or 1)
            return Reply(200, rows[(page - 1) * size : page * size])
        return Reply(200, rows)

    return answer


def test_a_full_sync_of_real_payloads_is_exact_and_rejects_nothing():
    served = real_payloads.by_endpoint()
    with ScriptedServer() as server:
        expected = {}
        for catalogue in registry.CATALOGUES:
            records = served.get((catalogue.version, catalogue.path), [])
            if catalogue.path == "registro/documento":
                records = []  # no real v1 sale or purchase sample exists (see PROVENANCE.md)
            expected[catalogue.key] = records
            server.route(f"/{catalogue.version}/{catalogue.path}/", _serve(catalogue, records))
        client = ContificoClient(
            api_key="test-key-123456", base_url=server.url, max_retries=1, backoff_base=0.01,
            requests_per_second=0, read_timeout=5,
        )
        run = synchronise_inventory(full_refresh=True, client=client)

    rows = {row.resource: row for row in run.catalogues.all()}
    assert {key: row.message for key, row in rows.items() if row.status != row.Status.SUCCEEDED} == {}
    assert run.status == SyncRun.Status.SUCCEEDED
    assert sum(len(records) for records in expected.values()) >= 10
    for catalogue in registry.CATALOGUES:
        row = rows[catalogue.key]
        assert row.rejected == 0, (catalogue.key, row.errors)
        stored = dict(catalogue.model.objects.values_list("id", "payload"))
        assert stored == {record["id"]: record for record in expected[catalogue.key]}, catalogue.key
