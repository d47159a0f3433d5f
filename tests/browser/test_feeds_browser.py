"""The subscribe links in a real browser: they follow the finder's filters as the list updates, the calendar they
name downloads and parses, and the finder and the offer page show them in German and Arabic at phone and desktop
width (screenshots in screenshots/ for a person to look at)."""

from pathlib import Path

import icalendar
import pytest
from sqlalchemy import select

from mapfinder.extensions import db
from mapfinder.models import Offer, OfferStatus, Schedule

from .conftest import open_page

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture(scope="module")
def recurring_offer_id(app) -> int:
    """A published demo offer with a weekly rule (its page shows the calendar links)."""
    with app.app_context():
        return db.session.scalar(
            select(Offer.id)
            .join(Schedule, Schedule.offer_id == Offer.id)
            .where(Offer.status == OfferStatus.PUBLISHED, Offer.is_demo, Schedule.freq.isnot(None))
            .order_by(Offer.id)
            .limit(1)
        )


def test_feed_links_follow_the_filters_and_the_calendar_downloads(page, live_server):
    page.goto(live_server + "/?lang=de")
    page.wait_for_selector(".leaflet-container")
    page.select_option("#f-district", "styrum")
    page.wait_for_url("**/*district=styrum*")
    page.wait_for_function("document.querySelector('.feed-links a[download]').href.includes('district=styrum')")
    links = page.locator(".feed-links a")
    hrefs = [links.nth(index).get_attribute("href") for index in range(links.count())]
    assert hrefs[0].startswith("webcal://127.0.0.1:") and all("district=styrum" in href for href in hrefs)
    response = page.request.get(live_server + hrefs[1])
    assert response.status == 200 and response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.body())
    assert "Styrum" in str(calendar["X-WR-CALNAME"])


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_screenshots_of_the_subscribe_links(browser, live_server, foreign_requests, recurring_offer_id, lang, width):
    SHOTS.mkdir(exist_ok=True)
    for name, path in [
        ("finder", f"/?phase=fruehe-kindheit&district=styrum&lang={lang}"),
        ("offer", f"/offers/{recurring_offer_id}?lang={lang}"),
    ]:
        page = open_page(browser, foreign_requests, width=width, height=900)
        page.goto(live_server + path)
        page.wait_for_selector(".leaflet-container")
        page.wait_for_load_state("networkidle")
        links = page.locator(".feed-links").first
        links.scroll_into_view_if_needed()
        assert links.is_visible() and "webcal://" in links.inner_html()
        page.screenshot(path=str(SHOTS / f"feeds-{name}-{lang}-{width}.png"), full_page=False)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        page.context.close()
        assert overflow <= 1, f"{name} is {overflow}px wider than the viewport"
    assert not foreign_requests
