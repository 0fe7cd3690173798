"""Collections served whole (v1 bare arrays): yielded in chunks as the body streams in."""

import json
import threading
import time

import pytest

from sync.client import ContificoError
from tests.client.scripted_server import Reply, cut

PATH = "/v1/banco/movimiento/"


def movements(n):
    # Accented text everywhere, so multi-byte characters straddle the network reads.
    return [{"id": f"bm-{i:05d}", "concepto": f"Depósito Ñandú nº {i}", "monto": f"{i}.50"} for i in range(n)]


def walk(client, **options):
    return list(client.iter_unpaged("v1", "banco/movimiento", **options))


def test_a_big_array_is_yielded_in_chunks_of_chunk_size(server, client):
    rows = movements(5000)
    server.script(PATH, Reply(200, rows))
    pages = walk(client, chunk_size=500)
    assert [len(p.records) for p in pages] == [500] * 10
    assert [p.number for p in pages] == list(range(1, 11))
    assert [r for p in pages for r in p.records] == rows
    assert len(server.requests) == 1


def test_the_last_chunk_holds_the_remainder(server, client):
    rows = movements(1234)
    server.script(PATH, Reply(200, rows))
    pages = walk(client, chunk_size=500)
    assert [len(p.records) for p in pages] == [500, 500, 234]
    assert [r for p in pages for r in p.records] == rows


def test_the_first_records_arrive_before_the_server_has_sent_the_whole_body(server, client):
    rows = movements(5000)
    gate = threading.Event()
    server.script(PATH, Reply(200, rows, gate=gate))  # half the body, then wait for the gate
    try:
        pages = client.iter_unpaged("v1", "banco/movimiento", chunk_size=500)
        started = time.monotonic()
        first = next(pages)
        assert time.monotonic() - started < 2.0
        assert server.in_flight == 1  # the server is still holding back the second half
        assert first.records == rows[:500]
    finally:
        gate.set()
    rest = list(pages)
    assert [r for p in [first, *rest] for r in p.records] == rows


def test_an_envelope_body_also_works(server, client):
    rows = movements(30)
    server.script(PATH, Reply(200, {"count": 30, "next": None, "previous": None, "results": rows}))
    pages = walk(client, chunk_size=500)
    assert [r for p in pages for r in p.records] == rows


def test_an_empty_array_yields_nothing(server, client):
    server.script(PATH, Reply(200, b"[ ]"))
    assert walk(client) == []


def test_pretty_printed_json_is_read_the_same(server, client):
    rows = movements(700)
    server.script(PATH, Reply(200, json.dumps(rows, indent=2, ensure_ascii=False)))
    pages = walk(client, chunk_size=300)
    assert [len(p.records) for p in pages] == [300, 300, 100]
    assert [r for p in pages for r in p.records] == rows


def ids_of(pages):
    return [r["id"] for p in pages for r in p.records]


def test_a_body_cut_mid_stream_is_fetched_again_from_the_start_and_every_record_arrives(server, client):
    rows = movements(5000)
    body = json.dumps(rows, ensure_ascii=False).encode()
    server.script(PATH, cut(body, at=len(body) * 3 // 5), Reply(200, rows))
    pages = walk(client, chunk_size=500)
    assert set(ids_of(pages)) == {r["id"] for r in rows}
    assert ids_of(pages)[-5000:] == [r["id"] for r in rows]  # the second pass is whole and in order
    assert len(server.requests) == 2


def test_a_body_that_ends_early_without_a_content_length_is_fetched_again(server, client):
    rows = movements(2000)
    body = json.dumps(rows, ensure_ascii=False).encode()
    server.script(PATH, Reply(200, body[: len(body) // 2], content_length=False), Reply(200, rows))
    pages = walk(client, chunk_size=500)
    assert set(ids_of(pages)) == {r["id"] for r in rows}
    assert len(server.requests) == 2


def test_a_body_that_stalls_past_the_read_timeout_is_fetched_again(server, make_client):
    client = make_client(read_timeout=0.3)
    rows = movements(3000)
    gate = threading.Event()
    server.script(PATH, Reply(200, rows, gate=gate), Reply(200, rows))
    try:
        pages = walk(client, chunk_size=1000)
    finally:
        gate.set()
    assert set(ids_of(pages)) == {r["id"] for r in rows}
    assert len(server.requests) == 2


def test_a_500_before_the_body_is_retried(server, client):
    rows = movements(10)
    server.script(PATH, Reply(500, {"mensaje": "Error"}), Reply(200, rows))
    assert ids_of(walk(client)) == [r["id"] for r in rows]


def test_a_body_that_is_never_json_ends_in_a_contifico_error_naming_the_endpoint(server, make_client):
    client = make_client(max_retries=1)
    server.route(PATH, lambda request: Reply(200, "<html><body>Mantenimiento</body></html>"))
    with pytest.raises(ContificoError) as raised:
        walk(client)
    assert "v1/banco/movimiento/" in str(raised.value)
    assert "not JSON" in str(raised.value)
    assert len(server.requests) == 2
