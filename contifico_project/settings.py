"""Settings for Inventario Contífico, read from the environment.

Every variable is listed in ``.env.example`` and in the README. Development
defaults run with no configuration at all; with ``DEBUG`` off the app refuses
to start without its secrets. Every value is read through ``CONFIG``, which
collects each problem (naming the variable and the form expected); the last
lines raise them all at once, and the entry points print that one line.
"""

from pathlib import Path

import environ

from contifico_project.env import (
    LOG_LEVELS,
    Config,
    create_private_files,
    is_local_host,
    shown,
)

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file is optional; real environment variables win over it.
env.read_env(BASE_DIR / ".env", overwrite=False)
CONFIG = Config(env, BASE_DIR)

DEBUG = CONFIG.bool("DEBUG", default=True)

_RANDOM_KEY_HINT = (
    "use 50 or more random characters, "
    "e.g. from python -c 'import secrets; print(secrets.token_urlsafe(50))'"
)
if DEBUG:
    SECRET_KEY = CONFIG.secret("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
    ALLOWED_HOSTS = CONFIG.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
    # DEBUG unset means on, for a fresh clone. A host other people can reach means a server, which
    # must not show debug pages (settings and environment) by accident: it has to say so.
    _public_hosts = [host for host in ALLOWED_HOSTS if not is_local_host(host)]
    if _public_hosts and not CONFIG.is_set("DEBUG"):
        CONFIG.problem(
            f"DEBUG is unset (on, for development) but ALLOWED_HOSTS names {_public_hosts[0]}; "
            "set DEBUG=false for a server, or DEBUG=true to develop on that host"
        )
else:
    SECRET_KEY = CONFIG.secret("SECRET_KEY", default="")
    ALLOWED_HOSTS = CONFIG.list("ALLOWED_HOSTS", default=[])
    CONFIG.production_secret("SECRET_KEY", SECRET_KEY, minimum=50, hint=_RANDOM_KEY_HINT)
    if not ALLOWED_HOSTS:
        CONFIG.problem("ALLOWED_HOSTS must be set when DEBUG is off: the site's host names, "
                       "comma-separated, such as inventario.example.com")

CSRF_TRUSTED_ORIGINS = CONFIG.origins("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "contifico_project.apps.InventarioAdminConfig",  # the admin, with the sync dashboard
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_q",
    "sync",
    "inventory",
    "accounting",
    "banking",
]
# The sandbox (a fake Contífico API for tests, the demo and benchmarks) is deliberately not an
# installed app: it needs no Django, and production never serves it. Start it with `python -m sandbox`.

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "contifico_project.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "contifico_project.wsgi.application"

# --- Database ---------------------------------------------------------------
# SQLite is the embedded default; DATABASE_URL selects PostgreSQL (production)
# or anything else django-environ parses.
INVENTORY_DB_PATH = CONFIG.path("INVENTORY_DB_PATH", default="data/inventory.db")

_database_url = CONFIG.database_url(
    "DATABASE_URL", example="postgres://inventario:password@127.0.0.1:5432/inventario"
)
if _database_url:
    DATABASES = {"default": _database_url}
else:
    # The file and its folder are created private at the end, once the configuration is valid.
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(INVENTORY_DB_PATH)}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the qcluster worker write at the same time: WAL lets
    # readers proceed during a write, busy_timeout waits for the lock instead
    # of failing, and IMMEDIATE transactions take the write lock up front so a
    # read-then-write transaction cannot deadlock into "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=30000;"
                "PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    )
    # Tests that start subprocesses (the command, the worker) need a file, not
    # an in-memory database, to share the data.
    DATABASES["default"].setdefault("TEST", {}).setdefault(
        "NAME", str(INVENTORY_DB_PATH.parent / "test_inventory.db")
    )
else:
    DATABASES["default"].setdefault(
        "CONN_MAX_AGE", CONFIG.whole_number("CONN_MAX_AGE", default=60, minimum=0)
    )
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language, time zone ----------------------------------------------------
LANGUAGE_CODE = "es"
LANGUAGES = [("es", "Español")]
TIME_ZONE = "America/Guayaquil"
USE_I18N = True
USE_TZ = True
# Our Spanish for what third-party apps show in the admin (django-q2's tasks and schedules).
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

