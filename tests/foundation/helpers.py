"""Run ``manage.py`` in a child process with a controlled environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Variables a developer's shell or .env could carry into the child and change its behaviour.
_SETTINGS_VARS = (
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL",
    "INVENTORY_DB_PATH", "LOG_LEVEL", "LOG_FILE", "SECURE_SSL_REDIRECT",
)


def manage(*args, env=None, tmp_path, timeout=120):
    """Run ``python manage.py *args`` with a clean settings environment plus ``env``."""
    child_env = {k: v for k, v in os.environ.items() if k not in _SETTINGS_VARS}
    child_env["INVENTORY_DB_PATH"] = str(tmp_path / "inventory.db")
    child_env.update(env or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
