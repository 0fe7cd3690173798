"""Environment reading helpers used by settings.

django-environ's own ``env.bool`` turns any unknown string into False, so a
typo such as ``DEBUG=ture`` would silently switch debug off (or a feature on).
``strict_bool`` refuses anything that is not a recognised boolean word.
"""

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on", "y", "t"}
FALSE_WORDS = {"0", "false", "no", "off", "n", "f", ""}


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
        f"{name}={raw!r} is not a boolean; use one of true/false, yes/no, on/off, 1/0."
    )


def strip_api_version(url):
    """Return the API root without a trailing ``/v1`` or ``/v2`` (older configs had one)."""
    url = url.rstrip("/")
    for suffix in ("/v1", "/v2"):
        if url.endswith(suffix):
            return url[: -len(suffix)]
    return url
