"""Past the rows a big list counts, pages still open and lead on: every row can be reached."""

import time

import pytest

from inventory.models import Product
from sync import admin_base
from tests.admin.support import sample, store, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(monkeypatch):
    # Count at most 3 rows, show 2 a page: 9 rows make "more than 3" and pages 3..5 beyond the count.
    monkeypatch.setattr(admin_base, "EXACT_COUNT_LIMIT", 3)
    monkeypatch.setattr(admin_base.ContificoRecordAdmin, "list_per_page", 2)
    from django.contrib import admin

    monkeypatch.setattr(admin.site._registry[Product], "list_per_page", 2)
    store(
        Product, *(sample("inventory.Product", id=f"p{n}", nombre=f"N{n}", codigo=f"C{n}") for n in range(9))
    )


def _page(client, number, **params):
    return client.get(url(Product, "changelist"), {"p": number, **params})


def test_a_page_past_the_counted_rows_opens_with_its_rows(admin_client, many):
    response = _page(admin_client, 4, estado="A")

    assert response.status_code == 200
    assert [row.pk for row in response.context["cl"].result_list] == ["p6", "p7"]
    assert "más de 3 resultados" in response.text


def test_siguiente_leads_to_the_last_page_and_stops_there(admin_client, many):
    number, seen = 1, []
    while True:
        response = _page(admin_client, number, estado="A")
        assert response.status_code == 200
        seen += [row.pk for row in response.context["cl"].result_list]
        if not response.context["cl"].pages["next"]:
            break
        assert 'rel="next"' in response.text and "estado=A" in response.context["cl"].pages["next"]
        number += 1

    assert seen == [f"p{n}" for n in range(9)]


def test_a_page_with_no_rows_is_refused_not_sent_back_to_page_one(admin_client, many):
    assert _page(admin_client, 6).status_code == 400


def test_a_deep_page_found_by_its_ids_first_holds_the_same_rows_in_the_same_order(
    admin_client, many, monkeypatch
):
    shallow = [row.pk for row in _page(admin_client, 3, estado="A").context["cl"].result_list]
    monkeypatch.setattr(admin_base, "DEEP_PAGE_ROWS", 1)
    deep = [row.pk for row in _page(admin_client, 3, estado="A").context["cl"].result_list]

    assert deep == shallow == ["p4", "p5"]


def test_a_count_that_takes_too_long_is_skipped_and_the_pages_still_lead_on(admin_client, many, monkeypatch):
    # The page's behaviour when the count gave up (the giving up itself is tested below).
    monkeypatch.setattr(admin_base, "count_within_budget", lambda queryset: None)

    response = _page(admin_client, 2, estado="A")

    assert response.status_code == 200
    assert "muchos resultados" in response.text
    assert [row.pk for row in response.context["cl"].result_list] == ["p2", "p3"]
    assert response.context["cl"].pages["next"]


def test_counting_gives_up_when_the_database_takes_longer_than_the_budget(many):
    from django.db import connection

    if connection.vendor == "postgresql":
        slow = "pg_sleep(1) IS NOT NULL"
    else:
        slow = (
            "(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) "
            "SELECT max(x) FROM c) > 0"
        )
    products = Product.objects.all()

    began = time.monotonic()
    assert admin_base.count_within_budget(products.extra(where=[slow]), budget_ms=50) is None  # noqa: S610
    assert time.monotonic() - began < 0.9
    # The connection is still usable, at full speed.
    assert admin_base.count_within_budget(products, budget_ms=5000) == 9
