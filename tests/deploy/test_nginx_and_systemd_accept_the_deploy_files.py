"""Debian's own tools accept the files in deploy/ (skipped, saying why, where they are missing)."""

import subprocess

import pytest

from tests.deploy.configs import NGINX, OPENSSL, SYSTEMD_ANALYZE, nginx_prefix, units_for_this_checkout

needs_nginx = pytest.mark.skipif(
    not (NGINX and OPENSSL),
    reason="Debian's nginx and openssl are not installed (apt-get install nginx openssl)",
)
needs_systemd = pytest.mark.skipif(
    not SYSTEMD_ANALYZE, reason="systemd-analyze is not installed (Debian package systemd)"
)


def nginx_test(prefix, conf):
    return subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(conf)], capture_output=True, text=True)


@needs_nginx
def test_nginx_accepts_the_site(tmp_path):
    conf = nginx_prefix(tmp_path)
    result = nginx_test(tmp_path, conf)

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@needs_nginx
def test_nginx_refuses_a_site_whose_certificate_is_missing(tmp_path):
    conf = nginx_prefix(tmp_path)
    (tmp_path / "certs" / "fullchain.pem").unlink()
    result = nginx_test(tmp_path, conf)

    assert result.returncode != 0
    assert "fullchain.pem" in result.stderr


@needs_systemd
def test_systemd_accepts_the_web_worker_and_backup_units(tmp_path):
    units = units_for_this_checkout(tmp_path)
    result = subprocess.run([SYSTEMD_ANALYZE, "verify", *map(str, units)], capture_output=True, text=True)

    # systemd reports a bad line as a warning and still exits 0: any line about our units fails.
    complaints = [line for line in result.stderr.splitlines() if "inventario" in line]
    assert result.returncode == 0 and not complaints, result.stderr
    assert {unit.name for unit in units} == {
        "inventario-web.service", "inventario-worker.service",
        "inventario-backup.service", "inventario-backup.timer",
    }


@needs_systemd
def test_systemd_reports_a_unit_whose_program_is_missing(tmp_path):
    units = units_for_this_checkout(tmp_path)
    web = next(unit for unit in units if unit.name == "inventario-web.service")
    web.write_text(web.read_text().replace(".venv/bin/gunicorn", ".venv/bin/no-such-gunicorn"))
    result = subprocess.run([SYSTEMD_ANALYZE, "verify", str(web)], capture_output=True, text=True)

    assert "no-such-gunicorn" in result.stderr


def test_the_web_and_the_worker_run_as_a_dedicated_user_with_the_environment_file_and_restart():
    import configparser

    from tests.deploy.support import DEPLOY

    for name in ("inventario-web.service", "inventario-worker.service"):
        unit = configparser.ConfigParser(strict=False, interpolation=None)
        unit.optionxform = str
        unit.read(DEPLOY / "systemd" / name)
        assert unit["Service"]["User"] == "inventario", name
        assert unit["Service"]["EnvironmentFile"] == "/etc/inventario-contifico/inventario.env", name
        assert unit["Service"]["Restart"] in ("on-failure", "always"), name
        assert "postgresql.service" in unit["Unit"]["After"].split(), name
