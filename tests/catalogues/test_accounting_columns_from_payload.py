"""Typed columns of documents, parties and the ledger, read from realistic and hostile payloads."""

import datetime as dt
from decimal import Decimal

import pytest

from accounting.models import (
    CostCenter,
    Document,
    JournalEntry,
    LedgerAccount,
    Person,
    Purchase,
    RegistryTransaction,
    Sale,
)
from sync.parsing import ECUADOR
from tests.catalogues import payloads


def test_sale_keeps_number_type_state_dates_and_party():
    columns = Sale.columns_from_payload(payloads.SALE)

    assert columns["documento"] == "001-001-000000251"
    assert (columns["tipo_registro"], columns["tipo_documento"], columns["estado"]) == ("CLI", "FAC", "P")
    assert columns["anulado"] is False
    assert columns["fecha_emision"] == dt.date(2021, 5, 17)
    assert columns["fecha_vencimiento"] == dt.date(2021, 6, 16)
    assert columns["persona_id"] == "pKBe1Eqk8f6zeXyO"
    assert columns["razon_social"] == "COMERCIAL ANDINA S.A."
    assert columns["persona_identificacion"] == "0922054366001"


def test_sale_amounts_are_decimals_in_cents():
    columns = Sale.columns_from_payload(payloads.SALE)

    assert columns["subtotal_0"] == Decimal("0.00")
    assert columns["subtotal_12"] == Decimal("250.00")
    assert columns["iva"] == Decimal("37.50")
    assert columns["total"] == Decimal("287.50")
    assert columns["saldo"] == Decimal("287.49")


def test_a_document_without_a_modification_time_leaves_modified_upstream_empty():
    # Real documents (v1 and v2) carry no modification time; the issue date is not one.
    columns = Sale.columns_from_payload(payloads.SALE)

    assert columns["updated_at"] is None
    assert columns["fecha_emision"] == dt.date(2021, 5, 17)


def test_a_document_that_does_carry_a_modification_time_uses_it():
    columns = Document.columns_from_payload(payloads.DOCUMENT)

    assert columns["updated_at"] == dt.datetime(2026, 6, 2, 9, 30, tzinfo=ECUADOR)
    assert columns["tipo_documento"] == "PRE"


def test_purchase_party_without_ruc_is_identified_by_cedula():
    columns = Purchase.columns_from_payload(payloads.PURCHASE)

    assert columns["tipo_documento"] == "LQC"
    assert columns["persona_identificacion"] == "1802895555"
    assert columns["razon_social"] == "MARIA LOPEZ"


def test_documented_detail_form_with_cliente_and_tipo_still_fills_the_columns():
    columns = Sale.columns_from_payload(
        {
            "tipo": "FAC",
            "persona_id": "pKBe1Eqk8f6zeXyO",
            "cliente": {"ruc": "0922054366001", "razon_social": "COMERCIAL ANDINA S.A."},
            "total": 287.5,
        }
    )

    assert columns["tipo_documento"] == "FAC"
    assert columns["persona_identificacion"] == "0922054366001"
    assert columns["razon_social"] == "COMERCIAL ANDINA S.A."
    assert columns["total"] == Decimal("287.50")


def test_document_party_known_only_through_the_nested_persona_keeps_its_id():
    columns = Sale.columns_from_payload({"persona_id": "", "persona": {"id": "pKBe1Eqk8f6zeXyO"}})

    assert columns["persona_id"] == "pKBe1Eqk8f6zeXyO"


def test_document_seller_given_as_object_or_bare_id_keeps_its_id():
    as_object = Sale.columns_from_payload({"vendedor": {"id": "vN3mB6xC9zL2kJ5h", "nombre": "ANA"}})
    as_id = Sale.columns_from_payload({"vendedor_id": "vN3mB6xC9zL2kJ5h"})

    assert as_object["vendedor_id"] == as_id["vendedor_id"] == "vN3mB6xC9zL2kJ5h"


def test_document_with_null_persona_empty_amounts_and_bad_dates_gives_blank_columns():
    columns = Sale.columns_from_payload(
        {
            "persona": None,
            "total": "",
            "saldo": None,
            "fecha_emision": "2021-13-45",
            "fecha_modificacion": "ayer",
        }
    )

    assert columns["persona_id"] == ""
    assert columns["razon_social"] == ""
    assert columns["total"] is None
    assert columns["saldo"] is None
    assert columns["fecha_emision"] is None
    assert columns["updated_at"] is None


def test_registry_transaction_reads_the_usual_names():
    columns = RegistryTransaction.columns_from_payload(payloads.REGISTRY_TRANSACTION)

    assert columns == {
        "tipo": "COB",
        "fecha": dt.date(2026, 3, 5),
        "valor": Decimal("120.50"),
        "documento_id": "Gge0gB7y4AIwPdAD",
        "persona_id": "pKBe1Eqk8f6zeXyO",
        "descripcion": "Cobro factura 251",
        "updated_at": dt.datetime(2026, 3, 5, tzinfo=ECUADOR),
        "search_text": "cob | cobro factura 251",  # the admin's search: tipo and descripcion
    }


