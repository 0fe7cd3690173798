"""v2 envelope paging (``page`` = 1, 2, …): follows ``next``, ends cleanly, bounded parallelism."""

import itertools

import pytest

from tests.client.scripted_server import Reply

PATH = "/v2/persona/"
OUT_OF_RANGE = {"code": "400", "error": "Pagina fuera del rango"}


def people(n, start=0):
    return [{"id": f"per-{i:05d}", "razon_social": f"Cliente {i}"} for i in range(start, start + n)]


def serve_v2(server, rows, *, per_page=100, count="exact", delay=0.0):
    """Serve ``rows`` as DRF envelopes by ``page``; ``count`` may be "exact", None (omitted) or a number."""

    def handler(request):
        page = int(request.params["page"])
        chunk = rows[(page - 1) * per_page : page * per_page]
        if page > 1 and not chunk:
            return Reply(400, OUT_OF_RANGE)
        more = page * per_page < len(rows)
        body = {
            "next": f"https://api.contifico.com/sistema/api/v2/persona/?page={page + 1}" if more else None,
            "previous": None,
            "results": chunk,
        }
        if count is not None:
            body["count"] = len(rows) if count == "exact" else count
        return Reply(200, body, delay=delay)

    server.route(PATH, handler)


def walk(client, params=None):
    return list(client.iter_v2_pages("v2", "persona", params))


def pages_asked(server):
    return sorted(int(r.params["page"]) for r in server.requests)


def test_pages_two_to_n_are_followed_while_next_is_set(server, client):
    rows = people(450)
    serve_v2(server, rows)
    pages = walk(client, {"fecha_modificacion": "01/03/2024"})
    assert [p.number for p in pages] == [1, 2, 3, 4, 5]
    assert [r for p in pages for r in p.records] == rows
    assert pages[0].count == 450
    assert pages_asked(server) == [1, 2, 3, 4, 5]  # count says 5 pages: no 6th is asked for
    assert {r.params["fecha_modificacion"] for r in server.requests} == {"01/03/2024"}


def test_without_a_count_pages_are_followed_until_next_is_null(server, client):
    rows = people(350)
    serve_v2(server, rows, count=None)
    pages = walk(client)
    assert [r for p in pages for r in p.records] == rows
    assert [p.number for p in pages] == [1, 2, 3, 4]


def test_a_single_page_with_no_next_is_the_whole_list(server, client):
    rows = people(40)
    serve_v2(server, rows)
    pages = walk(client)
    assert [p.records for p in pages] == [rows]
    assert len(server.requests) == 1


@pytest.mark.parametrize("status", [400, 404])
def test_the_past_the_end_answer_ends_paging_without_error(server, client, status):
    # count promises 6 pages and next is always set, but there are only 3.
    rows = people(300)

    def handler(request):
        page = int(request.params["page"])
        if page > 3:
            return Reply(status, OUT_OF_RANGE)
        return Reply(200, {
            "count": 600, "next": f"https://x/?page={page + 1}", "previous": None,
            "results": rows[(page - 1) * 100 : page * 100],
        })

    server.route(PATH, handler)
    pages = walk(client)
    assert [r for p in pages for r in p.records] == rows
    assert 4 in pages_asked(server)
    assert pages_asked(server).count(4) == 1  # the end-of-pages answer is not retried


@pytest.mark.parametrize("status", [400, 404])
def test_a_past_the_end_answer_to_the_first_page_means_an_empty_list(server, client, status):
    server.script(PATH, Reply(status, OUT_OF_RANGE))
    assert walk(client) == []
    assert len(server.requests) == 1


def test_a_bare_array_where_an_envelope_was_expected_is_taken_as_the_whole_list(server, client):
    rows = people(3)
    server.script(PATH, Reply(200, rows))
    pages = walk(client)
    assert [p.records for p in pages] == [rows]
    assert pages[0].count is None
    assert len(server.requests) == 1


def test_an_empty_results_page_ends_paging(server, client):
    rows = people(100)

    def handler(request):
        page = int(request.params["page"])
        results = rows if page == 1 else []
        return Reply(200, {"count": 1000, "next": f"https://x/?page={page + 1}", "previous": None,
                           "results": results})

    server.route(PATH, handler)
    pages = walk(client)
    assert [r for p in pages for r in p.records] == rows
    assert [p.number for p in pages] == [1]


def test_a_page_served_again_ends_paging_without_a_duplicate(server, client):
    rows = people(100)
    server.route(PATH, lambda request: Reply(200, {"next": "https://x/?page=2", "previous": None,
                                                     "results": rows}))
    pages = list(itertools.islice(client.iter_v2_pages("v2", "persona"), 5))
    assert [p.records for p in pages] == [rows]


def test_with_max_concurrency_two_at_most_two_pages_are_in_flight_and_parallelism_is_used(
    server, make_client
):
    client = make_client(max_concurrency=2)
    rows = people(800)
    serve_v2(server, rows, delay=0.2)
    pages = walk(client)
    assert [p.number for p in pages] == list(range(1, 9))
    assert [r for p in pages for r in p.records] == rows
    assert server.peak_in_flight == 2


def test_with_max_concurrency_three_the_bound_is_three(server, make_client):
    client = make_client(max_concurrency=3)
    rows = people(1000)
    serve_v2(server, rows, delay=0.15)
    pages = walk(client)
    assert [r for p in pages for r in p.records] == rows
    assert server.peak_in_flight == 3


def test_a_transient_failure_on_a_prefetched_page_is_retried_and_order_is_kept(server, client):
    rows = people(500)
    serve_v2(server, rows)
    server.script(PATH, Reply(200, {"count": 500, "next": "https://x/?page=2", "previous": None,
                                    "results": rows[:100]}),
                  Reply(502, "<html><title>502 Bad Gateway</title></html>"))
    pages = walk(client)
    assert [r for p in pages for r in p.records] == rows
    assert [p.number for p in pages] == [1, 2, 3, 4, 5]
