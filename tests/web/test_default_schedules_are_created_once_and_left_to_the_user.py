import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django_q.models import Schedule

pytestmark = pytest.mark.django_db
migration = importlib.import_module("sync.migrations.0003_default_schedules")
ECUADOR = ZoneInfo("America/Guayaquil")


def test_migrate_creates_the_incremental_and_the_nightly_full_refresh_schedules():
    schedules = {s.cron: s for s in Schedule.objects.filter(func="sync.tasks.run_sync")}

    assert set(schedules) == {"0 7-19/2 * * 1-6", "0 2 * * *"}
    incremental, nightly = schedules["0 7-19/2 * * 1-6"], schedules["0 2 * * *"]
    assert incremental.kwargs == "" and incremental.repeats == -1
    assert nightly.kwargs == "full_refresh=True" and nightly.repeats == -1
    # Next runs are in Ecuador time: a weekday slot between 07:00 and 19:00, and 02:00.
    local = incremental.next_run.astimezone(ECUADOR)
    assert local.hour in (7, 9, 11, 13, 15, 17, 19) and local.minute == 0 and local.isoweekday() <= 6
    assert nightly.next_run.astimezone(ECUADOR).hour == 2


def test_running_the_migration_again_neither_duplicates_nor_overwrites_an_edited_schedule():
    Schedule.objects.filter(cron="0 2 * * *").update(cron="30 3 * * *")
    Schedule.objects.filter(cron="0 7-19/2 * * 1-6").delete()  # the user removed it... then migrates again

    migration.create_schedules(apps, None)

    assert Schedule.objects.filter(name__startswith="Descarga completa").get().cron == "30 3 * * *"
    assert Schedule.objects.filter(func="sync.tasks.run_sync").count() == 2


def test_each_schedules_first_run_is_computed_from_now():
    Schedule.objects.all().delete()
    before = dt.datetime.now(dt.UTC)

    migration.create_schedules(apps, None)

    for schedule in Schedule.objects.all():
        assert before < schedule.next_run < before + dt.timedelta(days=2)
