"""Typed columns parsed from odd payloads come back from the database exactly as parsed.

SQLite stores a value too big for a ``numeric(16,2)`` column without complaint, so "it saved" proves
nothing there: reading the row back must give the same values, on both databases.
"""

import pytest
from django.utils import timezone

from tests.catalogues.catalogue_models import LABELS, model_for
from tests.catalogues.payloads import BY_MODEL
from tests.catalogues.test_odd_payloads_never_break_a_record import _odd_payloads

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("label", LABELS)
def test_typed_columns_of_odd_payloads_read_back_as_they_were_parsed(label):
    model = model_for(label)
    expected = {}
    for number, payload in enumerate([BY_MODEL[label], *_odd_payloads(BY_MODEL[label])]):
        record_id = f"odd{number:013d}"
        columns = model.columns_from_payload(payload)
        model.objects.create(id=record_id, payload=payload, payload_hash="x", fetched_at=timezone.now(),
                             **columns)
        expected[record_id] = (payload, columns)

    for record in model.objects.all():
        payload, columns = expected[record.pk]
        assert record.payload == payload
        stored = {name: getattr(record, name) for name in columns}
        assert stored == columns, record.pk
