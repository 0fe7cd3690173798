"""Fixtures for the web entry points: users, clients and the API token."""

import pytest
from django.test import Client

HOST = "localhost"
TOKEN = "s3cret-token-for-tests-only"


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user("contadora", password="clave-segura-123", is_staff=True)


@pytest.fixture
def plain_user(django_user_model):
    return django_user_model.objects.create_user("vendedor", password="clave-segura-123")


@pytest.fixture
def anonymous():
    return Client(HTTP_HOST=HOST)


@pytest.fixture
def staff(staff_user):
    """A staff session that must send its CSRF token, as a browser does."""
    client = Client(HTTP_HOST=HOST, enforce_csrf_checks=True)
    client.force_login(staff_user)
    return client


@pytest.fixture
def api_token(settings):
    settings.SYNC_API_TOKEN = TOKEN
    return TOKEN


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def csrf_headers(client):
    """Fetch the dashboard to get the CSRF cookie, and return the header a browser's script sends."""
    client.get("/admin/sincronizacion/")
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}
