"""One list of counters (``sync.models.COUNTERS``): the pass's stats, the summary and the admin follow it."""

import dataclasses

from sync.admin import counts_summary
from sync.engine import CatalogueStats
from sync.models import COUNTERS, SyncRunCatalogue


def test_every_counter_is_a_field_of_the_run_row_and_of_the_pass_stats():
    counters = {name for name, _ in COUNTERS}
    assert "sanitised" in counters
    assert {field.name for field in dataclasses.fields(CatalogueStats)} == counters | {"api_count", "errors"}
    assert counters <= {field.name for field in SyncRunCatalogue._meta.get_fields()}


def test_the_admin_shows_every_counter_under_its_spanish_name():
    # Distinct values, so a counter shown under another's name cannot pass for it.
    values = {name: 101 + n for n, (name, _) in enumerate(COUNTERS)}
    shown = str(counts_summary(SyncRunCatalogue(resource="documents", **values)))
    for name, _ in COUNTERS:
        label = SyncRunCatalogue._meta.get_field(name).verbose_name
        if name == "pages":
            label = "páginas"
        assert f"{values[name]} {label}" in shown, name
