import pytest

from sync.models import SyncRun
from tests.web.conftest import bearer, csrf_headers

pytestmark = pytest.mark.django_db


def test_no_credentials_is_401_with_a_spanish_message_and_queues_nothing(anonymous, api_token):
    response = anonymous.post("/api/sync")

    assert response.status_code == 401
    assert "Se requiere autenticación" in response.json()["error"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not SyncRun.objects.exists()


def test_the_configured_token_queues_a_run_recorded_as_api(anonymous, api_token):
    response = anonymous.post("/api/sync", **bearer(api_token))

    assert response.status_code == 202
    run = SyncRun.objects.get()
    assert response.json() == {"run": run.pk, "status_url": f"http://localhost/api/sync/{run.pk}"}
    assert response["Location"] == f"http://localhost/api/sync/{run.pk}"
    assert run.status == SyncRun.Status.QUEUED
    assert run.trigger == SyncRun.Trigger.API


@pytest.mark.parametrize(
    "header",
    ["Bearer wrong-token", "Bearer s3cret-token-for-tests-onlyX", "Token s3cret-token-for-tests-only",
     "Bearer"],
)
def test_a_wrong_token_or_scheme_is_401(anonymous, api_token, header):
    response = anonymous.post("/api/sync", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response.json()["error"] == "El token no es válido."
    assert not SyncRun.objects.exists()


def test_with_no_token_configured_a_bearer_caller_is_refused_and_told_why(anonymous, settings):
    settings.SYNC_API_TOKEN = ""

    response = anonymous.post("/api/sync", **bearer(""))

    assert response.status_code == 401
    assert "SYNC_API_TOKEN no está configurado" in response.json()["error"]
    assert not SyncRun.objects.exists()


def test_with_no_token_configured_a_staff_session_still_can_sync(staff, settings):
    settings.SYNC_API_TOKEN = ""

    response = staff.post("/api/sync", **csrf_headers(staff))

    assert response.status_code == 202


def test_a_non_staff_session_is_403(plain_user, anonymous):
    anonymous.force_login(plain_user)

    response = anonymous.post("/api/sync")

    assert response.status_code == 403
    assert response.json()["error"] == "Solo el personal puede sincronizar."
    assert not SyncRun.objects.exists()


def test_a_staff_session_without_the_csrf_token_is_403(staff):
    response = staff.post("/api/sync")

    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]
    assert not SyncRun.objects.exists()


def test_a_staff_session_with_the_csrf_token_queues_a_run(staff):
    response = staff.post("/api/sync", **csrf_headers(staff))

    assert response.status_code == 202
    assert SyncRun.objects.get().trigger == SyncRun.Trigger.API


def test_the_token_needs_no_csrf_even_with_a_session_cookie_around(staff, api_token):
    response = staff.post("/api/sync", **bearer(api_token))

    assert response.status_code == 202


def test_get_on_the_start_url_is_405(anonymous, api_token):
    response = anonymous.get("/api/sync", **bearer(api_token))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
