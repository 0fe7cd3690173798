"""The scripted peer itself does what the other tests rely on (checked with plain ``requests``)."""

import threading
import time

import pytest
import requests

from tests.client.scripted_server import Reply, cut, drop, slow


def test_the_server_answers_queued_replies_in_order_and_records_each_request(server):
    server.script("/a/", (201, {"X-One": "1"}, {"n": 1}), Reply(200, "plain text"))
    first = requests.get(server.url + "/a/?x=1&y=2&y=3", headers={"Authorization": "k"}, timeout=5)
    second = requests.get(server.url + "/a/", timeout=5)
    assert (first.status_code, first.headers["X-One"], first.json()) == (201, "1", {"n": 1})
    assert second.text == "plain text"
    recorded = server.requests_to("/a/")
    assert recorded[0].params == {"x": "1", "y": ["2", "3"]}
    assert recorded[0].headers["authorization"] == "k"
    assert recorded[0].arrived <= recorded[1].arrived


def test_an_unscripted_path_gets_a_418_rather_than_a_hang(server):
    response = requests.get(server.url + "/nothing/", timeout=5)
    assert response.status_code == 418
    assert "nothing scripted" in response.json()["mensaje"]


def test_a_dropped_connection_reaches_the_client_as_a_connection_error(server):
    server.script("/drop/", drop())
    with pytest.raises(requests.ConnectionError):
        requests.get(server.url + "/drop/", timeout=5)


def test_a_cut_body_reaches_the_client_as_an_incomplete_read(server):
    server.script("/cut/", cut(b"0123456789" * 100))
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        requests.get(server.url + "/cut/", timeout=5)


def test_a_slow_reply_trips_a_short_read_timeout(server):
    server.script("/slow/", slow(1.0))
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get(server.url + "/slow/", timeout=(2, 0.2))


def test_peak_concurrency_counts_requests_in_flight_together(server):
    server.route("/slow/", lambda request: slow(0.3))
    threads = [threading.Thread(target=requests.get, args=(server.url + "/slow/",)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert server.peak_in_flight == 3
    deadline = time.monotonic() + 2  # a handler leaves just after its client has the answer
    while server.in_flight and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.in_flight == 0
