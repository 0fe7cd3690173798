"""One record by id: None when it does not exist; either detail shape is accepted."""

import pytest

from sync.client import ContificoAuthError, ContificoError
from tests.client.scripted_server import Reply


def test_get_detail_returns_none_when_contifico_answers_404(server, client):
    server.script("/v1/persona/nope/", Reply(404, {"mensaje": "No existe"}))
    assert client.get_detail("v1", "persona", "nope") is None
    assert len(server.requests) == 1


def test_get_detail_unwraps_a_one_element_array(server, client):
    # persona and banco/movimiento details come as one-element arrays
    # (docs/contifico-api.md, "Record formats").
    record = {"id": "per-1", "razon_social": "Ñandú S.A."}
    server.script("/v1/persona/per-1/", Reply(200, [record]))
    assert client.get_detail("v1", "persona", "per-1") == record


def test_get_detail_returns_an_object_as_is(server, client):
    record = {"id": "prod-9", "nombre": "Colección 2019", "pvp1": "12.5"}
    server.script("/v1/producto/prod-9/", Reply(200, record))
    assert client.get_detail("v1", "producto", "prod-9") == record


def test_get_detail_of_an_empty_array_is_none(server, client):
    server.script("/v1/banco/movimiento/bm-1/", Reply(200, []))
    assert client.get_detail("v1", "banco/movimiento", "bm-1") is None


def test_get_detail_retries_a_transient_failure(server, client):
    server.script("/v1/producto/prod-9/", Reply(500, {"mensaje": "x"}), Reply(200, {"id": "prod-9"}))
    assert client.get_detail("v1", "producto", "prod-9") == {"id": "prod-9"}


def test_get_detail_raises_on_a_401_instead_of_pretending_the_record_is_gone(server, client):
    server.script("/v1/producto/prod-9/", Reply(401, "Empresa matching query does not exist"))
    with pytest.raises(ContificoAuthError):
        client.get_detail("v1", "producto", "prod-9")


def test_get_detail_raises_on_a_400_naming_the_record(server, client):
    server.script("/v1/documento/venta/", Reply(400, {"mensaje": "id incorrecto"}))
    with pytest.raises(ContificoError, match=r"v1/documento/venta/: HTTP 400: id incorrecto"):
        client.get_detail("v1", "documento", "venta")


def test_get_detail_retries_an_error_object_rather_than_taking_it_for_the_record(server, client):
    server.script("/v1/producto/prod-9/", Reply(200, {"id": None, "error": "Servicio no disponible"}),
                  Reply(200, {"id": "prod-9"}))
    assert client.get_detail("v1", "producto", "prod-9") == {"id": "prod-9"}
    assert len(server.requests) == 2
