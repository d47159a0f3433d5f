"""A reader's report in real Chromium, without any script of ours needed: the reader reports a wrong time on an
offer page and gets a reference number; the organisation's editor gets a mail, signs in, finds the report in the
queue, closes it with a reply; the reply reaches the reader through the loopback SMTP server. Screenshots of the
form (German, Turkish, Arabic at 390 px) and of the queue for a person to look at."""

import re
import uuid
from pathlib import Path

import pytest
from geoalchemy2.shape import from_shape
from playwright.sync_api import expect
from shapely.geometry import Point
from sqlalchemy import delete, or_, select

from mapfinder.extensions import db
from mapfinder.models import (
    GeocodeStatus,
    LoginAttempt,
    Offer,
    OfferStatus,
    Organization,
    Place,
    Report,
    Role,
    User,
)

from ..committed import organization_with_offer, remove_organization_with_offer
from .conftest import open_page
from .test_editing_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser
PASSWORD = "Browser-Kennwort-1"
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"
READER = "leserin@example.org"


@pytest.fixture()
def subject(app, smtp_server):
    """An organisation with an editor, its place and a published offer (committed for the live server)."""
    tag = uuid.uuid4().hex[:8]
    with app.app_context():
        organization, _place, offer = organization_with_offer("feedback", tag, "Meldeweg")
        editor = User(
            email=f"redaktion-{tag}@example.org", role=Role.EDITOR, organization=organization, name="Redaktion"
        )
        editor.set_password(PASSWORD)
        db.session.add(editor)
        db.session.commit()
        info = {"tag": tag, "offer": offer.id, "title": offer.title, "editor": editor.email}
    smtp_server.messages.clear()
    yield info
    with app.app_context():
        db.session.execute(
            delete(Report).where(or_(Report.subject_title.like(f"%{tag}%"), Report.text.like(f"%{tag}%")))
        )
        remove_organization_with_offer("feedback", tag)


def report_on_offer(page, live_server, offer_id: int, text: str) -> str:
    """The reader's part: from the offer page to the reference number."""
    page.goto(f"{live_server}/offers/{offer_id}")
    page.get_by_role("link", name="Fehler melden").click()
    expect(page.locator("h1")).to_have_text("Fehler melden")
    page.get_by_label("Die Zeiten stimmen nicht").check()
    page.get_by_label("Beschreiben Sie bitte kurz, was nicht stimmt").fill(text)
    page.get_by_label("Ihre E-Mail-Adresse (freiwillig)").fill(READER)
    assert_accessible(page)
    page.wait_for_timeout(3100)  # a person takes longer than the time check's three seconds
    page.get_by_role("button", name="Meldung senden").click()
    expect(page.locator("h1")).to_have_text("Vielen Dank für Ihre Meldung")
    return re.search(r"M-\d{4}-\d{5}", page.locator(".reference").inner_text()).group(0)


def test_a_report_goes_from_the_offer_page_through_the_queue_to_a_reply(
    browser, live_server, foreign_requests, subject, smtp_server
):
    reader = open_page(browser, foreign_requests, width=390, height=844)
    text = f"Das Café ist jetzt mittwochs, nicht dienstags ({subject['tag']})."
    reference = report_on_offer(reader, live_server, subject["offer"], text)
    [arrived] = smtp_server.to(subject["editor"])
    assert reference in arrived["Subject"]

    editor = sign_in(browser, live_server, foreign_requests, subject["editor"])
    editor.get_by_role("link", name="Meldungen", exact=True).click()
    row = editor.locator("tr", has_text=reference)
    expect(row).to_contain_text("Die Zeiten stimmen nicht")
    expect(row).to_contain_text("neu")
    assert_accessible(editor)
    row.get_by_role("link", name=reference).click()
    expect(editor.locator(".report-text")).to_have_text(text)
    expect(editor.get_by_role("link", name="Eintrag bearbeiten")).to_have_attribute(
        "href", f"/edit/offers/{subject['offer']}"
    )
    assert_accessible(editor)
    editor.get_by_label("Status").select_option("done")
    editor.get_by_label("Notiz für die Redaktion (nur intern)").fill("Zeit im Angebot korrigiert.")
    reply = "Danke, wir haben die Zeit korrigiert: mittwochs 9:30 Uhr."
    editor.get_by_label("Antwort an die Person (freiwillig)").fill(reply)
    editor.get_by_role("button", name="Speichern").click()
    expect(editor.locator(".flash")).to_have_text("Gespeichert. Die Antwort wurde per E-Mail verschickt.")
    expect(editor.locator(".report-facts")).to_contain_text("erledigt")

    [answer] = smtp_server.to(READER)
    assert reference in answer["Subject"] and reply in smtp_server.text(answer)
    editor.goto(f"{live_server}/edit/reports/?view=closed")
    expect(editor.locator("tr", has_text=reference)).to_contain_text("erledigt")
    for page in (reader, editor):
        page.context.close()
    assert not foreign_requests


@pytest.mark.parametrize(("lang", "width"), [("de", 390), ("tr", 390), ("ar", 390), ("de", 1280)])
def test_screenshots_of_the_report_form(browser, live_server, foreign_requests, subject, lang, width):
    page = open_page(browser, foreign_requests, width=width, height=844)
    page.goto(f"{live_server}/feedback/offer/{subject['offer']}?lang={lang}")
    page.wait_for_load_state("networkidle")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"feedback-form-{lang}-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the form is {overflow}px wider than the viewport"
    # Out of sight: its box is clipped to nothing (and stays inside the page, so it never widens it).
    field = page.locator(".hp-field")
    box = field.bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1 and 0 <= box["x"] <= width
    assert field.evaluate("el => getComputedStyle(el).clipPath") == "inset(50%)"
    page.context.close()
    assert not foreign_requests


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshot_of_the_moderation_queue(browser, live_server, foreign_requests, subject, width):
    reader = open_page(browser, foreign_requests)
    report_on_offer(reader, live_server, subject["offer"], f"<b>Fett</b> und falsch ({subject['tag']})")
    reader.context.close()
    editor = sign_in(browser, live_server, foreign_requests, subject["editor"], width=width)
    editor.goto(f"{live_server}/edit/reports/?lang=de")
    expect(editor.locator(".reports-table")).to_contain_text("<b>Fett</b> und falsch")  # shown as text
    SHOTS.mkdir(exist_ok=True)
    editor.screenshot(path=str(SHOTS / f"feedback-queue-de-{width}.png"), full_page=True)
    editor.locator(".reports-table a").first.click()
    editor.screenshot(path=str(SHOTS / f"feedback-report-de-{width}.png"), full_page=True)
    overflow = editor.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    editor.context.close()
    assert not foreign_requests
