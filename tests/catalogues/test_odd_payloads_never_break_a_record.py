"""Any payload, however odd, gives typed columns that fit their database columns and save."""

from decimal import Decimal

import pytest
from django.db import models
from django.utils import timezone

from tests.catalogues.catalogue_models import LABELS, model_for
from tests.catalogues.payloads import BY_MODEL

ODD_VALUES = [
    None,
    "",
    "   ",
    0,
    -1,
    12345678901234567890,
    3.14159,
    True,
    "1e30",
    "NaN",
    "31/02/2020",
    "2026-02-30T25:61:00",
    "X" * 5000,
    {"id": "nested0000000001", "nombre": "OBJETO"},
    {"id": {"id": "deep"}},
    [],
    ["a", "b"],
]


def _odd_payloads(sample):
    yield {}
    for value in ODD_VALUES:
        yield {key: value for key in sample}


def _assert_fits(model, columns):
    for name, value in columns.items():
        field = model._meta.get_field(name)
        if value is None:
            assert field.null, f"{model.__name__}.{name} got None but is not nullable"
        elif isinstance(field, models.CharField):
            assert isinstance(value, str) and len(value) <= field.max_length, f"{model.__name__}.{name}"
        elif isinstance(field, models.DecimalField):
            assert isinstance(value, Decimal)
            integer_digits = field.max_digits - field.decimal_places
            assert abs(value) < Decimal(10) ** integer_digits, f"{model.__name__}.{name}"
            assert value.as_tuple().exponent == -field.decimal_places


@pytest.mark.parametrize("label", LABELS)
def test_columns_from_odd_payloads_never_raise_and_fit_their_columns(label):
    model = model_for(label)
    for payload in [*_odd_payloads(BY_MODEL[label]), None, [], "text", 42]:
        columns = model.columns_from_payload(payload)
        _assert_fits(model, columns)


@pytest.mark.parametrize("label", LABELS)
def test_columns_name_only_real_fields_and_always_set_updated_at(label):
    model = model_for(label)
    columns = model.columns_from_payload(BY_MODEL[label])
    field_names = {field.name for field in model._meta.concrete_fields}
    base = {"id", "payload", "payload_hash", "fetched_at", "deleted_at"}

    assert "updated_at" in columns
    assert set(columns) <= field_names - base
    # Every typed column of the model is filled by the parser, none forgotten.
    assert set(columns) == field_names - base


@pytest.mark.django_db
@pytest.mark.parametrize("label", LABELS)
def test_records_built_from_odd_payloads_save_on_the_database(label):
    model = model_for(label)
    for number, payload in enumerate(_odd_payloads(BY_MODEL[label])):
        model.objects.create(
            id=f"odd{number:013d}",
            payload=payload,
            payload_hash="x",
            fetched_at=timezone.now(),
            **model.columns_from_payload(payload),
        )

    assert model.objects.count() == len(ODD_VALUES) + 1
