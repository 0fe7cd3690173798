"""The sandbox serves documents, persons and journal entries in the shapes real payloads have.

See tests/fixtures/real_payloads/PROVENANCE.md for the samples these shapes come from.
"""

from decimal import Decimal

import pytest


@pytest.fixture(scope="module")
def documents():
    from sandbox.dataset import DEFAULT_START
    from sandbox.server import Sandbox

    sb = Sandbox(scale="small", clock=DEFAULT_START)
    return list(sb.iter_records("documento", version="v2")), sb


def test_v2_documents_have_the_captured_keys_and_no_modification_time(documents):
    rows, _ = documents
    captured = {"subtotal", "reserva_relacionada", "pos", "url_", "tarjeta_consumo_id", "orden_domicilio_id"}
    for row in rows:
        assert "fecha_modificacion" not in row
        assert captured <= set(row)


def test_the_seller_is_null_a_nested_person_with_or_without_its_id_or_a_one_person_array(documents):
    rows, _ = documents
    kinds = set()
    for row in rows:
        seller, seller_id = row["vendedor"], row["vendedor_id"]
        if seller is None:
            kinds.add("null")
            assert seller_id is None
        elif isinstance(seller, list):
            kinds.add("array")
            assert seller_id is None and seller[0]["id"]
        else:
            kinds.add("nested, id" if seller_id == seller["id"] else "nested, null id")
            assert seller_id in (None, seller["id"])
    assert kinds == {"null", "array", "nested, id", "nested, null id"}


def test_a_nested_person_uses_the_v1_category_key_and_pvp_default_is_empty_or_null(documents):
    rows, _ = documents
    people = [row["persona"] for row in rows if row["persona"]]
    assert people and all("id_categoria" in p and "categoria_id" not in p for p in people)
    assert {p["pvp_default"] for p in people} == {"", None}


def test_prefacturas_have_plain_numbers_null_authorisation_and_cash_box_payments_exist(documents):
    rows, _ = documents
    pre = [row for row in rows if row["tipo_documento"] == "PRE"]
    assert pre and all(row["documento"].isdigit() and len(row["documento"]) == 12 for row in pre)
    assert all(row["autorizacion"] is None for row in rows if not row["electronico"])
    assert "CAJA" in {cobro["forma_cobro"] for row in rows for cobro in row["cobros"]}


def test_iva_is_an_amount_and_subtotal_adds_both_bases(documents):
    rows, _ = documents
    for row in rows:
        base0, base12 = Decimal(row["subtotal_0"]), Decimal(row["subtotal_12"])
        assert Decimal(row["subtotal"]) == base0 + base12
        assert Decimal(row["iva"]) == (base12 * 15 / 100).quantize(Decimal("0.01"), rounding="ROUND_DOWN")


def test_persons_carry_foreign_ids_in_the_cedula_and_the_sellers_array_variant(documents):
    _, sb = documents
    people = list(sb.iter_records("persona", version="v2"))
    assert any(p["es_extranjero"] and p["cedula"][:2].isalpha() for p in people)
    assert all("fecha_modificacion" in p and "categoria_id" in p for p in people)
    sellers = [p["vendedor_asignado"] for p in people if p["vendedor_asignado"]]
    assert any(isinstance(s, dict) for s in sellers) and any(isinstance(s, list) for s in sellers)


def test_some_journal_entries_send_their_details_as_one_object(documents):
    _, sb = documents
    entries = list(sb.iter_records("contabilidad/asiento", version="v2"))
    shapes = {type(entry["detalles"]) for entry in entries}
    assert shapes == {list, dict}
