"""Fault profiles: deterministic, and a retried request succeeds.

The list-shaped faults (unstable, bare_page, page_404, null_ids) have files of their own.
"""

import time

import pytest
import requests

from sandbox.faults import parse_profile


def _url_with(client, fault, path="v1/documento/", pages=400):
    """Return a URL (under the API root) for which the current profile plans ``fault``."""
    for page in range(1, pages):
        url = f"{client.sb.base_url}/{path}?result_page={page}&result_size=1"
        plan = client.sb.planned_fault(url)
        if plan and plan[0] == fault:
            return url, plan[1]
    raise AssertionError(f"no URL planned for {fault}")


def test_profiles_parse_names_and_combinations():
    assert parse_profile("none") == frozenset()
    assert parse_profile("flaky") == parse_profile(
        "throttle,errors,drops,slow,malformed,error_object,unstable,bare_page,page_404,null_ids"
    )
    assert parse_profile("errors,drops") == {"errors", "drops"}
    assert parse_profile("duplicates") == {"unstable"}  # the old name of the same fault
    with pytest.raises(ValueError):
        parse_profile("chaos")


def test_throttle_answers_429_with_retry_after_and_lets_a_patient_client_through(make_client):
    client = make_client(faults="throttle", throttle_rps=5)
    statuses = [client.get("v1/marca/").status_code for _ in range(10)]
    assert statuses[:5] == [200] * 5 and 429 in statuses
    refused = client.get("v1/marca/")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"
    time.sleep(1.05)
    assert client.get("v1/marca/").status_code == 200


@pytest.mark.parametrize(("fault", "status", "content_type"), [
    ("error500", 500, "application/json"), ("error502", 502, "text/html"), ("error503", 503, "text/html"),
])
def test_errors_fail_a_url_first_and_the_retry_succeeds(make_client, fault, status, content_type):
    client = make_client(faults="errors")
    url, failing = _url_with(client, fault)
    for _ in range(failing):
        response = client.get(url)
        assert response.status_code == status
        assert response.headers["Content-Type"].startswith(content_type)
        if status == 500:
            assert "mensaje" in response.json()
        else:
            assert "<html>" in response.text.lower()
    assert client.get(url).status_code == 200


def test_drops_close_the_connection_without_a_response_then_succeed(make_client):
    client = make_client(faults="drops")
    url, failing = _url_with(client, "drop")
    for _ in range(failing):
        with pytest.raises(requests.ConnectionError):
            client.get(url)
    assert client.get(url).status_code == 200
    assert client.sb.stats()["requests"]["/sistema/api/v1/documento/"][0] == failing


def test_slow_responses_time_out_a_short_client_then_answer_quickly(make_client):
    client = make_client(faults="slow", slow_seconds=0.6)
    url, _ = _url_with(client, "slow")
    with pytest.raises(requests.Timeout):
        client.get(url, timeout=0.2)
    started = time.monotonic()
    assert client.get(url, timeout=5).status_code == 200
    assert time.monotonic() - started < 0.5


def _truncated(response):
    with pytest.raises(ValueError):
        response.json()


def _error_object(response):
    assert response.json() == {"id": None, "error": "Servicio no disponible"}


@pytest.mark.parametrize(("fault", "check"), [("malformed", _truncated), ("error_object", _error_object)])
def test_a_200_without_the_records_comes_first_then_the_records(make_client, fault, check):
    # malformed: truncated JSON; error_object: one error object instead of the list
    client = make_client(faults=fault)
    url, failing = _url_with(client, fault)
    for _ in range(failing):
        response = client.get(url)
        assert response.status_code == 200
        check(response)
    assert isinstance(client.get(url).json(), list)


def test_malformed_truncates_a_streamed_v1_list_too(make_client):
    client = make_client(faults="malformed", fault_rate=1.0, counts={"documento": 1000})
    with pytest.raises(ValueError):
        client.get("v1/documento/").json()


def test_faults_are_deterministic_for_a_seed(make_client):
    a, b = make_client(faults="errors,drops,malformed"), make_client(faults="errors,drops,malformed")
    urls = [f"v2/documento/?page={n}" for n in range(1, 5)] + [f"v1/persona/?result_size=3&result_page={n}"
                                                              for n in range(1, 40)]
    plans = [a.sb.planned_fault(f"{a.sb.base_url}/{u}") for u in urls]
    assert plans == [b.sb.planned_fault(f"{b.sb.base_url}/{u}") for u in urls]
    assert any(plans) and not all(plans)


def test_a_retrying_client_walks_a_flaky_v2_listing_completely(make_client):
    # Every transient fault; the list-shaped ones (unstable, bare_page...) have their own tests.
    client = make_client(
        faults="throttle,errors,drops,slow,malformed,error_object", slow_seconds=0.3, throttle_rps=50,
        counts={"documento": 3000},
    )

    def get(url):
        for _ in range(6):
            try:
                response = client.get(url, timeout=0.2)
            except (requests.ConnectionError, requests.Timeout):
                continue
            if response.status_code == 429:
                time.sleep(int(response.headers["Retry-After"]))
                continue
            if response.status_code >= 500:
                continue
            try:
                body = response.json()
            except ValueError:
                continue
            if "error" in body:
                continue
            return body
        raise AssertionError(f"{url} never succeeded")

    page = get(f"{client.sb.base_url}/v2/documento/")
    seen, pages = {row["id"] for row in page["results"]}, 1
    while page["next"]:
        page = get(page["next"])
        seen |= {row["id"] for row in page["results"]}
        pages += 1
    assert seen == client.sb.ids("documento")
    assert page["count"] == len(seen)
    assert client.sb.stats()["total"] > pages  # the walk really met faults and retried


def test_set_faults_switches_the_profile_on_the_fly(client, sb):
    sb.set_faults("errors")
    url, _ = _url_with(client, "error500")
    assert client.get(url).status_code == 500
    sb.set_faults("none")
    assert client.get(url).status_code == 200


def test_the_http_control_switches_the_profile(client, sb):
    answer = client.control("faults", {"profile": "errors,page_404"}).json()
    assert answer == {"faults": ["errors", "page_404"]}
    assert client.get("v2/producto/", params={"page": 99}).status_code == 404


def test_latency_ms_delays_every_api_response(make_client):
    client = make_client(latency_ms=150)
    started = time.monotonic()
    client.get("v1/marca/")
    assert time.monotonic() - started >= 0.15
