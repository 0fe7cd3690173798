"""Completeness is checked per request window and summed over the pass (README, "How the mirror
stays exact"): a short early window is not hidden by a complete later one, rows rejected for a
missing id are not missing, recovery stays within its documented budget, and a connection lost
half-way through one catalogue does not stop the others.
"""

import datetime as dt

import pytest
from django.utils import timezone

from accounting.models import Document, Person
from inventory.models import Brand
from sync.engine import synchronise_inventory
from sync.models import SyncState
from sync.parsing import ECUADOR
from tests.client.scripted_server import Reply, ScriptedServer, drop
from tests.mirror.test_bad_data_never_crashes_a_run import make_client
from tests.mirror.unstable_list import UnstableList, documents

pytestmark = pytest.mark.django_db(transaction=True)


def test_rows_missing_from_an_early_day_window_leave_the_pass_incomplete_even_when_later_days_are_whole():
    today = timezone.localtime(timezone.now(), ECUADOR).date()
    rows = documents(120, start=today - dt.timedelta(days=60), days=40)
    for number, row in enumerate(rows):
        row["fecha_modificacion"] = (today - dt.timedelta(days=number % 3)).isoformat()
    oldest_day = (today - dt.timedelta(days=2)).isoformat()
    hidden = next(r["id"] for r in rows if r["fecha_modificacion"] == oldest_day)
    SyncState.objects.create(resource="documents", last_synced_at=timezone.now())

    with ScriptedServer() as server:
        server.route("/v2/documento/", UnstableList(rows, shuffle_share=0, hidden=[hidden]))
        run = synchronise_inventory(resources=["documents"], client=make_client(server))

    row = run.catalogues.get()
    assert (row.mode, row.since) == ("incremental", today - dt.timedelta(days=2))
    assert row.status == row.Status.INCOMPLETE
    assert (row.api_count, row.missing) == (120, 1)
    assert Document.objects.count() == 119


def test_rows_missing_from_a_later_day_window_leave_the_pass_incomplete_even_when_earlier_days_were_whole():
    # Each window is checked against its own rows: the ids earlier windows served do not make up
    # for a row a later window's count promises and never serves.
    today = timezone.localtime(timezone.now(), ECUADOR).date()
    rows = documents(120, start=today - dt.timedelta(days=60), days=40)
    for number, row in enumerate(rows):
        row["fecha_modificacion"] = (today - dt.timedelta(days=number % 3)).isoformat()
    hidden = next(r["id"] for r in rows if r["fecha_modificacion"] == today.isoformat())
    SyncState.objects.create(resource="documents", last_synced_at=timezone.now())

    with ScriptedServer() as server:
        server.route("/v2/documento/", UnstableList(rows, shuffle_share=0, hidden=[hidden]))
        run = synchronise_inventory(resources=["documents"], client=make_client(server))

    row = run.catalogues.get()
    assert row.status == row.Status.INCOMPLETE
    assert (row.api_count, row.missing) == (120, 1)
    assert Document.objects.count() == 119


def test_recovery_spends_at_most_half_the_walks_pages_plus_twenty_requests_then_deletes_nothing():
    # 3,000 rows over 40 days: the budget (30 // 2 + 20) runs out half-way through a sub-window.
    rows = documents(3000)
    hidden = [r["id"] for r in rows[::55]]
    Document.objects.create(id="NotListed0000001", payload={}, payload_hash="x", fetched_at=timezone.now())
    with ScriptedServer() as server:
        server.route("/v2/documento/", UnstableList(rows, shuffle_share=0, hidden=hidden))
        run = synchronise_inventory(resources=["documents"], full_refresh=True, client=make_client(server))

    row = run.catalogues.get()
    assert row.status == row.Status.INCOMPLETE
    assert row.pages == 30
    # Nothing can be found, so the whole budget goes, and not one request more.
    assert row.recovery_requests == 35
    # An incomplete pass proves nothing about what is absent.
    assert row.deleted == 0
    assert Document.objects.get(pk="NotListed0000001").deleted_at is None


