"""The client-side rate limit spaces request starts, also across threads."""

import threading

from tests.client.scripted_server import Reply

PATH = "/v1/producto/"


def gaps(server):
    times = sorted(r.arrived for r in server.requests)
    return [b - a for a, b in zip(times, times[1:], strict=False)]


def spaced_at_ten_per_second(server):
    """Tell whether the requests' arrivals span at least (n - 1) tenths of a second, give or take.

    The span, not the smallest gap: on a loaded machine one request can reach the server late and
    the next on time, which shortens one gap without the client having sent them any closer.
    """
    times = sorted(r.arrived for r in server.requests)
    return times[-1] - times[0] >= 0.09 * (len(times) - 1)


def test_at_ten_requests_per_second_requests_arrive_at_least_about_a_tenth_of_a_second_apart(
    server, make_client
):
    client = make_client(requests_per_second=10)
    server.route(PATH, lambda request: Reply(200, []))
    for _ in range(6):
        client.get("v1", "producto")
    assert len(server.requests) == 6
    assert spaced_at_ten_per_second(server)


def test_the_rate_limit_holds_across_threads_sharing_one_client(server, make_client):
    client = make_client(requests_per_second=10, max_concurrency=4)
    server.route(PATH, lambda request: Reply(200, []))
    threads = [threading.Thread(target=client.get, args=("v1", "producto")) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(server.requests) == 6
    assert spaced_at_ten_per_second(server)


def test_retries_count_against_the_rate_limit_too(server, make_client):
    client = make_client(requests_per_second=10)
    server.script(PATH, Reply(500, "boom"), Reply(500, "boom"), Reply(200, []))
    client.get("v1", "producto")
    assert len(server.requests) == 3
    assert spaced_at_ten_per_second(server)


def test_v2_prefetching_respects_the_rate_limit(server, make_client):
    client = make_client(requests_per_second=10, max_concurrency=3)

    def handler(request):
        page = int(request.params["page"])
        return Reply(200, {"count": 500, "next": "https://x/" if page < 5 else None, "previous": None,
                           "results": [{"id": page * 1000 + i} for i in range(100)]})

    server.route("/v2/producto/", handler)
    pages = list(client.iter_v2_pages("v2", "producto"))
    assert len(pages) == 5
    assert spaced_at_ten_per_second(server)


def test_without_a_rate_limit_requests_are_not_held_back(server, make_client):
    client = make_client(requests_per_second=0)
    server.route(PATH, lambda request: Reply(200, []))
    for _ in range(6):
        client.get("v1", "producto")
    # The default limit (5 per second) would space these six over a second; a loaded machine
    # stretches plain loopback requests too, so the bound sits halfway.
    assert sum(gaps(server)) < 0.5
