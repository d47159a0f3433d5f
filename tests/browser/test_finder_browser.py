"""The finder in a real browser: filters, URL, list ↔ map, escaping, no foreign requests, accessibility."""

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from geoalchemy2.shape import from_shape
from shapely.geometry import Point
from sqlalchemy import select

from mapfinder.districts import assign_places_to_districts
from mapfinder.extensions import db
from mapfinder.models import Category, GeocodeStatus, LifePhase, Offer, OfferStatus, Place

pytestmark = pytest.mark.browser
EVIL = "<img src=x onerror=alert(1)>"


def wait_for_map(page) -> None:
    """Until the map has drawn its markers and says how many places it shows."""
    page.wait_for_selector(".leaflet-marker-icon")
    page.wait_for_function("document.getElementById('map-status').textContent.length > 0")


def map_count(page) -> int:
    return int(re.match(r"\d+", page.text_content("#map-status")).group())


def settled_map_count(page, accept, timeout_ms: int = 10_000) -> int:
    """The map's count once ``accept`` holds: the markers follow the list a moment later (a points request)."""
    waited = 0
    while not accept(count := map_count(page)) and waited < timeout_ms:
        page.wait_for_timeout(50)
        waited += 50
    return count


def results_heading(page) -> str:
    return page.text_content("#results-heading").strip()


def test_choosing_phase_and_district_updates_list_map_and_url(page, live_server):
    page.goto(live_server + "/")
    wait_for_map(page)
    before_list, before_map = results_heading(page), map_count(page)
    page.check("input[name=phase][value=geburt]")
    page.wait_for_function(f"document.getElementById('results-heading').textContent.trim() !== {before_list!r}")
    page.select_option("#f-district", "styrum")
    page.wait_for_url(re.compile(r"district=styrum"))
    page.wait_for_function("document.querySelector('.results-meta').textContent.includes('styrum')")
    page.wait_for_load_state("networkidle")
    after_list, after_map = results_heading(page), settled_map_count(page, lambda count: 0 < count < before_map)
    assert "phase=geburt" in page.url and after_list != before_list and 0 < after_map < before_map
    titles = page.locator("#results .result h3").all_text_contents()
    page.goto(page.url)  # the link alone reproduces the view
    wait_for_map(page)
    assert results_heading(page) == after_list
    assert settled_map_count(page, lambda count: count == after_map) == after_map
    assert page.locator("#results .result h3").all_text_contents() == titles
    assert page.is_checked("input[name=phase][value=geburt]")
    assert page.locator("#f-district").input_value() == "styrum"


def test_the_counts_beside_the_filters_follow_the_chosen_filters(page, live_server):
    """The list answers first; the counts beside each choice come after it and are those of the new filters."""
    page.goto(live_server + "/?lang=de")
    wait_for_map(page)
    shown = (
        "() => Object.fromEntries([...document.querySelectorAll('[data-count]')]"
        ".map((s) => [s.dataset.count, +s.textContent]))"
    )
    before = page.evaluate(shown)
    expected = page.request.get(live_server + "/results/counts?lang=de&phase=jugend").json()
    wanted = {f"category:{code}": count for code, count in expected["category"].items()}
    assert any(before[key] != count for key, count in wanted.items())  # choosing the phase changes them
    page.check("input[name=phase][value=jugend]")
    page.wait_for_function(
        f"() => {{ const now = ({shown})();"
        f" return Object.entries({json.dumps(wanted)}).every(([k, v]) => now[k] === v); }}"
    )
    after = page.evaluate(shown)
    assert all(count == 0 for key, count in after.items() if key.startswith("category:") and key not in wanted)
    assert {key: count for key, count in after.items() if key.startswith("phase:")} == {
        key: count for key, count in before.items() if key.startswith("phase:")
    }  # the phase counts leave out the phase filter
    notice = page.text_content('[data-dismissible="demo"] span')
    assert f"{expected['demo']} der gezeigten Angebote" in notice  # the demo notice counts the new list's matches
    page.context.close()


def test_finder_works_without_javascript(browser, live_server, foreign_requests):
    from .conftest import open_page

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/")
    page.check("input[name=phase][value=jugend]")
    page.click("button[type=submit]")
    assert "phase=jugend" in page.url
    assert page.locator("#results .result").count() > 0
    context.close()


