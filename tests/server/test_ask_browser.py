"""The web page's Ask box in headless Chromium: the answer streams in, [n] link to the posts, viewpoints are
grouped side by side; the screenshot of the answer is checked.

Uses the system Chromium through Playwright's Python package (never `playwright install`); skips when missing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.server.test_server_browser import ARGS, CHROMIUM, _check_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_ask_box_streams_a_cited_answer_with_viewpoints(start_server, sample_town, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    pytest.importorskip("PIL")
    from PIL import Image

    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    truth = {
        q["id"]: q for q in json.loads((sample_town / "sample" / "truth.json").read_text())["assistant"]["questions"]
    }
    base = start_server(sample_town / "index")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 900})
            page.goto(base + "/")
            assert page.locator("#answer").is_hidden()
            page.fill("#question", truth["opinion"]["question"])
            page.click("#ask button[type=submit]")
            page.wait_for_selector("#viewpoints .viewpoint")
            assert page.inner_text("#answer-text").startswith("Posts disagree.")
            boxes = page.locator("#viewpoints .viewpoint")
            assert boxes.count() == 2
            counts = sorted(boxes.nth(i).locator(".count").inner_text() for i in range(2))
            assert counts == ["3 posts from 3 authors (against)", "5 posts from 5 authors (for)"]
            links = page.locator("#answer-text a.cite")
            assert links.count() == 8
            expected = {
                f"/status/{post_id}" for group in truth["opinion"]["viewpoints"].values() for post_id in group["posts"]
            }
            hrefs = {link.get_attribute("href") for link in links.all()}
            assert {href[href.index("/status/") :] for href in hrefs} == expected
            assert all(href.startswith("https://x.com/") for href in hrefs)
            assert page.locator("#sources li").count() == 8
            assert "sentences supported" in page.inner_text("#checks")
            shot = tmp_path / "answer.png"
            page.screenshot(path=str(shot))
            _check_screenshot(shot)
            box = page.locator("#answer").bounding_box()
            with Image.open(shot) as image:
                region = image.convert("RGB").crop(
                    (
                        int(box["x"]),
                        int(box["y"]),
                        int(box["x"] + box["width"]),
                        int(min(box["y"] + box["height"], 900)),
                    )
                )
                colours = region.getcolors(maxcolors=1 << 20)
            # the answer box is drawn: its teal border, the two viewpoint tints and text in many shades
            assert colours is not None and len(colours) > 30
            rgb = {colour for _, colour in colours}
            assert (42, 157, 143) in rgb and (253, 242, 242) in rgb and (238, 242, 248) in rgb

            page.fill("#question", truth["unanswerable_chess"]["question"])
            page.click("#ask button[type=submit]")
            page.wait_for_selector("#answer-text.abstained")
            assert page.inner_text("#answer-text").startswith("No public post here answers that.")
            assert page.locator("#viewpoints .viewpoint").count() == 0
        finally:
            browser.close()
