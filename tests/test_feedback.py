"""Readers report errors: the form on offer, place, network and district pages and the general feedback form, the
reference number, abuse rules (honeypot, time check, rate limit, links held), bad input, the mails, the moderation
queue with its access rule, HTML shown as text, and the purge of e-mail and IP addresses with a frozen clock."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from mapfinder.feedback.service import purge_personal_data
from mapfinder.models import OfferStatus, Report, ReportStatus, ReportSubject, Role

from .edit_helpers import sign_in, token_of
from .feedback_helpers import reference_on, report_form, send_report

SCRIPT = "<script>alert(1)</script> Der Eingang ist <b>hinten</b>."


def reports(session) -> list[Report]:
    return list(session.scalars(select(Report).order_by(Report.id)))


def report_count(session) -> int:
    return session.scalar(select(func.count()).select_from(Report))


@pytest.fixture()
def world(make, session):
    """An organisation with an editor, its place and published offer; another organisation's editor; a reviewer."""
    editor = make.user()
    place = make.place(organization=editor.organization, name="Familienzentrum Meldeprobe")
    offer = make.offer(title="Elterncafé Meldeprobe", organization=editor.organization, places=[place])
    world = {
        "editor": editor,
        "stranger": make.user(),
        "reviewer": make.user(role=Role.REVIEWER),
        "place": place,
        "offer": offer,
        "network": make.network(organizations=[editor.organization]),
        "district": make.district(),
    }
    session.commit()  # a view's rollback must not take the test's records with it
    return world


def test_every_subject_page_links_to_its_form_and_every_page_to_the_general_one(client, world):
    pages = {
        f"/offers/{world['offer'].id}": f"/feedback/offer/{world['offer'].id}",
        f"/places/{world['place'].id}": f"/feedback/place/{world['place'].id}",
        f"/networks/{world['network'].slug}": f"/feedback/network/{world['network'].id}",
        f"/districts/{world['district'].slug}": f"/feedback/district/{world['district'].id}",
    }
    for page, form in pages.items():
        html = client.get(page).get_data(as_text=True)
        assert f'href="{form}"' in html and "Fehler melden" in html, page
        assert 'href="/feedback/"' in html, page
        assert client.get(form).status_code == 200
    assert 'href="/feedback/"' in client.get("/impressum").get_data(as_text=True)


def test_the_form_names_its_subject_in_the_readers_language_and_works_without_script(client, world):
    html = client.get(f"/feedback/offer/{world['offer'].id}?lang=tr").get_data(as_text=True)
    assert 'lang="tr"' in html and "Elterncafé Meldeprobe" in html
    assert 'name="csrf_token"' in html and 'name="started"' in html and 'name="website"' in html
    assert html.count('type="radio" name="kind"') == 5
    assert 'action="/feedback/offer/' in html and "?lang=tr" in html
    assert "<script" not in html.split("<main", 1)[1]


def test_a_report_gets_a_reference_number_and_reaches_the_organisations_editors(client, session, world, mailbox):
    path = f"/feedback/offer/{world['offer'].id}?lang=tr"
    response = send_report(client, path, email="leser@example.org")
    assert response.status_code == 303
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    [report] = reports(session)
    assert reference_on(thanks) == report.reference == f"M-{report.created_at.year}-{report.id:05d}"
    assert 'lang="tr"' in thanks
    assert report.subject_type is ReportSubject.OFFER and report.subject_id == world["offer"].id
    assert report.organization_id == world["editor"].organization_id and report.status is ReportStatus.NEW
    assert (report.language, report.ip_address, report.email) == ("tr", "192.0.2.10", "leser@example.org")
    [mail] = mailbox.to(world["editor"].email)
    assert report.reference in mail["Subject"] and "Elterncafé Meldeprobe" in mail["Subject"]
    body = mailbox.text(mail)
    assert "Die Zeiten stimmen nicht" in body and "mittwochs, nicht dienstags" in body
    assert f"/edit/reports/{report.id}" in body
    assert not mailbox.to(world["stranger"].email) and not mailbox.to(world["reviewer"].email)
    assert client.get("/feedback/thanks").status_code == 302  # shown once


