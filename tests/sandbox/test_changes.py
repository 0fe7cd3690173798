"""Change over time: modify, add, delete, advance — through Python and over HTTP."""

from datetime import datetime, timedelta


def test_the_clock_starts_at_a_fixed_time_and_advances(sb):
    assert sb.now == datetime(2026, 11, 20, 10, 0)
    assert sb.advance(days=1, hours=2, minutes=3) == datetime(2026, 11, 21, 12, 3)


def test_modify_changes_the_served_record_and_stamps_the_modification_date(client, sb):
    person_id = sorted(sb.ids("persona"))[0]
    sb.advance(days=1)
    returned = sb.modify("persona", person_id, {"razon_social": "PEÑA MUÑOZ JOSÉ"})
    assert returned["razon_social"] == "PEÑA MUÑOZ JOSÉ"
    v2 = client.get(f"v2/persona/{person_id}/").json()
    assert v2["razon_social"] == "PEÑA MUÑOZ JOSÉ"
    assert v2["fecha_modificacion"] == sb.now.isoformat()


def test_modify_without_changes_makes_a_realistic_edit(sb):
    product_id = sorted(sb.ids("producto"))[0]
    before = sb.record("producto", product_id)
    after = sb.modify("producto", product_id)
    assert after != before and after["id"] == product_id


def test_modify_accepts_v2_field_names(sb):
    person_id = sorted(sb.ids("persona"))[0]
    category = sorted(sb.ids("categoria"))[0]
    sb.modify("persona", person_id, {"categoria_id": category})
    assert sb.record("persona", person_id)["id_categoria"] == category
    assert sb.record("persona", person_id, "v2")["categoria_id"] == category


def test_added_records_come_last_and_are_dated_now(client, sb):
    sb.advance(days=3)
    new_id = sb.add("documento", {"tipo_registro": "CLI", "tipo_documento": "FAC"})
    rows = client.get("v1/documento/").json()
    assert rows[-1]["id"] == new_id
    assert rows[-1]["fecha_emision"] == sb.now.strftime("%d/%m/%Y")
    assert new_id in sb.ids("documento", tipo="FAC", tipo_registro="CLI")
    assert client.get(f"v2/documento/{new_id}").json()["id"] == new_id


def test_deleted_records_vanish_from_lists_details_and_page_arithmetic(client, sb):
    before = [r["id"] for r in sb.iter_records("producto")]
    for record_id in before[95:105]:
        sb.delete("producto", record_id)
    expected = before[:95] + before[105:]
    _, rows = client.walk_v2("v2/producto/")
    assert [r["id"] for r in rows] == expected
    assert client.get("v2/producto/", params={"page": 2}).json()["results"][0]["id"] == expected[100]
    assert client.get(f"v1/producto/{before[100]}/").status_code == 404
    assert client.get("v2/producto/").json()["count"] == len(before) - 10


def test_deleting_an_unknown_record_raises_key_error(sb):
    import pytest

    with pytest.raises(KeyError):
        sb.delete("producto", "AAAAAAAAAAAAAAAA")


def test_http_control_interface_modifies_adds_deletes_and_advances(client, sb):
    record_id = sorted(sb.ids("bodega"))[2]
    body = {"collection": "bodega", "id": record_id, "changes": {"nombre": "Añejo"}}
    response = client.control("modify", body)
    assert response.status_code == 200 and response.json()["record"]["nombre"] == "Añejo"
    assert client.get(f"v1/bodega/{record_id}").json()["nombre"] == "Añejo"

    new_id = client.control("add", {"collection": "bodega", "overrides": {"nombre": "Nueva"}}).json()["id"]
    assert client.get(f"v2/bodega/{new_id}/").json()["nombre"] == "Nueva"

    assert client.control("delete", {"collection": "bodega", "id": new_id}).status_code == 200
    assert client.get(f"v2/bodega/{new_id}/").status_code == 404

    now = client.control("advance", {"days": 1, "hours": 1}).json()["now"]
    assert now == (datetime(2026, 11, 20, 10) + timedelta(days=1, hours=1)).isoformat()

    ids = client.control("ids?collection=documento&tipo=LQC&tipo_registro=PRO").json()["ids"]
    assert set(ids) == sb.ids("documento", tipo="LQC", tipo_registro="PRO")
    assert client.control(f"record?collection=bodega&id={record_id}").json()["nombre"] == "Añejo"


def test_http_control_reports_unknown_records_and_bad_requests(client):
    assert client.control("delete", {"collection": "bodega", "id": "AAAAAAAAAAAAAAAA"}).status_code == 404
    assert client.control("add", {"collection": "nada"}).status_code == 400
    assert client.control("faults", {"profile": "bogus"}).status_code == 400


def test_an_incremental_window_sees_edits_of_old_documents_but_a_full_pass_sees_deletions(client, sb):
    docs = [d["id"] for d in sb.iter_records("documento")]
    sb.advance(days=1)
    sb.modify("documento", docs[3])
    sb.delete("documento", docs[4])
    day = sb.now.date().isoformat()
    changed = client.get("v2/documento/", params={"fecha_modificacion": day}).json()["results"]
    assert [d["id"] for d in changed] == [docs[3]]
    _, everything = client.walk_v2("v2/documento/")
    assert docs[4] not in {d["id"] for d in everything} and len(everything) == len(docs) - 1
