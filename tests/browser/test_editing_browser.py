"""The partners' editing in real Chromium: an editor creates an offer with a schedule and a place and submits it; it
stays out of the finder until a reviewer publishes it; a later change waits for approval while readers keep the
published version; another organisation's editor gets 403; the history shows both changes; mails reach a loopback
SMTP server with working links; the editing pages pass axe; screenshots for a person to look at."""

import re
import uuid
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from geoalchemy2.shape import from_shape
from playwright.sync_api import expect
from shapely.geometry import Point
from sqlalchemy import delete, select

from mapfinder.districts import assign_places_to_districts
from mapfinder.extensions import db
from mapfinder.models import ChangeLog, GeocodeStatus, LoginAttempt, Offer, Organization, Place, Role, User

from .conftest import open_page

pytestmark = pytest.mark.browser
PASSWORD = "Browser-Kennwort-1"
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def _user(email: str, role: Role, organization: Organization | None) -> User:
    user = User(email=email, role=role, organization=organization, name=email.split("@")[0].title())
    user.set_password(PASSWORD)
    return user


@pytest.fixture()
def people(app, smtp_server):
    """Two organisations (each with an editor), a place of the first, a reviewer; all removed afterwards."""
    tag = uuid.uuid4().hex[:8]
    with app.app_context():
        first = Organization(key=f"browser-a-{tag}", name="Familienzentrum Browserprobe")
        second = Organization(key=f"browser-b-{tag}", name="Jugendzentrum Fremd")
        place = Place(
            key=f"browser-place-{tag}",
            name="Haus Browserprobe",
            kind="familienzentrum",
            street="Testweg 5",
            postcode="45468",
            organization=first,
            geom=from_shape(Point(6.8827, 51.4305), srid=4326),
            geocode_status=GeocodeStatus.OK,
        )
        users = {
            "editor": _user(f"editor-{tag}@example.org", Role.EDITOR, first),
            "stranger": _user(f"fremd-{tag}@example.org", Role.EDITOR, second),
            "reviewer": _user(f"pruefung-{tag}@example.org", Role.REVIEWER, None),
        }
        db.session.add_all([first, second, place, *users.values()])
        db.session.commit()
        assign_places_to_districts([place.id])
        db.session.commit()
        info = {name: user.email for name, user in users.items()} | {"tag": tag, "place": place.id}
    smtp_server.messages.clear()
    yield info
    with app.app_context():
        organization_ids = list(db.session.scalars(select(Organization.id).where(Organization.key.like(f"%{tag}"))))
        offer_ids = list(db.session.scalars(select(Offer.id).where(Offer.organization_id.in_(organization_ids))))
        db.session.execute(delete(ChangeLog).where(ChangeLog.entity == "offer", ChangeLog.entity_id.in_(offer_ids)))
        db.session.execute(delete(Offer).where(Offer.id.in_(offer_ids)))
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.email.like(f"%{tag}%")))
        db.session.execute(delete(User).where(User.email.like(f"%{tag}%")))
        db.session.execute(delete(Place).where(Place.key == f"browser-place-{tag}"))
        db.session.execute(delete(Organization).where(Organization.id.in_(organization_ids)))
        db.session.commit()


def sign_in(browser, live_server, foreign, email: str, **options):
    page = open_page(browser, foreign, **options)
    page.goto(f"{live_server}/login")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("h1")).to_contain_text("Redaktion")
    return page


def api_titles(page, live_server, text: str) -> set[str]:
    features = page.request.get(f"{live_server}/api/v1/offers?q={text}").json()["features"]
    return {feature["properties"]["title"] for feature in features}


def assert_accessible(page) -> None:
    violations = Axe().run(page).response["violations"]
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious


def create_and_submit(page, live_server, title: str) -> int:
    page.goto(f"{live_server}/edit/offers/new")
    page.locator("#f-title").fill(title)
    page.locator("#f-description").fill("Offenes Treffen für Eltern mit Kindern unter drei Jahren.")
    page.locator("input[name=phases][value=fruehe-kindheit]").check()
    page.locator("input[name=categories][value=familie]").check()
    page.get_by_label("Haus Browserprobe").check()
    page.locator("input[name='schedule-0-days'][value=TU]").check()
    page.locator("input[name='schedule-0-days'][value=TH]").check()
    page.locator("#f-schedule-0-opens").fill("09:30")
    page.locator("#f-schedule-0-closes").fill("11:00")
    page.locator("#f-cost-0-kind").select_option("free")
    assert_accessible(page)
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".flash")).to_have_text("Gespeichert.")
    offer_id = int(re.search(r"/edit/offers/(\d+)", page.url).group(1))
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    expect(page.locator(".flash")).to_have_text("Zur Prüfung eingereicht.")
    return offer_id


def publish_as_reviewer(page, live_server, offer_id: int, title: str) -> None:
    page.goto(f"{live_server}/edit/")
    page.get_by_role("link", name=title).click()
    expect(page.locator("h1")).to_contain_text("Prüfen")
    assert_accessible(page)
    page.get_by_role("button", name="Freigeben und veröffentlichen").click()
    expect(page.locator(".flash")).to_have_text("Veröffentlicht.")