def test_general_feedback_goes_to_the_bildungsbuero(client, session, world, mailbox):
    response = send_report(client, "/feedback/", kind="", text="Die Schrift könnte größer sein.")
    assert response.status_code == 303
    [report] = reports(session)
    assert report.subject_type is ReportSubject.GENERAL and report.organization_id is None
    assert mailbox.to(world["reviewer"].email) and not mailbox.to(world["editor"].email)


@pytest.mark.parametrize(
    "path", ["/feedback/offer/999999", "/feedback/place/999999", "/feedback/network/999999", "/feedback/district/9"]
)
def test_a_report_on_something_unknown_is_404(client, world, path):
    if path.endswith("/9"):
        path = f"/feedback/district/{world['district'].id + 100000}"
    assert client.get(path).status_code == 404
    assert client.post(path, data={}).status_code in (400, 404)


def test_a_report_on_an_unpublished_offer_is_404(client, session, world):
    world["offer"].status = OfferStatus.DRAFT
    session.commit()
    assert client.get(f"/feedback/offer/{world['offer'].id}").status_code == 404


def test_the_honeypot_is_refused_politely_and_nothing_is_stored(client, session, world, mailbox):
    response = send_report(client, f"/feedback/offer/{world['offer'].id}", website="http://spam.example")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Nicht ausfüllen" in html and "mittwochs, nicht dienstags" in html  # the reader's text is kept
    assert report_count(session) == 0 and not mailbox.messages


def test_a_form_sent_within_seconds_is_refused_politely(client, session, world):
    response = send_report(client, f"/feedback/offer/{world['offer'].id}?lang=en", seconds_ago=1)
    assert response.status_code == 400
    assert "That was very quick" in response.get_data(as_text=True)
    assert report_count(session) == 0


@pytest.mark.parametrize("stamp", ["", "1234", "MTIzNA.forged"])
def test_a_missing_or_forged_time_stamp_is_refused(client, session, world, stamp):
    path = f"/feedback/offer/{world['offer'].id}"
    data = report_form(client, path) | {"started": stamp}
    response = client.post(path, data=data)
    assert response.status_code == 400 and "abgelaufen" in response.get_data(as_text=True)
    assert report_count(session) == 0


def test_the_rate_limit_answers_429_in_the_readers_language(app, client, session, world, monkeypatch):
    monkeypatch.setitem(app.config, "FEEDBACK_RATE_LIMIT", 2)
    path = f"/feedback/place/{world['place'].id}?lang=tr"
    assert [send_report(client, path, address="198.51.100.7").status_code for _ in range(2)] == [303, 303]
    refused = send_report(client, path, address="198.51.100.7")
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert "dakika" in html and 'lang="tr"' in html
    assert send_report(client, path, address="198.51.100.8").status_code == 303  # another address is not limited
    assert report_count(session) == 3


@pytest.mark.parametrize(
    "text", ["Neue Seite: https://example.com/kita", "siehe www.example.com", '<a href="x">hier</a>']
)
def test_a_report_with_a_link_is_held_back_without_mail(client, session, world, mailbox, text):
    response = send_report(client, f"/feedback/offer/{world['offer'].id}", text=text)
    assert response.status_code == 303
    reference_on(client.get(response.headers["Location"]).get_data(as_text=True))
    [report] = reports(session)
    assert report.status is ReportStatus.HELD and not mailbox.messages
    sign_in(client, world["editor"])
    assert report.reference not in client.get("/edit/reports/").get_data(as_text=True)
    assert client.get(f"/edit/reports/{report.id}").status_code == 403


