"""Freshness in real Chromium: an editor confirms an out-of-date offer with one click on the editing dashboard, and
the reader's page at once shows today's date instead of the "may be out of date" notice. Screenshots of the offer
page (with the date and the notice) and of the Bildungsbüro's dashboard, German and Arabic, 390 and 1280 px."""

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from geoalchemy2.shape import from_shape
from playwright.sync_api import expect
from shapely.geometry import Point
from sqlalchemy import delete, select

from mapfinder.districts import assign_places_to_districts
from mapfinder.extensions import db
from mapfinder.models import (
    Category,
    ChangeLog,
    GeocodeStatus,
    LifePhase,
    LoginAttempt,
    Offer,
    OfferStatus,
    Organization,
    Place,
    Role,
    User,
)

from ..committed import organization_with_offer, remove_organization_with_offer
from .conftest import open_page
from .test_editing_browser import PASSWORD, assert_accessible, sign_in

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture()
def stale_offer(app):
    """An organisation with an editor, a reviewer, and a published offer last confirmed ten months ago."""
    tag = uuid.uuid4().hex[:8]
    with app.app_context():
        organization, place, offer = organization_with_offer(
            "fresh",
            tag,
            "Frischeprobe",
            verified_at=datetime.now(UTC) - timedelta(days=300),
            phases=list(db.session.scalars(select(LifePhase).where(LifePhase.code == "fruehe-kindheit"))),
            categories=list(db.session.scalars(select(Category).where(Category.code == "familie"))),
        )
        users = []
        for email, role, member in (
            (f"frisch-{tag}@example.org", Role.EDITOR, organization),
            (f"buero-{tag}@example.org", Role.REVIEWER, None),
        ):
            user = User(email=email, role=role, organization=member)
            user.set_password(PASSWORD)
            users.append(user)
        db.session.add_all(users)
        db.session.commit()
        assign_places_to_districts([place.id])
        db.session.commit()
        info = {
            "tag": tag,
            "offer": offer.id,
            "title": offer.title,
            "editor": users[0].email,
            "reviewer": users[1].email,
        }
    yield info
    with app.app_context():
        remove_organization_with_offer("fresh", tag)


def shoot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{name} is {overflow}px wider than the viewport"


def test_an_editor_confirms_with_one_click_and_readers_see_todays_date(
    browser, live_server, foreign_requests, stale_offer
):
    reader = open_page(browser, foreign_requests)
    reader.goto(f"{live_server}/offers/{stale_offer['offer']}?lang=de")
    expect(reader.locator(".notice-stale")).to_contain_text("vielleicht nicht mehr aktuell")
    for lang in ("de", "ar"):
        for width in (390, 1280):
            shot = open_page(browser, foreign_requests, width=width)
            shot.goto(f"{live_server}/offers/{stale_offer['offer']}?lang={lang}")
            shot.wait_for_load_state("networkidle")
            shoot(shot, f"freshness-offer-{lang}-{width}")
            shot.context.close()

    editor = sign_in(browser, live_server, foreign_requests, stale_offer["editor"])
    row = editor.locator("tr", has_text=stale_offer["title"])
    expect(row).to_contain_text("Hinweis sichtbar")
    assert_accessible(editor)
    editor.get_by_role("button", name=f"„{stale_offer['title']}“ bestätigen").click()
    expect(editor.locator(".flash")).to_contain_text("ist aktuell")

    reader.reload()
    today = format_date(datetime.now(ZoneInfo("Europe/Berlin")).date(), "long", locale="de")
    expect(reader.locator(".verified-on")).to_have_text(f"Zuletzt geprüft am {today}")
    expect(reader.locator(".notice-stale")).to_have_count(0)
    reader.context.close()
    editor.context.close()


def test_the_dashboard_in_german_and_arabic(browser, live_server, foreign_requests, stale_offer):
    for lang in ("de", "ar"):
        for width in (390, 1280):
            page = sign_in(browser, live_server, foreign_requests, stale_offer["reviewer"], width=width)
            page.goto(f"{live_server}/edit/freshness?lang={lang}")
            expect(page.locator(".freshness-oldest")).to_contain_text(stale_offer["title"])
            if width == 1280:
                assert_accessible(page)
            shoot(page, f"freshness-dashboard-{lang}-{width}")
            page.context.close()
