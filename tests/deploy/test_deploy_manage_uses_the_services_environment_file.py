"""deploy/manage runs manage.py with the environment file the systemd units read."""

import os
import subprocess

from tests.deploy.support import DEPLOY, ROOT, production_env


def run(*args, env_file):
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/")}
    env["INVENTARIO_ENV_FILE"] = str(env_file)
    command = [str(DEPLOY / "manage"), *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_a_command_sees_the_production_settings_from_the_environment_file(tmp_path):
    settings = production_env(tmp_path, {"INVENTORY_DB_PATH": str(tmp_path / "inventory.db")})
    env_file = tmp_path / "inventario.env"
    wanted = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "INVENTORY_DB_PATH", "STATIC_ROOT", "CACHE_URL")
    env_file.write_text("".join(f"{name}={settings[name]}\n" for name in wanted))

    show = "from django.conf import settings as s; print(s.DEBUG, s.DATABASES['default']['NAME'])"
    result = run("shell", "-v", "0", "-c", show, env_file=env_file)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", str(tmp_path / "inventory.db")]


def test_an_unreadable_environment_file_is_one_clear_sentence(tmp_path):
    result = run("check", env_file=tmp_path / "missing.env")

    assert result.returncode == 2
    assert "Cannot read" in result.stderr and "missing.env" in result.stderr
