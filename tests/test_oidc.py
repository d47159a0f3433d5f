"""Single sign-on with the city's OpenID Connect provider, against a loopback stand-in over real HTTP: the whole
authorisation code flow with PKCE, state and nonce; every bad answer (tampered signature, wrong nonce, issuer or
audience, an expired token, refused consent, a foreign state, an unreachable provider, an unknown person) ends on the
log-in page with a message in the reader's language and a 4xx (503 for the outage); the throttling and session
rules of password log-ins; log-out at the provider; nothing changes and nothing leaves the app while unconfigured."""

import logging
import socket
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import select

from mapfinder.models import Role, User, UserIdentity

from .edit_helpers import sign_in, token_of

BUTTON = "Mit dem Konto der Stadt anmelden"


def sso_sign_in(client, provider, next_path: str = ""):
    """Press the button and follow the redirects through the stand-in over real HTTP; the app's last response."""
    response = client.post("/login/sso", data={"csrf_token": token_of(client, "/login"), "next": next_path})
    if response.status_code != 302:
        return response
    location = response.headers["Location"]
    assert location.startswith(f"{provider.url}/authorize?")
    answer = requests.get(location, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/login/sso/callback"
    return client.get(f"{back.path}?{back.query}")


def identities(session, user) -> list[UserIdentity]:
    return list(session.scalars(select(UserIdentity).where(UserIdentity.user_id == user.id)))


def test_the_whole_flow_signs_in_the_account_of_the_verified_address_and_binds_it(client, session, make, sso):
    user = make.user(email=sso.person.email)
    page = client.get("/login").get_data(as_text=True)
    assert BUTTON in page
    start = client.post("/login/sso", data={"csrf_token": token_of(client, "/login"), "next": "/edit/offers/new"})
    request = parse_qs(urlsplit(start.headers["Location"]).query)
    assert request["code_challenge_method"] == ["S256"] and len(request["code_challenge"][0]) == 43
    assert request["state"][0] and request["nonce"][0] and "openid" in request["scope"][0].split()
    assert request["redirect_uri"] == ["http://localhost/login/sso/callback"]
    answer = requests.get(start.headers["Location"], allow_redirects=False, timeout=5)
    back = urlsplit(answer.headers["Location"])
    response = client.get(f"{back.path}?{back.query}")
    assert response.status_code == 302 and response.headers["Location"] == "/edit/offers/new"
    assert user.organization.name in client.get("/edit/").get_data(as_text=True)
    # The token request carried the PKCE verifier; the stand-in checked it and the client secret.
    assert sso.token_requests[-1]["code_verifier"] and sso.token_requests[-1]["client_id"] == sso.client_id
    [binding] = identities(session, user)
    assert (binding.issuer, binding.subject) == (sso.url, sso.person.subject)


def test_a_bound_account_is_found_by_its_subject_when_the_address_changes(client, session, make, sso):
    user = make.user(email=sso.person.email)
    assert sso_sign_in(client, sso).status_code == 302
    client.post("/logout", data={"csrf_token": token_of(client, "/edit/")})
    sso.person.email = "neue-adresse@example.org"
    assert sso_sign_in(client, sso).status_code == 302
    assert client.get("/edit/").status_code == 200
    assert len(identities(session, user)) == 1


def test_the_code_works_once(client, make, sso):
    make.user(email=sso.person.email)
    start = client.post("/login/sso", data={"csrf_token": token_of(client, "/login")})
    back = urlsplit(requests.get(start.headers["Location"], allow_redirects=False, timeout=5).headers["Location"])
    assert client.get(f"{back.path}?{back.query}").status_code == 302
    client.post("/logout", data={"csrf_token": token_of(client, "/edit/")})
    replay = client.get(f"{back.path}?{back.query}")
    assert replay.status_code == 400 and client.get("/edit/").status_code == 302


@pytest.mark.parametrize("tamper", ["foreign-key", "payload"])
def test_an_id_token_with_a_bad_signature_is_refused(client, session, make, sso, caplog, tamper):
    user = make.user(email=sso.person.email)
    make.user(email="leitung@example.org", role=Role.ADMIN)
    sso.tamper = tamper
    with caplog.at_level(logging.WARNING, logger="mapfinder.accounts.sso"):
        response = sso_sign_in(client, sso)
    assert response.status_code == 400
    assert "Die Antwort des Anmeldedienstes der Stadt war ungültig" in response.get_data(as_text=True)
    assert client.get("/edit/").status_code == 302 and identities(session, user) == []
    assert "invalid_token" in caplog.text and "BadSignatureError" in caplog.text


@pytest.mark.parametrize(
    "changes",
    [
        {"nonce": "a-nonce-of-another-sign-on"},
        {"nonce": None},
        {"iss": "http://127.0.0.1:9/another-issuer"},
        {"aud": "another-client"},
        {"aud": ["another-client"], "azp": "mapfinder"},
        {"exp": int(time.time()) - 600, "iat": int(time.time()) - 900},
    ],
    ids=["wrong-nonce", "no-nonce", "wrong-issuer", "wrong-audience", "audience-without-us", "expired"],
)
def test_an_id_token_with_wrong_claims_is_refused(client, session, make, sso, changes):
    user = make.user(email=sso.person.email)
    sso.id_token_changes = changes
    response = sso_sign_in(client, sso)
    assert response.status_code == 400
    assert "war ungültig" in response.get_data(as_text=True)
    assert client.get("/edit/").status_code == 302 and identities(session, user) == []


def test_refused_consent_ends_on_the_login_page_in_the_readers_language(client, make, sso):
    make.user(email=sso.person.email)
    sso.deny = True
    client.set_cookie("mapfinder_lang", "en")
    response = sso_sign_in(client, sso)
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "Signing in with the city account was cancelled." in page and 'role="alert"' in page
    assert client.get("/edit/").status_code == 302


def test_an_answer_to_a_sign_on_begun_elsewhere_is_refused(client, make, sso):
    make.user(email=sso.person.email)
    client.post("/login/sso", data={"csrf_token": token_of(client, "/login")})
    response = client.get("/login/sso/callback?code=whatever&state=not-the-one-we-sent")
    assert response.status_code == 400
    assert "in einem anderen Fenster begonnen" in response.get_data(as_text=True)
    assert client.get("/edit/").status_code == 302


def test_an_unreachable_provider_is_a_clear_message_not_an_error(app, client, sso, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "OIDC_ISSUER", f"http://127.0.0.1:{closed_port}")
    monkeypatch.setitem(app.config, "OIDC_TIMEOUT", 2)
    client.set_cookie("mapfinder_lang", "ar")
    response = client.post("/login/sso", data={"csrf_token": token_of(client, "/login")})
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page and 'dir="rtl"' in page and "Die Anmeldung" not in page


def test_an_unknown_person_is_refused_and_so_is_an_unverified_address(client, session, make, sso):
    response = sso_sign_in(client, sso)
    assert response.status_code == 403
    assert "keinen Zugang zur Redaktion" in response.get_data(as_text=True)
    make.user(email=sso.person.email)
    sso.person.email_verified = False
    assert sso_sign_in(client, sso).status_code == 403
    assert client.get("/edit/").status_code == 302
    assert session.scalar(select(UserIdentity).where(UserIdentity.subject == sso.person.subject)) is None


def test_a_mapped_group_creates_an_editor_account_of_its_organisation(app, client, session, make, sso, monkeypatch):
    organization = make.organization()
    monkeypatch.setitem(
        app.config, "OIDC_GROUP_ORGANIZATIONS", f"/andere=gibt-es-nicht,/partner/kita={organization.key}"
    )
    sso.person.email, sso.person.groups = "Neu.Kita@Example.org", ["/partner/kita", "/mitarbeitende"]
    response = sso_sign_in(client, sso)
    assert response.status_code == 302, response.get_data(as_text=True)
    user = session.scalar(select(User).where(User.email == "neu.kita@example.org"))
    assert user.role is Role.EDITOR and user.organization_id == organization.id and not user.check_password("")
    assert organization.name in client.get("/edit/").get_data(as_text=True)
    # The groups came from the userinfo endpoint: the stand-in's ID token carries none.
    assert ("GET", "/userinfo") in sso.requests


def test_a_group_without_mapping_creates_nothing(app, client, session, make, sso, monkeypatch):
    organization = make.organization()
    monkeypatch.setitem(app.config, "OIDC_GROUP_ORGANIZATIONS", f"/partner/kita={organization.key}")
    sso.person.email, sso.person.groups = "fremd@example.org", ["/verwaltung"]
    sso.groups_in_id_token = True
    assert sso_sign_in(client, sso).status_code == 403
    assert session.scalar(select(User).where(User.email == "fremd@example.org")) is None


def test_failed_sign_ons_are_throttled_like_password_log_ins(app, client, sso, monkeypatch):
    for _ in range(5):
        assert sso_sign_in(client, sso).status_code == 403
    response = sso_sign_in(client, sso)
    assert response.status_code == 429 and "Zu viele fehlgeschlagene Anmeldeversuche" in response.get_data(as_text=True)
    # Once the address is throttled, the button does not even lead to the provider.
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES_ADDRESS", 5)
    calls = len(sso.requests)
    response = client.post("/login/sso", data={"csrf_token": token_of(client, "/login")})
    assert response.status_code == 429 and len(sso.requests) == calls


def test_a_single_sign_on_session_expires_like_any_other(app, client, make, sso):
    make.user(email=sso.person.email)
    sso_sign_in(client, sso)
    assert client.get("/edit/").status_code == 200
    with client.session_transaction() as state:
        state["signed_in_at"] -= app.config["SESSION_HOURS"] * 3600 + 1
    assert client.get("/edit/").status_code == 302


def test_log_out_ends_the_local_session_and_the_providers(client, make, sso):
    make.user(email=sso.person.email)
    sso_sign_in(client, sso)
    response = client.post("/logout", data={"csrf_token": token_of(client, "/edit/")})
    target = urlsplit(response.headers["Location"])
    query = parse_qs(target.query)
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{sso.url}/logout"
    assert query["post_logout_redirect_uri"] == ["http://localhost/login"] and query["id_token_hint"][0].count(".") == 2
    assert client.get("/edit/").status_code == 302
    back = requests.get(response.headers["Location"], allow_redirects=False, timeout=5)
    assert urlsplit(back.headers["Location"]).path == "/login"


def test_log_out_stays_local_without_an_end_session_endpoint_or_after_a_password_log_in(client, make, sso):
    user = make.user(email=sso.person.email)
    sso.end_session = False
    sso_sign_in(client, sso)
    response = client.post("/logout", data={"csrf_token": token_of(client, "/edit/")})
    assert response.headers["Location"] == "/login"
    sso.end_session = True
    sign_in(client, user)
    response = client.post("/logout", data={"csrf_token": token_of(client, "/edit/")})
    assert response.headers["Location"] == "/login"


def test_the_button_label_is_configurable(app, client, sso, monkeypatch):
    monkeypatch.setitem(app.config, "OIDC_BUTTON_LABEL", "Mit Stadt-Login <anmelden>")
    page = client.get("/login?lang=tr").get_data(as_text=True)
    assert "Mit Stadt-Login &lt;anmelden&gt;" in page and BUTTON not in page
    monkeypatch.setitem(app.config, "OIDC_BUTTON_LABEL", "")
    assert "Şehir hesabıyla giriş yap" in client.get("/login?lang=tr").get_data(as_text=True)


@pytest.fixture()
def outgoing(monkeypatch) -> list:
    """Every TCP connection the process opens (the database talks over a Unix socket)."""
    opened = []
    original = socket.socket.connect

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            opened.append(address)
        return original(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return opened


def test_unconfigured_there_is_no_button_no_route_and_no_outgoing_request(client, make, outgoing):
    user = make.user()
    page = client.get("/login").get_data(as_text=True)
    assert BUTTON not in page and "/login/sso" not in page
    assert client.post("/login/sso", data={"csrf_token": token_of(client, "/login")}).status_code == 404
    assert client.get("/login/sso/callback?code=x&state=y").status_code == 404
    sign_in(client, user)
    assert client.post("/logout", data={"csrf_token": token_of(client, "/edit/")}).headers["Location"] == "/login"
    assert outgoing == []


def test_the_connection_recorder_sees_the_provider(client, make, sso, outgoing):
    """The check above would notice a request: configured, the same recorder sees the stand-in."""
    client.post("/login/sso", data={"csrf_token": token_of(client, "/login")})
    assert ("127.0.0.1", int(sso.url.rsplit(":", 1)[1])) in outgoing


def test_forms_may_lead_to_the_provider_only_when_it_is_configured(app, client, sso, monkeypatch):
    """The log-in and log-out forms redirect to the provider: the CSP's form-action names its origin, no other."""
    policy = client.get("/login").headers["Content-Security-Policy"]
    assert f"form-action 'self' {sso.url};" in policy + ";"
    monkeypatch.setitem(app.config, "OIDC_ISSUER", "")
    assert "form-action 'self';" in client.get("/login").headers["Content-Security-Policy"] + ";"


def test_a_wrong_client_secret_is_a_set_up_problem_in_the_log_not_the_persons(app, client, make, sso, caplog):
    make.user(email=sso.person.email)
    app.config["OIDC_CLIENT_SECRET"] = "not-the-registered-secret"
    with caplog.at_level(logging.WARNING, logger="mapfinder.accounts.sso"):
        response = sso_sign_in(client, sso)
    assert response.status_code == 503 and client.get("/edit/").status_code == 302
    assert "invalid_client" in caplog.text
