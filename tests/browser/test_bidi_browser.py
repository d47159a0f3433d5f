"""Right-to-left pages in a real browser: left-to-right values (phone numbers, e-mails, addresses) keep their
own reading order inside Arabic text."""

import pytest
from sqlalchemy import select

from mapfinder.extensions import db
from mapfinder.models import Offer

from .conftest import open_page

pytestmark = pytest.mark.browser
PHONE = "0208 000 1002"
# The x positions of the first and the last character of each phone number as the browser laid them out.
_PHONE_EDGES = """(text) => {
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(text);
    if (at < 0) continue;
    const left = (offset) => { const range = document.createRange(); range.setStart(node, at + offset);
      range.setEnd(node, at + offset + 1); return range.getBoundingClientRect().left; };
    const lastGroup = text.lastIndexOf(' ') + 1;
    found.push({first: left(0), last: left(text.length - 1), firstGroup: left(0), lastGroup: left(lastGroup)});
  }
  return found;
}"""


@pytest.fixture()
def demo_offer_with_phone(app) -> int:
    """The demo crawling group of the Familienzentrum Innenstadt (contact and place phone 0208 000 1002)."""
    with app.app_context():
        return db.session.scalar(select(Offer.id).where(Offer.key == "krabbelgruppe-fz-innenstadt"))


@pytest.mark.parametrize("width", [390, 1280])
def test_phone_number_reads_left_to_right_on_an_arabic_offer_page(
    browser, live_server, foreign_requests, demo_offer_with_phone, width
):
    page = open_page(browser, foreign_requests, width=width, locale="ar")
    page.goto(f"{live_server}/offers/{demo_offer_with_phone}?lang=ar")
    assert page.get_attribute("html", "dir") == "rtl"
    edges = page.evaluate(_PHONE_EDGES, PHONE)
    assert edges, "no isolated phone number on the page"
    for edge in edges:
        assert edge["first"] < edge["last"] and edge["firstGroup"] < edge["lastGroup"], edge
    page.screenshot(path=f"screenshots/bidi-offer-ar-{width}.png", full_page=True)
    page.context.close()
