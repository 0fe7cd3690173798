from decimal import Decimal

from sync.parsing import parse_decimal_column, parse_money


def test_money_rounds_half_cents_up_as_an_accountant_expects():
    assert parse_money("12.345") == Decimal("12.35")
    assert parse_money(2.675) == Decimal("2.68")


def test_an_amount_with_an_absurd_exponent_becomes_none_instead_of_crashing():
    assert parse_money("1e30") is None
    assert parse_decimal_column("1e30", 16, 2) is None
