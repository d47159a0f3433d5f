"""The API reference page in Chromium under the app's own CSP: every operation of the contract is shown, the
table of contents leads to it, nothing is loaded from another host, no script error; screenshots in German and
Arabic at phone and desktop width (screenshots/, git-ignored) without horizontal overflow."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import open_page
from .test_legal_browser import OVERFLOWING

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
SERIOUS = ("serious", "critical")


def test_the_reader_sees_every_operation_and_reaches_it_from_the_contents(browser, live_server, foreign_requests):
    page = open_page(browser, foreign_requests)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    response = page.goto(f"{live_server}/api/v1/docs?lang=de")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    contract = page.request.get(f"{live_server}/api/v1/openapi.json").json()
    assert page.locator("main h1").inner_text() == "API-Dokumentation"
    shown = page.locator(".api-operation h3 code").all_inner_texts()
    assert sorted(shown) == sorted(contract["paths"])
    page.locator(".api-toc a", has_text="GET /hsds/service_at_locations").first.click()
    assert page.url.endswith("#get-hsds-service_at_locations")
    section = page.locator("#get-hsds-service_at_locations")
    assert section.is_visible() and section.locator("code", has_text="proximity").count() == 1
    assert section.bounding_box()["y"] < 100  # scrolled to the top of the view
    page.context.close()
    assert not errors and not foreign_requests


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_screenshot_of_the_api_docs(browser, live_server, foreign_requests, lang, width):
    page = open_page(browser, foreign_requests, width=width, height=900)
    page.goto(f"{live_server}/api/v1/docs?lang={lang}")
    page.wait_for_selector(".api-operation")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"api-docs-{lang}-{width}.png"), full_page=False)
    page.locator("#get-hsds-services").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"api-docs-operation-{lang}-{width}.png"), full_page=False)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    direction = page.evaluate("document.documentElement.dir")
    page.context.close()
    assert overflow <= 1, f"page is {overflow}px wider than the viewport"
    assert direction == ("rtl" if lang == "ar" else "ltr")
    assert not foreign_requests


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_the_api_docs_have_no_serious_accessibility_violation_and_reflow_at_320_px(
    browser, live_server, foreign_requests, lang
):
    page = open_page(browser, foreign_requests, width=320, height=640)
    page.goto(f"{live_server}/api/v1/docs?lang={lang}")
    page.wait_for_selector("main h1")
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in SERIOUS]
    overflow = page.evaluate(OVERFLOWING)
    page.context.close()
    assert serious == []
    assert overflow["page"] <= 1 and overflow["elements"] == []
    assert not foreign_requests
