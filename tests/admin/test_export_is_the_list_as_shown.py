"""The CSV export is the list as filtered, searched and sorted on the page, streamed row by row."""

import csv
import io

import pytest

from inventory.models import Product
from tests.admin.support import sample, store, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def products():
    store(
        Product,
        sample(
            "inventory.Product",
            id="a",
            codigo="P1",
            nombre="ALMOHADA AZUL",
            estado="A",
            fecha_creacion="01/02/2021",
        ),
        sample(
            "inventory.Product",
            id="b",
            codigo="P2",
            nombre="ALMOHADA ROJA",
            estado="I",
            fecha_creacion="01/02/2022",
        ),
        sample(
            "inventory.Product",
            id="c",
            codigo="P3",
            nombre="SILLA AZUL",
            estado="A",
            fecha_creacion="01/02/2023",
        ),
    )


def _export(client, **params):
    response = client.get(url(Product, "export"), params)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="products-')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    return rows[0], [row[0] for row in rows[1:]]


def test_the_whole_list_in_the_pages_order(admin_client, products):
    header, ids = _export(admin_client)

    assert header[:3] == ["id Contífico", "código", "nombre"]
    assert ids == ["a", "b", "c"]  # by name, as the list


def test_a_search_and_a_filter_narrow_the_export(admin_client, products):
    assert _export(admin_client, q="almohada")[1] == ["a", "b"]
    assert _export(admin_client, q="azul", estado="A")[1] == ["a", "c"]
    assert _export(admin_client, desde="01/01/2022")[1] == ["b", "c"]


def test_a_sort_orders_the_export(admin_client, products):
    created = list(admin_client.get(url(Product, "changelist")).context["cl"].list_display).index(
        next(
            d
            for d in admin_client.get(url(Product, "changelist")).context["cl"].list_display
            if getattr(d, "__name__", "") == "fecha_creacion"
        )
    )
    assert _export(admin_client, o=f"-{created}")[1] == ["c", "b", "a"]


def test_the_list_page_links_to_the_export_of_what_it_shows(admin_client, products):
    text = admin_client.get(url(Product, "changelist"), {"q": "azul", "estado": "A"}).text

    assert f'href="{url(Product, "export")}?' in text
    assert "Exportar CSV" in text


def test_an_unoffered_lookup_is_refused_by_the_export_too(admin_client, products):
    assert admin_client.get(url(Product, "export"), {"payload__contains": "x"}).status_code == 400


def test_a_name_a_spreadsheet_would_run_as_a_formula_is_exported_inert(admin_client):
    store(
        Product,
        sample("inventory.Product", id="f", nombre='=HYPERLINK("http://x.example","clic")', pvp1="-5"),
    )

    response = admin_client.get(url(Product, "export"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header, row = rows
    assert row[header.index("nombre")] == '\'=HYPERLINK("http://x.example","clic")'
    assert row[header.index("PVP 1")] == "-$5.00"  # numbers keep their sign
