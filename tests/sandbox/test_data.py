"""Deterministic data with the texture of real tenants.

See docs/contifico-api.md, "Record formats" and "Catalogues".
"""

import json
import re

import pytest

from sandbox.server import Sandbox

ID = re.compile(r"^[A-Za-z0-9]{16}$")
AMOUNT = re.compile(r"^-?\d+\.\d{1,2}$")
DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")


@pytest.fixture(scope="module")
def small():
    return Sandbox(seed=1, scale="small")


def _all(sandbox, collection, version="v1"):
    return list(sandbox.iter_records(collection, version))


def test_the_same_seed_gives_the_same_data_and_another_seed_different_data():
    a, b, c = Sandbox(seed=7), Sandbox(seed=7), Sandbox(seed=8)
    assert _all(a, "documento") == _all(b, "documento")
    assert _all(a, "documento") != _all(c, "documento")


def test_scales_and_count_overrides_set_the_sizes():
    assert len(_all(Sandbox(scale="tiny"), "producto")) <= 20
    sandbox = Sandbox(scale="small", counts={"producto": 500})
    assert len(sandbox.ids("producto")) == 500
    assert Sandbox(scale="large").dataset.n("movimiento-inventario") == 200_000


def test_small_scale_stays_small_but_has_plenty_of_sales_and_purchases(small):
    assert sum(small.dataset.counts.values()) < 5000
    assert len(small.ids("documento")) == 400
    assert len(small.ids("documento", tipo_registro="CLI", tipo="FAC")) >= 60
    assert len(small.ids("documento", tipo_registro="PRO", tipo="FAC")) >= 30
    assert len(small.ids("documento", tipo_registro="PRO", tipo="LQC")) >= 15


def test_ids_are_16_alphanumeric_characters_and_unique_per_collection(small):
    for collection in small.store.catalogues:
        ids = [r["id"] for r in _all(small, collection)]
        assert all(ID.match(i) for i in ids), collection
        assert len(ids) == len(set(ids)), collection


def test_some_ids_differ_only_by_letter_case_and_both_resolve(small):
    ids = [r["id"] for r in _all(small, "producto")]
    lowered = {}
    twins = []
    for record_id in ids:
        if record_id.lower() in lowered:
            twins.append((lowered[record_id.lower()], record_id))
        lowered[record_id.lower()] = record_id
    assert twins
    first, second = twins[0]
    assert first != second and first.swapcase() == second
    assert small.record("producto", first)["id"] == first
    assert small.record("producto", second)["id"] == second
    assert small.record("producto", first) != small.record("producto", second)


def test_text_is_spanish_with_accents_and_enie(small):
    text = json.dumps(_all(small, "producto") + _all(small, "persona"), ensure_ascii=False)
    assert "ñ" in text.lower() and re.search("[áéíóú]", text.lower())


def test_persons_carry_cedula_and_ruc_shapes(small):
    people = _all(small, "persona")
    assert any(re.fullmatch(r"\d{10}", p["cedula"]) for p in people)
    rucs = [p["ruc"] for p in people if p["ruc"]]
    assert rucs and all(re.fullmatch(r"\d{10}001", ruc) for ruc in rucs)
    assert any(p["ruc"] == "" for p in people)


def test_amounts_are_strings_mostly_and_sometimes_numbers(small):
    docs = _all(small, "documento")
    totals = [d["total"] for d in docs]
    assert all(AMOUNT.match(t) for t in totals if isinstance(t, str))
    assert any(isinstance(t, float | int) for t in totals)
    assert any(re.fullmatch(r"\d+\.\d", t) for t in totals if isinstance(t, str))  # "125.0"
    assert all(isinstance(d["detalles"][0]["porcentaje_iva"], int) for d in docs)


def test_record_dates_are_dd_mm_yyyy(small):
    for doc in _all(small, "documento"):
        assert DATE.match(doc["fecha_emision"]) and DATE.match(doc["fecha_vencimiento"])


def test_empty_text_comes_as_empty_string_and_as_null(small):
    values = [p["adicional1_cliente"] for p in _all(small, "persona")]
    assert "" in values and None in values


def test_document_lines_sometimes_have_no_product(small):
    lines = [line for d in _all(small, "documento") for line in d["detalles"]]
    assert any(line["producto_id"] is None for line in lines)
    assert any(line["producto_id"] for line in lines)


def test_some_foreign_ids_point_to_records_missing_from_the_listings(small):
    persons = small.ids("persona")
    categories = small.ids("categoria")
    doc_people = {d["persona_id"] for d in _all(small, "documento")}
    product_categories = {p["categoria_id"] for p in _all(small, "producto")} - {None}
    assert doc_people - persons
    assert product_categories - categories


def test_product_codes_repeat_and_stock_goes_negative(small):
    products = _all(small, "producto")
    codes = [p["codigo"] for p in products]
    assert len(set(codes)) < len(codes)
    assert any(float(p["cantidad_stock"]) < 0 for p in products)


def test_some_descriptions_are_longer_than_a_thousand_characters(small):
    assert any(len(p["descripcion"] or "") > 1000 for p in _all(small, "producto"))


def test_filter_attributes_agree_with_the_records_they_describe():
    sandbox = Sandbox(seed=3, scale="small")
    for name, catalogue in sandbox.store.catalogues.items():
        attrs = {attr for table in (catalogue.v1_filters, catalogue.v2_filters) for _, attr in table.values()}
        for index in range(0, sandbox.dataset.n(name), 7):
            record, mod = sandbox.store.canonical(name, index)
            for attr in attrs:
                cheap = catalogue.base_attr(index, attr)
                assert cheap == catalogue.record_attr(record, mod, attr), (name, index, attr)


def test_iter_records_streams_without_building_a_list(small):
    iterator = small.iter_records("documento", "v2", tipo="FAC")
    assert iter(iterator) is iterator
    assert next(iterator)["tipo_documento"] == "FAC"
