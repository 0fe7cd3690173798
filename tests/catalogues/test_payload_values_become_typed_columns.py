"""How Contífico's loose values become typed columns (README, "How the mirror stays exact";
docs/contifico-api.md, "Record formats"): dates from dd/mm/yyyy in Ecuador time, amounts from
strings or numbers into decimals that fit their columns, foreign ids kept, text without NUL bytes.
"""

import datetime as dt
from decimal import Decimal

import pytest

from sync.parsing import (
    ECUADOR,
    date_as_datetime,
    money_column,
    parse_bool,
    parse_date,
    parse_int,
    parse_money,
    quantity_column,
    ref_id,
    text,
)


def test_a_dd_mm_yyyy_date_is_midnight_in_ecuador():
    assert date_as_datetime("18/02/2026") == dt.datetime(2026, 2, 18, tzinfo=ECUADOR)
    assert date_as_datetime("18/02/2026").utcoffset() == dt.timedelta(hours=-5)


@pytest.mark.parametrize("value", ["18/02/2026 11:12:08", "2026-02-18T11:12:08", "18/02/2026", "2026-02-18"])
def test_a_date_time_keeps_its_date(value):
    assert parse_date(value) == dt.date(2026, 2, 18)


@pytest.mark.parametrize(("value", "amount"), [
    ("1,5", Decimal("1.50")), ("125.0", Decimal("125.00")), (12, Decimal("12.00")),
    ("99999999999999.99", Decimal("99999999999999.99")),
])
def test_amounts_read_from_strings_numbers_and_decimal_commas(value, amount):
    assert money_column(value) == amount


@pytest.mark.parametrize("value", ["100000000000000", "99999999999999.995", "1e30", "NaN", True])
def test_an_amount_that_cannot_fit_numeric_16_2_is_left_empty(value):
    assert money_column(value) is None


def test_quantities_keep_four_decimals_and_refuse_what_does_not_fit_numeric_18_4():
    assert quantity_column("2,5") == Decimal("2.5000")
    assert quantity_column("99999999999999.99995") is None
    assert quantity_column("99999999999999.9999") == Decimal("99999999999999.9999")


def test_money_rounds_half_a_cent_up():
    assert parse_money("0.125") == Decimal("0.13")
    assert money_column("0.125") == Decimal("0.13")


@pytest.mark.parametrize(
    ("value", "number"), [(3, 3), ("4", 4), ("4.0", 4), ("1.5", None), ("x", None), (True, None)]
)
def test_whole_numbers_only_become_integers(value, number):
    assert parse_int(value) == number


@pytest.mark.parametrize(("value", "truth"), [
    (True, True), ("True", True), ("Sí", True), ("si", True), ("1", True),
    (False, False), ("false", False), ("No", False), ("0", False), ("", None), (None, None),
])
def test_booleans_read_from_json_and_from_spanish_words(value, truth):
    assert parse_bool(value) is truth


@pytest.mark.parametrize(("value", "expected"), [
    ("DanglingId000001", "DanglingId000001"), ({"id": "Vendedor00000001"}, "Vendedor00000001"),
    ([{"id": "Vendedor00000001"}], "Vendedor00000001"), (["Vendedor00000001"], "Vendedor00000001"),
    ([], ""), (None, ""), (1234, "1234"),
])
def test_a_foreign_id_is_kept_whatever_shape_it_comes_in(value, expected):
    assert ref_id(value) == expected


def test_text_drops_nul_bytes_and_blanks_and_keeps_the_rest():
    assert text(" Café\x00 Ñandú ") == "Café Ñandú"
    assert text(None) == ""
    assert text("abcdef", max_length=3) == "abc"
