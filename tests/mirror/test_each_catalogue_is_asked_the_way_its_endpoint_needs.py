"""The registry's per-endpoint rules reach the requests (README, "Catalogues"): the chart of
accounts never asks for more than 100 rows a page, purchases are read as FAC and as LQC, and the
whole-list endpoints get no paging parameters at all.
"""

import pytest

from accounting.models import Purchase
from sync.engine import InvalidOption, synchronise_inventory
from sync.models import SyncRun
from tests.client.scripted_server import Reply, ScriptedServer
from tests.mirror.test_bad_data_never_crashes_a_run import make_client

pytestmark = pytest.mark.django_db(transaction=True)


def accounts(n):
    return [{"id": f"Cuenta{i:010d}", "codigo": f"1.{i}", "nombre": f"Cuenta {i}"} for i in range(n)]


def test_the_chart_of_accounts_asks_at_most_100_rows_a_page_whatever_the_page_size():
    rows = accounts(150)

    def handler(request):
        size, page = int(request.params["result_size"]), int(request.params["result_page"])
        return Reply(200, rows[(page - 1) * size : page * size])

    with ScriptedServer() as server:
        server.route("/v1/contabilidad/cuenta-contable/", handler)
        run = synchronise_inventory(
            resources=["chart_of_accounts"], page_size=500, client=make_client(server)
        )
        sizes = {r.params["result_size"] for r in server.requests}

    assert sizes == {"100"}
    row = run.catalogues.get()
    assert (row.status, row.pages, row.created) == ("succeeded", 2, 150)


def test_purchases_are_read_as_invoices_and_as_settlements():
    def handler(request):
        kind = request.params["tipo"]
        if int(request.params["result_page"]) > 1:
            return Reply(200, [])
        return Reply(200, [{"id": f"Compra{kind}000000001", "tipo_documento": kind, "tipo_registro": "PRO"}])

    with ScriptedServer() as server:
        server.route("/v1/registro/documento/", handler)
        run = synchronise_inventory(resources=["purchases"], full_refresh=True, client=make_client(server))
        asked = {(r.params["tipo_registro"], r.params["tipo"]) for r in server.requests}

    assert asked == {("PRO", "FAC"), ("PRO", "LQC")}
    assert run.catalogues.get().status == "succeeded"
    assert set(Purchase.objects.values_list("id", flat=True)) == {"CompraFAC000000001", "CompraLQC000000001"}


def test_a_whole_list_endpoint_is_asked_once_without_paging_parameters():
    with ScriptedServer() as server:
        server.script("/v1/marca/", Reply(200, [{"id": "Marca00000000001", "nombre": "Toyota"}]))
        run = synchronise_inventory(resources=["brands"], page_size=50, client=make_client(server))
        asked = [r.params for r in server.requests]

    assert asked == [{}]
    assert run.catalogues.get().created == 1


@pytest.mark.parametrize("page_size", [0, -5, True, 2.5])
def test_a_page_size_that_is_not_a_positive_whole_number_is_refused_before_anything_runs(page_size):
    with ScriptedServer() as server:
        with pytest.raises(InvalidOption, match="--page-size must be a positive whole number"):
            synchronise_inventory(resources=["brands"], page_size=page_size, client=make_client(server))
        assert server.requests == []

    assert not SyncRun.objects.exists()
