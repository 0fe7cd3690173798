import pytest
from django.utils import timezone

from sync.models import SyncRun, SyncRunCatalogue
from tests.web.conftest import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def run():
    run = SyncRun.objects.create(
        status=SyncRun.Status.RUNNING, trigger=SyncRun.Trigger.API, resources=["products", "brands"]
    )
    SyncRunCatalogue.objects.create(
        run=run, resource="products", status="running", mode="full", pages=3, received=250, created=240,
        started_at=timezone.now(),
    )
    SyncRunCatalogue.objects.create(run=run, resource="brands", status="succeeded", pages=1, received=12,
                                    created=12)
    return run


def test_the_status_url_gives_the_run_and_each_catalogues_figures_in_order(anonymous, api_token, run):
    response = anonymous.get(f"/api/sync/{run.pk}", **bearer(api_token))

    assert response.status_code == 200
    body = response.json()
    assert body["run"] == run.pk
    assert body["status"] == "running"
    assert body["status_label"] == "En curso"
    assert body["active"] is True
    assert body["trigger"] == "api"
    assert [row["resource"] for row in body["catalogues"]] == ["brands", "products"]
    products = body["catalogues"][1]
    assert products["name"] == "Productos"
    assert (products["pages"], products["received"], products["created"]) == (3, 250, 240)
    assert products["status_label"] == "En curso"


def test_a_staff_session_reads_the_status_without_csrf(staff, run):
    assert staff.get(f"/api/sync/{run.pk}").status_code == 200


def test_the_status_url_needs_credentials(anonymous, api_token, run):
    assert anonymous.get(f"/api/sync/{run.pk}").status_code == 401


def test_the_status_of_a_non_staff_session_is_403(anonymous, plain_user, run):
    anonymous.force_login(plain_user)

    assert anonymous.get(f"/api/sync/{run.pk}").status_code == 403


def test_an_unknown_run_is_404_in_spanish(anonymous, api_token):
    response = anonymous.get("/api/sync/424242", **bearer(api_token))

    assert response.status_code == 404
    assert response.json()["error"] == "No existe la sincronización #424242."
