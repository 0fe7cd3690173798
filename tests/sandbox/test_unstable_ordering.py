"""The ``unstable`` fault: v2 lists ordered by a date with ties repeat some rows and skip others.

The real API keeps ``count`` true while rows tied on the ordering date come back in a different
order from one request to the next, so a page walk repeats rows and, as many again, never shows
others. A window that fits in one page is always complete.
"""

from collections import Counter
from datetime import date, timedelta

import pytest

pytestmark = pytest.mark.slow

_BIG = {"documento": 10_000, "movimiento-inventario": 10_000}


def _walk(client, path, **params):
    pages, rows = client.walk_v2(path, **params)
    return pages[0]["count"], [row["id"] for row in rows]


@pytest.mark.parametrize(("collection", "path"), [
    ("documento", "v2/documento/"), ("movimiento-inventario", "v2/movimiento-inventario/"),
])
def test_a_walk_of_10000_rows_repeats_as_many_rows_as_it_skips_while_count_stays_true(
    make_client, collection, path
):
    client = make_client(faults="unstable", counts=_BIG)
    count, ids = _walk(client, path)

    upstream = client.sb.ids(collection)
    repeated = len(ids) - len(set(ids))
    skipped = len(upstream - set(ids))
    assert count == len(upstream) == len(ids) == 10_000  # count is the truth, pages are full
    assert len(set(ids)) < count
    assert repeated == skipped > 0
    assert set(ids) <= upstream


def test_without_the_fault_the_same_walk_is_exact_and_in_date_order(make_client):
    client = make_client(counts=_BIG)
    count, ids = _walk(client, "v2/documento/")

    assert len(ids) == len(set(ids)) == count == 10_000
    assert set(ids) == client.sb.ids("documento")


def test_one_page_date_windows_are_always_complete(make_client):
    client = make_client(faults="unstable", fault_rate=1.0, counts=_BIG)
    day = date(2025, 3, 3)
    for offset in range(0, 60, 7):
        window = (day + timedelta(days=offset)).strftime("%d/%m/%Y")
        page = client.get("v2/documento/", params={"fecha_inicial": window, "fecha_final": window}).json()
        expected = client.sb.ids("documento", fecha_inicial=window, fecha_final=window)
        assert 0 < page["count"] <= 100
        assert {row["id"] for row in page["results"]} == expected


def test_no_day_holds_more_than_sixty_rows_at_10000_rows(make_client):
    client = make_client(counts=_BIG)
    for collection, field in (("documento", "fecha_emision"), ("movimiento-inventario", "fecha")):
        days = Counter(record[field] for record in client.sb.iter_records(collection))
        assert max(days.values()) <= 60
        assert sum(1 for n in days.values() if n > 1) > len(days) / 2  # ties are the rule


def test_the_large_scale_spreads_its_rows_over_more_years_so_a_day_still_fits_one_page():
    from sandbox.dataset import DEFAULT_START, Dataset

    dataset = Dataset(scale="large", start=DEFAULT_START)
    for collection in ("documento", "movimiento-inventario"):
        days = Counter(dataset.created(collection, i).date() for i in range(dataset.n(collection)))
        assert max(days.values()) <= 60


def test_a_retried_url_may_come_back_in_the_stable_order(make_client):
    client = make_client(faults="unstable", counts=_BIG)
    stable = make_client(counts=_BIG)
    # Find a page this profile reorders on the first request but not on the second.
    for number in range(2, 100):
        first = client.get("v2/documento/", params={"page": number}).json()["results"]
        again = client.get("v2/documento/", params={"page": number}).json()["results"]
        reference = stable.get("v2/documento/", params={"page": number}).json()["results"]
        if first != reference and again == reference:
            return
    raise AssertionError("no reordered page came back stable on its retry")


def test_the_tie_order_does_not_touch_lists_ordered_uniquely(make_client):
    client = make_client(faults="unstable", fault_rate=1.0)
    count, ids = _walk(client, "v2/producto/")

    assert len(ids) == len(set(ids)) == count
