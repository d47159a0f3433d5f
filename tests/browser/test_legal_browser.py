"""Every public page, the legal pages included, in a real browser: no serious or critical axe violation in any
interface language, and every page reflows at 320 px (WCAG 1.4.10) — no sideways scrolling; a wide data table
scrolls inside its own box."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from config import TestConfig

from .conftest import open_page

pytestmark = pytest.mark.browser
LEGAL_PAGES = ["/barrierefreiheit", "/leichte-sprache", "/gebaerdensprache", "/impressum", "/datenschutz"]
PUBLIC_PAGES = [
    "/",
    "/offers/1",
    "/districts",
    "/districts/styrum",
    "/networks",
    "/networks/fruehe-hilfen",
    "/planning?phase=fruehe-kindheit",
    "/about",
    "/referral?offers=1",
    "/places",
    "/feedback/",
    "/feedback/offer/1",
    "/newsletter",
    "/newsletter/subscribe",
    "/api/v1/docs",
    *LEGAL_PAGES,
]
# Elements reaching beyond the viewport that sit in no box of their own that scrolls or clips (a map's panes, a wide
# table in its scroll box); each would make the reader scroll sideways or lose content at the edge.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => { for (let a = el.parentElement; a; a = a.parentElement) {
      if (a === document.body) return false;
      if (getComputedStyle(a).overflowX !== "visible") return true; } return false; };
  const bad = [];
  for (const el of document.querySelectorAll("main *, header *, footer *")) {
    const box = el.getBoundingClientRect();
    if ((box.right > width + 1 || box.left < -1) && box.width > 0 && !scrolls(el)
        && !el.closest(".visually-hidden, .skip-link")) {
      const cls = el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : "";
      bad.push(el.tagName.toLowerCase() + cls);
    }
  }
  return {page: document.documentElement.scrollWidth - width, elements: [...new Set(bad)].slice(0, 8)};
}"""


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("locale", TestConfig.LANGUAGES)
def test_public_pages_have_no_serious_accessibility_violation(browser, live_server, foreign_requests, axe, locale):
    """axe-core on every public page, the legal pages included: no serious or critical violation."""
    page = open_page(browser, foreign_requests)
    found = {}
    for path in PUBLIC_PAGES:
        separator = "&" if "?" in path else "?"
        page.goto(f"{live_server}{path}{separator}lang={locale}")
        page.wait_for_selector("main h1")
        page.wait_for_load_state("networkidle")
        violations = axe.run(page).response["violations"]
        serious = [
            (v["id"], [n["target"] for n in v["nodes"]][:3])
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            found[path] = serious
    page.context.close()
    assert found == {}
    assert not foreign_requests


@pytest.mark.parametrize("locale", ["de", "ar", "ru"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_reflows_at_320_px(browser, live_server, foreign_requests, path, locale):
    page = open_page(browser, foreign_requests, width=320, height=640)
    separator = "&" if "?" in path else "?"
    page.goto(f"{live_server}{path}{separator}lang={locale}")
    page.wait_for_selector("main h1")
    page.wait_for_load_state("networkidle")
    result = page.evaluate(OVERFLOWING)
    page.context.close()
    assert result == {"page": 0, "elements": []} or (result["page"] <= 0 and not result["elements"]), result
    assert not foreign_requests


@pytest.mark.parametrize("locale", ["de", "ar"])
def test_planning_landmarks_have_unique_names(page, live_server, locale):
    page.goto(f"{live_server}/planning?phase=fruehe-kindheit&lang={locale}")
    page.wait_for_selector(".leaflet-container")
    results = Axe().run(page, options={"runOnly": ["landmark-unique"]}).response
    assert [v["nodes"] for v in results["violations"]] == []
