"""Map popups in a real browser: opening a marker's popup fetches and shows the place's address and the next time."""

from pathlib import Path

import pytest

from .conftest import open_page

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.mark.parametrize("lang, width, next_label", [("de", 1280, "Nächster Termin"), ("ar", 390, "الموعد القادم")])
def test_a_popup_shows_address_and_next_time(browser, live_server, foreign_requests, lang, width, next_label):
    page = open_page(browser, foreign_requests, width=width)
    page.goto(f"{live_server}/?district=styrum&phase=fruehe-kindheit&lang={lang}")
    page.wait_for_selector(".offer-marker")
    first = page.locator("#results .result").first
    address = first.locator(".where bdi[lang='de']").first.text_content().strip()
    first.locator(".show-on-map").click()
    page.wait_for_selector(".leaflet-popup-content .popup-address")
    popup = page.text_content(".leaflet-popup-content")
    assert address.split(",")[0] in popup, (address, popup)
    assert next_label in page.text_content(".leaflet-popup-content .popup-time")
    SHOTS.mkdir(exist_ok=True)
    page.locator(".leaflet-popup").scroll_into_view_if_needed()
    page.locator(".leaflet-container").first.screenshot(path=str(SHOTS / f"popup-{lang}-{width}.png"))
    page.context.close()
    assert not foreign_requests
