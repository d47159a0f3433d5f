"""Screenshots of the public pages at phone and desktop width, in German, English, Arabic (RTL) and Ukrainian,
saved under screenshots/ (git-ignored) for a person to look at; the test checks the layout does not overflow and
nothing is requested from another host."""

from pathlib import Path

import pytest

from .conftest import open_page

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["de", "en", "ar", "uk"])
@pytest.mark.parametrize(
    "path, name, ready",
    [
        ("/?phase=fruehe-kindheit", "finder", ".leaflet-container"),
        ("/offers/1", "offer", ".leaflet-container"),
        ("/districts/styrum", "district", ".leaflet-container"),
        ("/planning?phase=fruehe-kindheit", "planning", ".leaflet-container"),
        ("/networks", "networks", "main h1"),
        ("/barrierefreiheit", "accessibility", "main h1"),
        ("/leichte-sprache", "easy-language", "main h1"),
        ("/gebaerdensprache", "sign-language", "main h1"),
        ("/impressum", "imprint", "main h1"),
        ("/datenschutz", "privacy", "main h1"),
        ("/ogc/collections/offers/items?f=html&limit=8", "ogc-items", "main h1"),
    ],
)
def test_screenshot(browser, live_server, foreign_requests, width, lang, path, name, ready):
    page = open_page(browser, foreign_requests, width=width, height=900)
    separator = "&" if "?" in path else "?"
    page.goto(f"{live_server}{path}{separator}lang={lang}")
    page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{lang}-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.context.close()
    assert overflow <= 1, f"page is {overflow}px wider than the viewport"
    assert not foreign_requests
