"""While the engine writes one catalogue, the lists of the next ones are already being fetched
(sync/client/prefetch.py; bench/README.md, "Latency hiding"). Writes, failures and the run history
stay per catalogue, in order; a run that stops fetches nothing more and leaves no thread behind.
"""

import signal
import threading
import time

import pytest

from inventory.models import Product
from sync import failures
from sync.client import ContificoClient, ContificoError
from sync.engine import synchronise_inventory
from sync.failures import Interrupted
from sync.models import SyncRun
from tests.client.scripted_server import Reply, ScriptedServer
from tests.mirror.support import client_for, mirror_differences, running_sandbox

pytestmark = pytest.mark.django_db(transaction=True)

PRODUCTS = "/v2/producto/"
COST_CENTERS = "/v1/contabilidad/centro-costo/"
CHART = "/v1/contabilidad/cuenta-contable/"
BANK_ACCOUNTS = "/v1/banco/cuenta/"
GATE = 10.0  # seconds a reply waits for the overlap before giving up (only on failure)


def make_client(server, **options):
    settings = {"api_key": "test-key-123456", "base_url": server.url, "max_retries": 2, "backoff_base": 0.01,
                "requests_per_second": 0, "read_timeout": 5, "max_concurrency": 2}
    return ContificoClient(**{**settings, **options})


def fetching_threads():
    """The client's threads (prefetch, v2 page window), not the sandbox's."""
    return [t for t in threading.enumerate()
            if t.name.startswith("contifico") and not t.name.startswith("contifico-sandbox")]


def wait_for_fetching_threads_to_end():
    """Return the fetching threads still alive once they had every chance to end."""
    deadline = time.monotonic() + 10
    while fetching_threads() and time.monotonic() < deadline:
        time.sleep(0.05)
    return fetching_threads()


def products_waiting_for(asked, rows=4):
    """Serve ``rows`` products two a page; page 2 is answered only once ``asked`` is set (or GATE passed).

    Returns the handler and a list that says, for page 2, whether ``asked`` was set before its answer.
    """
    products = [{"id": f"Producto{i:08d}", "nombre": f"Producto {i}"} for i in range(rows)]
    seen = []

    def handler(request):
        page = int(request.params["page"])
        if page == 2:
            seen.append(asked.wait(GATE))
        chunk = products[(page - 1) * 2 : page * 2]
        return Reply(200, {"count": rows, "next": "more" if page * 2 < rows else None, "previous": None,
                           "results": chunk})

    return handler, seen


def noting(event, reply):
    def handler(request):
        event.set()
        return reply(request) if callable(reply) else reply
    return handler


def accounts_page(request):
    size, page = int(request.params["result_size"]), int(request.params["result_page"])
    rows = [{"id": f"Cuenta{i:010d}", "codigo": f"1.{i}", "nombre": f"Cuenta {i}"} for i in range(3)]
    return Reply(200, rows[(page - 1) * size : page * size])


@pytest.mark.parametrize(("later", "path", "reply"), [
    ("cost_centers", COST_CENTERS, Reply(200, [{"id": "Centro0000000001", "nombre": "Ventas"}])),
    ("chart_of_accounts", CHART, accounts_page),
], ids=["a whole list", "result pages"])
def test_a_later_catalogues_list_is_requested_before_an_earlier_catalogue_is_finished(later, path, reply):
    asked = threading.Event()
    with ScriptedServer() as server:
        handler, seen = products_waiting_for(asked)
        server.route(PRODUCTS, handler)
        server.route(path, noting(asked, reply))
        run = synchronise_inventory(
            resources=["products", later], full_refresh=True, client=make_client(server)
        )

    # The products' last page was answered only after the later catalogue's list was asked for.
    assert seen == [True]
    assert run.status == SyncRun.Status.SUCCEEDED
    rows = {row.resource: row for row in run.catalogues.all()}
    assert rows["products"].finished_at <= rows[later].started_at  # written one after the other
    assert (rows["products"].pages, rows["products"].created) == (2, 4)
    assert rows[later].created >= 1
    assert Product.objects.count() == 4


