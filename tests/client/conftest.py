"""Fixtures for the client tests: a scripted loopback server and clients pointed at it."""

import pytest

from sync.client import ContificoClient
from tests.client.scripted_server import ScriptedServer

API_KEY = "k3yFrXmT9w2LqP0s8KdVb3nY"


@pytest.fixture
def server():
    with ScriptedServer() as scripted:
        yield scripted


@pytest.fixture
def make_client(server):
    """Build a client against ``server`` with fast retries; every client is closed afterwards."""
    clients = []

    def build(**options):
        settings = {
            "api_key": API_KEY,
            "base_url": server.url,
            "connect_timeout": 2.0,
            "read_timeout": 5.0,
            "max_retries": 3,
            "requests_per_second": 0,  # off unless a test is about the rate limit
            "max_concurrency": 2,
            "backoff_base": 0.01,
            "backoff_cap": 0.05,
            "retry_after_cap": 5.0,
        }
        settings.update(options)
        client = ContificoClient(**settings)
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client):
    return make_client()
