"""Authentication behaves as the real API's (docs/contifico-api.md, "Authentication")."""

import requests

from sandbox.server import SANDBOX_API_KEY


def test_the_raw_key_in_authorization_is_accepted(client):
    assert client.get("v1/marca/").status_code == 200


def test_a_bearer_prefix_answers_401_empresa_matching_query(sb):
    headers = {"Authorization": f"Bearer {SANDBOX_API_KEY}"}
    response = requests.get(f"{sb.base_url}/v1/marca/", headers=headers, timeout=10)
    assert response.status_code == 401
    assert response.json() == {"mensaje": "Empresa matching query does not exist"}


def test_a_wrong_key_answers_401_empresa_matching_query(sb):
    headers = {"Authorization": "not-the-key"}
    response = requests.get(f"{sb.base_url}/v2/persona/", headers=headers, timeout=10)
    assert response.status_code == 401
    assert "Empresa matching query does not exist" in response.json()["mensaje"]


def test_no_authorization_header_answers_401_falta_credenciales(sb):
    response = requests.get(f"{sb.base_url}/v1/producto/", timeout=10)
    assert response.status_code == 401
    assert response.json() == {"mensaje": "Falta Credenciales"}


def test_the_control_interface_needs_no_key(client):
    response = client.control("")
    assert response.status_code == 200
    assert response.json()["scale"] == "small"


def test_a_custom_api_key_replaces_the_default(make_client):
    client = make_client(api_key="another-key")
    assert client.get("v1/marca/").status_code == 401
    headers = {"Authorization": "another-key"}
    assert requests.get(f"{client.sb.base_url}/v1/marca/", headers=headers, timeout=10).ok
