"""Barriers a keyboard and screen-reader walk found (issue 19) and the walk itself, in a real browser: skip links that
move focus without a reload, markers named by their offer, popups entered and left by keyboard, zoom buttons in the
reader's language, a focus indicator of at least 3:1 everywhere (measured on screenshots and computed styles), the
filters in their final state at load, and the planning map's light classes outlined."""

import re

import pytest
from flask_babel import force_locale, gettext

from config import TestConfig

from .conftest import open_page
from .focus import assert_focus_visible, blend, contrast, css_rgb

pytestmark = pytest.mark.browser
FINDER = "/?district=styrum&phase=fruehe-kindheit&lang=de"
ACTIVE = "document.activeElement"
# The colours a focused element's outline is drawn on: the first opaque background up its ancestors.
OUTLINE_ON = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  let bg = "rgb(255, 255, 255)";
  for (let a = el.parentElement; a; a = a.parentElement) {
    const c = getComputedStyle(a).backgroundColor;
    if (c !== "rgba(0, 0, 0, 0)" && c !== "transparent") { bg = c; break; }
  }
  return {color: style.outlineColor, width: parseFloat(style.outlineWidth), style: style.outlineStyle, bg};
}"""


def wait_for_map(page) -> None:
    page.wait_for_selector(".offer-marker")
    page.wait_for_function("document.getElementById('map-status').textContent.length > 0")


def active(page, expression: str):
    return page.evaluate(f"(() => {{ const el = {ACTIVE}; return {expression}; }})()")


def tab_until(page, predicate: str, limit: int = 80) -> int:
    """Presses Tab until ``predicate`` (JS, about ``el``) holds for the focused element; returns the presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if active(page, predicate):
            return presses
    raise AssertionError(f"no focus on {predicate} after {limit} Tab presses")


def test_skip_link_moves_focus_to_the_content_without_reloading(page, live_server):
    page.goto(live_server + FINDER)
    wait_for_map(page)
    page.evaluate("window.stillTheSamePage = true")
    page.keyboard.press("Tab")
    assert active(page, "el.textContent.trim()") == "Zum Inhalt springen"
    assert_focus_visible(page, page.locator(".skip-link").first, "skip link")
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    assert page.evaluate("window.stillTheSamePage === true"), "the skip link reloaded the page"
    assert active(page, "el.id") == "main"
    page.keyboard.press("Tab")
    assert active(page, "Boolean(el.closest('main'))")


