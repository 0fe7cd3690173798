"""Documents' incremental pass asks ``fecha_modificacion`` one day at a time, from the start day to tomorrow.

Whether Contífico's filter means "modified that day" or "on or after", one request per day
misses no edit. Tomorrow is asked too: around midnight the API's clock may already be a day ahead of
ours, and an edit it stamps with its "today" must not wait for the next day's run. Each day's
window gets the same completeness check as a full pass.
"""

import datetime as dt

import pytest
from django.utils import timezone

from accounting.models import Document
from sync.engine import synchronise_inventory
from sync.models import SyncState
from sync.parsing import ECUADOR
from tests.client.scripted_server import ScriptedServer
from tests.mirror.test_bad_data_never_crashes_a_run import make_client
from tests.mirror.unstable_list import UnstableList, documents

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_edit_to_an_old_document_is_found_on_its_modification_day():
    today = timezone.localtime(timezone.now(), ECUADOR).date()
    rows = documents(600, start=today - dt.timedelta(days=400), days=300)
    edited = rows[10]
    edited.update(total="999.99", fecha_modificacion=(today - dt.timedelta(days=1)).isoformat())
    # 250 documents modified today: more than two pages in that one day's window.
    for row in rows[100:350]:
        row["fecha_modificacion"] = today.isoformat()
    # Edited a minute after the API's midnight, a minute before ours.
    ahead = rows[20]
    ahead.update(total="123.45", fecha_modificacion=(today + dt.timedelta(days=1)).isoformat())
    SyncState.objects.create(resource="documents", last_synced_at=timezone.now() - dt.timedelta(days=1))

    with ScriptedServer() as server:
        server.route("/v2/documento/", UnstableList(rows, shuffle_share=0))
        run = synchronise_inventory(resources=["documents"], client=make_client(server))
        asked = [r.params for r in server.requests]

    row = run.catalogues.get()
    assert row.status == row.Status.SUCCEEDED, row.message
    assert row.mode == "incremental"
    days = [(today - dt.timedelta(days=n)).isoformat() for n in (3, 2, 1, 0, -1)]
    assert sorted({p["fecha_modificacion"] for p in asked}) == days
    assert all(set(p) == {"fecha_modificacion", "page"} for p in asked)
    assert Document.objects.get(pk=edited["id"]).payload["total"] == "999.99"
    assert Document.objects.get(pk=ahead["id"]).payload["total"] == "123.45"
    assert Document.objects.count() == 252
    assert (row.api_count, row.missing) == (252, 0)


def test_a_day_window_that_comes_back_short_is_recovered_within_that_day():
    today = timezone.localtime(timezone.now(), ECUADOR).date()
    rows = documents(900, start=today - dt.timedelta(days=30), days=12)
    for row in rows:
        row["fecha_modificacion"] = today.isoformat()
    SyncState.objects.create(resource="documents", last_synced_at=timezone.now())

    with ScriptedServer() as server:
        server.route("/v2/documento/", UnstableList(rows, shuffle_share=0.5, seed=3))
        run = synchronise_inventory(resources=["documents"], client=make_client(server))
        recovery = [r.params for r in server.requests if "fecha_inicial" in r.params]

    row = run.catalogues.get()
    assert row.status == row.Status.SUCCEEDED, row.message
    assert row.recovery_requests > 0
    assert all(p["fecha_modificacion"] == today.isoformat() for p in recovery)
    assert Document.objects.count() == 900
