"""Transient failures are retried until Contífico answers well; a request that keeps failing
raises a ContificoError that says where, with what, and what Contífico said."""

import pytest

from sync.client import ContificoError
from tests.client.scripted_server import Reply, cut, drop, slow

PATH = "/v1/registro/documento/"
PARAMS = {"tipo": "FAC", "fecha_inicial": "01/03/2024"}
GOOD = Reply(200, [{"id": "doc-1"}, {"id": "doc-2"}])

HTML_502 = (
    "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
    "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
)
HTML_503 = "<html><head><TITLE> Service Unavailable </TITLE></head><body>down</body></html>"

TRANSIENT = {
    "500 with a mensaje": Reply(500, {"mensaje": "'NoneType' object has no attribute 'id_integracion'"}),
    "502 with an html page": Reply(502, HTML_502),
    "503 with an html page": Reply(503, HTML_503),
    "504 with nothing": Reply(504, b""),
    "a dropped connection": drop(),
    "a read timeout": slow(1.0, GOOD),
    "a 200 with malformed json": Reply(200, b'[{"id": "doc-1"}, {"id": '),
    "a 200 with an html page": Reply(200, "<html><body>Mantenimiento</body></html>"),
    "a 200 cut in the middle": cut(b'[{"id": "doc-1"}, {"id": "doc-2"}]'),
}


@pytest.fixture
def fast_client(make_client):
    return make_client(read_timeout=0.3, max_retries=2)


@pytest.mark.parametrize("failure", TRANSIENT.values(), ids=TRANSIENT.keys())
def test_a_transient_failure_is_retried_and_the_request_then_succeeds(server, fast_client, failure):
    server.script(PATH, failure, GOOD)
    assert fast_client.get("v1", "registro/documento", PARAMS) == [{"id": "doc-1"}, {"id": "doc-2"}]
    assert len(server.requests) == 2
    assert server.requests[1].params == PARAMS  # the retry asks for the same thing


def test_several_transient_failures_in_a_row_are_survived_within_max_retries(server, make_client):
    client = make_client(read_timeout=0.3, max_retries=3)
    server.script(PATH, Reply(500, {"mensaje": "x"}), drop(), Reply(502, HTML_502), GOOD)
    assert client.get("v1", "registro/documento", PARAMS) == [{"id": "doc-1"}, {"id": "doc-2"}]
    assert len(server.requests) == 4


MESSAGES = {
    "mensaje": (Reply(500, {"mensaje": "Error interno al listar"}), "HTTP 500", "Error interno al listar"),
    "error": (Reply(500, {"code": "500", "error": "Fallo de base de datos"}), "HTTP 500",
              "Fallo de base de datos"),
    "detail": (Reply(503, {"detail": "Servicio no disponible"}), "HTTP 503", "Servicio no disponible"),
    "html title": (Reply(502, HTML_502), "HTTP 502", "502 Bad Gateway"),
    "plain text": (Reply(500, "Internal Server Error"), "HTTP 500", "Internal Server Error"),
}


@pytest.mark.parametrize(("reply", "status", "text"), MESSAGES.values(), ids=MESSAGES.keys())
def test_when_retries_run_out_the_error_names_endpoint_params_and_contificos_message(
    server, fast_client, reply, status, text
):
    server.route(PATH, lambda request: reply)
    with pytest.raises(ContificoError) as raised:
        fast_client.get("v1", "registro/documento", PARAMS)
    message = str(raised.value)
    assert "v1/registro/documento/" in message
    assert "tipo=FAC" in message
    assert "fecha_inicial=01/03/2024" in message
    assert status in message
    assert text in message
    assert "<title>" not in message.lower()
    assert len(server.requests) == 3  # the first try and max_retries=2 more


def test_an_html_error_page_is_reported_by_its_title_not_its_markup(server, fast_client):
    server.route(PATH, lambda request: Reply(502, HTML_502))
    with pytest.raises(ContificoError) as raised:
        fast_client.get("v1", "registro/documento")
    assert raised.value.api_message == "502 Bad Gateway"


def test_when_the_connection_keeps_dropping_the_error_says_there_was_no_response(server, fast_client):
    server.route(PATH, lambda request: drop())
    with pytest.raises(ContificoError) as raised:
        fast_client.get("v1", "registro/documento", PARAMS)
    message = str(raised.value)
    assert "v1/registro/documento/?tipo=FAC" in message
    assert "no response" in message
    assert "ConnectionError" in message
    assert len(server.requests) == 3


def test_when_every_try_times_out_the_error_says_so(server, fast_client):
    server.route(PATH, lambda request: slow(1.0, GOOD))
    with pytest.raises(ContificoError) as raised:
        fast_client.get("v1", "registro/documento", PARAMS)
    assert "ReadTimeout" in str(raised.value)
    assert raised.value.timed_out is True
    assert len(server.requests) == 3


def test_when_the_json_stays_malformed_the_error_says_so_and_shows_the_start_of_the_body(
    server, make_client
):
    client = make_client(max_retries=1)
    server.route(PATH, lambda request: Reply(200, b"[{\"id\": \"doc-1\"}, {\"id\""))
    with pytest.raises(ContificoError) as raised:
        client.get("v1", "registro/documento", PARAMS)
    message = str(raised.value)
    assert "v1/registro/documento/?tipo=FAC" in message
    assert "malformed JSON" in message
    assert '[{"id": "doc-1"}' in message
