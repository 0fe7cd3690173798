"""A real headless Chromium (Debian's, driven by Playwright) syncs from the dashboard, end to end.

Live server (this process) → "Sincronizar ahora" → POST /api/sync → the queue → a real ``qcluster``
→ the sandbox over loopback; the page polls and shows the run move and finish. Screenshots
before, during and after go to the test's temporary folder, and to docs/screenshots/ (the README's) with
UPDATE_SCREENSHOTS=1, so an ordinary test run leaves the working tree clean.
"""

import os
import re
import shutil
import time

import pytest

from tests.mirror.support import ROOT, running_sandbox, upstream_ids
from tests.web.qcluster import output, running_qcluster

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
README_SHOTS = ROOT / "docs" / "screenshots"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.skipif(
        not shutil.which("chromium"), reason="Debian's chromium is not installed (.ci/run installs it)"
    ),
]


def progress(page):
    """Return (catalogues done, records received) as the progress line shows them, or None."""
    line = page.inner_text("#sync-progress-text")
    match = re.match(r"(\d+) de (\d+) catálogos terminados · ([\d,]+) registros", line)
    return (int(match[1]), int(match[3].replace(",", ""))) if match else None


def test_a_staff_member_presses_sincronizar_ahora_and_watches_the_run_finish(
    live_server, django_user_model, tmp_path
):
    from playwright.sync_api import expect, sync_playwright

    from inventory.models import Product

    django_user_model.objects.create_superuser("admin", "admin@example.com", "admin")
    shots = README_SHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    # Latency makes the run last long enough (~15 s) for the page's one-second polling to see it move.
    with running_sandbox(scale="small", latency_ms=200) as sb, running_qcluster(sb) as worker, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--lang=es-EC"])
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="es-EC",
                                timezone_id="America/Guayaquil")
        page.goto(f"{live_server.url}/admin/login/?next=/admin/sincronizacion/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", "admin")
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/sincronizacion/")

        products = page.locator('#sync-catalogues tr[data-key="products"]')
        expect(products.locator(".count")).to_have_text("0")
        expect(products.locator(".freshness")).to_have_text("⚠ Desactualizado")
        page.screenshot(path=shots / "dashboard-before.png", full_page=True)

        page.click("#sync-button")
        button = page.locator("#sync-button")
        expect(button).to_be_disabled()
        expect(button).to_have_text(re.compile(r"Sincronización (en cola|en curso) \(#\d+\)…"))

        seen, during = [], False
        deadline = time.monotonic() + 90
        while not button.is_enabled():
            assert time.monotonic() < deadline, f"the run did not finish; worker log:\n{output(worker)}"
            figures = progress(page)
            if figures and (not seen or figures != seen[-1]):
                seen.append(figures)
            if figures and not during and 0 < figures[0] < 17:
                page.screenshot(path=shots / "dashboard-during.png", full_page=True)
                during = True
            page.wait_for_timeout(200)

        seen.append(progress(page))
        expect(page.locator("#sync-progress-title")).to_contain_text("Correcta")
        expect(page.locator("#sync-progress-text")).to_contain_text("17 de 17 catálogos terminados")
        expected = len(upstream_ids(sb, "products"))
        expect(products.locator(".count")).to_have_text(f"{expected:,}")
        expect(products.locator(".freshness")).to_have_text("Al día")
        expect(page.locator("#sync-runs tbody tr").first).to_contain_text("Panel")
        page.screenshot(path=shots / "dashboard-after.png", full_page=True)
        browser.close()
        assert "database is locked" not in output(worker)

    # Progress moved while the run went on: several distinct readings, catalogues and records rising.
    assert during, seen
    assert len(seen) >= 3, seen
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1][1] > seen[0][1]
    assert Product.objects.count() == expected
