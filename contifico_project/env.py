"""Reading and validating the environment, once, at start.

Settings read every variable through one ``Config`` object. Each reader returns a typed value (or
the default when the variable is unset) and, when the value is unusable, records one sentence that
names the variable, the form expected and what it got -- never the value of a secret. At the end of
settings ``Config.check()`` raises ``ConfigError`` carrying every problem on one line, and the entry
points (``manage.py``, ``wsgi.py``, ``asgi.py``) print that line and exit instead of a traceback.

django-environ's own ``env.bool`` turns any unknown string into False, so a typo such as
``DEBUG=ture`` would silently switch debug off (or a feature on); ``strict_bool`` refuses anything
that is not a recognised boolean word.

The messages are English, like Django's own, but each starts with the variable's name and shows an
example of the expected form, so an operator who reads Spanish can act on the name and the example.
"""

import contextlib
import ipaddress
import math
import os
import re
import sys
import warnings
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on", "y", "t"}
FALSE_WORDS = {"0", "false", "no", "off", "n", "f", ""}

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

# Entry points exit with this status when the configuration is unusable.
EXIT_BAD_CONFIGURATION = 1

# "scheme://user:password@host" -> the password part, so a URL can be shown without it.
URL_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.\-]*://[^:/@\s'\"]*:)[^@\s/'\"]+(?=@)", re.IGNORECASE)


class ConfigError(ImproperlyConfigured):
    """Every configuration problem, in one line that starts with "Invalid configuration:"."""


def strict_bool(env, name, default):
    """Return the boolean value of ``name``, rejecting anything ambiguous."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be true or false (also yes/no, on/off, 1/0), got {shown(raw)}"
    )


def strip_api_version(url):
    """Return the API root without a trailing ``/v1`` or ``/v2`` (older configs had one)."""
    url = url.rstrip("/")
    for suffix in ("/v1", "/v2"):
        if url.endswith(suffix):
            return url[: -len(suffix)]
    return url


def without_url_password(text):
    """Return ``text`` with the password of any ``scheme://user:password@`` URL replaced by ``***``."""
    return URL_PASSWORD.sub(lambda m: m.group("head") + "***", text)


def shown(raw, limit=60):
    """Return a value as quoted, printable, bounded text for a one-line message (passwords hidden)."""
    text = repr(without_url_password(raw))
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def is_local_host(host):
    """Return whether an ``ALLOWED_HOSTS`` entry can only be reached from this machine."""
    host = host.strip().lower().rstrip(".")
    if host in ("localhost", ".localhost") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def make_private_dirs(path):
    """Create ``path`` and any missing parents readable by their owner only (0700).

    ``Path.mkdir(mode=..., parents=True)`` gives the parents the default mode, so each missing
    level is created here with 0700; folders that already exist are left as they are.
    """
    path = Path(path)
    missing = []
    while not path.exists():
        missing.append(path)
        if path.parent == path:
            break
        path = path.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it first
            folder.mkdir(mode=0o700)


def create_private_file(path):
    """Create ``path`` (and its folders) readable by its owner only, unless it already exists."""
    path = Path(path)
    if path.exists():  # not even opened: a user who may only read it must still be able to start
        return
    make_private_dirs(path.parent)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))


def create_private_files(paths):
    """Create each ``{variable: path}`` file privately; a path that cannot be made is a ConfigError.

    In-memory SQLite names and empty paths are skipped.
    """
    for variable, path in paths.items():
        if not path or ":memory:" in str(path) or str(path).startswith("file:"):
            continue
        try:
            create_private_file(path)
        except OSError as error:
            raise ConfigError(
                f"Invalid configuration: {variable}: cannot create {path} ({error.strerror})"
            ) from None


