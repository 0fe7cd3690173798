"""Fixtures for the sandbox's own tests: a running sandbox and a client that sends the raw key."""

import pytest
import requests

from sandbox.dataset import DEFAULT_START
from sandbox.server import SANDBOX_API_KEY
from sandbox.testing import running_sandbox


class Client:
    """A thin requests wrapper bound to one sandbox.

    The raw key goes in Authorization (docs/contifico-api.md, "Authentication").
    """

    def __init__(self, sandbox):
        self.sb = sandbox
        self.session = requests.Session()
        self.session.headers["Authorization"] = SANDBOX_API_KEY

    def get(self, path, **kwargs):
        """GET a path under the API root (e.g. "v1/producto/") or an absolute URL."""
        url = path if path.startswith("http") else f"{self.sb.base_url}/{path}"
        kwargs.setdefault("timeout", 30)
        return self.session.get(url, **kwargs)

    def control(self, action, body=None):
        """POST (with a body) or GET (without) a control action."""
        url = f"{self.sb.control_url}/{action}"
        if body is None:
            return requests.get(url, timeout=10)
        return requests.post(url, json=body, timeout=10)

    def walk_v2(self, path, **params):
        """Follow a v2 listing's next links; return (pages, all rows)."""
        pages, rows = [], []
        response = self.get(path, params=params)
        while True:
            assert response.status_code == 200, response.text
            page = response.json()
            pages.append(page)
            rows.extend(page["results"])
            if not page["next"]:
                return pages, rows
            response = self.get(page["next"])


@pytest.fixture
def sb():
    # A fixed clock: these tests name dates; test_clock.py covers the wall clock.
    with running_sandbox(seed=1, scale="small", clock=DEFAULT_START) as sandbox:
        yield sandbox


@pytest.fixture
def client(sb):
    return Client(sb)


@pytest.fixture
def make_client():
    """Start extra sandboxes with custom options; yields a factory returning a Client."""
    with __import__("contextlib").ExitStack() as stack:

        def factory(**options):
            options.setdefault("seed", 1)
            options.setdefault("scale", "small")
            options.setdefault("clock", DEFAULT_START)
            return Client(stack.enter_context(running_sandbox(**options)))

        yield factory