def test_an_offer_goes_from_draft_through_review_to_the_finder(
    browser, live_server, foreign_requests, people, smtp_server
):
    title = f"Elterncafé Browserprobe {people['tag']}"
    editor = sign_in(browser, live_server, foreign_requests, people["editor"])
    assert_accessible(editor)
    offer_id = create_and_submit(editor, live_server, title)
    assert title not in api_titles(editor, live_server, people["tag"])
    editor.goto(f"{live_server}/?q={people['tag']}")
    expect(editor.locator("main")).not_to_contain_text(title)

    reviewer = sign_in(browser, live_server, foreign_requests, people["reviewer"])
    publish_as_reviewer(reviewer, live_server, offer_id, title)
    editor.goto(f"{live_server}/?q={people['tag']}")
    expect(editor.locator("main")).to_contain_text(title)
    assert api_titles(editor, live_server, people["tag"]) == {title}

    [published] = [m for m in smtp_server.to(people["editor"]) if "Veröffentlicht" in m["Subject"]]
    link = re.search(r"http://\S+", smtp_server.text(published)).group(0)
    assert editor.goto(link).status == 200
    expect(editor.locator("#f-title")).to_have_value(title)

    editor.locator("#f-title").fill(f"{title} neu")
    editor.get_by_role("button", name="Speichern").click()
    expect(editor.locator(".offer-state")).to_contain_text("Änderung wartet auf Prüfung")
    assert api_titles(editor, live_server, people["tag"]) == {title}
    editor.goto(f"{live_server}/offers/{offer_id}")
    expect(editor.locator("h1")).to_have_text(title)

    stranger = sign_in(browser, live_server, foreign_requests, people["stranger"])
    assert stranger.goto(f"{live_server}/edit/offers/{offer_id}").status == 403
    assert stranger.goto(f"{live_server}/edit/offers/{offer_id}/history").status == 403

    reviewer.goto(f"{live_server}/edit/offers/{offer_id}/review")
    expect(reviewer.locator("table.changes")).to_contain_text(f"{title} neu")
    reviewer.get_by_role("button", name="Freigeben und veröffentlichen").click()
    assert api_titles(editor, live_server, people["tag"]) == {f"{title} neu"}

    editor.goto(f"{live_server}/edit/offers/{offer_id}/history")
    history = editor.locator("ol.history")
    expect(history).to_contain_text("Änderung vorgeschlagen")
    expect(history.locator("li").filter(has_text="geändert").first).to_contain_text(f"{title} neu")
    expect(history).to_contain_text("zur Prüfung eingereicht")
    assert_accessible(editor)
    for page in (editor, reviewer, stranger):
        page.context.close()
    assert not foreign_requests


def test_mails_carry_working_links_for_a_reset(browser, live_server, foreign_requests, people, smtp_server):
    page = open_page(browser, foreign_requests)
    page.goto(f"{live_server}/password/reset")
    page.get_by_label("E-Mail-Adresse").fill(people["editor"])
    page.get_by_role("button", name="Link zum Zurücksetzen schicken").click()
    expect(page.locator("main")).to_contain_text("Wenn es zu dieser Adresse ein Konto gibt")
    [mail] = smtp_server.to(people["editor"])
    page.goto(re.search(r"http://\S+", smtp_server.text(mail)).group(0))
    page.get_by_label("Neues Passwort (mindestens 10 Zeichen)").fill("Noch-ein-Kennwort-9")
    page.get_by_label("Neues Passwort wiederholen").fill("Noch-ein-Kennwort-9")
    page.get_by_role("button", name="Passwort speichern").click()
    expect(page.locator(".flash")).to_have_text("Ihr Passwort ist gespeichert.")
    page.context.close()
    assert not foreign_requests


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_screenshots_of_the_editing_pages(browser, live_server, foreign_requests, people, width, lang):
    title = f"Elterncafé Bildprobe {people['tag']}"
    editor = sign_in(browser, live_server, foreign_requests, people["editor"], width=width)
    offer_id = create_and_submit(editor, live_server, title)
    reviewer = sign_in(browser, live_server, foreign_requests, people["reviewer"], width=width)
    SHOTS.mkdir(exist_ok=True)
    pages = [
        (editor, f"/edit/?lang={lang}", "dashboard"),
        (editor, f"/edit/offers/{offer_id}?lang={lang}", "offer-form"),
        (reviewer, f"/edit/offers/{offer_id}/review?lang={lang}", "review"),
        (editor, f"/edit/places/{people['place']}?lang={lang}", "place-form"),
    ]
    for page, path, name in pages:
        page.goto(f"{live_server}{path}")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(SHOTS / f"edit-{name}-{lang}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{name} is {overflow}px wider than the viewport"
    for page in (editor, reviewer):
        page.context.close()
    assert not foreign_requests