def test_an_error_of_a_list_fetched_ahead_fails_that_catalogue_only_with_the_message_it_would_have_had():
    asked = threading.Event()
    broken = Reply(500, {"mensaje": "centro de costo roto"})
    with ScriptedServer() as server:
        handler, seen = products_waiting_for(asked)
        server.route(PRODUCTS, handler)
        server.route(COST_CENTERS, noting(asked, broken))
        server.route(BANK_ACCOUNTS, Reply(200, [{"id": "Cuenta0000000001", "nombre": "Banco"}]))
        run = synchronise_inventory(
            resources=["products", "cost_centers", "bank_accounts"], full_refresh=True,
            client=make_client(server),
        )
        with pytest.raises(ContificoError) as direct:  # the same list, asked for directly
            list(make_client(server).iter_unpaged("v1", "contabilidad/centro-costo"))

    assert seen == [True]  # the failing list was fetched while products were being read
    rows = {row.resource: row for row in run.catalogues.all()}
    assert rows["products"].status == "succeeded"
    assert rows["products"].created == 4
    assert rows["cost_centers"].status == "failed"
    assert rows["cost_centers"].message == failures.say(str(direct.value))
    assert "centro de costo roto" in rows["cost_centers"].message
    assert rows["bank_accounts"].status == "succeeded"
    assert run.status == SyncRun.Status.FAILED
    assert run.message == "Con errores: cost_centers"


def test_a_run_stopped_by_a_refused_key_makes_no_further_request_and_leaves_no_thread():
    asked = threading.Event()
    busy = Reply(503, {"mensaje": "ocupado"}, headers={"Retry-After": "1"})
    with ScriptedServer() as server:
        handler, seen = products_waiting_for(asked)
        server.route(PRODUCTS, handler)
        server.route(COST_CENTERS, Reply(401, {"mensaje": "Empresa matching query does not exist"}))
        server.route(BANK_ACCOUNTS, noting(asked, busy))  # fetched ahead, then waiting to retry
        run = synchronise_inventory(
            resources=["products", "cost_centers", "bank_accounts"], full_refresh=True,
            client=make_client(server, retry_after_cap=1.0),
        )
        # Were the waiting fetch not stopped, it would retry once its second had passed.
        assert wait_for_fetching_threads_to_end() == []
        bank_requests = len(server.requests_to(BANK_ACCOUNTS))

    assert seen == [True]
    assert bank_requests == 1
    rows = {row.resource: row for row in run.catalogues.all()}
    assert rows["products"].status == "succeeded"
    assert rows["cost_centers"].status == "failed"
    assert rows["cost_centers"].message.startswith("Contífico rechazó la API key")
    assert rows["bank_accounts"].status == "skipped"
    assert run.status == SyncRun.Status.FAILED


def test_every_thread_that_fetches_for_a_run_is_a_daemon_and_none_outlives_the_run():
    not_daemon = set()

    def progress(event, catalogue, stats):
        not_daemon.update(t.name for t in fetching_threads() if not t.daemon)

    with running_sandbox(scale="tiny") as sb:
        run = synchronise_inventory(full_refresh=True, client=client_for(sb), progress=progress)
        assert run.status == SyncRun.Status.SUCCEEDED
        assert mirror_differences(sb) == []
    assert not_daemon == set()
    assert wait_for_fetching_threads_to_end() == []


def test_an_interrupted_run_leaves_no_fetching_thread_behind():
    def progress(event, catalogue, stats):
        if event == "page" and catalogue.key == "inventory_movements":
            raise Interrupted(signal.SIGINT)

    with running_sandbox(scale="tiny") as sb:
        with pytest.raises(Interrupted) as raised:
            synchronise_inventory(full_refresh=True, client=client_for(sb), progress=progress)
        assert wait_for_fetching_threads_to_end() == []

    run = raised.value.run
    assert run.status == SyncRun.Status.INTERRUPTED
    statuses = dict(run.catalogues.values_list("resource", "status"))
    assert statuses["products"] == "succeeded"
    assert statuses["inventory_movements"] == "interrupted"
    assert statuses["journal_entries"] == "skipped"


def test_a_whole_list_the_engine_reaches_before_it_was_fetched_is_written_as_it_streams_in():
    brands = [{"id": f"Marca{i:011d}", "nombre": f"Marca {i}"} for i in range(6000)]
    rest_sent = threading.Event()
    first_page_before_the_rest = []

    def progress(event, catalogue, stats):
        if event == "page" and not first_page_before_the_rest:
            first_page_before_the_rest.append(not rest_sent.is_set())
            rest_sent.set()  # now let the server send the end of the list

    body = Reply(200, brands).encoded_body()
    with ScriptedServer() as server:
        # Three quarters of the list (4,500 brands) come at once; the rest waits for the engine's first page.
        server.script("/v1/marca/", Reply(200, body, gate=rest_sent, gate_at=len(body) * 3 // 4,
                                          headers={"Content-Type": "application/json"}))
        run = synchronise_inventory(resources=["brands"], client=make_client(server), progress=progress)

    assert first_page_before_the_rest == [True]
    assert run.status == SyncRun.Status.SUCCEEDED
    assert run.catalogues.get().created == 6000
