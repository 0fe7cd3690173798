"""Edges of paging and retrying that a small slip in the client would get wrong."""

import time

import pytest

from sync.client import ContificoError
from tests.client.scripted_server import Reply

V2 = "/v2/persona/"
V1 = "/v1/registro/transaccion/"


def people(n, start=0):
    return [{"id": f"per-{i:05d}", "razon_social": f"Cliente {i}"} for i in range(start, start + n)]


def test_rows_added_after_page_one_was_counted_are_followed_while_next_is_set(server, client):
    rows = people(210)

    def handler(request):
        page = int(request.params["page"])
        chunk = rows[(page - 1) * 100 : page * 100]
        # Page 1 counted 200 rows; ten more were added before the walk reached the end.
        return Reply(200, {"count": 200 if page == 1 else 210, "previous": None, "results": chunk,
                           "next": f"https://x/?page={page + 1}" if page * 100 < len(rows) else None})

    server.route(V2, handler)
    pages = list(client.iter_v2_pages("v2", "persona"))

    assert [r for p in pages for r in p.records] == rows


def test_an_envelope_whose_results_are_not_a_list_is_never_an_empty_list(server, make_client):
    not_a_list = {"count": 0, "next": None, "previous": None, "results": None}
    server.route(V2, lambda request: Reply(200, not_a_list))
    client = make_client(max_retries=1)

    with pytest.raises(ContificoError, match="expected a list or an envelope"):
        list(client.iter_v2_pages("v2", "persona"))
    assert len(server.requests) == 2


def test_a_v1_envelope_page_with_next_null_is_the_last_page_even_when_full(server, client):
    server.route(V1, lambda request: Reply(200, {"count": 50, "next": None, "previous": None,
                                                 "results": people(50)}))

    pages = list(client.iter_result_pages("v1", "registro/transaccion", page_size=50))

    assert [len(p.records) for p in pages] == [50]
    assert len(server.requests) == 1


def test_backoff_pauses_never_exceed_the_cap(server, make_client):
    client = make_client(max_retries=3, backoff_base=2.0, backoff_cap=0.05)
    server.script(V1, Reply(500, "boom"), Reply(500, "boom"), Reply(500, "boom"), Reply(200, []))

    started = time.monotonic()
    assert client.get("v1", "registro/transaccion") == []
    # Uncapped, the pauses would be at least 1 + 2 + 4 seconds.
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize("key", ["mensaje", "message", "detail", "error"])
def test_contificos_own_words_are_the_error_message_whichever_key_holds_them(server, client, key):
    server.script(V1, Reply(400, {"code": "400", key: "Servicio no disponible"}))

    with pytest.raises(ContificoError) as raised:
        client.get("v1", "registro/transaccion")

    assert str(raised.value) == "v1/registro/transaccion/: HTTP 400: Servicio no disponible"
