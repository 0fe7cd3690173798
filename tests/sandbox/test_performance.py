"""Big catalogues are served from functions of the index, not from memory."""

import time

from sandbox.server import SANDBOX_API_KEY
from sandbox.testing import running_sandbox


def test_v2_page_250_of_large_products_is_served_well_under_a_second():
    import requests

    with running_sandbox(scale="large") as sb:
        headers = {"Authorization": SANDBOX_API_KEY}
        started = time.monotonic()
        page = requests.get(f"{sb.base_url}/v2/producto/?page=250", headers=headers, timeout=10).json()
        elapsed = time.monotonic() - started
        assert elapsed < 0.5
        assert page["count"] == 30_000 and len(page["results"]) == 100
        started = time.monotonic()
        last = requests.get(f"{sb.base_url}/v2/movimiento-inventario/?page=2000", headers=headers, timeout=10)
        assert last.status_code == 200 and last.json()["next"] is None
        assert time.monotonic() - started < 0.5
