"""Typed columns of the stock-side catalogues, read from realistic and hostile payloads."""

import datetime as dt
from decimal import Decimal

from inventory.models import Brand, Category, InventoryMovement, Product, RemissionGuide, Variant, Warehouse
from sync.parsing import ECUADOR
from tests.catalogues import payloads


def test_category_keeps_its_name_parent_and_product_type():
    columns = Category.columns_from_payload(payloads.CATEGORY)

    assert columns == {
        "nombre": "FIESTA CASUAL",
        "padre_id": "P0023xkBKULMe5GB",
        "tipo_producto": "PROD",
        "updated_at": None,
        "search_text": "fiesta casual",  # the admin's search: lower case, no accents
    }


def test_a_root_category_with_null_parent_gets_an_empty_parent_id():
    columns = Category.columns_from_payload({**payloads.CATEGORY, "padre_id": None, "tipo_producto": None})

    assert columns["padre_id"] == ""
    assert columns["tipo_producto"] == ""


def test_brand_and_variant_keep_their_names():
    assert Brand.columns_from_payload(payloads.BRAND)["nombre"] == "Toyota"
    assert Variant.columns_from_payload(payloads.VARIANT)["nombre"] == "TAMAÑO"


def test_product_amounts_given_as_strings_or_numbers_become_decimals():
    as_strings = Product.columns_from_payload(payloads.PRODUCT)
    as_numbers = Product.columns_from_payload(
        {**payloads.PRODUCT, "pvp1": 200, "minimo": 3.0, "cantidad_stock": -5}
    )

    for columns in (as_strings, as_numbers):
        assert columns["pvp1"] == Decimal("200.00")
        assert columns["minimo"] == Decimal("3.0000")
        assert columns["cantidad_stock"] == Decimal("-5.0000")


def test_product_keeps_code_name_kind_status_and_foreign_ids():
    columns = Product.columns_from_payload(payloads.PRODUCT)

    assert columns["codigo"] == "00001"
    assert columns["nombre"] == "LAPTOP DELL INSPIRON"
    assert columns["codigo_barra"] == "000000011114"
    assert (columns["tipo"], columns["tipo_producto"], columns["estado"]) == ("PRO", "SIM", "A")
    assert columns["categoria_id"] == "5onPeR2nBil9ep1v"
    assert columns["marca_id"] == ""
    assert columns["porcentaje_iva"] == 15


def test_product_creation_date_is_its_date_and_its_upstream_update_time():
    columns = Product.columns_from_payload(payloads.PRODUCT)

    assert columns["fecha_creacion"] == dt.date(2020, 8, 20)
    assert columns["updated_at"] == dt.datetime(2020, 8, 20, tzinfo=ECUADOR)


def test_product_vat_percentage_sent_as_text_is_read_and_nonsense_is_dropped():
    assert Product.columns_from_payload({"porcentaje_iva": "12"})["porcentaje_iva"] == 12
    assert Product.columns_from_payload({"porcentaje_iva": None})["porcentaje_iva"] is None
    assert Product.columns_from_payload({"porcentaje_iva": "IVA"})["porcentaje_iva"] is None
    assert Product.columns_from_payload({"porcentaje_iva": 1500})["porcentaje_iva"] is None


def test_product_with_empty_price_bad_date_and_numeric_code_still_gives_columns():
    columns = Product.columns_from_payload(
        {"codigo": 1234, "nombre": None, "pvp1": "", "cantidad_stock": "n/a", "fecha_creacion": "31/02/2020"}
    )

    assert columns["codigo"] == "1234"
    assert columns["nombre"] == ""
    assert columns["pvp1"] is None
    assert columns["cantidad_stock"] is None
    assert columns["fecha_creacion"] is None
    assert columns["updated_at"] is None


def test_product_price_too_large_for_the_column_is_dropped_not_an_error():
    assert Product.columns_from_payload({"pvp1": "1e30"})["pvp1"] is None


def test_product_category_given_as_a_nested_object_keeps_its_id():
    columns = Product.columns_from_payload({"categoria_id": {"id": "5onPeR2nBil9ep1v", "nombre": "LAPTOPS"}})

    assert columns["categoria_id"] == "5onPeR2nBil9ep1v"


def test_product_name_longer_than_the_column_is_cut():
    columns = Product.columns_from_payload({"nombre": "X" * 1000})

    assert len(columns["nombre"]) == Product._meta.get_field("nombre").max_length


def test_warehouse_flags_are_booleans_and_missing_ones_are_unknown():
    columns = Warehouse.columns_from_payload(payloads.WAREHOUSE)
    sparse = Warehouse.columns_from_payload({"codigo": "B2", "venta": "True"})

    assert (columns["codigo"], columns["nombre"]) == ("BPU", "Bodega Principal")
    assert (columns["venta"], columns["compra"], columns["produccion"]) == (True, True, False)
    assert (sparse["venta"], sparse["compra"]) == (True, None)


def test_inventory_movement_date_is_its_upstream_update_time():
    columns = InventoryMovement.columns_from_payload(payloads.INVENTORY_MOVEMENT)

    assert columns["codigo"] == "EGR 202006000017"
    assert (columns["tipo"], columns["estado"]) == ("EGR", "G")
    assert columns["fecha"] == dt.date(2020, 6, 16)
    assert columns["updated_at"] == dt.datetime(2020, 6, 16, tzinfo=ECUADOR)
    assert columns["bodega_id"] == "nRMdROzqhvDZel6Y"
    assert columns["bodega_destino_id"] == ""
    assert columns["total"] == Decimal("0.00")


def test_remission_guide_reads_recipient_and_invoice_from_the_nested_destinatario():
    columns = RemissionGuide.columns_from_payload(payloads.REMISSION_GUIDE)

    assert columns["numero_documento"] == "001-001-000000001"
    assert columns["fecha_emision"] == dt.date(2026, 6, 2)
    assert columns["fecha_fin"] == dt.date(2026, 6, 3)
    assert columns["destinatario_id"] == "pKBe1Eqk8f6zeXyO"
    assert columns["documento_id"] == "Gge0gB7y4AIwPdAD"
    assert columns["placa"] == "PBA-1234"


def test_remission_guide_without_destinatario_or_with_a_null_one_has_empty_ids():
    for destinatario in (None, "", [], "pKBe1Eqk8f6zeXyO"):
        columns = RemissionGuide.columns_from_payload({"destinatario": destinatario})
        assert columns["destinatario_id"] == ""
        assert columns["documento_id"] == ""
