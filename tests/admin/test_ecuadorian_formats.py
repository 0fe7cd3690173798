"""Money, quantities and dates read the Ecuadorian way on lists, detail pages and exports."""

import datetime as dt
from decimal import Decimal

import pytest

from inventory.models import Product
from sync import formats
from tests.admin.support import sample, store, url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("2326.11"), "$2,326.11"),
        (Decimal("191.77"), "$191.77"),
        (Decimal("1234567.5"), "$1,234,567.50"),
        (Decimal("-12"), "-$12.00"),
        ("0.0", "$0.00"),
        (None, ""),
    ],
)
def test_money_has_a_dollar_sign_thousands_and_two_decimals(value, expected):
    assert formats.money(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("12.0000"), "12"),
        (Decimal("2.5000"), "2.5"),
        (Decimal("-5.0000"), "-5"),
        (Decimal("1250.1250"), "1,250.125"),
        (None, ""),
    ],
)
def test_quantities_carry_no_noise(value, expected):
    assert formats.quantity(value) == expected


def test_dates_are_day_month_year_and_times_are_ecuadors():
    assert formats.date(dt.date(2020, 8, 2)) == "02/08/2020"
    # 03:30 UTC is 22:30 of the day before in Guayaquil.
    assert formats.datetime(dt.datetime(2026, 1, 2, 3, 30, tzinfo=dt.UTC)) == "01/01/2026 22:30"


@pytest.fixture
def product():
    payload = sample("inventory.Product", pvp1="2326.11", cantidad_stock="12.0", fecha_creacion="02/08/2020")
    return store(Product, payload)[0]


def test_the_list_shows_one_format(admin_client, product):
    text = admin_client.get(url(Product, "changelist")).text

    assert "$2,326.11" in text
    assert "2326,11" not in text
    assert ">12<" in text  # stock 12.0000 shows as 12
    assert "02/08/2020" in text


def test_the_detail_page_shows_the_same_format(admin_client, product):
    text = admin_client.get(url(Product, "change", product.pk)).text

    assert "$2,326.11" in text
    assert "2326,11" not in text and "2326.11<" not in text
    assert "02/08/2020" in text


def test_the_export_shows_the_same_format(admin_client, product):
    response = admin_client.get(url(Product, "export"))
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()

    header, row = lines
    assert header.startswith("id Contífico,")
    assert '"$2,326.11"' in row
    assert ",12," in row
    assert "02/08/2020" in row
    assert "Activo" in row  # a choice column exports its Spanish label


def test_the_date_range_form_keeps_the_search_filters_and_sort_and_shows_dd_mm_aaaa(admin_client, product):
    response = admin_client.get(
        url(Product, "changelist"), {"q": "laptop", "estado": "A", "o": "1", "desde": "2020-08-01"}
    )
    text = response.text

    assert [row.pk for row in response.context["cl"].result_list] == [product.pk]
    assert 'name="desde" value="01/08/2020"' in text
    for hidden in ('name="q" value="laptop"', 'name="estado" value="A"', 'name="o" value="1"'):
        assert f'<input type="hidden" {hidden}>' in text
