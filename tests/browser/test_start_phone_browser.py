"""The start page on a phone: a compact language menu, notices that can be dismissed (and stay dismissed for the
session), and the map within the first screen."""

from pathlib import Path

import pytest

from .conftest import open_page

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.mark.parametrize("lang", ["tr", "ar"])
def test_on_a_phone_the_map_comes_first_and_notices_can_be_dismissed(browser, live_server, foreign_requests, lang):
    page = open_page(browser, foreign_requests, width=390, height=844)
    page.goto(f"{live_server}/?lang={lang}")
    page.wait_for_selector(".leaflet-container")
    assert page.locator(".language-list").is_hidden() and page.locator(".language-menu summary").is_visible()
    page.locator(".language-menu summary").click()
    assert page.locator(".language-menu a[hreflang]").count() == 9
    page.locator(".language-menu summary").click()
    for kind in ("demo", "approximate"):
        page.locator(f"[data-dismissible={kind}] .notice-dismiss").click()
        assert page.locator(f"[data-dismissible={kind}]").is_hidden()
    page.screenshot(path=str(SHOTS / f"start-phone-{lang}-390-before.png"))
    map_top = page.locator(".leaflet-container").bounding_box()["y"]
    assert map_top < 844 * 0.7, f"the map starts {map_top}px down a 844px screen"
    page.wait_for_load_state("networkidle")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"start-phone-{lang}-390.png"))
    page.reload()
    page.wait_for_selector(".leaflet-container")
    assert page.locator("[data-dismissible=demo]").is_hidden(), "dismissed for the session"
    page.context.close()
    assert not foreign_requests
