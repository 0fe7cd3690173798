import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _fresh_connection_after_each_test():
    """Drop the connection after a test: a fault made on it (a pragma, a session setting) must not linger."""
    yield
    if not connection.in_atomic_block:
        connection.close()