LOGIN_URL = "admin:login"

# --- Contífico --------------------------------------------------------------
# Secrets are stripped: "KEY= value" or a trailing newline in .env must not reach the header.
CONTIFICO_API_KEY = CONFIG.secret("CONTIFICO_API_KEY", default="")
CONTIFICO_API_TOKEN = CONFIG.secret("CONTIFICO_API_TOKEN", default="")
# A trailing /v1 or /v2 (older configs) is stripped by the client, the one door to the API.
CONTIFICO_API_BASE_URL = CONFIG.http_url(
    "CONTIFICO_API_BASE_URL", default="https://api.contifico.com/sistema/api",
    example="https://api.contifico.com/sistema/api",
)
CONTIFICO_PAGE_SIZE = CONFIG.whole_number("CONTIFICO_PAGE_SIZE", default=200)
# Some Contífico endpoints take more than 60 s to answer a large page.
CONTIFICO_CONNECT_TIMEOUT = CONFIG.number(
    "CONTIFICO_CONNECT_TIMEOUT", default=10.0, form="a number of seconds above 0, such as 10"
)
CONTIFICO_READ_TIMEOUT = CONFIG.number(
    "CONTIFICO_READ_TIMEOUT", default=120.0, form="a number of seconds above 0, such as 120"
)
CONTIFICO_MAX_RETRIES = CONFIG.whole_number("CONTIFICO_MAX_RETRIES", default=6, minimum=0)
CONTIFICO_REQUESTS_PER_SECOND = CONFIG.number(
    "CONTIFICO_REQUESTS_PER_SECOND", default=5.0, above=False,
    form="a number of 0 or more (0 = no limit), such as 5",
)
CONTIFICO_MAX_CONCURRENCY = CONFIG.whole_number("CONTIFICO_MAX_CONCURRENCY", default=2)
SYNC_BATCH_SIZE = CONFIG.whole_number("SYNC_BATCH_SIZE", default=500)
SYNC_API_TOKEN = CONFIG.secret("SYNC_API_TOKEN", default="")
if SYNC_API_TOKEN and not DEBUG:
    CONFIG.production_secret(
        "SYNC_API_TOKEN", SYNC_API_TOKEN, minimum=32,
        hint="use 32 or more random characters, or leave it unset",
    )
# A catalogue not synced successfully for this long is shown as stale (dashboard, /health/).
SYNC_STALE_AFTER_HOURS = CONFIG.number("SYNC_STALE_AFTER_HOURS", default=26.0)

# --- django-q2 --------------------------------------------------------------
# The ORM broker keeps the worker dependency-free: the queue lives in the same
# database as the mirror. One worker, so only one sync job runs at a time.
SYNC_TASK_TIMEOUT = CONFIG.whole_number("SYNC_TASK_TIMEOUT", default=6 * 3600)
Q_CLUSTER = {
    "name": "contifico",
    "orm": "default",
    "workers": 1,
    "timeout": SYNC_TASK_TIMEOUT,
    # django-q2 re-queues a task not acknowledged within "retry": keep it past the timeout.
    "retry": SYNC_TASK_TIMEOUT + 600,
    # The queue must never run a sync twice by itself: one attempt, a failure is
    # acknowledged (the lock and the watermark make a rerun by hand safe), one
    # job taken from the queue at a time, and missed schedules are not replayed.
    "max_attempts": 1,
    "ack_failures": True,
    "queue_limit": 1,
    "catch_up": False,
    "label": "Tareas en segundo plano",
}
# Several hosts share one queue through Redis (e.g. redis://127.0.0.1:6379/0); unset = the ORM broker.
REDIS_URL = CONFIG.text("REDIS_URL")
if REDIS_URL.split("://", 1)[0] not in ("", "redis", "rediss", "unix"):
    # Not echoed: a Redis URL may carry a password.
    CONFIG.problem("REDIS_URL must be a redis://, rediss:// or unix:// URL such as redis://127.0.0.1:6379/0")