def test_a_v2_row_without_an_id_is_rejected_but_not_missing():
    rows = [{"id": "Persona000000001", "razon_social": "A"}, {"id": None, "razon_social": "B"},
            {"id": "Persona000000003", "razon_social": "C"}]
    with ScriptedServer() as server:
        server.route("/v2/persona/", lambda request: Reply(200, {
            "count": 3, "next": None, "previous": None, "results": rows,
        }))
        run = synchronise_inventory(resources=["persons"], full_refresh=True, client=make_client(server))
        assert len(server.requests) == 1  # nothing to recover

    row = run.catalogues.get()
    assert (row.status, row.received, row.created, row.rejected, row.missing) == ("succeeded", 3, 2, 1, 0)
    assert row.recovery_requests == 0


@pytest.mark.parametrize("bad_id", [True, "   ", "x" * 65])
def test_an_id_that_is_not_a_usable_contifico_id_is_rejected(bad_id):
    with ScriptedServer() as server:
        server.script("/v1/marca/", Reply(200, [{"id": "Marca00000000001", "nombre": "A"},
                                                {"id": bad_id, "nombre": "B"}]))
        run = synchronise_inventory(resources=["brands"], client=make_client(server))

    row = run.catalogues.get()
    assert (row.status, row.created, row.rejected) == ("succeeded", 1, 1)
    assert any("without a usable id" in error for error in row.errors)


def test_a_connection_lost_half_way_through_a_catalogue_fails_it_and_the_next_one_still_runs():
    first = [{"id": f"Persona{i:09d}", "razon_social": f"C {i}"} for i in range(100)]

    def persons(request):
        if request.params.get("page") == "1":
            return Reply(200, {"count": 250, "next": "http://x/?page=2", "previous": None, "results": first})
        return drop()

    with ScriptedServer() as server:
        server.route("/v2/persona/", persons)
        centres = [{"id": "Centro0000000001", "nombre": "A"}]
        server.script("/v1/contabilidad/centro-costo/", Reply(200, centres))
        run = synchronise_inventory(resources=["persons", "cost_centers"], full_refresh=True,
                                    client=make_client(server))

    statuses = dict(run.catalogues.values_list("resource", "status"))
    assert statuses == {"persons": "failed", "cost_centers": "succeeded"}
    assert Person.objects.count() == 100


def test_a_record_already_marked_deleted_keeps_its_date_and_is_not_counted_again():
    gone_at = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    Brand.objects.create(id="BrandGone0000001", payload={}, payload_hash="x", fetched_at=gone_at,
                         deleted_at=gone_at)
    with ScriptedServer() as server:
        server.script("/v1/marca/", Reply(200, [{"id": "BrandKept0000001", "nombre": "Toyota"}]))
        run = synchronise_inventory(resources=["brands"], full_refresh=True, client=make_client(server))

    assert run.catalogues.get().deleted == 0
    assert Brand.objects.get(pk="BrandGone0000001").deleted_at == gone_at


def test_recovery_stops_once_narrow_windows_bring_nothing_new_without_spending_its_whole_budget():
    rows = documents(150)
    lost = rows[40]
    with ScriptedServer() as server:
        server.route("/v2/documento/", UnstableList(rows, shuffle_share=0, hidden=[lost["id"]]))
        run = synchronise_inventory(resources=["documents"], full_refresh=True, client=make_client(server))
        lost_day = [r for r in server.requests
                    if r.params.get("fecha_inicial") == r.params.get("fecha_final") == lost["fecha_emision"]]

    row = run.catalogues.get()
    assert (row.status, row.missing) == ("incomplete", 1)
    # Budget: 2 // 2 + 20 = 21. The sweep narrows down to the lost row's day once, finds nothing
    # new there, and stops.
    assert row.recovery_requests < 21
    assert len(lost_day) == 1


def test_a_short_list_without_a_date_to_narrow_by_is_read_again_once_and_then_left_incomplete():
    served = [{"id": f"Persona00000000{i}", "razon_social": name} for i, name in ((1, "A"), (2, "B"))]
    with ScriptedServer() as server:
        server.route("/v2/persona/", lambda request: Reply(200, {
            "count": 3, "next": None, "previous": None, "results": served,
        }))
        run = synchronise_inventory(resources=["persons"], full_refresh=True, client=make_client(server))
        assert len(server.requests) == 2

    row = run.catalogues.get()
    assert (row.status, row.missing, row.pages, row.recovery_requests) == ("incomplete", 1, 1, 1)
