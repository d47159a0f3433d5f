"""Script payloads sent through every parameter of every page run nothing in Chromium (issue 17).

The browser ignores the Content-Security-Policy here (``bypass_csp``): the test checks the escaping itself, so a
page that reflected a payload raw would fail even though the CSP would block it in a reader's browser."""

from urllib.parse import quote

import pytest

from .conftest import _guard

pytestmark = pytest.mark.browser

PAYLOAD = (
    "<svg onload=alert(1)>\"><img src=x onerror=alert(2)>'><script>window.__xss=3</script>"
    '<iframe srcdoc="<script>parent.__xss=4</script>"></iframe>'
)
PARAMETERS = (
    "phase",
    "category",
    "district",
    "q",
    "near",
    "radius",
    "age",
    "free",
    "barrier_free",
    "language",
    "bbox",
    "limit",
    "offset",
    "page",
    "address",
    "level",
    "walk_m",
    "sort",
    "dir",
    "offers",
    "lang",
    "format",
    "zoom",
    "next",
    "missing",
)
PARSING_PAGES = ("/", "/results", "/planning", "/referral")


@pytest.fixture(scope="module")
def known(app):
    """A district slug, a network slug and an offer id of the committed demo data."""
    client = app.test_client()
    district = client.get("/api/v1/districts").get_json()["features"][0]["properties"]["slug"]
    offer = client.get("/api/v1/offers?limit=1").get_json()["features"][0]["id"]
    with app.app_context():
        from mapfinder.networks import list_networks

        network = list_networks()[0].slug
    return {"district": district, "network": network, "offer": offer}


@pytest.fixture(scope="module")
def tab(browser):
    """One tab without CSP, recording dialogs; every request must stay on this machine."""
    foreign: list[str] = []
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: _guard(route, foreign))
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()
    assert not foreign, foreign


def _ran_nothing(tab, url: str) -> None:
    tab.goto(url, wait_until="load")
    tab.wait_for_timeout(50)
    flag = tab.evaluate("window.__xss || null")
    handlers = tab.evaluate("document.querySelectorAll('[onload],[onerror],iframe[srcdoc]').length")
    assert not tab.dialogs and flag is None and handlers == 0, url


def _all_pages(known: dict) -> list[str]:
    return [
        *PARSING_PAGES,
        "/districts",
        f"/districts/{known['district']}",
        "/networks",
        f"/networks/{known['network']}",
        f"/offers/{known['offer']}",
        "/about",
        "/no-such-page",
    ]


def test_every_parameter_of_the_parsing_pages(tab, live_server, known):
    for path in PARSING_PAGES:
        for name in PARAMETERS:
            _ran_nothing(tab, f"{live_server}{path}?{name}={quote(PAYLOAD)}")


def test_all_parameters_at_once_on_every_page(tab, live_server, known):
    query = "&".join(f"{name}={quote(PAYLOAD)}" for name in PARAMETERS)
    for path in _all_pages(known):
        _ran_nothing(tab, f"{live_server}{path}?{query}")
        _ran_nothing(tab, f"{live_server}{path}?{quote(PAYLOAD)}={quote(PAYLOAD)}")


@pytest.mark.parametrize("prefix", ["/districts/", "/networks/", "/offers/", "/"])
def test_payloads_in_the_path(tab, live_server, prefix):
    _ran_nothing(tab, f"{live_server}{prefix}{quote(PAYLOAD, safe='')}")
