"""Institutions in a real browser: no serious accessibility violation on the directory and institution pages, the
finder's institution layer, and screenshots (German, Ukrainian, Arabic; phone and desktop) for a person to look at."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from mapfinder.extensions import db
from mapfinder.models import Place

from .conftest import open_page

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture(scope="module")
def place_ids(app) -> dict[str, int]:
    """Ids of the institutions the pages show: a Gymnasium, the VHS, a demo Familienzentrum."""
    with app.app_context():
        ids = {
            "school": db.session.scalar(select(Place.id).where(Place.name == "Städt. Gymnasium Heißen")),
            "primary": db.session.scalar(select(Place.id).where(Place.kind == "grundschule").order_by(Place.id)),
            "vhs": db.session.scalar(select(Place.id).where(Place.key == "vhs")),
            "centre": db.session.scalar(select(Place.id).where(Place.key == "fz-innenstadt")),
        }
        db.session.remove()
    assert all(ids.values()), ids
    return ids


def _paths(place_ids: dict[str, int]) -> dict[str, str]:
    return {
        "places": "/places",
        "places-familienzentrum": "/places?kind=familienzentrum",
        "place-school": f"/places/{place_ids['school']}",
        "place-primary": f"/places/{place_ids['primary']}",
        "place-vhs": f"/places/{place_ids['vhs']}",
        "place-familienzentrum": f"/places/{place_ids['centre']}",
    }


def _serious(page) -> list:
    violations = Axe().run(page).response["violations"]
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(
    "name", ["places", "places-familienzentrum", "place-school", "place-vhs", "place-familienzentrum"]
)
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_no_serious_accessibility_violation(page, live_server, place_ids, name, lang):
    page.goto(f"{live_server}{_paths(place_ids)[name]}{'&' if '?' in _paths(place_ids)[name] else '?'}lang={lang}")
    page.wait_for_selector(".leaflet-container")
    assert not _serious(page)


def test_the_directory_map_shows_the_institutions_with_their_names(page, live_server):
    page.goto(f"{live_server}/places?kind=volkshochschule")
    page.wait_for_selector(".leaflet-interactive")
    page.locator(".leaflet-interactive").last.hover()
    page.wait_for_selector(".leaflet-tooltip")
    assert "Volkshochschule" in page.text_content(".leaflet-tooltip")


def test_the_finder_shows_institutions_as_a_layer_on_request(page, live_server):
    page.goto(f"{live_server}/?district=altstadt-ii")
    page.wait_for_selector(".leaflet-marker-icon")
    toggle = page.locator("#show-places")
    before = page.locator("path.leaflet-interactive").count()
    toggle.check()
    page.wait_for_selector(f"path.leaflet-interactive >> nth={before}")
    assert page.locator("path.leaflet-interactive").count() > before
    page.locator("path.leaflet-interactive").last.dispatch_event("click")
    link = page.locator(".leaflet-popup-content a")
    link.wait_for()
    assert link.get_attribute("href").startswith("/places/") and link.text_content() == "Zur Einrichtung"
    toggle.uncheck()
    page.wait_for_timeout(200)
    assert page.locator("path.leaflet-interactive").count() == before


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["de", "uk", "ar"])
@pytest.mark.parametrize("name", ["places", "places-familienzentrum", "place-school", "place-primary", "place-vhs"])
def test_screenshot(browser, live_server, foreign_requests, place_ids, width, lang, name):
    page = open_page(browser, foreign_requests, width=width, height=900)
    path = _paths(place_ids)[name]
    page.goto(f"{live_server}{path}{'&' if '?' in path else '?'}lang={lang}")
    page.wait_for_selector(".leaflet-container")
    page.wait_for_load_state("networkidle")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{lang}-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.context.close()
    assert overflow <= 1, f"page is {overflow}px wider than the viewport"
    assert not foreign_requests
