"""The shared ``contifico_sandbox`` fixture (tests/conftest.py) other test suites build on."""

import requests

from sandbox.server import SANDBOX_API_KEY, Sandbox


def test_the_shared_fixture_yields_a_running_small_sandbox(contifico_sandbox):
    assert isinstance(contifico_sandbox, Sandbox)
    assert contifico_sandbox.base_url.startswith("http://127.0.0.1:")
    assert contifico_sandbox.base_url.endswith("/sistema/api")
    response = requests.get(
        f"{contifico_sandbox.base_url}/v2/documento/", headers={"Authorization": SANDBOX_API_KEY}, timeout=10
    )
    assert response.json()["count"] == 400
    assert contifico_sandbox.faults.kinds == frozenset()


def test_the_wsgi_app_can_be_called_without_a_server():
    sandbox = Sandbox(scale="tiny")
    captured = {}

    def start_response(status, headers):
        captured["status"] = status

    environ = {"PATH_INFO": "/sistema/api/v1/marca/", "REQUEST_METHOD": "GET", "QUERY_STRING": "",
               "HTTP_AUTHORIZATION": SANDBOX_API_KEY, "wsgi.url_scheme": "http", "HTTP_HOST": "x"}
    body = b"".join(sandbox(environ, start_response))
    assert captured["status"] == "200 OK" and body.startswith(b"[")
