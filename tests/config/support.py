"""Run ``manage.py`` (or gunicorn) in a child process with exactly the configuration a test gives."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Every variable settings read, and the database URL the test run itself may have set: a
# developer's shell must not leak into the child.
_CONFIGURATION = re.compile(
    r"^(DEBUG|SECRET_KEY|ALLOWED_HOSTS|CSRF_TRUSTED_ORIGINS|DATABASE_URL|INVENTORY_DB_PATH|LOG_.*|"
    r"SECURE_.*|CONN_MAX_AGE|CONTIFICO_.*|SYNC_.*)$"
)

SECRET_KEY = "k8#Qz!v2Rw7@Lp4^Xn9&Tm3*Gh6(Bd1)Fy5-Js0+Wc8=Ue2%Ha7"
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": SECRET_KEY,
    "ALLOWED_HOSTS": "inventario.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://inventario.example.com",
}


def child_env(env, tmp_path):
    """Return the process environment without any configuration, plus ``env`` and a private database."""
    clean = {k: v for k, v in os.environ.items() if not _CONFIGURATION.match(k)}
    clean["INVENTORY_DB_PATH"] = str(tmp_path / "inventory.db")
    clean.update(env or {})
    return clean


def manage(*args, env=None, tmp_path, timeout=120):
    """Run ``python manage.py *args`` with a clean configuration plus ``env``."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=child_env(env, tmp_path), capture_output=True, text=True, timeout=timeout,
    )


def env_example():
    """Return the variables ``.env.example`` sets (commented lines are not set)."""
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def settings_in_child(*names, env=None, tmp_path):
    """Return ``{name: repr(value)}`` of settings as a child process with ``env`` reads them."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: repr(getattr(settings, n)) for n in {list(names)!r}}}))"
    )
    result = manage("shell", "-v", "0", "-c", code, env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
