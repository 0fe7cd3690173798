"""v2 and v1 list faults: a page without its envelope, 404 past the end, null ids in v1 persona."""

import pytest


def test_bare_page_answers_one_middle_page_of_a_walk_as_a_bare_array_of_its_rows(make_client):
    client = make_client(faults="bare_page", counts={"persona": 1_000})
    reference = make_client(counts={"persona": 1_000})
    bare = []
    for number in range(1, 11):
        body = client.get("v2/persona/", params={"page": number}).json()
        expected = reference.get("v2/persona/", params={"page": number}).json()["results"]
        if isinstance(body, list):
            bare.append(number)
            assert body == expected
        else:
            assert body["results"] == expected and body["count"] == 1_000
    assert len(bare) == 1 and 1 < bare[0] < 10
    # the same page stays bare when asked again: a client must read it, not retry around it
    assert isinstance(client.get("v2/persona/", params={"page": bare[0]}).json(), list)


def test_bare_page_leaves_walks_of_one_or_two_pages_alone(make_client):
    client = make_client(faults="bare_page", counts={"persona": 150})
    pages, rows = client.walk_v2("v2/persona/")
    assert len(pages) == 2 and len(rows) == 150


def test_page_404_answers_past_the_end_with_404_and_the_same_body(make_client):
    client = make_client(faults="page_404")
    response = client.get("v2/producto/", params={"page": 99})
    assert response.status_code == 404
    assert response.json() == {"code": "404", "error": "Pagina fuera del rango"}
    assert client.get("v2/producto/", params={"page": 1}).status_code == 200


def test_without_page_404_past_the_end_is_a_400(client):
    response = client.get("v2/producto/", params={"page": 99})
    assert response.status_code == 400
    assert response.json() == {"code": "400", "error": "Pagina fuera del rango"}


def test_null_ids_blank_some_ids_of_the_v1_persona_list_only(make_client):
    client = make_client(faults="null_ids")
    rows = client.get("v1/persona/").json()
    blank = [row for row in rows if row["id"] is None]
    assert 0 < len(blank) < len(rows) / 4
    assert len(rows) == len(client.sb.ids("persona"))
    # the same rows every time, and the v2 list and the details keep their ids
    assert [row["razon_social"] for row in client.get("v1/persona/").json() if row["id"] is None] == [
        row["razon_social"] for row in blank
    ]
    _, v2_rows = client.walk_v2("v2/persona/")
    assert all(row["id"] for row in v2_rows)
    assert all(row["id"] for row in client.get("v1/marca/").json())


@pytest.mark.parametrize("profile", ["bare_page,page_404,null_ids", "flaky"])
def test_list_faults_combine_with_the_others_by_name(make_client, profile):
    client = make_client(faults=profile)
    assert {"bare_page", "page_404", "null_ids"} <= client.sb.faults.kinds
