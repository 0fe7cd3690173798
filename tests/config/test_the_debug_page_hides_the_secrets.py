"""Django's error page (DEBUG) and error reports never show the key, the token or a database password.

Under runserver ``request.META`` carries the whole environment, so a 500 page used to show
``DATABASE_URL`` with its password (issue 9); requests puts a bad header value, the key, in its
exception text, and frame variables are shown as they are.
"""

import base64
import sys

from django.test import RequestFactory
from django.views.debug import technical_500_response

from contifico_project.logging import SecretsExceptionReporterFilter

API_KEY = "FrXmT9w2LqP0s8KdVb3nYc6H"
SYNC_TOKEN = "mQ7tV2xZ9pL4kR8sW1yB6nC3dF5gH0jKa"
DATABASE_URL = "postgres://inventario:pw-Zx81kQ2m@127.0.0.1:5432/inventario"


def failing_request(api_key):
    headers = {"Authorization": api_key, "X-Basic": base64.b64encode(f"u:{api_key}".encode()).decode()}
    raise ValueError(f"Invalid leading whitespace in header value {headers['Authorization']!r}")


def error_page(settings):
    settings.DEBUG = True
    settings.CONTIFICO_API_KEY = API_KEY
    settings.SYNC_API_TOKEN = SYNC_TOKEN
    request = RequestFactory().get(
        "/admin/", DATABASE_URL=DATABASE_URL, CONTIFICO_API_KEY=API_KEY, HTTP_X_SYNC=SYNC_TOKEN
    )
    try:
        failing_request(API_KEY)
    except ValueError:
        response = technical_500_response(request, *sys.exc_info())
    return response.content.decode()


def test_the_debug_500_page_shows_the_error_but_none_of_the_secrets(settings):
    page = error_page(settings)
    assert "Invalid leading whitespace in header value" in page
    assert "failing_request" in page
    for secret in (API_KEY, SYNC_TOKEN, "pw-Zx81kQ2m", base64.b64encode(API_KEY.encode()).decode()[:16]):
        assert secret not in page


def test_the_plain_text_error_report_shows_none_of_the_secrets(settings, rf):
    settings.CONTIFICO_API_KEY = API_KEY
    request = rf.get("/admin/", DATABASE_URL=DATABASE_URL)
    try:
        failing_request(API_KEY)
    except ValueError:
        from django.views.debug import get_exception_reporter_class

        reporter = get_exception_reporter_class(request)(request, *sys.exc_info())
        text = reporter.get_traceback_text()
    assert "ValueError" in text
    assert API_KEY not in text and "pw-Zx81kQ2m" not in text


def test_database_url_is_hidden_by_name_like_any_other_secret_setting():
    hidden = SecretsExceptionReporterFilter().cleanse_setting("DATABASE_URL", DATABASE_URL)
    assert hidden == SecretsExceptionReporterFilter.cleansed_substitute
