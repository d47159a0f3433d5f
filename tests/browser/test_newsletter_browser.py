"""The newsletter in Chromium: subscribing through the form, following the confirmation link from the mail, and
screenshots of an issue page (German and Arabic, phone and desktop) and of a rendered mail."""

import re
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from mapfinder.extensions import db
from mapfinder.models import IssueStatus, NewsletterIssue, Subscription
from mapfinder.newsletter.compose import generate_issue
from mapfinder.newsletter.periods import parse_period
from mapfinder.newsletter.render import issue_mail

from .conftest import open_page

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def test_subscribe_confirm_by_the_mailed_link(browser, live_server, foreign_requests, app, smtp_server):
    email = f"browser-{uuid.uuid4().hex[:8]}@example.org"
    smtp_server.messages.clear()
    page = open_page(browser, foreign_requests, width=390)
    try:
        page.goto(f"{live_server}/newsletter/subscribe")
        page.fill("#nl-email", email)
        page.check("input[name=phases][value=fruehe-kindheit]")
        page.check("input[name=districts][value=styrum]")
        page.select_option("#nl-locale", "tr")
        page.click("button[type=submit]")
        assert page.locator("h1").inner_text() == "Bitte E-Mail bestätigen"

        [mail] = smtp_server.to(email)
        assert mail["Subject"] == "Lütfen bülten aboneliğinizi onaylayın"  # in the chosen language
        link = re.search(r"http://\S+/newsletter/confirm/\S+", smtp_server.text(mail)).group(0)
        page.goto(link)
        page.click("button[type=submit]")
        assert page.locator("h1").inner_text() == "Abonnement bestätigt"
        page.click("text=Ihre Daten ansehen oder löschen")
        assert email in page.locator(".subscriber-data").inner_text()
        assert "Styrum" in page.locator(".subscriber-data").inner_text()
        with app.app_context():
            subscription = db.session.scalar(select(Subscription).where(Subscription.email == email))
            assert subscription.confirmed_at is not None and subscription.locale == "tr"
    finally:
        page.context.close()
        with app.app_context():
            db.session.execute(delete(Subscription).where(Subscription.email == email))
            db.session.commit()
    assert not foreign_requests


@pytest.fixture()
def released_issue(app):
    """The current quarter's issue generated from the demo data's change log, with an introduction, released."""
    today = date.today()
    with app.app_context():
        period = parse_period(f"{today.year}-Q{(today.month - 1) // 3 + 1}")
        issue = generate_issue(period, today=today, soon_days=45)
        issue.intro = {"de": "Liebe Kolleginnen und Kollegen,\n\nhier ist, was sich im Netzwerk getan hat."}
        issue.entries[0].pinned = True
        issue.status, issue.released_at = IssueStatus.RELEASED, datetime.now(UTC)
        db.session.commit()
        slug = issue.slug
    yield slug
    with app.app_context():
        db.session.execute(delete(NewsletterIssue).where(NewsletterIssue.slug == slug))
        db.session.commit()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_issue_page_screenshot(browser, live_server, foreign_requests, released_issue, width, lang):
    page = open_page(browser, foreign_requests, width=width, height=1400)
    page.goto(f"{live_server}/newsletter/{released_issue}?lang={lang}")
    page.wait_for_selector(".issue-item")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"newsletter-issue-{lang}-{width}.png"))
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    direction = page.evaluate("document.documentElement.dir")
    page.context.close()
    assert overflow <= 1, f"page is {overflow}px wider than the viewport"
    assert direction == ("rtl" if lang == "ar" else "ltr")
    assert not foreign_requests


@pytest.mark.parametrize("locale, width", [("tr", 390), ("de", 720)])
def test_rendered_mail_screenshot(browser, foreign_requests, app, released_issue, locale, width):
    with app.app_context():
        issue = db.session.scalar(select(NewsletterIssue).where(NewsletterIssue.slug == released_issue))
        reader = Subscription(
            id=0, email="leser@example.org", nonce="x", phases=["fruehe-kindheit"], districts=[], locale=locale
        )
        mail = issue_mail(issue, reader)
    page = open_page(browser, foreign_requests, width=width, height=1400)
    page.set_content(mail.html)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"newsletter-mail-{locale}-{width}.png"))
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.context.close()
    assert overflow <= 1
    assert not foreign_requests  # no remote images, fonts or trackers


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_subscribe_form_screenshot(browser, live_server, foreign_requests, width, lang):
    page = open_page(browser, foreign_requests, width=width, height=1000)
    page.goto(f"{live_server}/newsletter/subscribe?lang={lang}")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"newsletter-subscribe-{lang}-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.context.close()
    assert overflow <= 1, f"page is {overflow}px wider than the viewport"
    assert not foreign_requests