elif REDIS_URL:
    del Q_CLUSTER["orm"]
    Q_CLUSTER["redis"] = REDIS_URL

# --- Deployment: static files, shared cache, backups, health, broker -------
# See docs/operations.md. The project package is an app for its operations commands
# (backup_database, restore_database, move_database).
INSTALLED_APPS.append("contifico_project.apps.ProjectConfig")
# /health/ answers first, before the host check and the HTTPS redirect,
# so a local probe (curl http://127.0.0.1:8000/health/) works; it shows no secrets.
MIDDLEWARE.insert(0, "contifico_project.health.HealthCheckMiddleware")
# WhiteNoise serves the collected static files from gunicorn itself (hashed names, precompressed,
# cached for a year): the admin CSS works the same behind Nginx, any other proxy or none, and
# several web hosts need no shared static folder. It must sit right after SecurityMiddleware.
# With DEBUG on, runserver serves them from the apps' folders (no collectstatic needed).
if not DEBUG:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
STATIC_ROOT = CONFIG.folder("STATIC_ROOT", default=STATIC_ROOT)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # The manifest storage needs collectstatic (deploy/release runs it), so only production uses it.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# The worker's liveness (django-q2 cluster stats) travels through this cache with the database
# broker, so the web processes must share it with the worker: a folder on one machine by default,
# rediscache://… or dbcache://… across machines.
try:
    CACHES = {"default": env.cache_url("CACHE_URL", default=f"filecache://{BASE_DIR / 'data' / 'cache'}")}
except Exception:  # django-environ's own error for an unknown scheme
    CONFIG.problem(
        "CACHE_URL must be a cache URL such as filecache:///srv/cache or rediscache://host:6379/1, "
        f"got {shown(CONFIG.raw('CACHE_URL'))}"
    )
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
BACKUP_DIR = CONFIG.folder("BACKUP_DIR", default=BASE_DIR / "backups")
BACKUP_KEEP = CONFIG.whole_number("BACKUP_KEEP", default=14)

# --- Security (effective when DEBUG is off; see README "Deploy on a VPS") ---
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = CONFIG.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = CONFIG.whole_number("SECURE_HSTS_SECONDS", default=31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = CONFIG.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

# --- Logging ----------------------------------------------------------------
LOG_LEVEL = CONFIG.choice("LOG_LEVEL", default="INFO", choices=LOG_LEVELS)
LOG_FILE = CONFIG.path("LOG_FILE", default=None)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "contifico_project.logging.RedactSecretsFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own request logging is noisy at DEBUG; keep it at INFO.
        "django": {"level": "INFO" if LOG_LEVEL == "DEBUG" else LOG_LEVEL, "propagate": True},
        "urllib3": {"level": "WARNING", "propagate": True},
        # runserver's request lines go to our handlers (redacting, and the file), not Django's own.
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
    },
}

if LOG_FILE:
    # Created 0600 in a 0700 folder: at DEBUG the log holds customers' personal data.
    LOGGING["handlers"]["file"] = {
        "class": "contifico_project.logging.PrivateFileHandler",
        "filename": str(LOG_FILE),
        "formatter": "plain",
        "filters": ["redact_secrets"],
    }
    LOGGING["root"]["handlers"].append("file")

# Every handler, including any a block above adds without the filter, removes the secrets.
for _handler in LOGGING["handlers"].values():
    if "redact_secrets" not in _handler.setdefault("filters", []):
        _handler["filters"].append("redact_secrets")

# The debug page and error reports hide the secrets by name and by value.
DEFAULT_EXCEPTION_REPORTER = "contifico_project.logging.RedactingExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "contifico_project.logging.SecretsExceptionReporterFilter"

# --- Validation ---------------------------------------------------------------
# Every problem found above, in one line; manage.py and wsgi.py print it and exit.
CONFIG.check()
# Only a valid configuration touches the disk: the SQLite database and the log file are created
# readable by their owner only (SQLite gives its -wal and -shm files the database's mode).
_private_files = {"LOG_FILE": LOG_FILE}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _private_files["DATABASE_URL" if _database_url else "INVENTORY_DB_PATH"] = DATABASES["default"]["NAME"]
create_private_files(_private_files)
