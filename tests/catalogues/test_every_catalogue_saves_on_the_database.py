"""Every catalogue model stores a record, its typed columns and its payload on the real database."""

import pytest
from django.utils import timezone

from tests.catalogues.catalogue_models import LABELS, model_for
from tests.catalogues.payloads import BY_MODEL

pytestmark = pytest.mark.django_db


def _create(model, record_id, payload):
    return model.objects.create(
        id=record_id,
        payload=payload,
        payload_hash="x",
        fetched_at=timezone.now(),
        **model.columns_from_payload(payload),
    )


@pytest.mark.parametrize("label", LABELS)
def test_a_record_saves_and_reads_back_with_its_typed_columns_and_payload(label):
    model = model_for(label)
    payload = BY_MODEL[label]
    _create(model, payload["id"], payload)

    stored = model.objects.get(id=payload["id"])

    assert stored.payload == payload
    for name, value in model.columns_from_payload(payload).items():
        assert getattr(stored, name) == value, name
    assert stored.deleted_at is None
    assert str(stored)


@pytest.mark.parametrize("label", LABELS)
def test_ids_differing_only_in_letter_case_are_two_distinct_rows(label):
    model = model_for(label)
    payload = BY_MODEL[label]
    _create(model, "AbCdEfGhIjKlMnOp", payload)
    _create(model, "abcdefghijklmnop", payload)

    assert model.objects.count() == 2
    assert model.objects.get(id="AbCdEfGhIjKlMnOp").pk == "AbCdEfGhIjKlMnOp"
    assert model.objects.filter(id="ABCDEFGHIJKLMNOP").count() == 0


def test_catalogue_tables_have_the_contract_names():
    tables = {model_for(label)._meta.db_table for label in LABELS}

    assert tables == {
        "categories",
        "brands",
        "variants",
        "products",
        "warehouses",
        "inventory_movements",
        "remission_guides",
        "purchases",
        "sales",
        "documents",
        "registry_transactions",
        "persons",
        "cost_centers",
        "chart_of_accounts",
        "journal_entries",
        "bank_accounts",
        "bank_movements",
    }
