"""The start page phone-first: on a 390 x 844 phone the map (its top 200 px) and the result count share the first
screen, with both notices still shown; 320 px reflow; the filters behind a counted disclosure; street suggestions in
the address field's datalist."""

from pathlib import Path

import pytest
from geoalchemy2.shape import from_shape
from shapely.geometry import Point

from mapfinder.models import GeocodeStatus, Place

from .conftest import open_page

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_on_a_phone_map_and_result_count_are_in_the_first_screen(browser, live_server, foreign_requests, lang):
    page = open_page(browser, foreign_requests, **PHONE)
    page.goto(f"{live_server}/?lang={lang}")
    page.wait_for_selector(".leaflet-marker-icon")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-dismissible=demo]").is_visible(), "the demo notice is still there"
    map_box = page.locator(".map-frame").bounding_box()
    heading = page.locator("#results-heading").bounding_box()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"start-first-screen-{lang}-390.png"))
    page.context.close()
    assert map_box["y"] + 200 <= PHONE["height"], f"the map starts {map_box['y']:.0f}px down"
    assert map_box["height"] >= 200
    assert heading["y"] + heading["height"] <= PHONE["height"], f"the result count is {heading['y']:.0f}px down"
    assert not foreign_requests


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_at_320_px_nothing_scrolls_sideways(browser, live_server, foreign_requests, lang):
    page = open_page(browser, foreign_requests, width=320, height=640)
    page.goto(f"{live_server}/?lang={lang}&phase=jugend&free=true")
    page.wait_for_selector(".leaflet-marker-icon")
    page.locator(".filter-panel summary").click()
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    page.context.close()
    assert widths[0] <= widths[1], widths


def test_the_filter_summary_counts_the_filters_set_and_follows_changes(browser, live_server, foreign_requests):
    page = open_page(browser, foreign_requests, **PHONE)
    page.goto(f"{live_server}/?lang=de&phase=jugend&free=true&q=Kurs")
    page.wait_for_selector(".leaflet-marker-icon")
    count = page.locator(".filter-panel [data-filter-count]")
    assert count.is_visible() and count.inner_text().strip().endswith("2")
    assert page.locator("#f-q").is_visible() and page.locator("#f-address").is_visible()
    assert not page.locator("#f-district").is_visible(), "the other filters wait behind the summary"
    page.locator(".filter-panel summary").click()
    page.check("input[name=phase][value=geburt]")
    page.wait_for_function("document.querySelector('[data-filter-count]').textContent.trim().endsWith('3')")
    page.uncheck("input[name=phase][value=geburt]")
    page.uncheck("input[name=phase][value=jugend]")
    page.uncheck("input[name=free]")
    page.wait_for_function("document.querySelector('[data-filter-count]').hidden")
    page.context.close()


def test_without_javascript_a_phone_searches_by_enter_and_opens_the_filters(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(live_server + "/?lang=de")
    page.fill("#f-q", "Sprachkurs")
    page.press("#f-q", "Enter")
    page.wait_for_url("**q=Sprachkurs**")
    assert page.locator("#results .result").count() > 0
    page.fill("#f-q", "")
    page.locator(".filter-panel summary").click()
    page.check("input[name=phase][value=jugend]")
    page.click("button[type=submit]")
    page.wait_for_url("**phase=jugend**")
    assert page.locator("#results .result").count() > 0
    context.close()


@pytest.fixture()
def kaiserstrasse(app, committed):
    """A committed place on a street the demo data does not have."""
    with app.app_context():
        place = Place(
            key="browser-kaiserstrasse",
            name="Testort an der Kaiserstraße",
            kind="familienzentrum",
            street="Kaiserstraße 12",
            postcode="45468",
            geom=from_shape(Point(6.8827, 51.4305), srid=4326),
            geocode_status=GeocodeStatus.OK,
        )
        committed(place)


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_typing_a_street_offers_known_streets_in_the_datalist(page, live_server, kaiserstrasse, lang):
    page.goto(f"{live_server}/?lang={lang}")
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.get_attribute("#f-address", "list") == "known-streets"
    page.locator("#f-address").press_sequentially("Kaise", delay=40)
    page.wait_for_function("document.querySelectorAll('#known-streets option').length > 0")
    options = page.evaluate("[...document.querySelectorAll('#known-streets option')].map((o) => [o.value, o.label])")
    assert ["Kaiserstraße", "45468"] in options
    page.locator("#f-address").fill("Kaiserstraße")
    page.locator("#f-address").press("Enter")
    page.wait_for_selector(".near-info, [data-approximate]")


def test_on_a_phone_the_boundary_notice_steps_aside_while_the_map_has_focus(browser, live_server, foreign_requests):
    page = open_page(browser, foreign_requests, **PHONE)
    page.goto(f"{live_server}/?lang=de")
    page.wait_for_selector(".leaflet-marker-icon")
    notice = page.locator(".map-stage [data-dismissible=approximate]")
    assert notice.is_visible()
    page.locator(".leaflet-marker-icon[tabindex='0']").first.focus()
    assert notice.is_hidden(), "a focused marker could lie under the notice"
    page.locator("#f-q").focus()
    assert notice.is_visible()
    page.context.close()
