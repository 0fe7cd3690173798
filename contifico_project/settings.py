"""Settings for Inventario Contífico, read from the environment.

Every variable is listed in ``.env.example`` and in the README. Development
defaults run with no configuration at all; with ``DEBUG`` off the app refuses
to start without its secrets.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from contifico_project.env import strict_bool

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file is optional; real environment variables win over it.
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = strict_bool(env, "DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
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
INVENTORY_DB_PATH = Path(env.str("INVENTORY_DB_PATH", default=str(BASE_DIR / "data" / "inventory.db")))
if not INVENTORY_DB_PATH.is_absolute():
    INVENTORY_DB_PATH = BASE_DIR / INVENTORY_DB_PATH

if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
else:
    INVENTORY_DB_PATH.parent.mkdir(parents=True, exist_ok=True)
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
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
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

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

LOGIN_URL = "admin:login"

# --- Contífico --------------------------------------------------------------
CONTIFICO_API_KEY = env.str("CONTIFICO_API_KEY", default="")
CONTIFICO_API_TOKEN = env.str("CONTIFICO_API_TOKEN", default="")
# A trailing /v1 or /v2 (older configs) is stripped by the client, the one door to the API.
CONTIFICO_API_BASE_URL = env.str("CONTIFICO_API_BASE_URL", default="https://api.contifico.com/sistema/api")
CONTIFICO_PAGE_SIZE = env.int("CONTIFICO_PAGE_SIZE", default=200)
# Some Contífico endpoints take more than 60 s to answer a large page.
CONTIFICO_CONNECT_TIMEOUT = env.float("CONTIFICO_CONNECT_TIMEOUT", default=10.0)
CONTIFICO_READ_TIMEOUT = env.float("CONTIFICO_READ_TIMEOUT", default=120.0)
CONTIFICO_MAX_RETRIES = env.int("CONTIFICO_MAX_RETRIES", default=6)
CONTIFICO_REQUESTS_PER_SECOND = env.float("CONTIFICO_REQUESTS_PER_SECOND", default=5.0)
CONTIFICO_MAX_CONCURRENCY = env.int("CONTIFICO_MAX_CONCURRENCY", default=2)
SYNC_BATCH_SIZE = env.int("SYNC_BATCH_SIZE", default=500)
SYNC_API_TOKEN = env.str("SYNC_API_TOKEN", default="")
# A catalogue not synced successfully for this long is shown as stale (dashboard, /health/).
SYNC_STALE_AFTER_HOURS = env.float("SYNC_STALE_AFTER_HOURS", default=26.0)

for _name, _value in (
    ("CONTIFICO_PAGE_SIZE", CONTIFICO_PAGE_SIZE),
    ("SYNC_BATCH_SIZE", SYNC_BATCH_SIZE),
    ("CONTIFICO_MAX_CONCURRENCY", CONTIFICO_MAX_CONCURRENCY),
):
    if _value < 1:
        raise ImproperlyConfigured(f"{_name} must be a positive whole number, not {_value}.")

# --- django-q2 --------------------------------------------------------------
# The ORM broker keeps the worker dependency-free: the queue lives in the same
# database as the mirror. One worker, so only one sync job runs at a time.
SYNC_TASK_TIMEOUT = env.int("SYNC_TASK_TIMEOUT", default=6 * 3600)
Q_CLUSTER = {
    "name": "contifico",
    "orm": "default",
    "workers": 1,
    "timeout": SYNC_TASK_TIMEOUT,
    # django-q2 re-queues a task not acknowledged within "retry": keep it past the timeout.
    "retry": SYNC_TASK_TIMEOUT + 600,
    "max_attempts": 1,
    "catch_up": False,
}

# --- Deployment: static files, shared cache, backups, health, broker -------
# See docs/operations.md. The project package is an app for its operations commands
# (backup_database, restore_database, move_database).
INSTALLED_APPS.append("contifico_project")
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
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(STATIC_ROOT)))
if not STATIC_ROOT.is_absolute():
    STATIC_ROOT = BASE_DIR / STATIC_ROOT
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
CACHES = {"default": env.cache_url("CACHE_URL", default=f"filecache://{BASE_DIR / 'data' / 'cache'}")}
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(BASE_DIR / "backups")))
if not BACKUP_DIR.is_absolute():
    BACKUP_DIR = BASE_DIR / BACKUP_DIR
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
# Several web hosts and one worker host share the queue through Redis instead of the database.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    Q_CLUSTER.pop("orm", None)
    Q_CLUSTER["redis"] = REDIS_URL

# --- Security (effective when DEBUG is off; see README "Deploy on a VPS") ---
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = strict_bool(env, "SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = strict_bool(env, "SECURE_HSTS_PRELOAD", default=True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

# --- Logging ----------------------------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
LOG_FILE = env.str("LOG_FILE", default="")

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
    },
}

if LOG_FILE:
    _log_path = Path(LOG_FILE)
    if not _log_path.is_absolute():
        _log_path = BASE_DIR / _log_path
    _log_path.parent.mkdir(parents=True, exist_ok=True)
    LOGGING["handlers"]["file"] = {
        "class": "logging.handlers.WatchedFileHandler",
        "filename": str(_log_path),
        "formatter": "plain",
        "filters": ["redact_secrets"],
    }
    LOGGING["root"]["handlers"].append("file")
