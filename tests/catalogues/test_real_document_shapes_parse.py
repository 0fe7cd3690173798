"""One test per real shape seen in Contífico payloads that the parsers must read.

Shapes from the v2 captures, the v2 OpenAPI and third-party parsers' tests (see
tests/fixtures/real_payloads/PROVENANCE.md).
"""

import datetime as dt
from decimal import Decimal

import pytest

from accounting.models import Document, JournalEntry, Person, Purchase, RegistryTransaction
from sync.parsing import ECUADOR, parse_date, parse_datetime, ref_id

SELLER = {"id": "J0yelMZ3gKiN4aER", "ruc": "1792146739001", "razon_social": "SIDERALSOFT CIA. LTDA."}


def test_a_nested_seller_with_a_null_vendedor_id_gives_the_sellers_id():
    columns = Document.columns_from_payload({"vendedor": SELLER, "vendedor_id": None})
    assert columns["vendedor_id"] == "J0yelMZ3gKiN4aER"


def test_a_seller_sent_as_an_array_gives_its_first_elements_id():
    columns = Document.columns_from_payload({"vendedor": [SELLER], "vendedor_id": None})
    assert columns["vendedor_id"] == SELLER["id"]
    assert ref_id([{"id": "a"}, {"id": "b"}]) == "a"
    assert ref_id([]) == "" and ref_id([None]) == "" and ref_id([{"nombre": "x"}]) == ""


def test_vendedor_id_wins_over_the_nested_seller():
    columns = Document.columns_from_payload({"vendedor": {"id": "otro"}, "vendedor_id": "J0yelMZ3gKiN4aER"})
    assert columns["vendedor_id"] == "J0yelMZ3gKiN4aER"


def test_an_openapi_style_seller_without_id_or_an_empty_string_gives_no_id():
    assert Document.columns_from_payload({"vendedor": {"ruc": "0904728680001"}})["vendedor_id"] == ""
    assert Document.columns_from_payload({"vendedor": ""})["vendedor_id"] == ""


def test_journal_entry_details_as_one_object_give_its_totals():
    columns = JournalEntry.columns_from_payload(
        {"fecha": "16/05/2017", "detalles": {"cuenta_id": "MZN5wbojDFXaxEO0", "tipo": "H", "valor": "12.5"}}
    )
    assert (columns["debe"], columns["haber"]) == (Decimal("0.00"), Decimal("12.50"))


@pytest.mark.parametrize(("text", "expected"), [
    ("18/02/2026 11:12:08", dt.datetime(2026, 2, 18, 11, 12, 8, tzinfo=ECUADOR)),
    ("18/02/2026 11:12", dt.datetime(2026, 2, 18, 11, 12, tzinfo=ECUADOR)),
    ("2026-02-18T11:12:08", dt.datetime(2026, 2, 18, 11, 12, 8, tzinfo=ECUADOR)),
])
def test_timestamps_in_day_month_year_and_iso_forms_parse_as_ecuador_time(text, expected):
    assert parse_datetime(text) == expected
    assert parse_date(text) == expected.date()


def test_a_person_timestamp_in_day_month_year_form_fills_modified_upstream():
    columns = Person.columns_from_payload({"fecha_modificacion": "18/02/2026 11:12:08"})
    assert columns["updated_at"] == dt.datetime(2026, 2, 18, 11, 12, 8, tzinfo=ECUADOR)


def test_a_nested_person_with_the_v1_category_key_and_a_foreign_cedula_identifies_the_party():
    person = {
        "id": "wJvaMZK4JgI4mbpz", "ruc": None, "cedula": "ESB56663032",
        "razon_social": "Soution Solutions SL", "id_categoria": None, "pvp_default": "",
    }
    columns = Document.columns_from_payload({"persona_id": None, "persona": person})
    assert columns["persona_id"] == "wJvaMZK4JgI4mbpz"
    assert columns["persona_identificacion"] == "ESB56663032"
    assert Person.columns_from_payload({**person, "id_categoria": "Cat0000000000001"})["categoria_id"] == (
        "Cat0000000000001"
    )


def test_a_prefactura_keeps_its_plain_number_null_authorisation_and_iva_amount():
    columns = Document.columns_from_payload({
        "tipo_documento": "PRE", "documento": "202606001918", "autorizacion": None, "subtotal_12": "5.0",
        "subtotal": "5.0", "iva": "0.75", "total": "5.75", "reserva_relacionada": None,
        "cobros": [{"forma_cobro": "CAJA", "monto": "0.01"}],
    })
    assert columns["documento"] == "202606001918"
    assert columns["iva"] == Decimal("0.75")  # an amount, not the 15% rate
    assert columns["total"] == Decimal("5.75")


def test_without_real_samples_purchase_and_transaction_parsers_read_any_likely_name():
    # No real registro/transaccion or purchase payload exists publicly: read every plausible name.
    columns = RegistryTransaction.columns_from_payload(
        {"tipo_transaccion": "COB", "fecha_emision": "05/03/2026", "monto": 12,
         "documento": {"id": "Doc0000000000001"}, "persona": [{"id": "Per0000000000001"}],
         "concepto": "Cobro"}
    )
    assert (columns["tipo"], columns["fecha"]) == ("COB", dt.date(2026, 3, 5))
    assert columns["valor"] == Decimal("12.00")
    assert (columns["documento_id"], columns["persona_id"]) == ("Doc0000000000001", "Per0000000000001")
    purchase = Purchase.columns_from_payload(
        {"tipo": "LQC", "cliente": {"cedula": "1802895555"}, "vendedor": [SELLER]}
    )
    assert (purchase["tipo_documento"], purchase["persona_identificacion"]) == ("LQC", "1802895555")
    assert purchase["vendedor_id"] == SELLER["id"]
