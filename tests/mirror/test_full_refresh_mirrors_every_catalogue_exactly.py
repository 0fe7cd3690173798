import pytest

from inventory.models import Product
from sync import catalogues as registry
from sync.engine import synchronise_inventory
from sync.models import SyncRun, SyncState
from tests.mirror.support import (
    client_for,
    mirror_differences,
    running_sandbox,
    upstream_ids,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("faults", ["none", "flaky"])
def test_a_full_refresh_leaves_every_table_holding_exactly_what_the_api_serves(faults):
    # A quarter of the URLs misbehave: enough that every kind of fault shows up in one run.
    with running_sandbox(faults=faults, fault_rate=0.25) as sb:
        run = synchronise_inventory(full_refresh=True, client=client_for(sb))

        rows = {row.resource: row for row in run.catalogues.all()}
        failures = {k: row.message for k, row in rows.items() if row.status != row.Status.SUCCEEDED}
        assert failures == {}
        assert run.status == SyncRun.Status.SUCCEEDED
        assert mirror_differences(sb) == []
        for key in registry.KEYS:
            assert rows[key].created == len(upstream_ids(sb, key)), key
        if faults != "none":
            # Retried requests: more requests reached the API than pages were read.
            pages = sum(row.pages + row.recovery_requests for row in rows.values())
            assert sb.stats()["total"] > pages, "the flaky profile should have produced failures to survive"


def test_a_second_full_refresh_rewrites_nothing_and_counts_every_record_unchanged():
    with running_sandbox() as sb:
        client = client_for(sb)
        synchronise_inventory(full_refresh=True, client=client)
        fetched = dict(Product.objects.values_list("id", "fetched_at"))
        run = synchronise_inventory(full_refresh=True, client=client)

        assert dict(Product.objects.values_list("id", "fetched_at")) == fetched
        for row in run.catalogues.all():
            assert (row.created, row.updated, row.deleted) == (0, 0, 0), row.resource
            assert row.unchanged == len(upstream_ids(sb, row.resource)), row.resource


def test_rows_repeated_across_v2_pages_are_written_once_and_the_skipped_ones_recovered():
    counts = {"documento": 3000, "movimiento-inventario": 3000}
    with running_sandbox(faults="unstable", fault_rate=0.5, counts=counts) as sb:
        keys = ["inventory_movements", "documents"]
        run = synchronise_inventory(resources=keys, full_refresh=True, client=client_for(sb))

        rows = {row.resource: row for row in run.catalogues.all()}
        for key in keys:
            assert rows[key].status == "succeeded", rows[key].message
            assert rows[key].duplicates > 0, key
            assert rows[key].recovery_requests > 0, key
            assert rows[key].api_count == len(upstream_ids(sb, key)), key
        assert mirror_differences(sb, keys) == []


def test_sync_state_records_the_last_successful_sync_of_each_catalogue():
    with running_sandbox(scale="tiny") as sb:
        run = synchronise_inventory(resources=["brands", "sales"], full_refresh=True, client=client_for(sb))

        states = {state.resource: state for state in SyncState.objects.all()}
        assert set(states) == {"brands", "sales"}
        for state in states.values():
            assert state.last_synced_at is not None
            assert state.last_full_refresh_at == state.last_synced_at
            assert state.last_run_id == run.pk
