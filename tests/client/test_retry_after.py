"""429 throttling: the client waits as long as Contífico asks (within a cap), then tries again."""

import email.utils
import threading
import time

from tests.client.scripted_server import Reply

OK = Reply(200, [{"id": "1"}])


def gap_between_requests(server):
    first, second = server.requests
    return second.arrived - first.arrived


def test_a_429_with_retry_after_one_second_is_retried_after_about_a_second_and_succeeds(server, client):
    server.script("/v1/producto/", Reply(429, {"mensaje": "Too many"}, headers={"Retry-After": "1"}), OK)
    assert client.get("v1", "producto") == [{"id": "1"}]
    assert len(server.requests) == 2
    assert 0.9 <= gap_between_requests(server) < 2.0


def test_a_retry_after_given_as_an_http_date_is_honoured(server, client):
    # Whole seconds only: a date 2 s ahead means a wait of 1-2 s.
    when = email.utils.formatdate(time.time() + 2, usegmt=True)
    server.script("/v1/producto/", Reply(429, {"mensaje": "Too many"}, headers={"Retry-After": when}), OK)
    assert client.get("v1", "producto") == [{"id": "1"}]
    assert 0.9 <= gap_between_requests(server) < 3.0


def test_a_huge_retry_after_is_capped(server, make_client):
    client = make_client(retry_after_cap=0.3)
    server.script("/v1/producto/", Reply(429, {"mensaje": "Too many"}, headers={"Retry-After": "86400"}), OK)
    results = []
    # In a thread, so that an uncapped wait fails this test instead of hanging the suite.
    worker = threading.Thread(target=lambda: results.append(client.get("v1", "producto")), daemon=True)
    worker.start()
    worker.join(timeout=3.0)
    assert results == [[{"id": "1"}]], "the client was still waiting out Retry-After: 86400"
    assert 0.25 <= gap_between_requests(server) < 1.0


def test_a_retry_after_date_in_the_past_means_retry_now(server, client):
    when = email.utils.formatdate(time.time() - 3600, usegmt=True)
    server.script("/v1/producto/", Reply(429, "slow down", headers={"Retry-After": when}), OK)
    assert client.get("v1", "producto") == [{"id": "1"}]
    assert gap_between_requests(server) < 0.5


def test_an_unparseable_retry_after_falls_back_to_backoff(server, client):
    server.script("/v1/producto/", Reply(429, "slow down", headers={"Retry-After": "soon-ish"}), OK)
    assert client.get("v1", "producto") == [{"id": "1"}]
    assert gap_between_requests(server) < 0.5


def test_a_503_with_retry_after_is_honoured_too(server, client):
    busy = Reply(503, "<html><title>Busy</title></html>", headers={"Retry-After": "1"})
    server.script("/v1/producto/", busy, OK)
    assert client.get("v1", "producto") == [{"id": "1"}]
    assert 0.9 <= gap_between_requests(server) < 2.0