def test_list_and_map_are_linked_both_ways(page, live_server):
    page.goto(live_server + "/?district=styrum&phase=fruehe-kindheit")
    wait_for_map(page)
    first = page.locator("#results .result").first
    title = first.locator("h3").text_content().strip()
    first.locator(".show-on-map").click()
    page.wait_for_selector(".leaflet-popup-content")
    assert title in page.text_content(".leaflet-popup-content")
    assert "is-active" in first.get_attribute("class")
    page.locator(".leaflet-popup-close-button").click()
    marker = page.locator(".offer-marker").first
    marker_title = marker.get_attribute("title")
    marker.click()
    page.wait_for_selector("#results .result.is-active")
    assert page.text_content("#results .result.is-active h3").strip() == marker_title


def test_markers_open_with_the_keyboard(page, live_server):
    page.goto(live_server + "/?district=styrum&phase=fruehe-kindheit")
    wait_for_map(page)
    marker = page.locator(".offer-marker").first
    marker.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content")
    assert marker.get_attribute("title") in page.text_content(".leaflet-popup-content")


@pytest.fixture()
def evil_offer(app, committed) -> int:
    """A committed offer (and place) whose title and name are an HTML injection attempt."""
    with app.app_context():
        place = Place(
            key="browser-evil-place",
            name=EVIL,
            kind="familienzentrum",
            street="Augustastraße 100",
            geom=from_shape(Point(6.8656, 51.4537), srid=4326),
            geocode_status=GeocodeStatus.OK,
        )
        offer = Offer(
            key="browser-evil-offer",
            title=EVIL,
            description=EVIL,
            status=OfferStatus.PUBLISHED,
            places=[place],
            phases=list(db.session.scalars(select(LifePhase).where(LifePhase.code == "geburt"))),
            categories=list(db.session.scalars(select(Category).where(Category.code == "familie"))),
        )
        [offer_id, _place_id] = committed(offer, place)
        assign_places_to_districts([_place_id])
        db.session.commit()
    return offer_id


def test_injected_markup_shows_as_text_and_runs_nothing(page, live_server, evil_offer):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server + "/?q=onerror")
    wait_for_map(page)
    item = page.locator(f"#results .result[data-key^='{evil_offer}-']")
    assert item.locator("h3").text_content().strip() == EVIL
    item.locator(".show-on-map").click()
    page.wait_for_selector(".leaflet-popup-content")
    assert EVIL in page.text_content(".leaflet-popup-content")
    page.locator(".offer-marker").first.hover()
    page.goto(f"{live_server}/offers/{evil_offer}")
    page.wait_for_selector(".leaflet-interactive")
    page.locator(".leaflet-interactive").first.hover()
    page.wait_for_selector(".leaflet-tooltip")
    assert EVIL in page.text_content(".leaflet-tooltip")
    assert page.text_content("h1").strip() == EVIL
    assert page.locator("img[src=x]").count() == 0 and not dialogs


@pytest.mark.parametrize("path", ["/", "/offers/1"])
def test_no_serious_accessibility_violation(page, live_server, path):
    page.goto(live_server + path)
    page.wait_for_selector(".leaflet-container")
    if path == "/":
        wait_for_map(page)
    violations = Axe().run(page).response["violations"]
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious


def test_the_first_map_points_come_from_the_preload_in_the_head(page, live_server):
    points_requests: list[str] = []
    console: list[str] = []
    page.on("request", lambda request: points_requests.append(request.url) if "/offers/points" in request.url else None)
    page.on("console", lambda message: console.append(message.text))
    page.goto(live_server + "/?phase=geburt")
    wait_for_map(page)
    preloaded = page.get_attribute("#first-points", "href")
    assert preloaded.startswith("/api/v1/offers/points?phase=geburt&zoom=")
    assert map_count(page) > 0
    # One request for that URL: the script's fetch took the preload's answer (Chromium asks twice otherwise).
    assert points_requests.count(live_server + preloaded) == 1
    assert not [text for text in console if "preload" in text]
