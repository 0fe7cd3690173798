"""NUL bytes, lone surrogates, unstorable ids, year 9999: never a lost record, never a crashed run.

A scripted peer serves exactly these bytes over real HTTP on loopback (the
sandbox serves well-formed data). Both databases: PostgreSQL refuses NUL in text
and jsonb, SQLite's driver cannot encode a lone surrogate, and year 9999 in
Ecuador time is year 10000 in UTC.
"""

import json

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from accounting.models import Person
from inventory.models import Brand, Category
from sync.client import ContificoClient
from sync.engine import synchronise_inventory
from sync.models import SyncRun
from tests.client.scripted_server import Reply, ScriptedServer

pytestmark = pytest.mark.django_db(transaction=True)


def make_client(server):
    return ContificoClient(
        api_key="test-key-123456", base_url=server.url, max_retries=1, backoff_base=0.01,
        requests_per_second=0, read_timeout=5,
    )


def as_json(body):
    """Encode ``body`` with ASCII escapes, as Contífico does: a lone surrogate travels as ``\\ud800``."""
    return json.dumps(body).encode("ascii")


def serve(server, path, records):
    server.route(path, lambda request: Reply(200, as_json(records), {"Content-Type": "application/json"}))


def test_nul_bytes_and_lone_surrogates_in_values_are_replaced_counted_as_sanitised_and_stored():
    records = [
        {"id": "Good000000000001", "nombre": "Buena"},
        {"id": "Nul0000000000001", "nombre": "con \u0000 NUL", "nota\u0000": "clave con NUL"},
        {"id": "Half000000000001", "nombre": "emoji cortado \ud83d", "detalle": ["a\udc00b"]},
    ]
    with ScriptedServer() as server:
        serve(server, "/v1/marca/", records)
        run = synchronise_inventory(resources=["brands"], client=make_client(server))
        rerun = synchronise_inventory(resources=["brands"], client=make_client(server))

    row = run.catalogues.get()
    assert row.status == row.Status.SUCCEEDED, row.message
    assert (row.created, row.rejected, row.sanitised) == (3, 0, 2)
    assert Brand.objects.get(pk="Nul0000000000001").nombre == "con \ufffd NUL"
    assert Brand.objects.get(pk="Nul0000000000001").payload == {
        "id": "Nul0000000000001", "nombre": "con \ufffd NUL", "nota\ufffd": "clave con NUL"
    }
    half = Brand.objects.get(pk="Half000000000001")
    assert half.nombre == "emoji cortado \ufffd"
    assert half.payload["detalle"] == ["a\ufffdb"]
    # The same bytes next time are the same record: nothing rewritten.
    again = rerun.catalogues.get()
    assert (again.unchanged, again.updated, again.sanitised) == (3, 0, 2)


@pytest.mark.parametrize("bad_id", ["Nul\u0000000000001", "Half\ud800"], ids=["nul", "lone surrogate"])
def test_an_id_that_cannot_be_stored_is_rejected_with_a_printable_note_and_the_run_goes_on(bad_id):
    with ScriptedServer() as server:
        serve(server, "/v1/categoria/", [{"id": bad_id, "nombre": "x"}, {"id": "Cat0000000000001"}])
        serve(server, "/v1/marca/", [{"id": "Brand00000000001", "nombre": "Buena"}])
        run = synchronise_inventory(resources=["categories", "brands"], client=make_client(server))

    assert run.status == SyncRun.Status.SUCCEEDED, run.message
    categories = run.catalogues.get(resource="categories")
    assert (categories.created, categories.rejected) == (1, 1)
    assert len(categories.errors) == 1
    note = categories.errors[0]
    assert note.isprintable()
    assert "without a usable id" in note
    assert "\\x00" in note or "\\ud800" in note  # the id is shown, escaped
    assert list(Category.objects.values_list("id", flat=True)) == ["Cat0000000000001"]
    assert Brand.objects.filter(pk="Brand00000000001").exists()


def test_a_year_9999_leaves_the_typed_column_empty_keeps_the_payload_and_the_admin_opens(client):
    people = [
        {"id": "Persona000000001", "razon_social": "Imposible", "fecha_modificacion": "9999-12-31T23:00:00"},
        {"id": "Persona000000002", "razon_social": "Antigua", "fecha_modificacion": "01/01/1850"},
        {"id": "Persona000000003", "razon_social": "Buena", "fecha_modificacion": "2026-02-18T11:12:08"},
    ]
    envelope = {"count": 3, "next": None, "previous": None, "results": people}
    with ScriptedServer() as server:
        serve(server, "/v2/persona/", envelope)
        run = synchronise_inventory(resources=["persons"], client=make_client(server))

    row = run.catalogues.get()
    assert row.status == row.Status.SUCCEEDED, row.message
    assert (row.created, row.rejected) == (3, 0)
    impossible = Person.objects.get(pk="Persona000000001")
    assert impossible.updated_at is None
    assert impossible.payload["fecha_modificacion"] == "9999-12-31T23:00:00"
    assert Person.objects.get(pk="Persona000000002").updated_at is None
    assert Person.objects.get(pk="Persona000000003").updated_at.year == 2026

    client.force_login(User.objects.create_superuser("admin", "admin@example.com", "admin"))
    assert client.get(reverse("admin:accounting_person_changelist")).status_code == 200
    change = reverse("admin:accounting_person_change", args=["Persona000000001"])
    assert client.get(change).status_code == 200


@pytest.mark.parametrize("batch_size", [1, 2], ids=["batches of one", "alone in the last batch"])
def test_a_record_the_database_refuses_alone_in_its_batch_is_rejected_not_the_catalogue(batch_size, settings):
    # NaN is not JSON: PostgreSQL's jsonb refuses it, and so does SQLite's JSON_VALID check.
    settings.SYNC_BATCH_SIZE = batch_size
    body = b'[{"id": "Good000000000001"}, {"id": "Good000000000002"}, {"id": "NaN0000000000001", "x": NaN}]'
    with ScriptedServer() as server:
        server.route("/v1/marca/", lambda request: Reply(200, body, {"Content-Type": "application/json"}))
        run = synchronise_inventory(resources=["brands"], client=make_client(server))

    row = run.catalogues.get()
    assert row.status == row.Status.SUCCEEDED, row.message
    assert (row.created, row.rejected) == (2, 1)
    assert any("NaN0000000000001" in error and "refused" in error for error in row.errors)
    assert set(Brand.objects.values_list("id", flat=True)) == {"Good000000000001", "Good000000000002"}
