"""The CSV and Excel exports are the list as filtered, searched and sorted on the page, streamed."""

import csv
import datetime as dt
import io

import openpyxl
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


def _workbook(client, **params):
    response = client.get(url(Product, "export_xlsx"), params)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="products-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    chunks = list(response.streaming_content)
    book = openpyxl.load_workbook(io.BytesIO(b"".join(chunks)))
    sheet = book.active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return sheet, rows, len(chunks)


def test_the_excel_export_holds_the_rows_the_csv_holds_in_the_same_order(admin_client, products):
    for params in ({}, {"q": "azul", "estado": "A"}, {"desde": "01/01/2022"}):
        header, ids = _export(admin_client, **params)
        _, rows, _ = _workbook(admin_client, **params)

        assert rows[0] == header
        assert [row[0] for row in rows[1:]] == ids


def test_the_excel_export_types_money_stock_and_dates_so_a_spreadsheet_can_add_them(admin_client):
    store(
        Product,
        sample("inventory.Product", id="m", nombre="MESA", pvp1="1234.5", cantidad_stock="7.25",
               fecha_creacion="15/03/2024"),
    )

    sheet, rows, _ = _workbook(admin_client)
    header, row = rows
    price = sheet.cell(row=2, column=header.index("PVP 1") + 1)
    stock = sheet.cell(row=2, column=header.index("stock") + 1)
    created_title = str(Product._meta.get_field("fecha_creacion").verbose_name)
    created = sheet.cell(row=2, column=header.index(created_title) + 1)

    assert price.value == 1234.5 and price.number_format == '"$"#,##0.00;-"$"#,##0.00'
    assert stock.value == 7.25
    assert created.is_date and created.value.date() == dt.date(2024, 3, 15)
    assert created.number_format == "dd/mm/yyyy"
    assert sheet.freeze_panes == "A2"


def test_text_in_the_excel_export_is_never_a_formula_and_odd_characters_do_not_break_the_file(admin_client):
    store(
        Product,
        sample("inventory.Product", id="f", nombre='=HYPERLINK("http://x.example","clic")'),
        sample("inventory.Product", id="g", nombre="TAB\x0bLA <b>&amp;</b> ñandú"),
    )

    sheet, rows, _ = _workbook(admin_client)
    names = {row[0]: row[rows[0].index("nombre")] for row in rows[1:]}
    assert names["f"] == '=HYPERLINK("http://x.example","clic")'
    assert sheet.cell(row=2, column=rows[0].index("nombre") + 1).data_type == "s"  # a string, not a formula
    assert names["g"] == "TABLA <b>&amp;</b> ñandú"


def test_a_long_excel_export_is_sent_in_pieces_as_it_is_written(admin_client):
    store(Product, *(sample("inventory.Product", id=f"p{i:05d}", nombre=f"P{i:05d}") for i in range(1_200)))

    _, rows, chunks = _workbook(admin_client)

    assert len(rows) == 1_201
    assert chunks > 3  # not one body built in memory first


def test_the_list_page_links_to_the_excel_export_of_what_it_shows(admin_client, products):
    text = admin_client.get(url(Product, "changelist"), {"q": "azul", "estado": "A"}).text

    assert f'href="{url(Product, "export_xlsx")}?' in text
    assert "Exportar Excel" in text


def test_yes_and_no_read_the_same_in_the_excel_export_as_in_the_list_and_the_csv(admin_client):
    from accounting.models import Person

    store(Person, sample("accounting.Person", id="c", es_cliente=True),
          sample("accounting.Person", id="n", es_cliente=False))

    body = b"".join(admin_client.get(url(Person, "export_xlsx")).streaming_content)
    book = openpyxl.load_workbook(io.BytesIO(body))
    rows = [[cell.value for cell in row] for row in book.active.iter_rows()]
    column = rows[0].index("cliente")
    assert {row[0]: row[column] for row in rows[1:]} == {"c": "Sí", "n": "No"}
