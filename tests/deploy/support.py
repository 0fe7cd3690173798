"""Run the deployment as production does: child processes with the production settings.

Each test gets a database of its own: a SQLite file, or (when the suite runs on PostgreSQL) a
temporary PostgreSQL database on the same server, dropped afterwards.
"""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import requests
from django.conf import settings

from sandbox.server import SANDBOX_API_KEY

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"

# Variables of a developer's shell (or of the suite) that would change what the child does.
_SCRUBBED = (
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL", "INVENTORY_DB_PATH",
    "LOG_LEVEL", "LOG_FILE", "SECURE_SSL_REDIRECT", "STATIC_ROOT", "CACHE_URL", "BACKUP_DIR", "REDIS_URL",
    "CONTIFICO_API_KEY", "CONTIFICO_API_BASE_URL", "GUNICORN_BIND", "GUNICORN_WORKERS",
)


def suite_uses_postgres():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_url(name, port=None):
    """Return a URL for database ``name`` on the suite's PostgreSQL server (or another ``port``)."""
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    password = db.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{port or db.get('PORT') or 5432}/{name}"


def _admin_connection():
    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=db.get("HOST") or "127.0.0.1", port=db.get("PORT") or 5432, user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None, dbname="postgres", autocommit=True,
    )


@contextlib.contextmanager
def temporary_postgres(suffix, template=None):
    """Create a database next to the suite's own (its name plus ``suffix``), drop it after.

    Empty, or a copy of the database ``template`` (PostgreSQL copies files: much faster than
    migrating again).
    """
    name = f"{settings.DATABASES['default']['NAME']}_{suffix}_{os.getpid()}"[:63]
    copy = f' TEMPLATE "{template}"' if template else ""
    with _admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"{copy}')
    try:
        yield name
    finally:
        with _admin_connection() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def temporary_database(tmp_path, suffix):
    """Yield the environment that selects an empty database of the suite's kind."""
    if suite_uses_postgres():
        with temporary_postgres(suffix) as name:
            yield {"DATABASE_URL": postgres_url(name)}
    else:
        yield {"INVENTORY_DB_PATH": str(tmp_path / f"{suffix}.sqlite3")}


def production_env(tmp_path, database, **extra):
    """The documented production configuration (deploy/inventario.env.example), in ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
    env.update(read_env_file(DEPLOY / "inventario.env.example"))
    env.pop("DATABASE_URL", None)
    env.update({
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "inventario.example.com,127.0.0.1,localhost",
        "STATIC_ROOT": str(tmp_path / "static"),
        "CACHE_URL": f"filecache://{tmp_path / 'cache'}",
        "BACKUP_DIR": str(tmp_path / "backups"),
        "CONTIFICO_API_KEY": SANDBOX_API_KEY,
        "CONTIFICO_API_BASE_URL": "http://127.0.0.1:9/sistema/api",
        "CONTIFICO_REQUESTS_PER_SECOND": "0",
        "LOG_LEVEL": "WARNING",
    })
    env.update(database)
    env.update(extra)
    return env


def read_env_file(path):
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def manage(*args, env, timeout=180):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def _answers(url):
    try:
        return requests.get(url, timeout=2).status_code > 0
    except requests.ConnectionError:
        return False


def _stop(process):
    """Stop as systemd does (KillMode=mixed): SIGTERM to the main process, SIGKILL to all after 30 s."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextlib.contextmanager
def running_gunicorn(env, workers=2):
    """Start gunicorn with deploy/gunicorn.conf.py on a free loopback port; yield its base URL."""
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)}
    with tempfile.TemporaryFile("w+") as output:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config", str(DEPLOY / "gunicorn.conf.py")],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while not _answers(base + "/health/"):
                if process.poll() is not None or time.monotonic() > deadline:
                    output.seek(0)
                    raise AssertionError(f"gunicorn did not start:\n{output.read()}")
                time.sleep(0.2)
            yield base
        finally:
            _stop(process)


@contextlib.contextmanager
def running_qcluster(env):
    """Start the worker (``manage.py qcluster``); stop it as systemd does afterwards."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        yield process
    finally:
        _stop(process)


class TcpProxy:
    """A loopback TCP forwarder that can be cut and restored: a database that goes away."""

    def __init__(self, target_port):
        self.target_port = target_port
        self.port = free_port()
        self._listener = None
        self._sockets = []
        self._lock = threading.Lock()

    def start(self):
        self._listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def cut(self):
        """Close the listener and every connection through it."""
        with self._lock:
            sockets, self._sockets = self._sockets, []
            listener, self._listener = self._listener, None
        for sock in [listener, *sockets]:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            with self._lock:
                self._sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_WR)
