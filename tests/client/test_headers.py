"""What every request carries: the raw API key and a User-Agent that names us."""

from contifico_project import __version__
from tests.client.conftest import API_KEY


def test_the_raw_api_key_is_sent_in_authorization_without_a_bearer_prefix(server, client):
    server.script("/v1/categoria/", (200, {}, []))
    client.get("v1", "categoria")
    (request,) = server.requests
    assert request.headers["Authorization"] == API_KEY
    assert "bearer" not in request.headers["Authorization"].lower()


def test_the_user_agent_names_inventario_contifico_and_its_version(server, client):
    server.script("/v1/categoria/", (200, {}, []))
    client.get("v1", "categoria")
    (request,) = server.requests
    assert request.headers["User-Agent"].startswith(f"InventarioContifico/{__version__}")


def test_the_client_asks_for_json(server, client):
    server.script("/v1/categoria/", (200, {}, []))
    client.get("v1", "categoria")
    assert server.requests[0].headers["Accept"] == "application/json"


def test_every_request_of_a_paged_walk_carries_the_key_not_only_the_first(server, client):
    def pages(request):
        page = int(request.params["result_page"])
        return 200, {}, [{"id": page}] if page <= 2 else []

    server.route("/v1/producto/", pages)
    list(client.iter_result_pages("v1", "producto", page_size=1))
    assert len(server.requests) == 3
    assert {r.headers["Authorization"] for r in server.requests} == {API_KEY}
