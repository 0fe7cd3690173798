"""The files in deploy/, rewritten for a test: paths into tmp_path, ports on loopback."""

import shutil
import subprocess
from pathlib import Path

from tests.deploy.support import DEPLOY, ROOT

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
OPENSSL = shutil.which("openssl")
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")
LOGROTATE = shutil.which("logrotate") or (
    "/usr/sbin/logrotate" if Path("/usr/sbin/logrotate").exists() else None
)

SITE = DEPLOY / "nginx" / "inventario-contifico.conf"
CERT_DIR = "/etc/letsencrypt/live/inventario.example.com"


def self_signed_certificate(folder):
    """Write fullchain.pem and privkey.pem for inventario.example.com into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=inventario.example.com",
         "-addext", "subjectAltName=DNS:inventario.example.com,IP:127.0.0.1",
         "-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem")],
        check=True, capture_output=True,
    )


def nginx_prefix(tmp_path, *, upstream_port=8000, http_port=None, https_port=None):
    """Lay out an Nginx prefix whose nginx.conf includes our site; return the nginx.conf path."""
    self_signed_certificate(tmp_path / "certs")
    (tmp_path / "logs").mkdir(exist_ok=True)
    site = SITE.read_text()
    site = site.replace(CERT_DIR, str(tmp_path / "certs"))
    site = site.replace("/var/log/nginx/", f"{tmp_path}/logs/")
    site = site.replace("/var/www/html", str(tmp_path / "acme"))
    site = site.replace("server 127.0.0.1:8000", f"server 127.0.0.1:{upstream_port}")
    if http_port:
        site = site.replace("    listen [::]:80;\n", "")
        site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    if https_port:
        site = site.replace("    listen [::]:443 ssl http2;\n", "")
        site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    (tmp_path / "site.conf").write_text(site)
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/logs/error.log;
daemon off;
events {{ worker_connections 64; }}
http {{
    access_log {tmp_path}/logs/access.log;
    client_body_temp_path {tmp_path}/client_body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/site.conf;
}}
""")
    return conf


def units_for_this_checkout(tmp_path):
    """Copy the systemd units with /opt/inventario-contifico pointing at this checkout."""
    folder = tmp_path / "units"
    folder.mkdir()
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        (folder / unit.name).write_text(unit.read_text().replace("/opt/inventario-contifico", str(ROOT)))
    return sorted(folder.iterdir())
