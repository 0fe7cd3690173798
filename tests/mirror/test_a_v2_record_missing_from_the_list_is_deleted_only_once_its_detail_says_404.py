"""A v2 record missing from a complete full refresh is confirmed by its detail URL before it is
marked deleted (README, "How the mirror stays exact"; docs/contifico-api.md, "Unstable ordering:
repeated and skipped rows"): a v2 walk can skip rows that still exist.
"""

import pytest
from django.utils import timezone

from accounting.models import Person
from inventory.models import Brand
from sync import engine
from sync.engine import synchronise_inventory
from tests.client.scripted_server import Reply, ScriptedServer
from tests.mirror.test_bad_data_never_crashes_a_run import make_client

pytestmark = pytest.mark.django_db(transaction=True)

LISTED = [{"id": f"Listed{i:010d}", "razon_social": f"Cliente {i}"} for i in range(3)]
NOT_FOUND = {"mensaje": "No encontrado"}
LIST = "/v2/persona/"


def seed(model, ids):
    now = timezone.now()
    model.objects.bulk_create(model(id=i, payload={"id": i}, payload_hash="x", fetched_at=now) for i in ids)


def serve_persons(server, rows=LISTED):
    server.route("/v2/persona/", lambda request: Reply(200, {
        "count": len(rows), "next": None, "previous": None, "results": rows,
    }))


def detail_requests(server):
    return sorted(r.path for r in server.requests if r.path.startswith("/v2/persona/") and r.path != LIST)


def test_a_vanished_record_is_marked_deleted_only_when_its_detail_url_answers_404():
    seed(Person, [r["id"] for r in LISTED] + ["GoneForReal00001", "SkippedByList001"])
    with ScriptedServer() as server:
        serve_persons(server)
        server.script("/v2/persona/GoneForReal00001/", Reply(404, NOT_FOUND))
        still_there = {"id": "SkippedByList001", "razon_social": "X"}
        server.script("/v2/persona/SkippedByList001/", Reply(200, still_there))
        run = synchronise_inventory(resources=["persons"], full_refresh=True, client=make_client(server))

        assert detail_requests(server) == ["/v2/persona/GoneForReal00001/", "/v2/persona/SkippedByList001/"]

    row = run.catalogues.get()
    assert (row.status, row.deleted) == ("succeeded", 1)
    assert Person.objects.get(pk="GoneForReal00001").deleted_at is not None
    assert Person.objects.get(pk="SkippedByList001").deleted_at is None
    assert not Person.objects.filter(pk__startswith="Listed", deleted_at__isnull=False).exists()
    assert any("SkippedByList001 missing from the list but still exists" in e for e in row.errors)


def test_a_v1_record_missing_from_a_whole_list_is_marked_deleted_without_a_detail_request():
    seed(Brand, ["BrandKept0000001", "BrandGone0000001"])
    with ScriptedServer() as server:
        server.script("/v1/marca/", Reply(200, [{"id": "BrandKept0000001", "nombre": "Toyota"}]))
        run = synchronise_inventory(resources=["brands"], full_refresh=True, client=make_client(server))

        assert [r.path for r in server.requests] == ["/v1/marca/"]

    assert run.catalogues.get().deleted == 1
    assert Brand.objects.get(pk="BrandGone0000001").deleted_at is not None
    assert Brand.objects.get(pk="BrandKept0000001").deleted_at is None


def test_an_incremental_pass_asks_no_detail_url_and_marks_nothing():
    seed(Person, ["NotInWindow00001"])
    with ScriptedServer() as server:
        serve_persons(server)
        run = synchronise_inventory(
            resources=["persons"], since=timezone.now(), client=make_client(server)
        )

        assert detail_requests(server) == []

    row = run.catalogues.get()
    assert (row.status, row.mode, row.deleted) == ("succeeded", "incremental", 0)
    assert Person.objects.get(pk="NotInWindow00001").deleted_at is None


def test_more_vanished_records_than_can_be_confirmed_marks_none_and_asks_nothing():
    vanished = [f"Vanished{i:08d}" for i in range(engine.MAX_DELETION_CHECKS + 1)]
    seed(Person, vanished)
    with ScriptedServer() as server:
        serve_persons(server)
        run = synchronise_inventory(resources=["persons"], full_refresh=True, client=make_client(server))

        assert detail_requests(server) == []

    row = run.catalogues.get()
    assert (row.status, row.deleted) == ("succeeded", 0)
    assert not Person.objects.filter(deleted_at__isnull=False).exists()
    assert any(f"{len(vanished)} records missing from the list; too many to confirm" in e for e in row.errors)


@pytest.mark.parametrize(("vanished", "checked"), [(2, 2), (3, 0)])
def test_up_to_the_limit_every_vanished_record_is_checked(monkeypatch, vanished, checked):
    monkeypatch.setattr(engine, "MAX_DELETION_CHECKS", 2)
    ids = [f"Vanished{i:08d}" for i in range(vanished)]
    seed(Person, ids)
    with ScriptedServer() as server:
        serve_persons(server)
        for record_id in ids:
            server.route(f"/v2/persona/{record_id}/", lambda request: Reply(404, NOT_FOUND))
        run = synchronise_inventory(resources=["persons"], full_refresh=True, client=make_client(server))

        assert len(detail_requests(server)) == checked

    assert run.catalogues.get().deleted == checked
