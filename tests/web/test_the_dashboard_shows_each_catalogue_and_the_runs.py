import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_q.models import Schedule

from inventory.models import Brand
from sync import dashboard
from sync.models import SyncRun, SyncRunCatalogue, SyncState
from tests.web.conftest import HOST, csrf_headers

pytestmark = pytest.mark.django_db
URL = "/admin/sincronizacion/"


def row_of(html, key):
    match = re.search(rf'<tr data-key="{key}">(.*?)</tr>', html, re.S)
    assert match, f"no row for {key}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def brand(n):
    return Brand(id=f"B{n}", payload={"id": f"B{n}"}, payload_hash="x", fetched_at=timezone.now())


def test_only_staff_open_the_dashboard(anonymous, plain_user):
    assert anonymous.get(URL).status_code == 302
    anonymous.force_login(plain_user)
    response = anonymous.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_each_catalogue_has_its_spanish_name_count_last_success_and_freshness(staff):
    Brand.objects.bulk_create([brand(n) for n in range(3)])
    synced = timezone.now() - dt.timedelta(hours=2)
    SyncState.objects.create(resource="brands", last_synced_at=synced)
    SyncState.objects.create(resource="products", last_synced_at=timezone.now() - dt.timedelta(days=3))

    html = staff.get(URL).content.decode()

    local = timezone.localtime(synced)
    assert row_of(html, "brands") == f"Marcas 3 {local:%d/%m/%Y %H:%M} Al día —"
    assert "Productos 0" in row_of(html, "products")
    assert "⚠ Desactualizado" in row_of(html, "products")
    assert row_of(html, "sales") == "Ventas 0 nunca ⚠ Desactualizado —"
    assert "más de 26 horas" in html


def test_the_last_runs_outcome_links_to_that_run(staff):
    run = SyncRun.objects.create(status=SyncRun.Status.FAILED, finished_at=timezone.now())
    SyncRunCatalogue.objects.create(
        run=run, resource="persons", status="failed", message="Contífico no responde"
    )

    html = staff.get(URL).content.decode()

    assert row_of(html, "persons").endswith(f"Fallida (#{run.pk})")
    assert f'href="/admin/sync/syncrun/{run.pk}/change/" title="Contífico no responde"' in html


def test_a_big_table_is_counted_without_scanning_it(staff, monkeypatch):
    monkeypatch.setattr(dashboard, "EXACT_COUNT_LIMIT", 5)
    Brand.objects.bulk_create([brand(n) for n in range(8)])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Brand._meta.db_table}")  # what autovacuum does on a real table

    html = staff.get(URL).content.decode()

    assert row_of(html, "brands").startswith("Marcas ≈ 8 ")
    assert row_of(html, "products").startswith("Productos 0 ")


def test_the_latest_runs_and_the_schedules_with_their_next_run_are_listed(staff):
    done, task = SyncRun.Status.SUCCEEDED, SyncRun.Trigger.TASK
    runs = [SyncRun.objects.create(status=done, trigger=task) for _ in range(12)]
    Schedule.objects.all().delete()
    schedule = Schedule.objects.create(
        name="Descarga completa nocturna (02:00)", func="sync.tasks.run_sync", schedule_type=Schedule.CRON,
        cron="0 2 * * *",
    )

    html = staff.get(URL).content.decode()

    for run in runs[-10:]:
        assert f'<a href="/admin/sync/syncrun/{run.pk}/change/">#{run.pk}</a>' in html
    assert f"/admin/sync/syncrun/{runs[0].pk}/change/\">#" not in html  # only the latest ten
    assert "Tarea programada" in html
    next_run = timezone.localtime(schedule.next_run)
    assert next_run.hour == 2
    assert f"<code>0 2 * * *</code></td>\n          <td>{next_run:%d/%m/%Y %H:%M}</td>" in html


def test_a_run_in_progress_is_shown_and_the_button_says_so_instead_of_queueing(staff):
    run = SyncRun.objects.create(status=SyncRun.Status.QUEUED, trigger=SyncRun.Trigger.API)

    html = staff.get(URL).content.decode()

    assert f'data-active-run="{run.pk}"' in html
    button = rf'id="sync-button" class="button default" disabled>\s*Sincronización en cola \(#{run.pk}\)…'
    assert re.search(button, html)


def test_the_button_is_ready_when_nothing_runs(staff):
    html = staff.get(URL).content.decode()

    assert re.search(r'id="sync-button" class="button default">\s*Sincronizar ahora', html)
    assert 'data-active-run=""' in html


def test_the_dashboards_script_queues_a_run_recorded_as_the_dashboard(staff):
    response = staff.post(
        "/api/sync", {"origin": "dashboard", "resources": ["brands"]}, HTTP_ACCEPT="application/json",
        **csrf_headers(staff),
    )

    assert response.status_code == 202
    run = SyncRun.objects.get()
    assert run.trigger == SyncRun.Trigger.DASHBOARD
    assert run.resources == ["brands"]


def test_without_javascript_the_form_queues_and_comes_back_with_a_message(staff_user):
    browser = Client(HTTP_HOST=HOST)
    browser.force_login(staff_user)

    response = browser.post("/api/sync", {"origin": "dashboard", "since": "2024-01-01T00:00"}, follow=True)

    run = SyncRun.objects.get()
    assert response.redirect_chain == [(URL, 302)]
    assert f"Sincronización #{run.pk} en cola." in response.content.decode()
    assert run.trigger == SyncRun.Trigger.DASHBOARD

    again = browser.post("/api/sync", {"origin": "dashboard"}, follow=True)
    assert f"Ya hay una sincronización en cola (#{run.pk})." in again.content.decode()
    assert SyncRun.objects.count() == 1


def test_the_polled_json_has_the_run_and_the_catalogue_table(staff):
    run = SyncRun.objects.create(status=SyncRun.Status.RUNNING, resources=["brands"])
    SyncRunCatalogue.objects.create(run=run, resource="brands", status="running", pages=2, received=40)
    Brand.objects.bulk_create([brand(n) for n in range(4)])

    body = staff.get(f"/admin/sincronizacion/estado/?run={run.pk}").json()

    assert body["run"]["run"] == run.pk
    assert body["run"]["catalogues"][0]["received"] == 40
    brands = next(row for row in body["catalogues"] if row["key"] == "brands")
    assert (brands["name"], brands["count_label"], brands["stale"]) == ("Marcas", "4", True)


def test_the_admin_index_and_sidebar_link_to_the_dashboard(staff):
    link = re.compile(rf'<a href="{URL}"[^>]*>\s*Panel de sincronización\s*</a>')

    assert link.search(staff.get("/admin/").content.decode())
    sidebar = staff.get(URL).content.decode().split('id="nav-sidebar"')[1]
    assert link.search(sidebar)
