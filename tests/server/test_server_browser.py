"""The web page in headless Chromium: search, results with author/time/link, load more, an error; screenshots checked.

Uses the system Chromium (Debian ``chromium``) through Playwright's Python
package; never ``playwright install``. Skips when either is missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _check_screenshot(path: Path) -> None:
    """A real rendering: a PNG of the viewport size with many distinct colours, not a blank page."""
    from PIL import Image

    with Image.open(path) as image:
        assert image.size == (1000, 900)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50
    most = max(count for count, _ in colours)
    assert most < 0.9 * 1000 * 900  # not one flat colour


def test_search_results_and_load_more_in_chromium(start_server, index_dir, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    pytest.importorskip("PIL")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    base = start_server(index_dir, "--mode", "keyword")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 900})
            page.goto(base + "/")
            assert "from:" in page.inner_text(".hints") and "lang:" in page.inner_text(".hints")
            page.fill("#q", "storm")
            page.click("button[type=submit]")
            page.wait_for_selector("li.result")
            results = page.locator("li.result")
            assert results.count() == 10
            first = results.first
            assert first.locator(".author").inner_text().startswith("@user")
            assert first.locator("time").get_attribute("datetime").startswith("2025-03")
            assert first.locator("a.original").get_attribute("href").startswith("https://x.com/user")
            assert all("storm" in text.lower() for text in page.locator("li.result .text").all_inner_texts())
            shot = tmp_path / "results.png"
            page.screenshot(path=str(shot))
            _check_screenshot(shot)

            page.click("#more")
            page.wait_for_function("document.querySelectorAll('li.result').length === 20")
            ids = [item.get_attribute("data-id") for item in page.locator("li.result").all()]
            assert len(set(ids)) == 20
            page.click("#more")
            page.wait_for_function("document.querySelectorAll('li.result').length === 30")
            assert page.locator("#more").is_hidden()  # 30 storm posts: no more pages
            page.screenshot(path=str(tmp_path / "more.png"), full_page=True)

            page.fill("#q", '"unclosed')
            page.click("button[type=submit]")
            page.wait_for_selector("#message.error")
            assert "position" in page.inner_text("#message")
            page.screenshot(path=str(tmp_path / "error.png"))
        finally:
            browser.close()
