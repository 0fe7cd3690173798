"""The real gunicorn, with deploy/gunicorn.conf.py and the documented production settings
(DEBUG off), after deploy/release, on a database of its own, with two catalogues synced from
the sandbox."""

import json
import re
import shutil
import subprocess

import pytest
import requests

from sandbox.testing import running_sandbox
from tests.deploy.configs import DEPLOY, LOGROTATE, NGINX, OPENSSL, nginx_prefix
from tests.deploy.support import (
    ROOT,
    TcpProxy,
    free_port,
    manage,
    postgres_url,
    production_env,
    running_gunicorn,
    running_qcluster,
    suite_uses_postgres,
    temporary_database,
    wait_until,
)

# What Nginx adds: without it Django (SECURE_SSL_REDIRECT) sends every request to https.
BEHIND_NGINX = {"X-Forwarded-Proto": "https", "Host": "inventario.example.com"}


@pytest.fixture(scope="module")
def site(tmp_path_factory, migrated_database):
    tmp_path = tmp_path_factory.mktemp("site")
    with migrated_database(tmp_path, "site") as database:
        env = production_env(tmp_path, database)
        release = _run_release(env)
        assert release.returncode == 0, release.stdout + release.stderr
        with running_sandbox(seed=1, scale="tiny", faults="none") as sandbox:
            synced = manage("sync_contifico", "--resources", "brands", "categories", "-v", "0",
                            env={**env, "CONTIFICO_API_BASE_URL": sandbox.base_url})
        assert synced.returncode == 0, synced.stderr
        with running_gunicorn(env) as base:
            yield base, env


def _run_release(env):
    return subprocess.run([str(ROOT / "deploy" / "release")], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=180)


def health(base):
    response = requests.get(base + "/health/", timeout=10)
    return response.status_code, response.json(), response.text


def test_the_release_script_migrates_collects_static_files_and_passes_the_deployment_check(tmp_path):
    with temporary_database(tmp_path, "release") as database:
        result = _run_release(production_env(tmp_path, database))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert (tmp_path / "static" / "staticfiles.json").exists()


def test_the_deployment_check_fails_the_release_when_a_production_setting_is_weakened(
    tmp_path, migrated_database
):
    with migrated_database(tmp_path, "weak") as database:
        result = _run_release(production_env(tmp_path, database, SECURE_HSTS_SECONDS="0"))

    assert result.returncode != 0
    assert "security.W004" in result.stderr


def test_the_admin_login_page_and_its_css_answer_200_with_debug_off(site):
    base, _env = site
    login = requests.get(base + "/admin/login/", headers=BEHIND_NGINX, timeout=10)

    assert login.status_code == 200
    assert "Nombre de usuario" in login.text  # the Spanish admin, rendered by production settings
    css = re.search(r'href="(/static/admin/css/base\.[0-9a-f]{12}\.css)"', login.text)
    assert css, "the admin links its CSS by its hashed (manifest) name"
    stylesheet = requests.get(base + css.group(1), headers=BEHIND_NGINX, timeout=10)
    assert stylesheet.status_code == 200
    assert stylesheet.headers["Content-Type"].startswith("text/css")
    assert "max-age=315360000" in stylesheet.headers["Cache-Control"]


def test_plain_http_without_the_proxy_header_is_redirected_to_https(site):
    base, _env = site
    response = requests.get(base + "/admin/login/", headers={"Host": "inventario.example.com"},
                            allow_redirects=False, timeout=10)

    assert response.status_code == 301
    assert response.headers["Location"] == "https://inventario.example.com/admin/login/"


def test_health_answers_200_with_each_catalogues_freshness_and_no_secrets(site):
    base, env = site
    status, body, text = health(base)

    assert status == 200
    assert body["database"] == "ok"
    catalogues = {row["key"]: row for row in body["catalogues"]}
    assert len(catalogues) == 17
    assert catalogues["brands"]["stale"] is False and catalogues["brands"]["last_success"]
    assert catalogues["products"] == {"key": "products", "last_success": None, "stale": True}
    # Stale catalogues and an absent worker are reported, not an error.
    assert body["status"] == "degraded" and body["worker"] == {"seen": False}
    for secret in (env["SECRET_KEY"], env["CONTIFICO_API_KEY"]):
        assert secret not in text


def test_health_sees_the_worker_while_qcluster_runs_and_stops_seeing_it_after(site):
    base, env = site
    with running_qcluster(env):
        seen = wait_until(lambda: health(base)[1]["worker"]["seen"] and health(base)[1]["worker"],
                          timeout=60, what="/health/ to see the worker")
        assert seen["clusters"] == 1
    # Clusters publish their stats with a three-second lifetime.
    wait_until(lambda: not health(base)[1]["worker"]["seen"], timeout=15, what="/health/ to lose the worker")
    assert health(base)[0] == 200


