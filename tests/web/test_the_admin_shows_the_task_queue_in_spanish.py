import re

import pytest
from django.test import Client

from tests.web.conftest import HOST

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(django_user_model):
    client = Client(HTTP_HOST=HOST)
    client.force_login(django_user_model.objects.create_superuser("jefa", "jefa@example.com", "clave-123"))
    return client


def visible_text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_index_names_django_q2s_section_and_models_in_spanish(admin_client):
    text = visible_text(admin_client.get("/admin/").content.decode())

    assert "Tareas en segundo plano" in text
    for name in ("Tareas correctas", "Tareas fallidas", "Tareas programadas", "Tareas en cola"):
        assert name in text
    for english in ("Django Q", "DJANGO Q", "Scheduled tasks", "Successful tasks", "Failed tasks"):
        assert english not in text


def test_the_schedule_form_speaks_spanish(admin_client):
    text = visible_text(admin_client.get("/admin/django_q/schedule/add/").content.decode())

    for label in ("Nombre", "Función", "Argumentos con nombre", "Tipo de programación", "Repeticiones",
                  "Próxima ejecución", "Expresión cron", "Diaria", "Cada hora"):
        assert label in text
    for english in ("Schedule Type", "Repeats", "Next Run", "Cron expression", "Hourly", "Keyword arguments"):
        assert english not in text


def test_the_queue_and_the_task_pages_speak_spanish(admin_client):
    from django_q.tasks import async_task

    async_task("sync.tasks.run_sync", 1, task_name="Sincronización #1")

    queue = visible_text(admin_client.get("/admin/django_q/ormq/").content.decode())
    assert all(label in queue for label in ("Cola", "Nombre", "Grupo", "Función", "Bloqueada hasta",
                                            "Id de la tarea", "Sincronización #1"))
    assert "Task id" not in queue and "Lock until" not in queue
    from django.utils import timezone
    from django_q.models import Task

    now = timezone.now()
    for n, success in enumerate((True, False)):
        Task.objects.create(id=f"{n:032d}", name=f"tarea {n}", func="sync.tasks.run_sync", started=now,
                            stopped=now, success=success, result="Sincronización #1: Correcta")
    done = visible_text(admin_client.get("/admin/django_q/success/").content.decode())
    failed = visible_text(admin_client.get("/admin/django_q/failure/").content.decode())
    assert "Duración" in done and "Time Taken" not in done and "tarea 0" in done
    assert "Resultado (resumen)" in failed and "Short result" not in failed and "tarea 1" in failed


def test_the_committed_mo_file_holds_every_translation_of_the_po_file():
    import ast
    import gettext
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "locale" / "es" / "LC_MESSAGES"
    pairs = re.findall(r'^msgid (".*")\nmsgstr (".*")$', (folder / "django.po").read_text(), re.M)
    catalogue = gettext.GNUTranslations((folder / "django.mo").open("rb"))

    translations = {ast.literal_eval(key): ast.literal_eval(text) for key, text in pairs if key != '""'}
    assert len(translations) > 80
    stale = {msgid: text for msgid, text in translations.items() if catalogue.gettext(msgid) != text}
    assert not stale, "run: msgfmt -o locale/es/LC_MESSAGES/django.mo locale/es/LC_MESSAGES/django.po"
