"""Screenshots of the finder and an offer page at phone and desktop width, in German, English and Arabic (RTL),
saved under screenshots/ (git-ignored) for a person to look at; the test checks the layout does not overflow."""
from pathlib import Path

import pytest

from .conftest import open_page

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["de", "en", "ar"])
@pytest.mark.parametrize("path, name", [("/?phase=fruehe-kindheit", "finder"), ("/offers/1", "offer")])
def test_screenshot(browser, live_server, foreign_requests, width, lang, path, name):
    page = open_page(browser, foreign_requests, width=width, height=900)
    separator = "&" if "?" in path else "?"
    page.goto(f"{live_server}{path}{separator}lang={lang}")
    page.wait_for_selector(".leaflet-container")
    page.wait_for_load_state("networkidle")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{lang}-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.context.close()
    assert overflow <= 1, f"page is {overflow}px wider than the viewport"
    assert not foreign_requests
