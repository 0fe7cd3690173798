"""v1 paging with ``result_size``/``result_page``: every record once, in order, and always an end."""

import itertools

import pytest

from sync.client import ContificoError
from tests.client.scripted_server import Reply, drop

PATH = "/v1/movimiento-inventario/"


def records(n, start=0):
    return [{"id": f"mov-{i:05d}", "tipo": "ING", "fecha": "01/03/2024"} for i in range(start, start + n)]


def serve_v1(server, rows, *, fail=None, past_end=None):
    """Serve ``rows`` by ``result_size``/``result_page``; ``fail(size, page)`` may return a reply instead."""

    def handler(request):
        size, page = int(request.params["result_size"]), int(request.params["result_page"])
        if fail and (reply := fail(size, page)):
            return reply
        chunk = rows[(page - 1) * size : page * size]
        if not chunk and past_end is not None:
            return past_end
        return Reply(200, chunk)

    server.route(PATH, handler)


def walk(client, **options):
    return list(client.iter_result_pages("v1", "movimiento-inventario", **options))


def asked(server):
    return [(int(r.params["result_size"]), int(r.params["result_page"])) for r in server.requests]


def test_pages_are_requested_until_a_short_page(server, client):
    rows = records(450)
    serve_v1(server, rows)
    pages = walk(client)
    assert [len(p.records) for p in pages] == [200, 200, 50]
    assert [p.number for p in pages] == [1, 2, 3]
    assert [r for p in pages for r in p.records] == rows
    assert asked(server) == [(200, 1), (200, 2), (200, 3)]


def test_paging_stops_on_an_empty_page(server, client):
    rows = records(400)
    serve_v1(server, rows)
    pages = walk(client)
    assert [r for p in pages for r in p.records] == rows
    assert asked(server) == [(200, 1), (200, 2), (200, 3)]


def test_an_empty_collection_yields_nothing(server, client):
    serve_v1(server, [])
    assert walk(client) == []
    assert len(server.requests) == 1


def test_the_callers_filters_go_with_every_page(server, client):
    serve_v1(server, records(250))
    list(client.iter_result_pages("v1", "movimiento-inventario", {"tipo": "ING"}))
    assert [r.params["tipo"] for r in server.requests] == ["ING", "ING"]


def test_an_endpoint_that_ignores_the_paging_params_does_not_loop_forever_nor_repeat_a_page(server, client):
    first_page = records(200)
    server.route(PATH, lambda request: Reply(200, first_page))  # page 1, whatever is asked
    pages = list(itertools.islice(client.iter_result_pages("v1", "movimiento-inventario"), 5))
    assert len(pages) == 1
    assert pages[0].records == first_page
    assert len(server.requests) == 2


def test_pages_whose_records_have_no_id_are_not_mistaken_for_a_repeated_page(server, client):
    # persona.id came back null in one tenant's v1 lists (docs/contifico-api.md, "Record formats").
    rows = [{"id": None, "cedula": f"09{i:08d}", "razon_social": f"Cliente {i}"} for i in range(450)]
    serve_v1(server, rows)
    pages = walk(client)
    assert [r for p in pages for r in p.records] == rows
    assert asked(server) == [(200, 1), (200, 2), (200, 3)]


def test_a_500_on_a_big_page_steps_the_page_size_down_and_still_yields_every_record_once_in_order(
    server, client
):
    rows = records(450)
    nonetype = Reply(500, {"mensaje": "'NoneType' object has no attribute 'id_integracion'"})
    serve_v1(server, rows, fail=lambda size, page: nonetype if size > 100 else None)
    pages = walk(client)
    assert [r["id"] for p in pages for r in p.records] == [r["id"] for r in rows]
    assert [len(p.records) for p in pages] == [100, 100, 100, 100, 50]
    # The step down is part of the page's one retry budget: no second try at the size that failed.
    assert asked(server)[:3] == [(200, 1), (100, 1), (100, 2)]


def test_a_500_in_the_middle_of_a_walk_steps_down_without_losing_or_repeating_records(server, client):
    rows = records(450)
    serve_v1(server, rows, fail=lambda size, page: Reply(500, "boom") if (size, page) == (200, 2) else None)
    pages = walk(client)
    assert [r["id"] for p in pages for r in p.records] == [r["id"] for r in rows]
    assert [len(p.records) for p in pages] == [200, 100, 100, 50]
    assert asked(server) == [(200, 1), (200, 2), (100, 3), (100, 4), (100, 5)]


def test_the_page_size_steps_down_as_far_as_needed(server, client):
    rows = records(60)
    serve_v1(server, rows, fail=lambda size, page: Reply(500, "boom") if size > 25 else None)
    pages = walk(client)
    assert [r for p in pages for r in p.records] == rows
    assert sorted({size for size, _ in asked(server)}, reverse=True) == [200, 100, 50, 25]


def test_a_page_that_fails_even_at_the_smallest_size_raises_an_error_naming_the_endpoint(server, make_client):
    client = make_client(max_retries=3)  # 200, 100, 50, 25: the budget ends at the smallest size
    serve_v1(server, records(10), fail=lambda size, page: Reply(500, {"mensaje": "siempre falla"}))
    with pytest.raises(ContificoError) as raised:
        walk(client)
    assert "v1/movimiento-inventario/" in str(raised.value)
    assert "result_size=25" in str(raised.value)
    assert "siempre falla" in str(raised.value)


def test_a_timeout_on_a_big_page_steps_the_page_size_down(server, make_client):
    client = make_client(read_timeout=0.3)
    rows = records(150)

    def too_slow(size, page):
        if size > 100:
            return Reply(200, rows[:size], delay=1.0)
        return None

    serve_v1(server, rows, fail=too_slow)
    pages = walk(client)
    assert [r for p in pages for r in p.records] == rows
    assert asked(server)[1:] == [(100, 1), (100, 2)]


@pytest.mark.parametrize("status", [400, 404])
def test_the_past_the_end_answer_ends_paging_cleanly_in_its_400_or_404_form(server, client, status):
    rows = records(400)
    serve_v1(server, rows, past_end=Reply(status, {"code": str(status), "error": "Pagina fuera del rango"}))
    pages = walk(client)
    assert [r for p in pages for r in p.records] == rows
    assert asked(server) == [(200, 1), (200, 2), (200, 3)]  # the end answer is not retried


def test_throttling_on_a_big_page_gets_the_full_retry_budget_rather_than_ending_the_walk(server, client):
    # client.max_retries is 3: two 429s in a row on a 200-row page must not abort the sync.
    rows = records(250)
    throttled = iter([Reply(429, {"mensaje": "Too many requests"})] * 2)
    serve_v1(server, rows, fail=lambda size, page: next(throttled, None) if page == 2 else None)
    pages = walk(client)
    assert [r for p in pages for r in p.records] == rows
    assert asked(server) == [(200, 1), (200, 2), (200, 2), (200, 2)]


def test_two_dropped_connections_on_a_big_page_are_survived(server, client):
    rows = records(250)
    drops = iter([drop(), drop()])
    serve_v1(server, rows, fail=lambda size, page: next(drops, None) if page == 2 else None)
    pages = walk(client)
    assert [r for p in pages for r in p.records] == rows
