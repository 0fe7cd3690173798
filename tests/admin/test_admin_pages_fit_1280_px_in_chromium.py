"""A real headless Chromium (Debian's, driven by Playwright) opens the admin at 1280 px: no sideways scroll.

Live server (this process) with real data synced from the sandbox over loopback, plus a failed run
whose long error repeats on every catalogue (issue 13: such a run page was 5,127 px tall and wider
than the screen). Screenshots of a changelist, a detail page and a run page go to the test's
temporary folder, and to docs/screenshots/ with UPDATE_SCREENSHOTS=1, so an ordinary test run
leaves the working tree clean.
"""

import os
import shutil

import pytest

from tests.admin.test_run_history_reads_well import LONG_ERROR
from tests.mirror.support import ROOT, client_for

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
README_SHOTS = ROOT / "docs" / "screenshots"
WIDTH = 1280

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.skipif(
        not shutil.which("chromium"), reason="Debian's chromium is not installed (.ci/run installs it)"
    ),
]


def overflow(page):
    """Return how many pixels the page, or a list's table inside it, is wider than its box (0 fits)."""
    return page.evaluate(
        """() => {
            const root = document.documentElement;
            const results = document.querySelector("#changelist .results");
            const table = results ? results.scrollWidth - results.clientWidth : 0;
            return Math.max(root.scrollWidth - root.clientWidth, table);
        }"""
    )


def test_a_changelist_a_detail_page_and_a_run_page_fit_1280_px(
    live_server, django_user_model, tmp_path, contifico_sandbox
):
    from playwright.sync_api import sync_playwright

    from accounting.models import Sale
    from inventory.models import Product
    from sync.catalogues import KEYS
    from sync.engine import synchronise_inventory
    from sync.models import SyncRun, SyncRunCatalogue

    synchronise_inventory(
        resources=["categories", "products", "sales", "persons"], client=client_for(contifico_sandbox)
    )
    failed = SyncRun.objects.create(
        status="failed", trigger="command", resources=list(KEYS), message=LONG_ERROR
    )
    for key in KEYS:
        SyncRunCatalogue.objects.create(
            run=failed,
            resource=key,
            status="failed",
            mode="incremental",
            message=LONG_ERROR,
            errors=[LONG_ERROR],
        )
    # A product with the longest name and the most money, and a sale with the largest total.
    product = Product.objects.order_by("-pvp1").first()
    sale = Sale.objects.order_by("-total").first()

    django_user_model.objects.create_superuser("admin", "admin@example.com", "admin")
    shots = README_SHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    pages = {
        "admin-products.png": "/admin/inventory/product/",
        "admin-sales.png": "/admin/accounting/sale/",
        "admin-product-detail.png": f"/admin/inventory/product/{product.pk}/change/",
        "admin-sale-detail.png": f"/admin/accounting/sale/{sale.pk}/change/",
        "admin-runs.png": "/admin/sync/syncrun/",
        "admin-run-detail.png": f"/admin/sync/syncrun/{failed.pk}/change/",
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--lang=es-EC"])
        page = browser.new_page(
            viewport={"width": WIDTH, "height": 900}, locale="es-EC", timezone_id="America/Guayaquil"
        )
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", "admin")
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")

        widths = {}
        for name, path in pages.items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            page.screenshot(path=shots / name, full_page=True)
            widths[name] = overflow(page)

        # The money is whole on the list (not clipped), the run page one short line per catalogue.
        page.goto(live_server.url + "/admin/accounting/sale/")
        total = page.locator("#result_list td.field-total").first
        assert total.evaluate("cell => cell.scrollWidth <= cell.clientWidth")
        assert total.inner_text().startswith("$")
        page.goto(live_server.url + pages["admin-run-detail.png"])
        height = page.evaluate("document.documentElement.scrollHeight")
        browser.close()

    assert widths == dict.fromkeys(pages, 0), f"pages wider than {WIDTH} px; screenshots in {shots}"
    assert height < 2500, f"the run page is {height} px tall"
