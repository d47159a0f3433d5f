"""Single sign-on in real Chromium against the loopback OpenID provider: the button on /login leads through the
provider back into /edit/, signed in; log-out passes the provider's end-session endpoint and lands on /login.
Screenshots of /login with the button (German and Arabic, phone and desktop) for a person to look at."""

import uuid
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import delete, select

from mapfinder.extensions import db
from mapfinder.models import LoginAttempt, Organization, Role, User

from .conftest import open_page

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture()
def city_person(app, sso):
    """An editor account whose e-mail address the stand-in's person signs in with; removed afterwards."""
    tag = uuid.uuid4().hex[:8]
    sso.person.email = f"sso-{tag}@example.org"
    with app.app_context():
        organization = Organization(key=f"sso-browser-{tag}", name="Familienzentrum Stadtkonto")
        db.session.add_all(
            [organization, User(email=sso.person.email, password_hash="", role=Role.EDITOR, organization=organization)]
        )
        db.session.commit()
    yield sso.person
    with app.app_context():
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == sso.person.email))
        db.session.execute(delete(User).where(User.email == sso.person.email))
        db.session.execute(delete(Organization).where(Organization.key == f"sso-browser-{tag}"))
        db.session.commit()


def test_the_city_button_signs_in_and_out_through_the_provider(app, page, live_server, sso, city_person):
    page.goto(f"{live_server}/login")
    page.get_by_role("button", name="Mit dem Konto der Stadt anmelden").click()
    expect(page.locator("h1")).to_contain_text("Redaktion")
    assert page.url == f"{live_server}/edit/"
    expect(page.locator("main")).to_contain_text("Familienzentrum Stadtkonto")
    assert ("GET", "/authorize") in sso.requests and ("POST", "/token") in sso.requests
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == city_person.email))
        assert user.last_login_at is not None
    page.get_by_role("button", name="Abmelden").click()
    expect(page.locator(".flash")).to_have_text("Sie sind abgemeldet.")
    assert page.url.startswith(f"{live_server}/login") and ("GET", "/logout") in sso.requests
    page.goto(f"{live_server}/edit/")
    assert page.url.startswith(f"{live_server}/login")


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_screenshot_of_the_login_page_with_the_city_button(browser, live_server, foreign_requests, sso, lang, width):
    page = open_page(browser, foreign_requests, width=width, height=900)
    page.goto(f"{live_server}/login?lang={lang}")
    button = page.locator(".sso-button")
    expect(button).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"login-sso-{lang}-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    serious = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    page.context.close()
    assert overflow <= 1 and serious == [] and not foreign_requests


def test_a_refused_consent_comes_back_as_a_message_in_arabic(browser, live_server, foreign_requests, sso):
    sso.deny = True
    page = open_page(browser, foreign_requests, width=390, height=900, locale="ar")
    page.goto(f"{live_server}/login?lang=ar")
    page.locator(".sso-button").click()
    expect(page.locator(".form-error")).to_have_text("أُلغي تسجيل الدخول بحساب المدينة.")
    assert page.url.startswith(f"{live_server}/login/sso/callback?error=access_denied")
    page.screenshot(path=str(SHOTS / "login-sso-refused-ar-390.png"), full_page=True)
    page.context.close()
    assert not foreign_requests