class Config:
    """Typed readers over a django-environ ``Env`` that collect every problem instead of raising."""

    def __init__(self, env, base_dir):
        self.env = env
        self.base_dir = Path(base_dir)
        self.problems = []
        # Every variable read, so a test can hold the README and .env.example to the same list.
        self.names = set()

    def problem(self, message):
        self.problems.append(message)

    def check(self):
        """Raise ``ConfigError`` naming every problem found so far, in one line."""
        if self.problems:
            raise ConfigError("Invalid configuration: " + "; ".join(self.problems))

    def raw(self, name):
        """Return the variable as set (``None`` when unset)."""
        self.names.add(name)
        return self.env.str(name, default=None)

    def is_set(self, name):
        return self.raw(name) is not None

    def bool(self, name, default):
        self.names.add(name)
        try:
            return strict_bool(self.env, name, default)
        except ImproperlyConfigured as error:
            self.problem(str(error))
            return default

    def text(self, name, default=""):
        raw = self.raw(name)
        return default if raw is None else raw.strip()

    def secret(self, name, default=""):
        """Return a secret stripped of surrounding whitespace.

        ``KEY= value`` or a trailing newline in ``.env`` would otherwise reach the HTTP header (and
        requests' error text, with the key in it). The value itself never appears in a message.
        """
        raw = self.raw(name)
        if raw is None:
            return default
        value = raw.strip()
        if any(char.isspace() or not char.isprintable() for char in value):
            self.problem(
                f"{name} has a space or an invisible character inside it; "
                "paste it again exactly as issued (its value is not shown here)"
            )
        return value

    def _number(self, name, default, parse, minimum, above, form):
        raw = self.raw(name)
        if raw is None:
            return default
        try:
            value = parse(raw.strip())
        except ValueError:
            value = None
        if (
            value is None
            or not math.isfinite(value)
            or value < minimum
            or (above and value == minimum)
        ):
            self.problem(f"{name} must be {form}, got {shown(raw)}")
            return default
        return value

    def whole_number(self, name, default, minimum=1, form=None):
        """Return an ``int`` of at least ``minimum``."""
        form = form or f"a whole number of {minimum} or more"
        return self._number(name, default, int, minimum, False, form)

    def number(self, name, default, minimum=0, above=True, form=None):
        """Return a finite ``float`` above ``minimum`` (or equal to it when ``above`` is False)."""
        form = form or (f"a number above {minimum}" if above else f"a number of {minimum} or more")
        return self._number(name, default, float, minimum, above, form)

    def choice(self, name, default, choices):
        raw = self.raw(name)
        if raw is None:
            return default
        value = raw.strip().upper()
        if value not in choices:
            self.problem(f"{name} must be one of {', '.join(choices)}, got {shown(raw)}")
            return default
        return value

    def http_url(self, name, default, example):
        raw = self.raw(name)
        if raw is None:
            return default
        value = raw.strip()
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            self.problem(f"{name} must be an http:// or https:// URL such as {example}, got {shown(raw)}")
            return default
        return value

    def list(self, name, default):
        """Return a comma-separated list with each item stripped (``a, b`` is ``["a", "b"]``)."""
        raw = self.raw(name)
        if raw is None:
            return list(default)
        return [item.strip() for item in raw.split(",") if item.strip()]

    def origins(self, name, default):
        values = self.list(name, default)
        for origin in values:
            parts = urlsplit(origin)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                self.problem(
                    f"{name} entries must start with https:// (such as https://inventario.example.com), "
                    f"got {shown(origin)}"
                )
        return values

    def path(self, name, default):
        """Return an absolute file path (relative ones are read from the repository root).

        Unset or empty, return ``default`` made absolute the same way (``None`` stays ``None``).
        """
        path = self._absolute(name, default)
        if path is not None and path.is_dir():
            self.problem(f"{name} must name a file, but {path} is a folder")
        return path

    def folder(self, name, default):
        """Return an absolute folder path, read as ``path`` reads a file's."""
        path = self._absolute(name, default)
        if path is not None and path.exists() and not path.is_dir():
            self.problem(f"{name} must name a folder, but {path} is a file")
        return path

    def _absolute(self, name, default):
        value = self.text(name) or default
        if value is None:
            return None
        path = Path(value)
        return path if path.is_absolute() else self.base_dir / path

    def database_url(self, name, example):
        """Return Django's ``DATABASES`` entry for a database URL, or ``None`` when unset or unusable."""
        raw = self.text(name)
        if not raw:
            return None
        with warnings.catch_warnings():
            # django-environ warns (and returns an empty engine) for schemes it does not know.
            warnings.simplefilter("ignore")
            try:
                parsed = self.env.db_url_config(raw)
            except Exception:  # any parse failure is the same answer: not a database URL
                parsed = {}
        known = set(self.env.DB_SCHEMES.values())
        sqlite = parsed.get("ENGINE") == "django.db.backends.sqlite3"
        if parsed.get("ENGINE") not in known or not (parsed.get("NAME") or sqlite):
            self.problem(f"{name} must be a database URL such as {example}, got {shown(raw)}")
            return None
        return parsed

    def production_secret(self, name, value, minimum, hint):
        """Record a problem when a secret required with DEBUG off is missing or weak."""
        placeholders = {"generate-a-long-random-string", "generate-another-long-random-string",
                        "a-long-random-string", "paste-50-or-more-random-characters", "change-me"}
        if not value:
            self.problem(f"{name} must be set when DEBUG is off: {hint}")
        elif value in placeholders or value.startswith(("dev-only-", "django-insecure-")):
            self.problem(f"{name} is still the example value; {hint}")
        elif len(value) < minimum or len(set(value)) < 5:
            self.problem(f"{name} is too weak for DEBUG off ({len(value)} characters); {hint}")


@contextlib.contextmanager
def exit_on_bad_configuration(status=EXIT_BAD_CONFIGURATION, stream=None):
    """Turn ``ImproperlyConfigured`` into one line on stderr and ``SystemExit(status)``.

    Used around the first import of the settings by every entry point, so bad configuration
    never shows a traceback.
    """
    try:
        yield
    except ImproperlyConfigured as error:
        message = " ".join(str(error).split())
        if not message.startswith("Invalid configuration:"):
            message = f"Invalid configuration: {message}"
        print(message, file=stream or sys.stderr, flush=True)
        raise SystemExit(status) from None
