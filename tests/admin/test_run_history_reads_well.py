"""The run history reads well: Spanish names, one short line per message, a first run is "Completa"."""

import re

import pytest

from sync.engine import synchronise_inventory
from sync.models import SyncRun, SyncRunCatalogue
from tests.admin.support import url
from tests.mirror.support import client_for

pytestmark = pytest.mark.django_db

LONG_ERROR = (
    "HTTPSConnectionPool(host='api.contifico.com', port=443): Max retries exceeded with url: "
    '/sistema/api/v1/categoria/ (Caused by NameResolutionError("<urllib3.connection.HTTPSConnection '
    "object at 0x7f>: Failed to resolve 'api.contifico.com' ([Errno -3] Temporary failure in name "
    'resolution)"))' + " detalle" * 60
)


@pytest.fixture
def first_run(contifico_sandbox):
    return synchronise_inventory(
        resources=["categories", "products", "persons"], client=client_for(contifico_sandbox)
    )


def test_a_first_run_that_read_everything_shows_descarga_completa(admin_client, first_run):
    response = admin_client.get(url(SyncRun, "changelist"))

    row = response.context["cl"].result_list[0]
    assert row.pk == first_run.pk and not first_run.full_refresh
    assert response.context["cl"].model_admin.descarga(row) == "Completa"
    assert (
        admin_client.get(url(SyncRun, "changelist"), {"descarga": "completa"}).context["cl"].result_count == 1
    )
    assert (
        admin_client.get(url(SyncRun, "changelist"), {"descarga": "incremental"}).context["cl"].result_count
        == 0
    )


def test_catalogues_modes_and_statuses_are_in_spanish(admin_client, first_run):
    list_text = _visible(admin_client.get(url(SyncRun, "changelist")).text)
    detail = _visible(admin_client.get(url(SyncRun, "change", first_run.pk)).text)

    assert "Categorías, Productos, Personas" in detail
    for spanish in ("Correcta", "Completa", "Python"):
        assert spanish in list_text
    for english in ("succeeded", "products", "full", '["', "Payload", "LAST RUN"):
        assert english not in detail and english not in list_text
    assert "Productos" in detail and "recibidos" in detail


def test_a_long_error_repeated_on_every_catalogue_is_one_short_line_each(admin_client):
    run = SyncRun.objects.create(status="failed", trigger="command", message=LONG_ERROR)
    for key in ("categories", "brands", "products", "documents", "persons"):
        SyncRunCatalogue.objects.create(
            run=run, resource=key, status="failed", message=LONG_ERROR, errors=[LONG_ERROR, "segunda nota"]
        )

    detail = admin_client.get(url(SyncRun, "change", run.pk)).text
    listed = admin_client.get(url(SyncRun, "changelist")).text

    summary = LONG_ERROR[:119].rstrip() + "…"
    assert detail.count("<summary>") == 6  # the run's message and each catalogue's, folded
    assert (
        summary.replace("'", "&#x27;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
        in listed
    )
    assert "segunda nota" in detail  # kept, behind the fold


def test_the_origin_filter_offers_only_origins_that_occur(admin_client):
    SyncRun.objects.create(status="succeeded", trigger="command")
    SyncRun.objects.create(status="succeeded", trigger="task")

    changelist = admin_client.get(url(SyncRun, "changelist")).context["cl"]
    origin = next(spec for spec in changelist.filter_specs if spec.parameter_name == "origen")

    assert [label for _, label in origin.lookup_choices] == ["Comando", "Tarea programada"]


def _visible(html):
    """Return the text a reader sees: no tags, no attribute values."""
    body = html.split("<body", 1)[1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body).replace("&quot;", '"')


def test_the_sync_state_pages_name_catalogues_and_fields_in_spanish(admin_client, first_run):
    from sync.models import SyncState

    listed = _visible(admin_client.get(url(SyncState, "changelist")).text)
    detail = _visible(admin_client.get(url(SyncState, "change", "products")).text)

    assert "Productos" in listed and "Última ejecución" in listed
    assert f"#{first_run.pk}" in listed
    for english in ("LAST RUN", "last_run", "products", "cursor"):
        assert english not in listed and english not in detail


def test_the_history_is_titled_and_counted_as_runs(admin_client):
    SyncRun.objects.create(status="succeeded", trigger="command")
    SyncRun.objects.create(status="succeeded", trigger="task")

    text = _visible(admin_client.get(url(SyncRun, "changelist")).text)

    assert "Historial de sincronizaciones" in text
    assert "2 ejecuciones" in text
    assert "Seleccione" not in text
