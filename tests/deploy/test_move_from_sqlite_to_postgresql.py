"""move_database: a SQLite mirror with every catalogue, run history, sync_state, a user and a
schedule moves into an empty PostgreSQL database, and the app goes on working there."""

import pytest
from django.apps import apps
from django.db import connections

from contifico_project.move import database_settings, register
from sandbox.testing import running_sandbox
from sync import catalogues as registry
from tests.deploy.support import manage, postgres_url, production_env, suite_uses_postgres, temporary_postgres

pytestmark = pytest.mark.skipif(not suite_uses_postgres(), reason="runs when the suite runs on PostgreSQL")

ADD_SCHEDULE = (
    "from django_q.models import Schedule; "
    "Schedule.objects.create(name='prueba de mudanza', func='sync.tasks.nothing', schedule_type='D')"
)


@pytest.fixture(scope="module")
def moved(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("move")
    source = tmp_path / "inventory.db"
    env = production_env(tmp_path, {"INVENTORY_DB_PATH": str(source)})
    assert manage("migrate", "--noinput", env=env).returncode == 0
    with running_sandbox(seed=1, scale="tiny", faults="none") as sandbox:
        api = {**env, "CONTIFICO_API_BASE_URL": sandbox.base_url}
        assert manage("sync_contifico", "-v", "0", env=api).returncode == 0
        assert manage("sync_contifico", "--full-refresh", "-v", "0", env=api).returncode == 0
    admin = {**env, "DJANGO_SUPERUSER_PASSWORD": "una-clave-larga-2026"}
    user = ("--username", "contadora", "--email", "contadora@example.com")
    assert manage("createsuperuser", "--noinput", *user, env=admin).returncode == 0
    assert manage("shell", "-v", "0", "-c", ADD_SCHEDULE, env=env).returncode == 0
    with temporary_postgres("move") as name:
        target = production_env(tmp_path, {"DATABASE_URL": postgres_url(name)})
        result = manage("move_database", str(source), env=target)
        yield result, source, target


@pytest.fixture
def both(moved, django_db_blocker):
    """The source and the target as database aliases of this process."""
    _result, source, target = moved
    with django_db_blocker.unblock():
        register("check_source", database_settings(str(source)))
        register("check_target", database_settings(target["DATABASE_URL"]))
        try:
            yield "check_source", "check_target"
        finally:
            for alias in ("check_source", "check_target"):
                connections[alias].close()
                del connections[alias]
                del connections.settings[alias]


def rows(model, alias):
    fields = [f.attname for f in model._meta.concrete_fields]
    return {row[0]: row for row in model._base_manager.using(alias).values_list("pk", *fields)}


def test_every_row_of_every_table_arrives_with_the_same_ids_and_content(moved, both):
    result, _source, _target = moved
    source, target = both
    assert result.returncode == 0, result.stderr
    assert "every table matches the source" in result.stdout

    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            assert rows(model, target) == rows(model, source), model._meta.db_table


def test_the_source_held_every_catalogue_the_run_history_sync_state_a_user_and_a_schedule(moved, both):
    from django.contrib.auth.models import User
    from django_q.models import Schedule

    from sync.models import SyncRun, SyncRunCatalogue, SyncState

    _source, target = both
    for entry in registry.CATALOGUES:
        assert entry.model._base_manager.using(target).exists(), entry.key
    assert SyncRun.objects.using(target).count() == 2
    assert SyncRunCatalogue.objects.using(target).count() == 2 * len(registry.CATALOGUES)
    assert SyncState.objects.using(target).count() == len(registry.CATALOGUES)
    assert User.objects.using(target).get(username="contadora").check_password("una-clave-larga-2026")
    assert Schedule.objects.using(target).filter(name="prueba de mudanza").exists()


def test_the_moved_database_goes_on_syncing_with_new_ids_after_the_moved_ones(moved, both):
    from sync.models import SyncRun

    _result, _source, target_env = moved
    _source_alias, target = both
    last = SyncRun.objects.using(target).order_by("-pk").first().pk
    with running_sandbox(seed=1, scale="tiny", faults="none") as sandbox:
        synced = manage("sync_contifico", "--resources", "brands", "-v", "0",
                        env={**target_env, "CONTIFICO_API_BASE_URL": sandbox.base_url})

    assert synced.returncode == 0, synced.stderr
    assert SyncRun.objects.using(target).order_by("-pk").first().pk == last + 1


def test_a_second_move_into_a_database_that_holds_data_is_refused_and_changes_nothing(moved, both):
    from sync.models import SyncRun

    _result, source, target_env = moved
    _source_alias, target = both
    runs = SyncRun.objects.using(target).count()

    again = manage("move_database", str(source), env=target_env)

    assert again.returncode == 1
    assert "already holds data" in again.stderr and "Traceback" not in again.stderr
    assert SyncRun.objects.using(target).count() == runs
