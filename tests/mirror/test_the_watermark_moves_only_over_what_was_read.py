"""``sync_state`` moves only over ground a pass really covered (README, "How the mirror stays exact").

The watermark is where the next incremental pass starts (minus a two-day overlap). It must never
jump past records nobody read: a ``--since`` later than the saved watermark leaves a gap behind it,
so the old watermark stays; a pass that covered everything moves it to the moment the pass began.
"""

import datetime as dt

import pytest

from sync.engine import synchronise_inventory
from sync.models import SyncState
from sync.parsing import ECUADOR
from tests.mirror.support import client_for, running_sandbox

pytestmark = pytest.mark.django_db(transaction=True)


def state(key):
    return SyncState.objects.get(resource=key)


def test_a_since_later_than_the_watermark_leaves_the_watermark_where_it_was():
    with running_sandbox(scale="tiny") as sb:
        client = client_for(sb)
        synchronise_inventory(resources=["persons"], full_refresh=True, client=client)
        before = state("persons")

        run = synchronise_inventory(
            resources=["persons"], since=before.last_synced_at + dt.timedelta(minutes=1), client=client
        )

    row = run.catalogues.get()
    assert (row.status, row.mode) == ("succeeded", "incremental")
    after = state("persons")
    assert after.last_synced_at == before.last_synced_at
    assert after.last_full_refresh_at == before.last_full_refresh_at


def test_a_since_equal_to_the_watermark_moves_it_to_the_start_of_the_pass():
    with running_sandbox(scale="tiny") as sb:
        client = client_for(sb)
        synchronise_inventory(resources=["persons"], full_refresh=True, client=client)
        before = state("persons")

        run = synchronise_inventory(resources=["persons"], since=before.last_synced_at, client=client)

    row = run.catalogues.get()
    after = state("persons")
    assert row.mode == "incremental"
    assert after.last_synced_at == row.started_at > before.last_synced_at
    # An incremental pass is not a full refresh.
    assert after.last_full_refresh_at == before.last_full_refresh_at
    assert after.last_run == run


def test_a_since_on_a_catalogue_never_synced_sets_no_watermark_and_the_next_run_reads_everything():
    with running_sandbox(scale="tiny") as sb:
        client = client_for(sb)
        synchronise_inventory(
            resources=["persons"], since=dt.datetime(2026, 1, 1, tzinfo=ECUADOR), client=client
        )
        assert state("persons").last_synced_at is None
        assert state("persons").last_full_refresh_at is None

        run = synchronise_inventory(resources=["persons"], client=client)

    row = run.catalogues.get()
    assert (row.mode, row.since) == ("full", None)
    assert state("persons").last_synced_at == row.started_at
    assert state("persons").last_full_refresh_at == row.started_at


def test_a_since_on_a_catalogue_without_a_date_filter_reads_it_whole_and_moves_the_watermark():
    with running_sandbox(scale="tiny") as sb:
        client = client_for(sb)
        synchronise_inventory(resources=["brands"], full_refresh=True, client=client)
        before = state("brands")

        run = synchronise_inventory(
            resources=["brands"], since=before.last_synced_at + dt.timedelta(days=1), client=client
        )

    row = run.catalogues.get()
    assert (row.mode, row.since) == ("full", None)
    assert state("brands").last_synced_at == row.started_at
    assert state("brands").last_full_refresh_at == row.started_at


def test_an_incremental_run_starts_two_days_before_the_last_success_in_ecuador_time():
    # 03:00 UTC on the 10th is 22:00 on the 9th in Ecuador; two days earlier is the 7th there
    # (the 8th in UTC).
    watermark = dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC)
    SyncState.objects.create(resource="persons", last_synced_at=watermark, last_full_refresh_at=watermark)
    with running_sandbox(scale="tiny") as sb:
        run = synchronise_inventory(resources=["persons"], client=client_for(sb))

    row = run.catalogues.get()
    assert (row.status, row.mode, row.since) == ("succeeded", "incremental", dt.date(2026, 3, 7))
    assert state("persons").last_synced_at == row.started_at
    assert state("persons").last_full_refresh_at == watermark
    assert state("persons").cursor == {"since": "2026-03-07", "mode": "incremental"}


def test_a_full_refresh_moves_both_watermarks_to_the_start_of_the_pass():
    watermark = dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC)
    SyncState.objects.create(resource="persons", last_synced_at=watermark, last_full_refresh_at=watermark)
    with running_sandbox(scale="tiny") as sb:
        run = synchronise_inventory(resources=["persons"], full_refresh=True, client=client_for(sb))

    row = run.catalogues.get()
    assert (row.mode, row.since) == ("full", None)
    after = state("persons")
    assert after.last_synced_at == after.last_full_refresh_at == row.started_at
    assert after.last_run == run
    assert after.cursor == {"since": None, "mode": "full"}
