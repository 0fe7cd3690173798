"""v1 listings: bare arrays, result_size/result_page where honoured, page/page_size ignored.

See docs/contifico-api.md, "v1 lists".
"""

import pytest


def test_v1_list_without_paging_params_returns_the_whole_collection_as_a_bare_array(client, sb):
    response = client.get("v1/producto/")
    assert response.status_code == 200
    rows = response.json()
    assert isinstance(rows, list)
    assert {row["id"] for row in rows} == sb.ids("producto")
    assert len(rows) == sb.dataset.n("producto")


def test_v1_list_order_is_creation_order(client, sb):
    rows = client.get("v1/persona/").json()
    assert [row["id"] for row in rows] == [r["id"] for r in sb.iter_records("persona")]


def test_v1_ignores_page_and_page_size_and_returns_everything(client, sb):
    rows = client.get("v1/contabilidad/cuenta-contable/", params={"page": 2, "page_size": 10}).json()
    assert len(rows) == sb.dataset.n("contabilidad/cuenta-contable")


@pytest.mark.parametrize(
    "path",
    ["documento/", "registro/documento/", "producto/", "persona/", "contabilidad/cuenta-contable/",
     "registro/transaccion/"],
)
def test_v1_honours_result_size_and_result_page_where_evidence_exists(client, path):
    everything = client.get(f"v1/{path}").json()
    page1 = client.get(f"v1/{path}", params={"result_size": 7, "result_page": 1}).json()
    page3 = client.get(f"v1/{path}", params={"result_size": 7, "result_page": 3}).json()
    assert page1 == everything[:7]
    assert page3 == everything[14:21]


def test_v1_result_page_defaults_to_the_first_page(client):
    first = client.get("v1/producto/", params={"result_size": 5}).json()
    assert first == client.get("v1/producto/").json()[:5]


def test_v1_result_page_past_the_end_answers_an_empty_array(client):
    response = client.get("v1/documento/", params={"result_size": 200, "result_page": 50})
    assert response.status_code == 200
    assert response.json() == []


def test_v1_catalogues_without_paging_evidence_ignore_result_size(client, sb):
    rows = client.get("v1/categoria/", params={"result_size": 5, "result_page": 1}).json()
    assert len(rows) == sb.dataset.n("categoria")


def test_v1_movements_with_result_size_over_100_answer_500_id_integracion(client):
    response = client.get("v1/movimiento-inventario/", params={"result_size": 200, "result_page": 1})
    assert response.status_code == 500
    assert "'NoneType' object has no attribute 'id_integracion'" in response.text
    assert len(client.get("v1/movimiento-inventario/", params={"result_size": 100}).json()) == 100


def test_v1_journal_entries_have_no_list_endpoint(client):
    response = client.get("v1/contabilidad/asiento/")
    assert response.status_code == 405
    assert "mensaje" in response.json()


def test_every_v1_collection_but_asiento_answers_a_bare_array(client):
    paths = ["categoria/", "marca/", "variante/", "producto/", "bodega/", "movimiento-inventario/",
             "inventario/guia/", "registro/documento/", "documento/", "registro/transaccion/", "persona/",
             "contabilidad/centro-costo/", "contabilidad/cuenta-contable/", "banco/cuenta/",
             "banco/movimiento/"]
    for path in paths:
        response = client.get(f"v1/{path}")
        assert response.status_code == 200, path
        assert isinstance(response.json(), list) and response.json(), path


def test_v1_collection_without_trailing_slash_is_served_too(client):
    assert client.get("v1/inventario/guia").json() == client.get("v1/inventario/guia/").json()


def test_a_big_v1_list_is_streamed_as_valid_json(make_client):
    client = make_client(scale="tiny", counts={"movimiento-inventario": 3000})
    response = client.get("v1/movimiento-inventario/")
    assert "Content-Length" not in response.headers  # streamed, not built in memory
    rows = response.json()
    assert len(rows) == 3000
    assert len({row["id"] for row in rows}) == 3000
