"""The rough "near" position in a real browser: an address the offline geocoder cannot place exactly is shown with a
marked approximate marker, the search radius circle and a dashed circle of how far off the position may be."""

from pathlib import Path

import pytest

from .conftest import open_page

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.mark.parametrize("lang, width", [("de", 1280), ("ar", 390)])
def test_an_approximate_address_is_drawn_with_its_uncertainty(browser, live_server, foreign_requests, lang, width):
    page = open_page(browser, foreign_requests, width=width)
    page.goto(f"{live_server}/?address=Aktienstra%C3%9Fe+1&radius=1000&lang={lang}")  # house number 1 is unknown
    page.wait_for_selector(".near-marker.approximate")
    assert page.locator("[data-approximate]").count() == 1
    assert page.locator("path.near-uncertainty").count() == 1, "no dashed circle of the uncertainty"
    assert page.locator("path:not(.near-uncertainty)[stroke='#0b5cad']").count() == 1, "no search-radius circle"
    page.wait_for_load_state("networkidle")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"near-approximate-{lang}-{width}.png"), full_page=False)
    page.context.close()
    assert not foreign_requests
