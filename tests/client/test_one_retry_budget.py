"""One call, one retry budget: whatever goes wrong, a call makes at most 1 + max_retries requests."""

import pytest

from sync.client import ContificoError, MalformedPage
from tests.client.scripted_server import Reply, cut, drop

ERROR_OBJECT = {"id": None, "error": "Servicio no disponible"}


def test_mixed_failures_share_one_budget_and_the_call_then_gives_up(server, make_client):
    client = make_client(max_retries=4)
    server.script(
        "/v1/marca/",
        Reply(500, {"mensaje": "x"}), drop(), Reply(200, b"[{\"id\": "), cut(b'[{"id": "a"}]'),
        Reply(200, ERROR_OBJECT), Reply(200, [{"id": "a"}]),
    )
    with pytest.raises(ContificoError):
        list(client.iter_unpaged("v1", "marca"))
    assert len(server.requests_to("/v1/marca/")) == 5


def test_a_page_size_step_down_is_paid_from_the_same_budget(server, make_client):
    client = make_client(max_retries=2)
    server.route("/v1/registro/transaccion/", lambda request: Reply(500, {"mensaje": "boom"}))
    with pytest.raises(ContificoError):
        list(client.iter_result_pages("v1", "registro/transaccion"))
    sizes = [int(r.params["result_size"]) for r in server.requests]
    assert sizes == [200, 100, 50]


@pytest.mark.parametrize("body", [ERROR_OBJECT, {}, {"mensaje": "Token inválido"}],
                         ids=["error object", "empty object", "mensaje"])
def test_a_200_that_is_not_a_list_of_records_is_retried_then_fails_rather_than_being_an_empty_list(
    server, make_client, body
):
    client = make_client(max_retries=2)
    server.route("/v1/marca/", lambda request: Reply(200, body))
    with pytest.raises(MalformedPage):
        list(client.iter_unpaged("v1", "marca"))
    assert len(server.requests) == 3


def test_an_error_object_on_its_first_attempt_is_retried_and_the_list_then_arrives(server, client):
    server.script("/v2/persona/", Reply(200, ERROR_OBJECT),
                  Reply(200, {"count": 1, "next": None, "previous": None, "results": [{"id": "p"}]}))
    pages = list(client.iter_v2_pages("v2", "persona"))
    assert [r["id"] for p in pages for r in p.records] == ["p"]
    assert len(server.requests) == 2
