"""Security headers, session cookies, CSRF, the secret key and the public URL (issue 17)."""

import re

import pytest

from config import Config, TestConfig
from mapfinder import create_app
from mapfinder.extensions import db
from mapfinder.security import content_security_policy

CSP_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "img-src": "'self' data:",
}


def csp_of(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/planning",
        "/api/v1/phases",
        "/static/css/app.css",
        "/offers/2147483647",
        "/healthz",
        "/export.csv?q=nichts",
    ],
)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    directives = csp_of(response)
    for name, value in CSP_DIRECTIVES.items():
        assert directives[name] == value, name
    assert (
        "unsafe-inline" not in directives["script-src"]
        and "unsafe-eval" not in response.headers["Content-Security-Policy"]
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=(self)" in response.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP: HSTS would be ignored or wrong


def test_hsts_only_over_https(client):
    response = client.get("/about", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_tiles_are_allowed_only_from_the_configured_host():
    assert "img-src 'self' data:;" in content_security_policy("none")
    policy = content_security_policy("osm")
    assert "img-src 'self' data: https://tile.openstreetmap.org;" in policy
    assert "script-src 'self';" in policy


def _session_cookie(response) -> str:
    cookies = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")]
    assert cookies, "no session cookie set"
    return cookies[0]


def test_session_cookie_is_lax_http_only_and_secure_over_https(client, make):
    offer = make.offer()
    cookie = _session_cookie(client.get(f"/referral?offers={offer.id}"))
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie and "Secure" not in cookie
    cookie = _session_cookie(client.get(f"/referral?offers={offer.id}", base_url="https://localhost"))
    assert "SameSite=Lax" in cookie and "Secure" in cookie


@pytest.mark.parametrize("path", ["/referral/add", "/referral/remove", "/referral/clear"])
def test_posts_without_a_csrf_token_are_refused_in_the_readers_language(client, make, path):
    offer = make.offer()
    response = client.post(path, data={"offer_id": offer.id}, headers={"Accept-Language": "tr"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'lang="tr"' in page and "Formun süresi dolmuş" in page
    with client.session_transaction() as flask_session:
        assert flask_session.get("referral_offers") in (None, [])


def test_a_token_of_another_session_is_refused(app, client, make, csrf):
    offer = make.offer()
    other = app.test_client()
    response = other.post(
        "/referral/add", data={"offer_id": offer.id, "csrf_token": csrf}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400 and "error" in response.get_json()


def test_script_posts_with_the_token_header(client, make, csrf):
    offer = make.offer()
    response = client.post(
        "/referral/add", data={"offer_id": offer.id}, headers={"Accept": "application/json", "X-CSRFToken": csrf}
    )
    assert response.status_code == 200 and response.get_json()["offers"] == [offer.id]


class DefaultKeyConfig(Config):
    SECRET_KEY = "dev-only-not-secret"
    SQLALCHEMY_DATABASE_URI = TestConfig.SQLALCHEMY_DATABASE_URI


def test_production_refuses_the_default_secret_key(monkeypatch):
    monkeypatch.delenv("FLASK_RUN_FROM_CLI", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(DefaultKeyConfig)


def test_flask_commands_and_tests_may_use_a_development_key(monkeypatch):
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    assert create_app(DefaultKeyConfig).config["SECRET_KEY"] == "dev-only-not-secret"
    monkeypatch.delenv("FLASK_RUN_FROM_CLI")
    create_app(type("LongKey", (DefaultKeyConfig,), {"SECRET_KEY": "x" * 40}))


class PublicConfig(TestConfig):
    PUBLIC_URL = "https://angebote.example.org"


class AllowedHostsConfig(TestConfig):
    ALLOWED_HOSTS = ("angebote.example.org", "127.0.0.1")


@pytest.fixture()
def public_app(app):
    """A second app on the same test database, with a public URL (it sees the committed demo data)."""
    public = create_app(PublicConfig)
    yield public
    with public.app_context():
        db.engine.dispose()


def _demo_offer_id(app) -> int:
    response = app.test_client().get("/api/v1/offers?limit=1")
    return response.get_json()["features"][0]["id"]


def test_the_public_url_not_the_host_header_makes_absolute_links(public_app):
    client = public_app.test_client()
    offer_id = _demo_offer_id(public_app)
    headers = {"Host": "evil.example"}
    sheet = client.get(f"/referral?offers={offer_id}", headers=headers).get_data(as_text=True)
    qr_titles = re.findall(r"<title>([^<]+)</title>", sheet)
    assert any(title.startswith(f"https://angebote.example.org/offers/{offer_id}") for title in qr_titles)
    assert "evil.example" not in sheet
    export = client.get("/export.csv?limit=5", headers=headers).get_data(as_text=True)
    assert "https://angebote.example.org/offers/" in export and "evil.example" not in export


def test_a_host_outside_the_allowed_hosts_is_refused(app):
    allowed = create_app(AllowedHostsConfig)
    try:
        client = allowed.test_client()
        assert client.get("/about", headers={"Host": "evil.example"}).status_code == 400
        assert client.get("/about", headers={"Host": "angebote.example.org"}).status_code == 200
    finally:
        with allowed.app_context():
            db.engine.dispose()
