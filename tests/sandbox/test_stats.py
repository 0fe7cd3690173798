"""The stats endpoint: requests by path and status, peak concurrency, peak requests per second."""

from concurrent.futures import ThreadPoolExecutor


def test_stats_count_requests_by_path_and_status(client, sb):
    client.get("v1/producto/")
    client.get("v2/producto/?page=99")
    client.get("v2/producto/")
    stats = sb.stats()
    assert stats["requests"]["/sistema/api/v1/producto/"] == {200: 1}
    assert stats["requests"]["/sistema/api/v2/producto/"] == {400: 1, 200: 1}
    assert stats["total"] == 3


def test_control_requests_are_not_counted(client, sb):
    client.control("")
    client.control("stats")
    assert sb.stats()["total"] == 0


def test_peak_concurrency_shows_parallel_clients(make_client):
    client = make_client(latency_ms=300)
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda _: client.get("v1/marca/").status_code, range(6)))
    stats = client.sb.stats()
    assert stats["peak_concurrency"] >= 4
    assert stats["peak_rps"] >= 6


def test_sequential_clients_have_a_peak_concurrency_of_one(client, sb):
    for _ in range(5):
        client.get("v1/bodega/")
    stats = sb.stats()
    assert stats["peak_concurrency"] == 1
    assert stats["peak_rps"] == 5


def test_stats_reset_forgets_everything_also_over_http(client, sb):
    client.get("v1/bodega/")
    sb.reset_stats()
    assert sb.stats()["total"] == 0
    client.get("v1/bodega/")
    assert client.control("stats").json()["requests"] == {"/sistema/api/v1/bodega/": {"200": 1}}
    client.control("stats/reset", {})
    assert client.control("stats").json()["total"] == 0
