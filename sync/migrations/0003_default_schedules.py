"""The two default sync schedules, editable afterwards in the admin (Tareas en segundo plano).

Incremental every two hours in business hours (Monday to Saturday, 07:00 to
19:00, Ecuador time) and a full refresh every night at 02:00: an incremental
sync cannot see edits that its catalogue's date filter misses (README, "What
the filters cannot see"). Created only when no schedule of that name exists,
so a schedule the user edited or deleted is never recreated or overwritten.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from croniter import croniter
from django.db import migrations

TASK = "sync.tasks.run_sync"
SCHEDULES = (
    ("Sincronización incremental (lun–sáb, cada 2 horas de 07:00 a 19:00)", "0 7-19/2 * * 1-6", ""),
    ("Descarga completa nocturna (02:00)", "0 2 * * *", "full_refresh=True"),
)


def create_schedules(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    now = datetime.now(ZoneInfo("America/Guayaquil"))
    for name, cron, kwargs in SCHEDULES:
        if Schedule.objects.filter(name=name).exists():
            continue
        Schedule.objects.create(
            name=name, func=TASK, kwargs=kwargs, schedule_type="C", cron=cron, repeats=-1,
            next_run=croniter(cron, now).get_next(datetime),
        )


def remove_schedules(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.filter(name__in=[name for name, _, _ in SCHEDULES], func=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sync", "0002_statuses_and_completeness_counters"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
