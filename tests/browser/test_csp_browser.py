"""The pages under a strict Content-Security-Policy in a real browser: maps, markers, the choropleth, tile consent
and table sorting all work, and the browser reports no violation and no script error."""

import re
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import LOCAL_HOSTS

pytestmark = pytest.mark.browser
STRICT_CSP = "script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'"
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sample);
});
"""


def expect_true(page, expression: str, timeout_s: float = 10) -> None:
    """Polls ``expression`` from outside the page: ``wait_for_function`` would need eval, which the policy forbids."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout_s} s: {expression}"
        page.wait_for_timeout(50)


class StrictPage:
    """A page whose responses from this app carry ``STRICT_CSP``; requests elsewhere are blocked and recorded."""

    def __init__(self, browser, *, width: int = 1280):
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE")
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        self.page.on("console", self._console)

    def _route(self, route):
        url = urlsplit(route.request.url)
        if url.scheme in ("data", "blob"):
            route.continue_()
        elif url.hostname not in LOCAL_HOSTS:
            self.foreign.append(route.request.url)
            route.abort()
        else:
            response = route.fetch()
            headers = {k: v for k, v in response.headers.items() if k.lower() != "content-security-policy"}
            route.fulfill(response=response, headers={**headers, "content-security-policy": STRICT_CSP})

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def close(self):
        self.context.unroute_all(behavior="ignoreErrors")
        self.context.close()

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations")

    def assert_clean(self):
        assert not self.violations(), self.violations()
        assert not self.errors, self.errors

    def assert_policy_enforced(self):
        """The policy is really in force: an inline script added now is blocked and reported."""
        self.page.evaluate("""() => {
            const script = document.createElement("script");
            script.textContent = "window.__inlineRan = true;";
            document.body.appendChild(script);
        }""")
        expect_true(self.page, "window.__cspViolations.length > 0")
        assert self.page.evaluate("window.__inlineRan") is None


@pytest.fixture()
def strict(browser):
    strict = StrictPage(browser)
    yield strict
    strict.close()
    assert not strict.foreign, f"requests to other hosts: {strict.foreign}"


def test_finder_shows_markers_and_links_the_list_under_a_strict_policy(strict, live_server):
    page = strict.page
    page.goto(live_server + "/?district=styrum&phase=fruehe-kindheit")
    page.wait_for_selector(".offer-marker")
    expect(page.locator("#map-status")).not_to_be_empty()
    assert page.locator(".city-limit").count() == 1
    first = page.locator("#results .result").first
    first.locator(".show-on-map").click()
    page.wait_for_selector(".leaflet-popup-content")
    assert first.locator("h3").text_content().strip() in page.text_content(".leaflet-popup-content")
    page.check("input[name=phase][value=jugend]")
    page.wait_for_url(re.compile(r"phase=jugend"))
    page.wait_for_load_state("networkidle")
    strict.assert_clean()
    strict.assert_policy_enforced()


def test_offer_and_district_maps_render_under_a_strict_policy(strict, live_server):
    page = strict.page
    page.goto(live_server + "/offers/1")
    page.wait_for_selector("#map-offer .leaflet-interactive")
    page.locator("#map-offer .leaflet-interactive").first.hover()
    page.wait_for_selector(".leaflet-tooltip")
    page.goto(live_server + "/districts/styrum")
    page.wait_for_selector("#map-district .leaflet-interactive")
    assert page.locator("#map-district path.leaflet-interactive").count() >= 2  # the places; the boundary is inert
    assert page.locator("#map-district path").count() > page.locator("#map-district path.leaflet-interactive").count()
    strict.assert_clean()


def test_planning_choropleth_and_sorting_work_under_a_strict_policy(strict, live_server):
    page = strict.page
    page.goto(live_server + "/planning?phase=fruehe-kindheit")
    page.wait_for_selector("#map-planning path.leaflet-interactive")
    rows = page.locator("table[data-sortable] tbody tr").count()
    assert page.locator("#map-planning path.leaflet-interactive").count() == rows
    fills = set(
        page.eval_on_selector_all("#map-planning path.leaflet-interactive", "ps => ps.map(p => p.getAttribute('fill'))")
    )
    assert len(fills) > 1, fills  # districts are coloured by their score
    page.locator("#map-planning path.leaflet-interactive").first.hover()
    page.wait_for_selector(".leaflet-tooltip")
    assert "Lücken-Score" in page.text_content(".leaflet-tooltip")
    names = "rows => rows.map(row => row.cells[1].dataset.value)"
    ranked = page.eval_on_selector_all("table[data-sortable] tbody tr", names)
    header = page.locator("thead th[data-sort-key='name']")
    header.locator("a").click()
    assert header.get_attribute("aria-sort") == "ascending"
    by_name = page.eval_on_selector_all("table[data-sortable] tbody tr", names)
    assert "sort=" not in page.url  # sorted in the page, without a request to the server
    page.goto(live_server + "/planning?phase=fruehe-kindheit&sort=name&dir=asc")
    assert by_name != ranked and by_name == page.eval_on_selector_all("table[data-sortable] tbody tr", names)
    strict.assert_clean()


def test_tile_consent_works_under_a_strict_policy_and_asks_first(browser, live_server, app):
    app.config["MAP_TILES"], app.config["TILE_PROXY"] = "osm", False
    strict = StrictPage(browser)
    try:
        page = strict.page
        page.goto(live_server + "/offers/1")
        page.locator(".tile-consent button").click()  # "show the basemap"
        assert "tile.openstreetmap.org" in page.text_content(".tile-consent p")
        page.wait_for_load_state("networkidle")
        assert not strict.foreign, "tiles requested before consent"
        page.get_by_role("button", name="Einverstanden, Karte laden").click()
        page.wait_for_selector(".leaflet-tile", state="attached")
        page.wait_for_load_state("networkidle")
        assert strict.foreign and all(urlsplit(url).hostname == "tile.openstreetmap.org" for url in strict.foreign)
        assert not strict.violations()
    finally:
        app.config["MAP_TILES"], app.config["TILE_PROXY"] = "none", True
        strict.close()


def test_search_typing_and_paging_update_the_list_in_place_under_a_strict_policy(strict, live_server):
    page = strict.page
    page.goto(live_server + "/")
    page.wait_for_selector(".offer-marker, .grid-cluster")
    page.evaluate("window.__samePage = true")
    everything = page.text_content("#results-heading").strip()
    page.locator(".pagination a[rel=next]").click()
    page.wait_for_url(re.compile(r"page=2"))
    page.wait_for_selector(".pagination a[rel=prev]")
    page.fill("#f-q", "Sprach")
    page.wait_for_url(re.compile(r"\?q=Sprach$"))  # the search replaces the page number
    expect(page.locator("#results-heading")).not_to_have_text(everything)
    assert int(re.match(r"\d+", page.text_content("#results-heading").strip()).group()) < int(
        re.match(r"\d+", everything).group()
    )
    assert page.evaluate("window.__samePage") is True  # no reload happened
    strict.assert_clean()