def test_the_bildungsbuero_releases_a_held_report_and_the_editors_are_told(client, session, world, mailbox):
    send_report(client, f"/feedback/offer/{world['offer'].id}", text="Neue Adresse: www.example.com")
    [report] = reports(session)
    sign_in(client, world["reviewer"])
    assert report.reference in client.get("/edit/reports/?view=held").get_data(as_text=True)
    path = f"/edit/reports/{report.id}"
    response = client.post(path, data={"status": "new", "note": "", "csrf_token": token_of(client, path)})
    assert response.status_code == 303
    session.refresh(report)
    assert report.status is ReportStatus.NEW and mailbox.to(world["editor"].email)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"text": "   "}, "Bitte beschreiben Sie kurz, was nicht stimmt."),
        ({"text": "x" * 5001}, "Höchstens 5000 Zeichen."),
        ({"kind": ""}, "Bitte wählen Sie aus, was nicht stimmt."),
        ({"kind": "explodiert"}, "Bitte wählen Sie aus, was nicht stimmt."),
        ({"email": "keine-adresse"}, "Bitte eine gültige E-Mail-Adresse angeben."),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_stored(client, session, world, fields, message):
    response = send_report(client, f"/feedback/offer/{world['offer'].id}", **fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and 'aria-invalid="true"' in html
    assert report_count(session) == 0


def test_a_ten_megabyte_report_is_a_clear_413_page(client, session, world):
    path = f"/feedback/offer/{world['offer'].id}"
    response = client.post(path, data=report_form(client, path, text="x" * (10 * 1024 * 1024)))
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "Anfrage zu groß" in html and "zu umfangreich" in html
    assert report_count(session) == 0


def test_nul_bytes_are_refused_by_the_input_rules(client, session, world):
    response = send_report(client, f"/feedback/offer/{world['offer'].id}", text="Falsche\x00Zeit")
    assert response.status_code == 400 and "Steuerzeichen" in response.get_data(as_text=True)
    assert report_count(session) == 0


def test_a_post_without_csrf_token_is_refused(client, session, world):
    path = f"/feedback/offer/{world['offer'].id}"
    data = report_form(client, path)
    del data["csrf_token"]
    assert client.post(path, data=data).status_code == 400
    assert report_count(session) == 0


def test_html_in_a_report_is_shown_to_moderators_as_text(client, session, world):
    send_report(client, f"/feedback/offer/{world['offer'].id}", text=SCRIPT)
    [report] = reports(session)
    sign_in(client, world["editor"])
    for path in ("/edit/reports/", f"/edit/reports/{report.id}"):
        html = client.get(path).get_data(as_text=True)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html, path
        assert "&lt;b&gt;hinten&lt;/b&gt;" in html, path


def test_editors_see_their_organisations_reports_and_get_403_for_others(client, session, world, make):
    send_report(client, f"/feedback/offer/{world['offer'].id}", text="Die Zeit stimmt nicht.")
    send_report(client, f"/feedback/district/{world['district'].id}", kind="other", text="Der Name ist falsch.")
    mine, district = reports(session)
    sign_in(client, world["stranger"])
    queue = client.get("/edit/reports/").get_data(as_text=True)
    assert mine.reference not in queue and district.reference not in queue
    path = f"/edit/reports/{mine.id}"
    assert client.get(path).status_code == 403
    token = token_of(client, "/edit/reports/")
    assert client.post(path, data={"status": "done", "csrf_token": token}).status_code == 403
    session.refresh(mine)
    assert mine.status is ReportStatus.NEW

    client.post("/logout", data={"csrf_token": token})
    sign_in(client, world["editor"])
    queue = client.get("/edit/reports/").get_data(as_text=True)
    assert mine.reference in queue and district.reference not in queue
    assert client.get(f"/edit/reports/{district.id}").status_code == 403
    page = client.get(path).get_data(as_text=True)
    assert f'href="/edit/offers/{world["offer"].id}"' in page  # the jump to the edit form

    client.post("/logout", data={"csrf_token": token_of(client, "/edit/reports/")})
    sign_in(client, world["reviewer"])
    queue = client.get("/edit/reports/").get_data(as_text=True)
    assert mine.reference in queue and district.reference in queue
    assert client.get("/edit/reports/999999").status_code == 404


def test_the_queue_needs_a_log_in(client, world):
    response = client.get("/edit/reports/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_done_with_a_reply_mails_the_reader_in_their_language(client, session, world, mailbox):
    send_report(client, f"/feedback/offer/{world['offer'].id}?lang=tr", email="okur@example.org")
    [report] = reports(session)
    mailbox.messages.clear()
    sign_in(client, world["editor"])
    path = f"/edit/reports/{report.id}"
    token = token_of(client, path)
    moved = client.post(path, data={"status": "in_progress", "note": "Rufe morgen an.", "csrf_token": token})
    assert moved.status_code == 303 and not mailbox.messages
    session.refresh(report)
    assert report.status is ReportStatus.IN_PROGRESS and report.moderator_note == "Rufe morgen an."

    reply = "Danke! Die Zeit ist korrigiert: mittwochs 9:30 Uhr."
    done = client.post(path, data={"status": "done", "note": "erledigt", "reply": reply, "csrf_token": token})
    assert done.status_code == 303
    session.refresh(report)
    assert report.status is ReportStatus.DONE and report.closed_at and report.reply == reply
    [mail] = mailbox.to("okur@example.org")
    body = mailbox.text(mail)
    assert report.reference in mail["Subject"] and reply in body
    assert "Bildiriminiz" in mail["Subject"]  # Turkish, the language the reader wrote in


def test_a_reply_needs_an_address_and_a_closing_state(client, session, world, mailbox):
    send_report(client, f"/feedback/offer/{world['offer'].id}")
    send_report(client, f"/feedback/offer/{world['offer'].id}", email="leser@example.org")
    without, with_address = reports(session)
    sign_in(client, world["editor"])
    token = token_of(client, "/edit/reports/")
    for report, data, message in (
        (without, {"status": "done", "reply": "Danke"}, "keine E-Mail-Adresse"),
        (with_address, {"status": "in_progress", "reply": "Danke"}, "erledigt oder abgelehnt"),
        (with_address, {"status": "held"}, "Dieser Status kann hier nicht gewählt werden."),
    ):
        response = client.post(f"/edit/reports/{report.id}", data=data | {"csrf_token": token})
        assert response.status_code == 400 and message in response.get_data(as_text=True)
        session.refresh(report)
        assert report.status is ReportStatus.NEW
    mailbox.messages.clear()
    assert not mailbox.messages


def test_purge_deletes_email_and_address_after_the_period_with_a_frozen_clock(app, client, session, world):
    now = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
    for days, email in ((91, "alt@example.org"), (89, "neu@example.org")):
        report = Report(
            subject_type=ReportSubject.GENERAL,
            kind="other",
            text="Rückmeldung",
            email=email,
            ip_address="203.0.113.5",
            language="de",
            created_at=now - timedelta(days=days),
        )
        session.add(report)
    session.flush()
    assert purge_personal_data(now=now) == 1
    old, recent = session.scalars(select(Report).order_by(Report.created_at)).all()
    session.refresh(old)
    session.refresh(recent)
    assert (old.email, old.ip_address, old.purged_at, old.text) == (None, None, now, "Rückmeldung")
    assert (recent.email, recent.ip_address, recent.purged_at) == ("neu@example.org", "203.0.113.5", None)
    assert purge_personal_data(now=now) == 0  # idempotent
    assert purge_personal_data(now=now, days=30) == 1


def test_the_purge_command_uses_the_configured_period(app, cli, session, monkeypatch):
    session.add(
        Report(
            subject_type=ReportSubject.GENERAL,
            kind="other",
            text="alt",
            email="a@example.org",
            ip_address="203.0.113.9",
            language="de",
            created_at=datetime.now(UTC) - timedelta(days=10),
        )
    )
    session.flush()
    monkeypatch.setitem(app.config, "FEEDBACK_RETENTION_DAYS", 30)
    assert "from 0 report(s)" in cli.invoke(args=["feedback", "purge"]).output
    monkeypatch.setitem(app.config, "FEEDBACK_RETENTION_DAYS", 7)
    assert "from 1 report(s)" in cli.invoke(args=["feedback", "purge"]).output


def test_the_privacy_page_and_the_accessibility_statement_name_the_form(client):
    privacy = client.get("/datenschutz").get_data(as_text=True)
    assert 'id="feedback"' in privacy and "nach 90 Tagen gelöscht" in privacy
    statement = client.get("/barrierefreiheit").get_data(as_text=True)
    assert 'href="/feedback/" data-feedback-form' in statement
