"""Filters of each resource and version, with their date formats (docs/contifico-api.md, "Date filters")."""

from datetime import date, datetime, timedelta


def _day(text):
    return datetime.strptime(text, "%d/%m/%Y").date()


def test_v1_registro_documento_filters_by_tipo_and_tipo_registro(client, sb):
    rows = client.get("v1/registro/documento/", params={"tipo": "LQC", "tipo_registro": "PRO"}).json()
    assert rows and all(r["tipo_documento"] == "LQC" and r["tipo_registro"] == "PRO" for r in rows)
    assert {r["id"] for r in rows} == sb.ids("documento", tipo="LQC", tipo_registro="PRO")


def test_v1_documento_and_registro_documento_serve_the_same_collection(client):
    a = client.get("v1/documento/", params={"tipo": "FAC", "tipo_registro": "CLI"}).json()
    b = client.get("v1/registro/documento/", params={"tipo": "FAC", "tipo_registro": "CLI"}).json()
    assert a == b


def test_v1_document_date_window_is_inclusive_on_fecha_emision_in_dd_mm_yyyy(client, sb):
    docs = list(sb.iter_records("documento"))
    first, last = _day(docs[100]["fecha_emision"]), _day(docs[160]["fecha_emision"])
    params = {"fecha_inicial": first.strftime("%d/%m/%Y"), "fecha_final": last.strftime("%d/%m/%Y")}
    rows = client.get("v1/documento/", params=params).json()
    expected = [d["id"] for d in docs if first <= _day(d["fecha_emision"]) <= last]
    assert [r["id"] for r in rows] == expected
    assert docs[100]["id"] in expected and docs[160]["id"] in expected


def test_date_filters_also_accept_yyyy_mm_dd(client, sb):
    dd = client.get("v1/documento/", params={"fecha_inicial": "01/01/2025", "fecha_final": "31/03/2025"})
    iso = client.get("v1/documento/", params={"fecha_inicial": "2025-01-01", "fecha_final": "2025-03-31"})
    dd, iso = dd.json(), iso.json()
    assert dd == iso and dd


def test_a_date_in_another_format_answers_400_with_mensaje(client):
    response = client.get("v1/documento/", params={"fecha_inicial": "2025/01/01"})
    assert response.status_code == 400
    assert "mensaje" in response.json()


def test_v1_fecha_emision_selects_one_day(client, sb):
    doc = list(sb.iter_records("documento"))[50]
    rows = client.get("v1/registro/documento/", params={"fecha_emision": doc["fecha_emision"]}).json()
    assert doc["id"] in {r["id"] for r in rows}
    assert all(r["fecha_emision"] == doc["fecha_emision"] for r in rows)


def test_v1_catalogue_date_window_is_on_the_last_modification(client, sb):
    category_id = sorted(sb.ids("categoria"))[0]
    today = sb.now.date().strftime("%d/%m/%Y")
    assert client.get("v1/categoria/", params={"fecha_inicial": today}).json() == []
    sb.modify("categoria", category_id, {"nombre": "LÍNEA BLANCA"})
    rows = client.get("v1/categoria/", params={"fecha_inicial": today, "fecha_final": today}).json()
    assert [r["id"] for r in rows] == [category_id]


def test_v2_persona_modificados_desde_fecha_returns_records_modified_on_or_after(client, sb):
    person_id = sorted(sb.ids("persona"))[3]
    sb.advance(days=2)
    sb.modify("persona", person_id)
    since = sb.now.date().isoformat()
    page = client.get("v2/persona/", params={"modificados_desde_fecha": since}).json()
    assert [r["id"] for r in page["results"]] == [person_id]
    assert page["results"][0]["fecha_modificacion"] == sb.now.replace(microsecond=0).isoformat()


def test_v2_producto_fecha_window_and_modificados_desde_fecha_agree(client, sb):
    products = list(sb.iter_records("producto"))
    product_id = products[10]["id"]
    sb.modify("producto", product_id)
    day = sb.now.date().isoformat()
    by_since = client.get("v2/producto/", params={"modificados_desde_fecha": day}).json()["results"]
    window = {"fecha_inicial": day, "fecha_final": day}
    by_window = client.get("v2/producto/", params=window).json()["results"]
    assert [r["id"] for r in by_since] == [r["id"] for r in by_window] == [product_id]


def test_v2_movements_filter_on_movement_date_tipo_and_bodega(client, sb):
    movements = list(sb.iter_records("movimiento-inventario", "v2"))
    first, last = _day(movements[20]["fecha"]), _day(movements[120]["fecha"])
    target = movements[30]
    params = {"fecha_inicial": first.isoformat(), "fecha_final": last.isoformat(), "tipo": target["tipo"],
              "bodega_id": target["bodega_id"]}
    _, rows = client.walk_v2("v2/movimiento-inventario/", **params)
    expected = [
        m["id"]
        for m in movements
        if first <= _day(m["fecha"]) <= last
        and m["tipo"] == target["tipo"]
        and m["bodega_id"] == target["bodega_id"]
    ]
    assert [r["id"] for r in rows] == expected and target["id"] in expected


def test_v2_documento_fecha_modificacion_finds_an_old_document_edited_today(client, sb):
    old = list(sb.iter_records("documento"))[5]
    sb.advance(hours=3)
    sb.modify("documento", old["id"])
    page = client.get("v2/documento/", params={"fecha_modificacion": sb.now.date().isoformat()}).json()
    assert [r["id"] for r in page["results"]] == [old["id"]]
    assert page["results"][0]["fecha_emision"] == old["fecha_emision"]  # still an old document


def test_v2_documento_filters_by_estado(client, sb):
    _, rows = client.walk_v2("v2/documento/", estado="P", tipo="FAC")
    assert rows and all(r["estado"] == "P" and r["tipo_documento"] == "FAC" for r in rows)


def test_v2_asiento_range_longer_than_one_month_answers_400(client):
    response = client.get("v2/contabilidad/asiento/", params={"fecha_inicial": "01/01/2025",
                                                              "fecha_final": "15/02/2025"})
    assert response.status_code == 400
    assert "mensaje" in response.json()


def test_v2_asiento_one_month_range_filters_on_fecha_in_dd_mm_yyyy(client, sb):
    _, rows = client.walk_v2("v2/contabilidad/asiento/", fecha_inicial="01/01/2025", fecha_final="31/01/2025")
    assert rows
    assert all(date(2025, 1, 1) <= _day(r["fecha"]) <= date(2025, 1, 31) for r in rows)


def test_v2_asiento_without_filter_lists_everything_including_future_entries(client, sb):
    _, rows = client.walk_v2("v2/contabilidad/asiento/")
    assert len(rows) == sb.dataset.n("contabilidad/asiento")
    assert max(_day(r["fecha"]) for r in rows) > sb.now.date() + timedelta(days=60)


def test_v1_bank_movements_filter_on_fecha_emision_window(client, sb):
    moves = list(sb.iter_records("banco/movimiento"))
    day = moves[40]["fecha_emision"]
    rows = client.get("v1/banco/movimiento/", params={"fecha_inicial": day, "fecha_final": day}).json()
    assert moves[40]["id"] in {r["id"] for r in rows}
    assert all(r["fecha_emision"] == day for r in rows)


def test_unknown_query_params_are_ignored(client):
    plain = client.get("v1/bodega/").json()
    params = {"fecha_modificacion__gte": "2020-01-01T00:00", "x": "1"}
    assert client.get("v1/bodega/", params=params).json() == plain
