"""A v2 list that repeats and skips rows (unstable ordering) still ends in an exact mirror.

The walk's unique ids fall short of ``count``; the engine re-reads the days of the repeated
rows (windows that fit one page are complete) and the catalogue ends succeeded, every row
stored once, with the extra requests counted.
"""

import pytest

from accounting.models import Document
from sync.engine import synchronise_inventory
from sync.models import SyncRun
from tests.client.scripted_server import ScriptedServer
from tests.mirror.test_bad_data_never_crashes_a_run import make_client
from tests.mirror.unstable_list import UnstableList, documents

pytestmark = pytest.mark.django_db(transaction=True)


def test_skipped_rows_are_recovered_and_the_catalogue_ends_exact():
    rows = documents(3000)
    unstable = UnstableList(rows, shuffle_share=0.3)
    with ScriptedServer() as server:
        server.route("/v2/documento/", unstable)
        run = synchronise_inventory(resources=["documents"], full_refresh=True, client=make_client(server))

    row = run.catalogues.get()
    assert row.status == row.Status.SUCCEEDED, row.message
    assert run.status == SyncRun.Status.SUCCEEDED
    assert row.duplicates > 0  # the walk really did repeat (and so skip) rows
    assert row.recovery_requests > 0
    assert (row.missing, row.api_count) == (0, 3000)
    assert set(Document.objects.values_list("id", flat=True)) == {r["id"] for r in rows}
    assert row.recovery_requests <= row.pages // 2 + 20


def test_a_stable_list_needs_no_recovery():
    rows = documents(1000)
    with ScriptedServer() as server:
        server.route("/v2/documento/", UnstableList(rows, shuffle_share=0))
        run = synchronise_inventory(resources=["documents"], full_refresh=True, client=make_client(server))

    row = run.catalogues.get()
    assert (row.status, row.duplicates, row.recovery_requests, row.missing) == ("succeeded", 0, 0, 0)
    assert Document.objects.count() == 1000
