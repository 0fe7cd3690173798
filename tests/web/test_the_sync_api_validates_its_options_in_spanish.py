import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from sync.models import SyncRun
from tests.web.conftest import bearer

pytestmark = pytest.mark.django_db
ECUADOR = ZoneInfo("America/Guayaquil")


def post(client, token, query=""):
    return client.post(f"/api/sync{query}", **bearer(token))


def test_the_contracts_query_string_is_recorded_on_the_queued_run(anonymous, api_token):
    query = "?since=2024-01-01T08:30&resources=products&resources=inventory_movements&full_refresh=true"

    response = post(anonymous, api_token, query)

    assert response.status_code == 202
    run = SyncRun.objects.get()
    assert run.resources == ["products", "inventory_movements"]
    assert run.since == dt.datetime(2024, 1, 1, 8, 30, tzinfo=ECUADOR)
    assert run.full_refresh is True


def test_no_options_means_every_catalogue_incrementally(anonymous, api_token):
    post(anonymous, api_token)

    run = SyncRun.objects.get()
    assert len(run.resources) == 17
    assert run.since is None
    assert run.full_refresh is False


def test_a_plain_date_since_starts_at_midnight_in_ecuador(anonymous, api_token):
    post(anonymous, api_token, "?since=2024-03-05")

    assert SyncRun.objects.get().since == dt.datetime(2024, 3, 5, tzinfo=ECUADOR)


def test_options_in_a_form_body_are_read_too(anonymous, api_token):
    response = anonymous.post(
        "/api/sync", {"resources": ["brands", "sales"], "full_refresh": "on"}, **bearer(api_token)
    )

    assert response.status_code == 202
    run = SyncRun.objects.get()
    assert run.resources == ["brands", "sales"]
    assert run.full_refresh is True


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?resources=productos", "Catálogo desconocido: productos. Catálogos válidos: categories, brands"),
        ("?resources=products&resources=nope", "Catálogo desconocido: nope."),
        ("?since=ayer", "La fecha «since» no es válida: «ayer». Use el formato ISO"),
        ("?since=2024-13-45", "La fecha «since» no es válida: «2024-13-45»."),
        ("?since=2999-01-01", "no puede estar en el futuro"),
        ("?full_refresh=quizas", "«full_refresh» debe ser true o false, no «quizas»."),
    ],
)
def test_a_bad_option_is_400_with_a_spanish_message_and_queues_nothing(anonymous, api_token, query, message):
    response = post(anonymous, api_token, query)

    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not SyncRun.objects.exists()
