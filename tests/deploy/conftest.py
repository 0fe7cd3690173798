"""One migrated database per test session, copied for every test that needs one."""

import contextlib
import shutil

import pytest

from tests.deploy.support import manage, postgres_url, production_env, suite_uses_postgres, temporary_postgres


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("template")
    if suite_uses_postgres():
        with temporary_postgres("template") as name:
            env = production_env(folder, {"DATABASE_URL": postgres_url(name)})
            result = manage("migrate", "--noinput", env=env)
            assert result.returncode == 0, result.stderr
            yield {"postgres": name}
    else:
        path = folder / "template.sqlite3"
        result = manage("migrate", "--noinput", env=production_env(folder, {"INVENTORY_DB_PATH": str(path)}))
        assert result.returncode == 0, result.stderr
        yield {"sqlite": path}


@pytest.fixture(scope="session")
def migrated_database(_migrated_template):
    """Return ``make(tmp_path, suffix)``: a context giving the settings of a migrated database."""

    @contextlib.contextmanager
    def make(tmp_path, suffix):
        if "postgres" in _migrated_template:
            with temporary_postgres(suffix, template=_migrated_template["postgres"]) as name:
                yield {"DATABASE_URL": postgres_url(name)}
        else:
            path = tmp_path / f"{suffix}.sqlite3"
            shutil.copy(_migrated_template["sqlite"], path)
            yield {"INVENTORY_DB_PATH": str(path)}

    return make
