"""A bare JSON array where a v2 envelope was expected is that page's rows, not the whole list."""

from tests.client.bare_array_pages_support import people, serve


def test_a_bare_page_in_the_middle_of_a_walk_is_that_pages_rows_and_the_walk_goes_on(server, client):
    rows = people(1800)
    serve(server, rows, bare_pages={4})
    pages = list(client.iter_v2_pages("v2", "persona"))
    assert [r for p in pages for r in p.records] == rows
    assert [p.number for p in pages] == list(range(1, 19))
    assert sorted(int(r.params["page"]) for r in server.requests) == list(range(1, 19))


def test_a_bare_last_page_ends_the_walk_where_count_says(server, client):
    rows = people(250)
    serve(server, rows, bare_pages={3})
    pages = list(client.iter_v2_pages("v2", "persona"))
    assert [r for p in pages for r in p.records] == rows
    assert max(int(r.params["page"]) for r in server.requests) == 3


def test_a_full_bare_first_page_is_followed_by_the_next_pages(server, client):
    rows = people(230)
    serve(server, rows, bare_pages={1})
    pages = list(client.iter_v2_pages("v2", "persona"))
    assert [r for p in pages for r in p.records] == rows
