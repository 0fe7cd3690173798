"""Past the rows a big list counts, pages still open and lead on: every row can be reached."""

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