def test_health_answers_503_while_the_sqlite_file_is_unreadable_and_200_once_it_is_back(tmp_path):
    env = production_env(tmp_path, {"INVENTORY_DB_PATH": str(tmp_path / "inventory.db")})
    assert manage("migrate", "--noinput", env=env).returncode == 0  # SQLite whatever the suite runs on
    database = tmp_path / "inventory.db"
    with running_gunicorn(env) as base:
        assert health(base)[0] == 200

        shutil.move(database, tmp_path / "kept.db")
        database.write_bytes(b"this is not a database, whatever its name says" * 100)
        status, body, text = health(base)
        assert status == 503
        assert body == {"status": "error", "time": body["time"], "database": "unreachable"}
        assert "Traceback" not in text

        shutil.move(tmp_path / "kept.db", database)
        assert health(base)[0] == 200


@pytest.mark.skipif(not suite_uses_postgres(), reason="runs when the suite runs on PostgreSQL")
def test_health_answers_503_while_postgresql_is_unreachable_and_200_once_it_is_back(site):
    _base, env = site
    database = env["DATABASE_URL"].rsplit("/", 1)[1]
    proxy = TcpProxy(target_port=int(env["DATABASE_URL"].rsplit(":", 1)[1].split("/")[0]))
    proxy.start()
    through_proxy = {**env, "DATABASE_URL": postgres_url(database, port=proxy.port)}
    with running_gunicorn(through_proxy) as base:
        assert health(base)[0] == 200

        proxy.cut()
        status, body, text = health(base)
        assert status == 503
        assert body["database"] == "unreachable"
        assert "Traceback" not in text and "postgres://" not in text

        proxy.start()
        wait_until(lambda: health(base)[0] == 200, timeout=10, what="/health/ to recover")


def test_the_health_body_is_plain_json_that_a_monitor_can_parse(site):
    base, _env = site
    response = requests.get(base + "/health/", headers={"Host": "anything.invalid"}, timeout=10)

    # Answered before the host check and the HTTPS redirect: monitors on the machine need no header.
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert json.loads(response.text)["database"] == "ok"


@pytest.mark.skipif(not (NGINX and OPENSSL), reason="Debian's nginx and openssl are not installed")
def test_through_nginx_over_https_the_admin_and_its_css_answer_200(site, tmp_path):
    base, _env = site
    https_port = free_port()
    conf = nginx_prefix(tmp_path, upstream_port=int(base.rsplit(":", 1)[1]), http_port=free_port(),
                        https_port=https_port)
    nginx = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(conf)], stderr=subprocess.PIPE, text=True)
    try:
        front = f"https://127.0.0.1:{https_port}"
        certificate = str(tmp_path / "certs" / "fullchain.pem")

        def get(path):
            try:
                return requests.get(front + path, headers={"Host": "inventario.example.com"},
                                    verify=certificate, allow_redirects=False, timeout=5)
            except requests.ConnectionError:
                return None

        login = wait_until(lambda: get("/admin/login/"), timeout=10, what="nginx to listen")
        # Nginx passes X-Forwarded-Proto: Django sees HTTPS and answers instead of redirecting.
        assert login.status_code == 200, login.status_code
        css = re.search(r'href="(/static/admin/css/base\.[0-9a-f]{12}\.css)"', login.text).group(1)
        assert get(css).status_code == 200
        assert get("/health/").json()["database"] == "ok"
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)


@pytest.mark.skipif(not LOGROTATE, reason="Debian's logrotate is not installed")
def test_logrotate_rotates_log_file_while_gunicorn_keeps_writing(site, tmp_path):
    _base, env = site
    logs = tmp_path / "logs"
    log_file = logs / "inventario.log"
    config = (DEPLOY / "logrotate" / "inventario-contifico").read_text()
    config = config.replace("/var/log/inventario-contifico", str(logs))
    config = config.replace("inventario inventario", "root root")  # the test runs as root
    (tmp_path / "logrotate.conf").write_text(config)
    with running_gunicorn({**env, "LOG_FILE": str(log_file)}) as base:
        requests.get(base + "/before-rotation/", headers=BEHIND_NGINX, timeout=10)
        assert "Not Found: /before-rotation/" in log_file.read_text()

        rotated = subprocess.run(
            [LOGROTATE, "--force", "--state", str(tmp_path / "state"), str(tmp_path / "logrotate.conf")],
            capture_output=True, text=True,
        )
        assert rotated.returncode == 0, rotated.stderr
        requests.get(base + "/after-rotation/", headers=BEHIND_NGINX, timeout=10)

    assert "Not Found: /before-rotation/" in (logs / "inventario.log.1").read_text()
    # Every web worker reopened the moved file by itself: the next line lands in a new one.
    assert "Not Found: /after-rotation/" in log_file.read_text()
    assert "/before-rotation/" not in log_file.read_text()
