"""v2 listings: DRF envelope, 100 per page, absolute next, 400 past the end, 301 without slash.

See docs/contifico-api.md, "v2 pages".
"""

import pytest


def test_v2_list_answers_the_count_next_previous_results_envelope(client, sb):
    page = client.get("v2/producto/").json()
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == sb.dataset.n("producto")
    assert page["previous"] is None
    assert len(page["results"]) == 100


def test_v2_next_is_an_absolute_url_that_keeps_the_filters(client, sb):
    page = client.get("v2/documento/", params={"tipo": "FAC", "tipo_registro": "CLI"}).json()
    assert page["next"].startswith(f"{sb.base_url}/v2/documento/?")
    assert "tipo=FAC" in page["next"] and "tipo_registro=CLI" in page["next"] and "page=2" in page["next"]
    second = client.get(page["next"]).json()
    assert all(row["tipo_documento"] == "FAC" for row in second["results"])
    assert second["previous"].startswith(sb.base_url)


def test_v2_ignores_page_size_and_serves_100_rows(client):
    assert len(client.get("v2/producto/", params={"page_size": 5}).json()["results"]) == 100


def test_walking_v2_pages_yields_every_row_exactly_once(client, sb):
    pages, rows = client.walk_v2("v2/movimiento-inventario/")
    assert len(pages) == 3
    assert [row["id"] for row in rows] == [r["id"] for r in sb.iter_records("movimiento-inventario", "v2")]
    assert pages[-1]["next"] is None


def test_v2_page_past_the_end_answers_400_pagina_fuera_del_rango(client):
    response = client.get("v2/producto/", params={"page": 4})
    assert response.status_code == 400
    assert response.json() == {"code": "400", "error": "Pagina fuera del rango"}


def test_v2_page_zero_or_garbage_is_out_of_range_too(client):
    assert client.get("v2/producto/", params={"page": 0}).status_code == 400
    assert client.get("v2/producto/", params={"page": "x"}).status_code == 400


def test_v2_collection_without_trailing_slash_answers_301_to_the_slash_form(client, sb):
    response = client.get("v2/persona", params={"page": 2}, allow_redirects=False)
    assert response.status_code == 301
    assert response.headers["Location"] == f"{sb.base_url}/v2/persona/?page=2"
    assert client.get("v2/persona", params={"page": 2}).json()["previous"]  # requests follows it


@pytest.mark.parametrize("path", ["marca/", "variante/", "inventario/guia/", "registro/transaccion/",
                                  "contabilidad/centro-costo/", "contabilidad/cuenta-contable/",
                                  "banco/movimiento/", "registro/documento/", "nada/"])
def test_v2_collections_absent_from_every_v2_source_answer_404_with_mensaje(client, path):
    response = client.get(f"v2/{path}")
    assert response.status_code == 404
    assert "mensaje" in response.json()


@pytest.mark.parametrize("path", ["persona/", "categoria/", "bodega/", "producto/", "movimiento-inventario/",
                                  "documento/", "banco/cuenta/", "contabilidad/asiento/"])
def test_every_v2_collection_answers_an_envelope(client, path):
    page = client.get(f"v2/{path}").json()
    assert page["count"] > 0 and page["results"]


def test_an_empty_v2_selection_is_one_empty_page(client):
    page = client.get("v2/documento/", params={"tipo": "NOPE"}).json()
    assert page == {"count": 0, "next": None, "previous": None, "results": []}


def test_v2_persona_uses_categoria_id_where_v1_uses_id_categoria(client):
    v1 = client.get("v1/persona/").json()[0]
    v2 = client.get("v2/persona/").json()["results"][0]
    assert "id_categoria" in v1 and "categoria_id" not in v1
    assert "categoria_id" in v2 and "id_categoria" not in v2
    assert "fecha_modificacion" in v2 and "fecha_modificacion" not in v1
