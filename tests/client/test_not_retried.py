"""Failures that another try cannot fix are raised at once, after exactly one request."""

import pytest

from sync.client import ContificoAuthError, ContificoError
from tests.client.scripted_server import Reply

PATH = "/v1/producto/"
OK = Reply(200, [])


@pytest.mark.parametrize(
    "reply",
    [
        Reply(401, "Empresa matching query does not exist"),
        Reply(401, {"mensaje": "Empresa matching query does not exist"}),
        Reply(401, {"detail": "Empresa matching query does not exist"}),
    ],
    ids=["plain text", "mensaje", "detail"],
)
def test_a_401_raises_contifico_auth_error_at_once_with_the_apis_text(server, client, reply):
    server.script(PATH, reply, OK)
    with pytest.raises(ContificoAuthError) as raised:
        client.get("v1", "producto")
    assert "Empresa matching query does not exist" in str(raised.value)
    assert "HTTP 401" in str(raised.value)
    assert len(server.requests) == 1


def test_a_403_is_an_auth_error_and_is_not_retried(server, client):
    server.script(PATH, Reply(403, {"mensaje": "No tiene permisos"}), OK)
    with pytest.raises(ContificoAuthError, match="No tiene permisos"):
        client.get("v1", "producto")
    assert len(server.requests) == 1


def test_a_401_while_paging_stops_the_walk_at_once(server, client):
    server.script(PATH, Reply(401, "Falta Credenciales"), OK)
    with pytest.raises(ContificoAuthError, match="Falta Credenciales"):
        list(client.iter_result_pages("v1", "producto"))
    assert len(server.requests) == 1


def test_a_401_on_v2_paging_stops_the_walk_at_once(server, client):
    server.script("/v2/producto/", Reply(401, "Empresa matching query does not exist"), OK)
    with pytest.raises(ContificoAuthError):
        list(client.iter_v2_pages("v2", "producto"))
    assert len(server.requests) == 1


def test_a_404_is_not_retried(server, client):
    server.script(PATH, Reply(404, {"mensaje": "No existe"}), OK)
    with pytest.raises(ContificoError) as raised:
        client.get("v1", "producto")
    assert raised.value.status == 404
    assert "No existe" in str(raised.value)
    assert len(server.requests) == 1


def test_a_400_with_a_business_message_is_not_retried(server, client):
    server.script(PATH, Reply(400, {"mensaje": "id incorrecto"}), OK)
    with pytest.raises(ContificoError) as raised:
        client.get("v1", "producto", {"tipo": "XYZ"})
    assert str(raised.value) == "v1/producto/?tipo=XYZ: HTTP 400: id incorrecto"
    assert len(server.requests) == 1


def test_a_400_that_is_not_the_end_of_pages_fails_paging_instead_of_ending_it_quietly(server, client):
    full_page = Reply(200, [{"id": n} for n in range(200)])
    server.script(PATH, full_page, Reply(400, {"mensaje": "Filtro invalido"}))
    pages = client.iter_result_pages("v1", "producto")
    assert len(next(pages).records) == 200
    with pytest.raises(ContificoError, match="Filtro invalido"):
        next(pages)
    assert len(server.requests) == 2
