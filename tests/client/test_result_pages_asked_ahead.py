"""``result_*`` walks the engine fetches ahead (``ask_ahead``) keep two pages in flight once pages come
full, and still yield every record once, in order, whatever fails on the way.
"""

import threading

from tests.client.scripted_server import Reply
from tests.client.test_result_pages import PATH, asked, records, serve_v1

GATE = 10.0  # seconds a reply waits for the overlap before giving up (only on failure)


def walk_ahead(client, **options):
    return list(client.iter_result_pages("v1", "movimiento-inventario", ask_ahead=True, **options))


def test_the_next_page_is_asked_for_while_a_full_page_is_still_coming(server, client):
    rows = records(450)
    third_asked = threading.Event()
    overlapped = []

    def handler(request):
        size, page = int(request.params["result_size"]), int(request.params["result_page"])
        if page == 3:
            third_asked.set()
        if page == 2:
            overlapped.append(third_asked.wait(GATE))
        return Reply(200, rows[(page - 1) * size : page * size])

    server.route(PATH, handler)
    pages = walk_ahead(client)
    assert overlapped == [True]
    assert [r for p in pages for r in p.records] == rows
    assert [p.number for p in pages] == [1, 2, 3]
    # At most one request past the end: the page after the short one, asked before it was known short.
    assert sorted(asked(server))[:3] == [(200, 1), (200, 2), (200, 3)]
    assert set(asked(server)) <= {(200, 1), (200, 2), (200, 3), (200, 4)}


def test_a_walk_of_one_short_page_asks_nothing_ahead(server, client):
    serve_v1(server, records(150))
    assert [len(p.records) for p in walk_ahead(client)] == [150]
    assert asked(server) == [(200, 1)]


def test_a_page_asked_ahead_that_fails_is_asked_again_with_its_own_retry_budget(server, make_client):
    client = make_client(max_retries=1)
    rows = records(650)
    failures = {3: iter([Reply(503, {"mensaje": "ocupado"})])}
    serve_v1(server, rows, fail=lambda size, page: next(failures.get(page, iter(())), None))
    pages = walk_ahead(client)
    assert [r for p in pages for r in p.records] == rows
    assert asked(server).count((200, 3)) == 2  # the attempt ahead, then its own


def test_a_page_size_step_down_mid_walk_still_yields_every_record_once_in_order(server, client):
    rows = records(650)
    serve_v1(server, rows, fail=lambda size, page: Reply(500, "boom") if (size, page) == (200, 3) else None)
    pages = walk_ahead(client)
    assert [r["id"] for p in pages for r in p.records] == [r["id"] for r in rows]
    assert [len(p.records) for p in pages] == [200, 200, 100, 100, 50]


def test_the_past_the_end_answer_to_a_page_asked_ahead_ends_the_walk(server, client):
    rows = records(600)
    serve_v1(server, rows, past_end=Reply(404, {"error": "Pagina fuera del rango"}))
    pages = walk_ahead(client)
    assert [r for p in pages for r in p.records] == rows
    assert set(asked(server)) <= {(200, 1), (200, 2), (200, 3), (200, 4), (200, 5)}


def test_an_endpoint_that_ignores_the_paging_params_stops_after_the_repeated_page(server, client):
    first_page = records(200)
    server.route(PATH, lambda request: Reply(200, first_page))
    pages = walk_ahead(client)
    assert [p.records for p in pages] == [first_page]
    assert len(server.requests) <= 3
