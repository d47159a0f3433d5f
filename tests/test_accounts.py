"""Accounts: the first admin from the command line, log-in and log-out, throttling, session expiry, invitations
and password resets by e-mail with links that work once and expire."""

import re

from sqlalchemy import select

from mapfinder.models import Role, User

from .edit_helpers import PASSWORD, sign_in, token_of


def link_in(mailbox, message) -> str:
    return re.search(r"https?://\S+", mailbox.text(message)).group(0)


def test_the_first_admin_is_created_with_a_password_from_stdin(cli, session):
    result = cli.invoke(
        args=["users", "create", "--email", "Leitung@Example.org", "--role", "admin"], input="Ein-langes-Passwort\n"
    )
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.email == "leitung@example.org"))
    assert user.role is Role.ADMIN and user.password_hash.startswith("scrypt:")
    assert user.check_password("Ein-langes-Passwort")


def test_an_editor_needs_a_known_organisation_and_a_long_password(cli, make):
    result = cli.invoke(args=["users", "create", "--email", "x@example.org", "--role", "editor"], input="kurz\n")
    assert result.exit_code != 0 and "organization" in result.output and "password" in result.output
    key = make.organization().key
    result = cli.invoke(
        args=["users", "create", "--email", "x@example.org", "--organization", key], input="lang-genug-2026\n"
    )
    assert result.exit_code == 0, result.output


def test_log_in_reaches_the_dashboard_and_log_out_ends_it(client, make):
    user = make.user()
    assert client.get("/edit/").status_code == 302
    response = sign_in(client, user)
    assert response.status_code == 302 and response.headers["Location"].endswith("/edit/")
    assert user.organization.name in client.get("/edit/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": token_of(client, "/edit/")})
    assert client.get("/edit/").status_code == 302


def test_a_wrong_password_is_refused_and_repeated_failures_are_throttled(client, make):
    user = make.user()
    for _ in range(5):
        response = sign_in(client, user, "falsch")
        assert response.status_code == 400
    response = sign_in(client, user, PASSWORD)
    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.get_data(as_text=True)


def test_the_throttle_message_is_in_the_readers_language(client, make):
    user = make.user()
    client.set_cookie("mapfinder_lang", "en")
    for _ in range(6):
        response = sign_in(client, user, "falsch")
    assert response.status_code == 429 and "Too many" in response.get_data(as_text=True)


def test_a_session_expires_when_idle(app, client, make):
    user = make.user()
    sign_in(client, user)
    with client.session_transaction() as state:
        state["seen_at"] -= app.config["SESSION_IDLE_MINUTES"] * 60 + 1
    assert client.get("/edit/").status_code == 302


def test_a_post_without_csrf_token_is_refused(client, make):
    user = make.user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/edit/").status_code == 302


def test_an_invitation_link_sets_the_password_once(cli, client, session, make, mailbox):
    key = make.organization().key
    result = cli.invoke(args=["users", "create", "--email", "neu@example.org", "--organization", key, "--invite"])
    assert result.exit_code == 0, result.output
    [message] = mailbox.to("neu@example.org")
    path = link_in(mailbox, message).split("://", 1)[1].split("/", 1)[1]
    token = token_of(client, "/" + path)
    response = client.post(
        "/" + path,
        data={"password": "Mein-neues-Passwort", "password_repeat": "Mein-neues-Passwort", "csrf_token": token},
    )
    assert response.status_code == 302
    assert client.get("/" + path).status_code == 400


def test_a_password_reset_mail_links_to_a_working_form(client, make, mailbox):
    user = make.user()
    client.post("/password/reset", data={"email": user.email, "csrf_token": token_of(client, "/password/reset")})
    [message] = mailbox.to(user.email)
    url = link_in(mailbox, message)
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    response = client.post(
        path, data={"password": "kurz", "password_repeat": "kurz", "csrf_token": token_of(client, path)}
    )
    assert response.status_code == 400 and "mindestens 10 Zeichen" in response.get_data(as_text=True)
    response = client.post(
        path,
        data={
            "password": "Ganz-neues-Passwort",
            "password_repeat": "Ganz-neues-Passwort",
            "csrf_token": token_of(client, path),
        },
    )
    assert response.status_code == 302 and user.check_password("Ganz-neues-Passwort")


def test_a_reviewer_invites_an_editor_who_chooses_a_password(client, session, make, mailbox):
    reviewer, organization = make.user(role="reviewer"), make.organization()
    session.commit()
    sign_in(client, reviewer)
    form = {
        "email": "kita-neu@example.org",
        "name": "Kita Neu",
        "role": "editor",
        "organization": organization.key,
        "csrf_token": token_of(client, "/edit/users"),
    }
    assert client.post("/edit/users", data=form).status_code == 302
    [message] = mailbox.to("kita-neu@example.org")
    assert "/password/" in link_in(mailbox, message)
    assert "kita-neu@example.org" in client.get("/edit/users").get_data(as_text=True)


def test_only_admins_make_admins_and_editors_see_no_accounts(client, session, make):
    reviewer, editor = make.user(role="reviewer"), make.user()
    session.commit()
    sign_in(client, editor)
    assert client.get("/edit/users").status_code == 403
    sign_in(client, reviewer)
    form = {"email": "chef@example.org", "role": "admin", "csrf_token": token_of(client, "/edit/users")}
    response = client.post("/edit/users", data=form)
    assert response.status_code == 400 and 'id="role-error"' in response.get_data(as_text=True)
    assert session.scalar(select(User).where(User.email == "chef@example.org")) is None
