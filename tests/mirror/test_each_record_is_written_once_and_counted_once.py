"""Every record is upserted by its id, once per run, and the run history counts what happened
(README, "How the mirror stays exact" and "Run history"): rows a v2 walk repeats are written once
and counted as repeated; an unchanged payload is not rewritten; a changed one is.
"""

import pytest
from django.utils import timezone

from accounting.models import Document, Person
from inventory.models import Brand
from sync.engine import synchronise_inventory
from sync.models import SyncState
from sync.parsing import ECUADOR
from tests.client.scripted_server import Reply, ScriptedServer
from tests.mirror.test_bad_data_never_crashes_a_run import make_client

pytestmark = pytest.mark.django_db(transaction=True)


def person(i, name=None):
    return {"id": f"Persona{i:09d}", "razon_social": name or f"Cliente {i}", "tipo": "N"}


def serve_pages(server, pages, count):
    """Serve ``pages`` (lists of rows) as v2 envelopes of ``persona`` with the given ``count``."""

    def handler(request):
        number = int(request.params["page"])
        if number > len(pages):
            return Reply(400, {"code": "400", "error": "Pagina fuera del rango"})
        more = number < len(pages)
        return Reply(200, {"count": count, "next": f"http://x/?page={number + 1}" if more else None,
                           "previous": None, "results": pages[number - 1]})

    server.route("/v2/persona/", handler)


def pages_asked(server):
    return sorted(int(r.params["page"]) for r in server.requests_to("/v2/persona/"))


def sync_persons(server):
    run = synchronise_inventory(resources=["persons"], full_refresh=True, client=make_client(server))
    return run.catalogues.get()


# Pages 1-2 overlap by five rows (the API's unstable ordering repeats rows across pages).
REPEATING = [[person(i) for i in range(100)], [person(i) for i in range(95, 195)],
             [person(i) for i in range(195, 245)]]


def test_rows_repeated_across_pages_are_written_once_and_counted_as_repeated():
    with ScriptedServer() as server:
        serve_pages(server, REPEATING, count=245)
        row = sync_persons(server)
        assert pages_asked(server) == [1, 2, 3]

    assert row.status == "succeeded"
    assert (row.pages, row.received, row.created, row.duplicates) == (3, 250, 245, 5)
    assert (row.updated, row.unchanged, row.missing, row.api_count) == (0, 0, 0, 245)
    assert Person.objects.count() == 245


def test_a_second_run_rewrites_nothing_and_a_changed_record_is_rewritten():
    with ScriptedServer() as server:
        serve_pages(server, REPEATING, count=245)
        sync_persons(server)
    fetched = dict(Person.objects.values_list("id", "fetched_at"))

    with ScriptedServer() as server:
        serve_pages(server, REPEATING, count=245)
        row = sync_persons(server)
    assert (row.received, row.created, row.updated, row.unchanged, row.duplicates) == (250, 0, 0, 245, 5)
    assert dict(Person.objects.values_list("id", "fetched_at")) == fetched

    changed = [page[:] for page in REPEATING]
    changed[2][10] = person(205, name="CLIENTE RENOMBRADO")
    with ScriptedServer() as server:
        serve_pages(server, changed, count=245)
        row = sync_persons(server)
    assert (row.created, row.updated, row.unchanged) == (0, 1, 244)
    renamed = Person.objects.get(pk="Persona000000205")
    assert renamed.razon_social == "CLIENTE RENOMBRADO"
    assert renamed.payload == person(205, name="CLIENTE RENOMBRADO")
    assert renamed.fetched_at > fetched["Persona000000205"]
    others = dict(Person.objects.exclude(pk="Persona000000205").values_list("id", "fetched_at"))
    assert others == {k: v for k, v in fetched.items() if k != "Persona000000205"}


@pytest.mark.parametrize("count", [1, 99, 101, 250])
def test_a_count_that_is_not_a_multiple_of_a_page_is_read_in_full_with_no_page_past_the_end(count):
    rows = [person(i) for i in range(count)]
    pages = [rows[start : start + 100] for start in range(0, count, 100)]
    with ScriptedServer() as server:
        serve_pages(server, pages, count=count)
        row = sync_persons(server)
        assert pages_asked(server) == list(range(1, len(pages) + 1))

    assert (row.status, row.pages, row.received, row.created) == ("succeeded", len(pages), count, count)
    assert (row.missing, row.api_count) == (0, count)
    assert row.recovery_requests == 0
    assert Person.objects.count() == count


def test_a_record_listed_twice_in_a_whole_list_is_written_once():
    with ScriptedServer() as server:
        server.script("/v1/marca/", Reply(200, [
            {"id": "Marca00000000001", "nombre": "Toyota"},
            {"id": "Marca00000000002", "nombre": "Hino"},
            {"id": "Marca00000000001", "nombre": "Toyota"},
        ]))
        run = synchronise_inventory(resources=["brands"], client=make_client(server))

    row = run.catalogues.get()
    assert (row.received, row.created, row.duplicates, row.rejected) == (3, 2, 1, 0)
    assert Brand.objects.count() == 2


def test_a_document_served_by_several_day_windows_is_written_once():
    # Read as "modified on or after that day", the documents' daily windows overlap: a document
    # edited today is served by every window of the pass (docs/contifico-api.md, "Date filters").
    today = timezone.localtime(timezone.now(), ECUADOR).date()
    rows = [{"id": f"Doc{i:013d}", "fecha_emision": "02/01/2025", "total": "1.00",
             "fecha_modificacion": today.isoformat()} for i in range(3)]

    def on_or_after(request):
        served = [r for r in rows if r["fecha_modificacion"] >= request.params["fecha_modificacion"]]
        return Reply(200, {"count": len(served), "next": None, "previous": None, "results": served})

    SyncState.objects.create(resource="documents", last_synced_at=timezone.now())
    with ScriptedServer() as server:
        server.route("/v2/documento/", on_or_after)
        run = synchronise_inventory(resources=["documents"], client=make_client(server))
        windows = len(server.requests)

    row = run.catalogues.get()
    assert windows == 4  # the overlap's two days, today, and tomorrow (the API's clock may run ahead)
    assert (row.status, row.received, row.created, row.duplicates) == ("succeeded", 9, 3, 6)
    assert (row.updated, row.unchanged) == (0, 0)
    assert Document.objects.count() == 3
