"""Detail URLs, producto/<id>/stock/, 404 and "id incorrecto".

See docs/contifico-api.md, "Errors, throttling and slowness" and "Catalogues".
"""

import pytest


def test_v1_detail_is_served_with_and_without_trailing_slash(client, sb):
    product_id = next(iter(sorted(sb.ids("producto"))))
    with_slash = client.get(f"v1/producto/{product_id}/").json()
    without = client.get(f"v1/producto/{product_id}").json()
    assert with_slash == without == sb.record("producto", product_id)


def test_v2_detail_returns_the_object(client, sb):
    doc_id = sorted(sb.ids("documento"))[0]
    payload = client.get(f"v2/documento/{doc_id}").json()
    assert payload["id"] == doc_id
    assert payload == sb.record("documento", doc_id, "v2")


@pytest.mark.parametrize("collection", ["persona", "banco/movimiento"])
def test_v1_persona_and_bank_movement_details_are_one_element_arrays(client, sb, collection):
    record_id = sorted(sb.ids(collection))[0]
    payload = client.get(f"v1/{collection}/{record_id}/").json()
    assert payload == [sb.record(collection, record_id)]


def test_v2_persona_detail_is_an_object(client, sb):
    record_id = sorted(sb.ids("persona"))[0]
    assert client.get(f"v2/persona/{record_id}/").json()["id"] == record_id


def test_v1_journal_entry_detail_exists_although_the_list_does_not(client, sb):
    entry_id = sorted(sb.ids("contabilidad/asiento"))[0]
    assert client.get(f"v1/contabilidad/asiento/{entry_id}/").json()["id"] == entry_id


def test_an_unknown_id_answers_404_with_mensaje(client):
    response = client.get("v1/producto/AAAAAAAAAAAAAAAA/")
    assert response.status_code == 404
    assert "mensaje" in response.json()


def test_a_non_id_segment_answers_400_id_incorrecto(client):
    response = client.get("v1/documento/venta/")
    assert response.status_code == 400
    assert response.json() == {"mensaje": "id incorrecto"}


def test_an_id_of_another_collection_is_not_found(client, sb):
    persona_id = sorted(sb.ids("persona"))[0]
    assert client.get(f"v1/producto/{persona_id}/").status_code == 404


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_product_stock_lists_warehouses_with_numeric_quantities(client, sb, version):
    rows_seen = 0
    for product in list(sb.iter_records("producto"))[:40]:
        rows = client.get(f"{version}/producto/{product['id']}/stock/").json()
        assert isinstance(rows, list)
        for row in rows:
            assert set(row) == {"bodega_id", "bodega_nombre", "cantidad"}
            assert isinstance(row["cantidad"], int)
            assert row["bodega_id"] in sb.ids("bodega")
        assert float(product["cantidad_stock"]) == sum(row["cantidad"] for row in rows)
        rows_seen += len(rows)
    assert rows_seen > 0


def test_stock_of_an_unknown_product_is_404(client):
    assert client.get("v1/producto/AAAAAAAAAAAAAAAA/stock/").status_code == 404
