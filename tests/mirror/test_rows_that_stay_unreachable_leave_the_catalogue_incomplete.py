"""When no request can reach some rows the API counts, the catalogue ends incomplete.

Incomplete means: what was read is stored, but the run says how many rows are missing, the
catalogue's watermark does not move, nothing is marked deleted, and the command exits 1.
"""

import datetime as dt

import pytest
from django.utils import timezone

from accounting.models import Document
from sync.engine import synchronise_inventory
from sync.models import SyncRun, SyncState
from tests.client.scripted_server import ScriptedServer
from tests.mirror.support import command_env, run_command
from tests.mirror.test_bad_data_never_crashes_a_run import make_client
from tests.mirror.unstable_list import UnstableList, documents

pytestmark = pytest.mark.django_db(transaction=True)

HIDDEN = 27


def seed_mirror(rows):
    """Store every row once (as a previous sync would have), with an old watermark."""
    now = timezone.now()
    Document.objects.bulk_create(
        Document(id=r["id"], payload=r, payload_hash="x", fetched_at=now) for r in rows
    )
    watermark = now - dt.timedelta(days=3)
    SyncState.objects.create(resource="documents", last_synced_at=watermark, last_full_refresh_at=watermark)
    return watermark


def test_a_full_refresh_with_unreachable_rows_ends_incomplete_keeps_the_watermark_and_deletes_nothing():
    rows = documents(1500)
    hidden = [r["id"] for r in rows[::55]][:HIDDEN]
    watermark = seed_mirror(rows)
    with ScriptedServer() as server:
        server.route("/v2/documento/", UnstableList(rows, shuffle_share=0, hidden=hidden))
        run = synchronise_inventory(resources=["documents"], full_refresh=True, client=make_client(server))

    row = run.catalogues.get()
    assert row.status == row.Status.INCOMPLETE
    assert run.status == SyncRun.Status.INCOMPLETE
    assert (row.missing, row.api_count) == (HIDDEN, 1500)
    assert row.message == f"Faltan {HIDDEN} de 1500 registros según la API"
    assert row.recovery_requests > 0
    assert row.deleted == 0
    assert not Document.objects.filter(deleted_at__isnull=False).exists()
    state = SyncState.objects.get(resource="documents")
    assert (state.last_synced_at, state.last_full_refresh_at) == (watermark, watermark)


def test_the_command_shows_the_incomplete_catalogue_and_exits_1():
    rows = documents(800)
    hidden = [r["id"] for r in rows[:5]]
    with ScriptedServer() as server:
        server.route("/v2/documento/", UnstableList(rows, shuffle_share=0, hidden=hidden))
        env = command_env(None, CONTIFICO_API_BASE_URL=server.url, CONTIFICO_MAX_RETRIES="1")
        result = run_command("--resources", "documents", "--full-refresh", env=env)

    assert result.returncode == 1
    assert "incomplete" in result.stdout
    assert "Faltan 5 de 800 registros según la API" in result.stdout
    assert "documents (incomplete)" in result.stderr
    assert SyncRun.objects.get().status == SyncRun.Status.INCOMPLETE