def test_skip_link_reaches_the_first_result_in_a_few_key_presses(page, live_server):
    """Without it, 49 tab stops (filters, map, markers) lay before the list."""
    page.goto(live_server + "/?phase=jugend&lang=de")
    wait_for_map(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert active(page, "el.textContent.trim()") == "Zu den Ergebnissen springen"
    page.keyboard.press("Enter")
    assert active(page, "el.id") == "results-pane"
    page.keyboard.press("Tab")
    first = page.locator("#results .result h3 a").first
    assert active(page, "el.textContent.trim()") == first.text_content().strip()
    # From inside the map pane, one link skips the map and all its markers.
    page.locator(".map-pane .skip-link").focus()
    page.keyboard.press("Enter")
    assert tab_until(page, "el.closest('.result h3') !== null", limit=3) <= 3


def test_markers_are_named_by_their_offer_not_by_the_icon(page, live_server):
    page.goto(live_server + FINDER)
    wait_for_map(page)
    markers = page.locator(".offer-marker")
    assert markers.count() > 0
    for index in range(min(markers.count(), 5)):
        title = markers.nth(index).get_attribute("title")
        named = page.get_by_role("button", name=re.compile("^" + re.escape(title) + "( – .+)?$"))
        assert named.count() >= 1, f"no marker button named {title!r}"
    glyph_named = page.get_by_role("button", name=re.compile(r"^[❝☂✎⌂♥⚽✿⚒♿⊕€•A]$"))
    assert glyph_named.count() == 0


# Tab stops (in document order) before the result list, and how many of them are map markers.
TAB_STOPS = """() => { const list = document.querySelector('.results-pane');
  const stops = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, summary, [tabindex]')]
    .filter((el) => el.tabIndex >= 0 && el.checkVisibility() && !el.disabled
      && (el.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING));
  return {before: stops.length, markers: stops.filter((el) => el.matches('.leaflet-marker-icon')).length}; }"""


def test_markers_are_one_tab_stop_and_the_arrow_keys_move_between_them(page, live_server):
    """Every marker and cluster was a tab stop of its own (74 stops before the list at 1280 px, 18 of them markers)."""
    page.goto(live_server + "/?lang=de")
    wait_for_map(page)
    page.wait_for_load_state("networkidle")
    stops = page.evaluate(TAB_STOPS)
    assert stops["markers"] == 1 and page.locator(".leaflet-marker-icon[tabindex]").count() > 5, stops
    page.keyboard.press("Tab")
    tab_until(page, "el.classList.contains('leaflet-marker-icon')", limit=stops["before"])
    where = "el.classList.contains('leaflet-marker-icon') && el.style.transform"
    first = active(page, where)
    page.keyboard.press("ArrowRight")
    second = active(page, where)
    assert second and second != first
    page.keyboard.press("ArrowLeft")
    assert active(page, where) == first
    page.keyboard.press("Tab")  # past all other markers at once
    assert not active(page, "el.classList.contains('leaflet-marker-icon')")


def open_marker_popup(page):
    marker = page.locator(".offer-marker").first
    marker.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content a")
    return marker


def test_popup_takes_focus_and_gives_it_back_by_tab_and_escape(page, live_server):
    page.goto(live_server + FINDER)
    wait_for_map(page)
    marker = open_marker_popup(page)
    title = marker.get_attribute("title")
    assert active(page, "Boolean(el.closest('.leaflet-popup')) && el.textContent.trim()") == "Details"
    assert page.get_attribute(".leaflet-popup-close-button", "aria-label") == "Infofenster schließen"
    page.keyboard.press("Tab")
    assert active(page, "el.classList.contains('leaflet-popup-close-button')")
    page.keyboard.press("Tab")  # past the popup's last control: back to the marker that opened it
    page.wait_for_selector(".leaflet-popup", state="detached")
    assert active(page, "el.getAttribute('title')") == title
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content a")
    page.keyboard.press("Escape")
    page.wait_for_selector(".leaflet-popup", state="detached")
    assert active(page, "el.getAttribute('title')") == title
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content a")
    page.keyboard.press("Shift+Tab")
    page.wait_for_selector(".leaflet-popup", state="detached")
    assert active(page, "el.getAttribute('title')") == title


def test_popup_from_the_list_returns_focus_to_its_button(page, live_server):
    page.goto(live_server + FINDER)
    wait_for_map(page)
    button = page.locator("#results .show-on-map").first
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content a")
    page.wait_for_function("document.activeElement.closest('.leaflet-popup') !== null")
    page.keyboard.press("Escape")
    page.wait_for_selector(".leaflet-popup", state="detached")
    assert active(page, "el.classList.contains('show-on-map')")


def test_zoom_buttons_are_named_in_every_language(app, browser, live_server, foreign_requests):
    page = open_page(browser, foreign_requests)
    found, expected = {}, {}
    for locale in TestConfig.LANGUAGES:
        with app.test_request_context(), force_locale(locale):
            expected[locale] = (gettext("Vergrößern"), gettext("Verkleinern"))
        page.goto(f"{live_server}/offers/1?lang={locale}")
        page.wait_for_selector(".leaflet-control-zoom-in")
        found[locale] = tuple(
            page.get_attribute(f".leaflet-control-zoom-{which}", "aria-label") for which in ("in", "out")
        )
    page.context.close()
    assert found == expected
    assert all(names != ("Zoom in", "Zoom out") for locale, names in found.items() if locale != "en")


# Elements of every kind the finder has, focused one after another: (selector, what).
FOCUS_TARGETS = [
    ("header nav a", "navigation link"),
    ("#f-q", "search field"),
    ("input[name=phase]", "checkbox"),
    ("#f-district", "select"),
    ("button.primary", "primary button"),
    ("#fit-results", "button"),
    (".leaflet-control-zoom-in", "zoom button"),
    ("#results .result h3 a", "result link"),
    (".language-switcher a:not([aria-current])", "language link"),
]


def test_focus_indicator_is_visible_with_three_to_one_contrast(page, live_server):
    page.goto(live_server + FINDER)
    wait_for_map(page)
    page.keyboard.press("Tab")  # keyboard modality: script focus from here on shows :focus-visible
    for selector, what in FOCUS_TARGETS:
        target = page.locator(selector).first
        target.focus()
        ring = page.evaluate(OUTLINE_ON)
        colour = blend(css_rgb(ring["color"]), css_rgb(ring["bg"]))
        assert ring["style"] != "none" and ring["width"] >= 2, (what, ring)
        assert contrast(colour, css_rgb(ring["bg"])) >= 3, (what, ring)
        assert_focus_visible(page, target, what)
    # The map itself (its frame clips overflow) and a marker on it.
    page.locator(".leaflet-container").first.focus()
    assert_focus_visible(page, page.locator(".map-frame"), "map")
    marker = page.locator(".offer-marker").first
    marker.focus()
    assert_focus_visible(page, marker, "marker")


@pytest.mark.parametrize("width, shown", [(390, False), (1280, True)])
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_filters_are_rendered_in_their_final_state(browser, live_server, foreign_requests, width, shown, lang):
    """Nothing moves once the scripts start: controls that need them are laid out from the first paint, the map's
    count fills a box of its own (in Arabic the shorter texts once let the count push the places switch down)."""
    page = open_page(browser, foreign_requests, width=width, height=800)
    page.goto(live_server + f"/?phase=fruehe-kindheit&lang={lang}")
    wait_for_map(page)
    page.wait_for_load_state("networkidle")
    shift = page.evaluate(
        """() => new Promise((resolve) => { let total = 0;
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
            .observe({type: "layout-shift", buffered: true});
          setTimeout(() => resolve(total), 300); })"""
    )
    state = page.evaluate(
        "({open: document.querySelector('.filter-panel').open,"
        " form: document.getElementById('f-district').checkVisibility(),"
        " summaryTab: document.querySelector('.filter-panel summary').tabIndex})"
    )
    page.context.close()
    assert shift < 0.01, f"cumulative layout shift {shift:.3f}"
    assert state["open"] is shown and state["form"] is shown
    assert state["summaryTab"] == (-1 if shown else 0)


def test_planning_classes_stand_apart_by_a_continuous_dark_outline(page, live_server):
    page.goto(live_server + "/planning?phase=fruehe-kindheit&lang=de")
    page.wait_for_selector("#map-planning path.leaflet-interactive")
    background = css_rgb(page.evaluate("getComputedStyle(document.querySelector('#map-planning')).backgroundColor"))
    paths = page.evaluate(
        """() => [...document.querySelectorAll('#map-planning path.leaflet-interactive')].map((p) => {
          const s = getComputedStyle(p);
          return {fill: s.fill, opacity: s.fillOpacity, stroke: s.stroke, width: s.strokeWidth,
                  dash: s.strokeDasharray};
        })"""
    )
    assert paths
    fills = set()
    for path in paths:
        fill = blend((*css_rgb(path["fill"])[:3], float(path["opacity"])), background)
        fills.add(fill)
        stroke = css_rgb(path["stroke"])
        assert path["dash"] == "none", path  # no gaps where a light fill meets the background
        assert float(path["width"].rstrip("px")) >= 2, path
        assert contrast(stroke, fill) >= 3 and contrast(stroke, background) >= 3, path
    assert any(contrast(fill, background) < 3 for fill in fills)  # the light classes this outline is for


def tab_back_until(page, predicate: str, limit: int = 60) -> int:
    for presses in range(1, limit + 1):
        page.keyboard.press("Shift+Tab")
        if active(page, predicate):
            return presses
    raise AssertionError(f"no focus on {predicate} after {limit} Shift+Tab presses")


def focused(page):
    """A locator of the element that has the focus now (it stays valid when the focus moves)."""
    page.evaluate("document.activeElement.setAttribute('data-walk-focus', '')")
    page.evaluate(
        "document.querySelectorAll('[data-walk-focus]').forEach((el) => "
        "{ if (el !== document.activeElement) el.removeAttribute('data-walk-focus'); })"
    )
    return page.locator("[data-walk-focus]")


def test_keyboard_only_walk_through_finder_offer_sheet_language_and_map(page, live_server):
    """Everything a reader does on the finder, by keyboard alone, each focused control visibly marked."""
    page.goto(live_server + "/?lang=de")
    wait_for_map(page)
    page.keyboard.press("Tab")
    assert_focus_visible(page, focused(page), "skip link")
    page.keyboard.press("Enter")
    assert active(page, "el.id") == "main"

    before = page.text_content("#results-heading")
    tab_until(page, "el.name === 'phase' && el.value === 'jugend'")
    assert_focus_visible(page, focused(page), "phase checkbox")
    page.keyboard.press("Space")
    page.wait_for_function(f"document.getElementById('results-heading').textContent !== {before!r}")
    assert "phase=jugend" in page.url

    tab_until(page, "el.classList.contains('skip-link') && el.closest('.map-pane') !== null")
    assert_focus_visible(page, focused(page), "skip-map link")
    page.keyboard.press("Enter")
    tab_until(page, "el.closest('.result h3') !== null", limit=3)
    assert_focus_visible(page, focused(page), "result link")
    title = active(page, "el.textContent.trim()")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/offers/\d+"))
    assert page.text_content("main h1").strip() == title

    tab_until(page, "el.classList.contains('referral-add-button')")
    assert_focus_visible(page, focused(page), "referral button")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('[data-referral-count]').textContent === '1'")
    tab_back_until(page, "el.hasAttribute('data-referral-link')")
    assert_focus_visible(page, focused(page), "referral sheet link")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/referral\?offers=\d+"))
    page.wait_for_selector("section.sheet-offer")
    assert title in page.text_content("section.sheet-offer")

    tab_until(page, "el.closest('.language-switcher') !== null && el.lang === 'ar'")
    assert_focus_visible(page, focused(page), "language link")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"lang=ar"))
    page.wait_for_selector("main h1")
    assert page.get_attribute("html", "lang") == "ar"
    assert page.get_attribute("html", "dir") == "rtl"

    page.goto(live_server + "/?phase=jugend&lang=ar")
    wait_for_map(page)
    tab_until(page, "el.classList.contains('leaflet-marker-icon')", limit=80)
    for _step in range(40):  # the markers are one tab stop: the arrow keys lead to an offer among the clusters
        if active(page, "el.classList.contains('offer-marker')"):
            break
        page.keyboard.press("ArrowRight")
    assert_focus_visible(page, focused(page), "map marker")
    marker_title = active(page, "el.getAttribute('title')")
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content a")
    assert active(page, "el.closest('.leaflet-popup') !== null")
    assert_focus_visible(page, focused(page), "popup link")
    page.keyboard.press("Escape")
    page.wait_for_selector(".leaflet-popup", state="detached")
    assert active(page, "el.getAttribute('title')") == marker_title
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content a")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/offers/\d+"))


@pytest.mark.parametrize("locale", ["de", "ar"])
def test_a_focused_markers_name_shows_beside_it_in_both_directions(browser, live_server, foreign_requests, locale):
    """The tooltip a marker shows on focus is centred above it, also on a right-to-left page, and stays on the map."""
    page = open_page(browser, foreign_requests, width=390, height=800)
    page.goto(f"{live_server}/?phase=fruehe-kindheit&lang={locale}")
    wait_for_map(page)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("Tab")
    marker = page.locator(".offer-marker").first
    marker.focus()
    tooltip = page.wait_for_selector(".leaflet-tooltip:not(.district-label)")
    page.wait_for_timeout(300)  # the tooltip fades in where it will stay
    marker_box, tip_box = marker.bounding_box(), tooltip.bounding_box()
    map_box = page.locator(".leaflet-container").bounding_box()
    page.context.close()
    centre = marker_box["x"] + marker_box["width"] / 2
    assert abs(tip_box["x"] + tip_box["width"] / 2 - centre) < 3
    assert tip_box["width"] <= map_box["width"]
