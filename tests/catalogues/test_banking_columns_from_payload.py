"""Typed columns of bank accounts and movements, read from realistic and hostile payloads."""

import datetime as dt
from decimal import Decimal

from banking.models import BankAccount, BankMovement
from sync.parsing import ECUADOR
from tests.catalogues import payloads


def test_bank_account_keeps_number_with_leading_zeros_and_opening_balance():
    columns = BankAccount.columns_from_payload(payloads.BANK_ACCOUNT)

    assert columns["nombre"] == "CTA PICHINCHA"
    assert columns["numero"] == "0002204567"
    assert (columns["tipo_cuenta"], columns["estado"]) == ("CC", "A")
    assert columns["nombre_banco"] == "Banco Pichincha"
    assert columns["saldo_inicial"] == Decimal("11200.00")
    assert columns["fecha_corte"] == dt.date(2025, 12, 31)
    assert columns["cuenta_contable"] == "1.1.02.01"
    assert columns["updated_at"] is None


def test_bank_account_ledger_account_as_an_object_keeps_its_id():
    columns = BankAccount.columns_from_payload(
        {"cuenta_contable": {"id": "6x01dNXK8QfMaX7W", "nombre": "BANCOS"}}
    )

    assert columns["cuenta_contable"] == "6x01dNXK8QfMaX7W"


def test_bank_movement_amount_is_the_sum_of_its_lines():
    columns = BankMovement.columns_from_payload(payloads.BANK_MOVEMENT)

    assert columns["monto"] == Decimal("287.50")
    assert columns["numero_comprobante"] == "201301000006"
    assert (columns["tipo"], columns["tipo_registro"]) == ("D", "I")
    assert columns["cuenta_bancaria_id"] == "bA1nK2aC3cO4uN5t"


def test_bank_movement_party_is_the_plain_persona_id():
    columns = BankMovement.columns_from_payload(payloads.BANK_MOVEMENT)

    assert columns["persona_id"] == "pKBe1Eqk8f6zeXyO"


def test_bank_movement_emission_date_is_its_upstream_update_time():
    columns = BankMovement.columns_from_payload(payloads.BANK_MOVEMENT)

    assert columns["fecha_emision"] == dt.date(2026, 1, 15)
    assert columns["updated_at"] == dt.datetime(2026, 1, 15, tzinfo=ECUADOR)


def test_bank_movement_lines_with_numbers_nulls_and_junk_still_sum():
    columns = BankMovement.columns_from_payload(
        {"detalles": [{"monto": 10}, {"monto": None}, {"monto": ""}, "junk", {"monto": "2.5"}]}
    )

    assert columns["monto"] == Decimal("12.50")


def test_bank_movement_without_readable_lines_has_no_amount():
    for lines in (None, [], [{"monto": None}], "250.0"):
        assert BankMovement.columns_from_payload({"detalles": lines})["monto"] is None


def test_bank_movement_party_as_object_or_persona_id_keeps_its_id():
    as_object = BankMovement.columns_from_payload({"persona": {"id": "pKBe1Eqk8f6zeXyO"}})
    as_persona_id = BankMovement.columns_from_payload({"persona": None, "persona_id": "pKBe1Eqk8f6zeXyO"})

    assert as_object["persona_id"] == as_persona_id["persona_id"] == "pKBe1Eqk8f6zeXyO"