def test_registry_transaction_of_unknown_shape_falls_back_to_similar_names():
    columns = RegistryTransaction.columns_from_payload(
        {
            "fecha_emision": "01/02/2026",
            "monto": 45,
            "documento": {"id": "Gge0gB7y4AIwPdAD"},
            "persona": "pKBe1Eqk8f6zeXyO",
            "glosa": "Pago",
        }
    )

    assert columns["fecha"] == dt.date(2026, 2, 1)
    assert columns["valor"] == Decimal("45.00")
    assert columns["documento_id"] == "Gge0gB7y4AIwPdAD"
    assert columns["persona_id"] == "pKBe1Eqk8f6zeXyO"
    assert columns["descripcion"] == "Pago"


def test_person_modification_time_is_naive_iso_in_ecuador_time():
    columns = Person.columns_from_payload(payloads.PERSON)

    assert columns["updated_at"] == dt.datetime(2026, 2, 18, 11, 12, 8, tzinfo=ECUADOR)
    assert columns["updated_at"].utcoffset() == dt.timedelta(hours=-5)


def test_person_keeps_names_ids_roles_and_category():
    columns = Person.columns_from_payload(payloads.PERSON)

    assert columns["razon_social"] == "PEREZ GOMEZ JUAN CARLOS"
    assert columns["nombre_comercial"] == ""
    assert (columns["cedula"], columns["ruc"]) == ("1802895555", "1802895555001")
    assert (columns["es_cliente"], columns["es_proveedor"]) == (True, False)
    assert columns["categoria_id"] == "c8Hq2Wm4Zt6Yp1Rs"
    assert columns["vendedor_asignado_id"] == "vN3mB6xC9zL2kJ5h"


def test_v1_person_category_key_is_id_categoria():
    columns = Person.columns_from_payload({"id_categoria": "c8Hq2Wm4Zt6Yp1Rs", "categoria_id": None})

    assert columns["categoria_id"] == "c8Hq2Wm4Zt6Yp1Rs"


@pytest.mark.parametrize(
    "assigned, expected",
    [
        ({"id": "vN3mB6xC9zL2kJ5h", "nombre": "ANA TORRES"}, "vN3mB6xC9zL2kJ5h"),
        ("vN3mB6xC9zL2kJ5h", "vN3mB6xC9zL2kJ5h"),
        (None, ""),
        ({}, ""),
        ("", ""),
    ],
)
def test_person_assigned_seller_may_be_an_object_or_a_bare_id(assigned, expected):
    columns = Person.columns_from_payload({"vendedor_asignado": assigned})

    assert columns["vendedor_asignado_id"] == expected


def test_v1_person_without_modification_time_has_no_update_time():
    columns = Person.columns_from_payload({**payloads.PERSON, "fecha_modificacion": None})

    assert columns["updated_at"] is None


def test_person_numeric_cedula_is_kept_as_text():
    assert Person.columns_from_payload({"cedula": 1802895555})["cedula"] == "1802895555"


def test_cost_center_and_ledger_account_keep_code_name_and_kind():
    center = CostCenter.columns_from_payload(payloads.COST_CENTER)
    account = LedgerAccount.columns_from_payload(payloads.LEDGER_ACCOUNT)

    assert (center["codigo"], center["nombre"], center["tipo"], center["estado"]) == (
        "1.2",
        "Centro costo 2",
        "T",
        "A",
    )
    assert center["padre_id"] == "cC0dE0fG0hI0jK0l"
    assert (account["codigo"], account["nombre"], account["tipo"]) == ("4.1.01", "VENTAS TARIFA 15%", "C")


def test_journal_entry_sums_its_debit_and_credit_lines():
    columns = JournalEntry.columns_from_payload(payloads.JOURNAL_ENTRY)

    assert columns["fecha"] == dt.date(2026, 7, 8)
    assert columns["updated_at"] == dt.datetime(2026, 7, 8, tzinfo=ECUADOR)
    assert columns["glosa"] == "Provisión de gastos de julio"
    assert columns["debe"] == Decimal("100.00")
    assert columns["haber"] == Decimal("100.00")


def test_journal_entry_lines_with_bad_side_or_amount_are_skipped():
    columns = JournalEntry.columns_from_payload(
        {
            "detalles": [
                {"tipo": "d", "valor": "10.0"},
                {"tipo": "X", "valor": "99.0"},
                {"tipo": "H", "valor": "abc"},
                None,
                "line",
            ]
        }
    )

    assert columns["debe"] == Decimal("10.00")
    assert columns["haber"] == Decimal("0.00")


def test_journal_entry_without_lines_has_no_totals():
    for lines in (None, [], "", {}):
        columns = JournalEntry.columns_from_payload({"detalles": lines})
        assert (columns["debe"], columns["haber"]) == (None, None)
