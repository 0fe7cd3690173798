"""Where requests go: the version comes from the call, and collections end with a slash."""

import pytest

from tests.client.scripted_server import Reply


@pytest.mark.parametrize("suffix", ["", "/", "/v1", "/v1/", "/v2", "/v2/"])
def test_a_base_url_ending_in_a_version_is_accepted_and_the_suffix_stripped(server, make_client, suffix):
    client = make_client(base_url=f"{server.url}/sistema/api{suffix}")
    server.script("/sistema/api/v2/producto/", Reply(200, {"count": 0, "next": None, "results": []}))
    server.script("/sistema/api/v1/bodega/", Reply(200, [{"id": "b"}]))
    assert client.get("v2", "producto") == {"count": 0, "next": None, "results": []}
    assert client.get("v1", "bodega") == [{"id": "b"}]
    assert [r.path for r in server.requests] == ["/sistema/api/v2/producto/", "/sistema/api/v1/bodega/"]


@pytest.mark.parametrize("path", ["producto", "/producto", "producto/", "/producto/"])
def test_collection_urls_always_end_with_a_slash(server, client, path):
    server.script("/v1/producto/", Reply(200, []))
    client.get("v1", path, {"result_size": 5})
    (request,) = server.requests
    assert request.path == "/v1/producto/"
    assert request.params == {"result_size": "5"}


def test_nested_collection_urls_keep_their_segments_and_end_with_a_slash(server, client):
    server.script("/v1/contabilidad/cuenta-contable/", Reply(200, []))
    client.get("v1", "contabilidad/cuenta-contable")
    assert server.requests[0].path == "/v1/contabilidad/cuenta-contable/"


def test_a_detail_url_ends_with_a_slash_too(server, client):
    server.script("/v1/persona/abc123/", Reply(200, [{"id": "abc123"}]))
    client.get_detail("v1", "persona", "abc123")
    assert server.requests[0].path == "/v1/persona/abc123/"
