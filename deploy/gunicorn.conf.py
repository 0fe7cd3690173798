"""gunicorn settings for the web process (``gunicorn -c deploy/gunicorn.conf.py``).

Every value can be overridden from the environment file the systemd unit reads
(``GUNICORN_*`` below), so the file itself stays the same on every machine.
"""

import multiprocessing
import os

wsgi_app = "contifico_project.wsgi:application"

# Nginx talks to gunicorn on loopback only; nothing else should reach it.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Admin pages are I/O bound on the database: the classic (2 × cores) + 1 sync workers keep the
# cores busy while some wait. A small VPS with 1 core gets 3; cap it so a big machine sharing
# SQLite or PostgreSQL connections with the worker does not open dozens.
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9)))

# The slowest request we serve is an admin list or export over a large catalogue (seconds, not
# minutes): syncs never run in a web request (POST /api/sync only queues one). A worker stuck for
# longer than this is killed and replaced; Nginx waits a little longer (proxy_read_timeout 90s) so
# the client sees gunicorn's answer, not Nginx's 504.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
# On restart (a release), requests in flight get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
# Nginx keeps upstream connections open only briefly; a few seconds avoids reconnect churn.
keepalive = 5

# Recycle workers now and then so a slow leak in any library never grows without bound.
max_requests = 2000
max_requests_jitter = 200

# Access log to stdout (journald) by default, or to a file that logrotate rotates
# (deploy/logrotate): method, path, status, bytes, duration in seconds, client behind Nginx.
# Headers are not logged, so neither Authorization nor the session cookie ever reach it.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(L)ss "%(f)s" "%(a)s"'

# X-Forwarded-Proto from Nginx on the same machine is trusted (Django reads it for HTTPS).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Load the application once in the master: faster worker restarts, and a settings error
# (a missing SECRET_KEY, a typo in DEBUG) stops the service at start instead of in every worker.
preload_app = True
