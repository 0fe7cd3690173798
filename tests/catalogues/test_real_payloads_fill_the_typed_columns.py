"""Real payloads from public samples (tests/fixtures/real_payloads) fill the models' typed columns."""

import datetime as dt
from decimal import Decimal

import pytest

from accounting.models import CostCenter, Document, JournalEntry, Person
from banking.models import BankMovement
from inventory.models import InventoryMovement, Product
from sync.parsing import ECUADOR
from tests.fixtures import real_payloads

MODELS = {
    ("v2", "documento"): Document,
    ("v2", "persona"): Person,
    ("v1", "persona"): Person,
    ("v2", "contabilidad/asiento"): JournalEntry,
    ("v2", "movimiento-inventario"): InventoryMovement,
    ("v2", "producto"): Product,
    ("v1", "contabilidad/centro-costo"): CostCenter,
    ("v1", "banco/movimiento"): BankMovement,
}


def _columns(source, collection, index=0, version="v2"):
    path = real_payloads.ROOT / source / version / f"{collection.replace('/', '__')}.json"
    payload = real_payloads.load(path)[index]
    return MODELS[(version, collection)].columns_from_payload(payload)


@pytest.mark.parametrize("path", real_payloads.files(), ids=lambda p: str(p.relative_to(real_payloads.ROOT)))
@pytest.mark.django_db
def test_every_real_payload_fills_its_columns_and_saves(path):
    model = MODELS[real_payloads.endpoint_of(path)]
    for payload in real_payloads.load(path):
        columns = model.columns_from_payload(payload)
        assert set(columns) <= {field.name for field in model._meta.fields}
        now = dt.datetime.now(ECUADOR)
        model.objects.create(id=payload["id"], payload=payload, fetched_at=now, **columns)
        assert model.objects.get(pk=payload["id"]).payload == payload


def test_a_captured_prefactura_reads_its_foreign_party_amounts_and_plain_number():
    columns = _columns("captured", "documento")
    assert (columns["tipo_documento"], columns["estado"]) == ("PRE", "F")
    assert columns["documento"] == "202606001919"
    assert columns["persona_id"] == "wJvaMZK4JgI4mbpz"
    assert columns["persona_identificacion"] == "1790016919001"  # ruc first; the cédula is foreign
    assert columns["razon_social"] == "Soution Solutions SL"
    assert (columns["subtotal_12"], columns["iva"], columns["total"]) == (
        Decimal("250.00"), Decimal("37.50"), Decimal("287.50")
    )
    assert columns["saldo"] == Decimal("287.49")
    assert columns["vendedor_id"] == ""
    assert columns["updated_at"] is None  # no modification time in a real document
    assert columns["fecha_emision"] == dt.date(2026, 6, 2)


def test_a_captured_document_with_a_nested_seller_keeps_the_sellers_id():
    columns = _columns("captured", "documento", index=1)
    assert columns["vendedor_id"] == "J0yelMZ3gKiN4aER"
    assert columns["persona_identificacion"] == "1700000003"  # no ruc (null): the cédula


def test_the_openapi_journal_entry_with_one_line_object_has_its_debit():
    columns = _columns("openapi", "contabilidad/asiento")
    assert (columns["debe"], columns["haber"]) == (Decimal("10.00"), Decimal("0.00"))
    assert columns["fecha"] == dt.date(2017, 5, 16)


def test_the_openapi_person_has_its_seller_category_and_modification_time():
    columns = _columns("openapi", "persona")
    assert columns["vendedor_asignado_id"] == "k0pZeV0BnYcPbGWX"
    assert columns["updated_at"] == dt.datetime(2026, 2, 18, 11, 12, 8, tzinfo=ECUADOR)
    assert columns["ruc"] == "0926518754001"


def test_the_v1_docs_bank_movement_sums_its_lines():
    columns = _columns("v1_docs", "banco/movimiento", version="v1")
    assert columns["monto"] == Decimal("40.00")
    assert columns["persona_id"] == "G6x01dN2ZFNdX7Wz"
