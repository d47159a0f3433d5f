"""The newsletter: issues generated from the change log, the editors' desk, the public archive, double opt-in
subscriptions, and resumable sending — read back from a loopback SMTP server."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from flask_babel import refresh
from sqlalchemy import func, select

from mapfinder.extensions import db
from mapfinder.models import (
    Delivery,
    DeliveryState,
    District,
    EntrySection,
    IssueStatus,
    NewsletterEntry,
    NewsletterIssue,
    OfferStatus,
    Role,
    Subscription,
)
from mapfinder.newsletter.compose import generate_issue
from mapfinder.newsletter.periods import parse_period
from mapfinder.newsletter.sending import send_issue

from .edit_helpers import sign_in, token_of

MAY = datetime(2026, 5, 10, 9, 0, tzinfo=UTC)
LAST_YEAR = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
CONFIRM_LINK = re.compile(r"https?://\S+/newsletter/confirm/\S+")
MANAGE_LINK = re.compile(r"https?://\S+/newsletter/manage/\S+")


def _generate(period="2026-Q2", today=date(2026, 7, 1)):
    return generate_issue(parse_period(period), today=today, soon_days=45)


def _sections(issue) -> dict[tuple[str, int], EntrySection]:
    return {(entry.entity, entry.entity_id): entry.section for entry in issue.entries}


def _published(make, at=MAY, **fields):
    offer = make.offer(**fields)
    make.change(offer, "create", {"status": [None, "published"]}, at=at)
    return offer


def _issue(session, offers=(), networks=(), *, released=True, slug="2026-q2", intro=None) -> NewsletterIssue:
    issue = NewsletterIssue(
        slug=slug,
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        status=IssueStatus.RELEASED if released else IssueStatus.DRAFT,
        intro=intro or {},
    )
    issue.entries = [NewsletterEntry(section=EntrySection.NEW, entity="offer", entity_id=o.id) for o in offers] + [
        NewsletterEntry(section=EntrySection.NETWORK, entity="network", entity_id=n.id, aspects=["new"])
        for n in networks
    ]
    session.add(issue)
    session.flush()
    return issue


def _subscriber(session, email="leser@example.org", *, confirmed=True, **fields) -> Subscription:
    subscription = Subscription(
        email=email,
        nonce=f"nonce-{email}",
        confirmed_at=datetime.now(UTC) if confirmed else None,
        **{"phases": [], "districts": [], "locale": "de", "professional": False, **fields},
    )
    session.add(subscription)
    session.flush()
    return subscription


def _point_in(session, slug: str) -> tuple[float, float]:
    point = func.ST_PointOnSurface(District.geom)
    return session.execute(select(func.ST_X(point), func.ST_Y(point)).where(District.slug == slug)).one()


# --- generation from the change log ---------------------------------------------------------------------------


def test_an_issue_lists_new_and_changed_offers_and_networks_of_its_period(session, make):
    new = _published(make)
    changed = make.offer()
    make.change(changed, "create", {"status": [None, "published"]}, at=LAST_YEAR)
    make.change(changed, "update", {"schedules": [[], ["WEEKLY MO"]], "costs": [[], [["free"]]]}, at=MAY)
    reworded = make.offer()
    make.change(reworded, "update", {"description": ["alt", "neu"]}, at=MAY)
    republished = make.offer()
    make.change(republished, "create", {"status": [None, "published"]}, at=LAST_YEAR)
    make.change(republished, "publish", {"status": ["archived", "published"]}, at=MAY)
    withdrawn = _published(make, status=OfferStatus.ARCHIVED)
    outside = _published(make, at=datetime(2026, 7, 2, tzinfo=UTC))
    network = make.network()
    make.change(network, "create", {"name": [None, network.name]}, at=MAY)

    issue = _generate()
    sections = _sections(issue)

    assert sections[("offer", new.id)] is EntrySection.NEW
    assert sections[("offer", changed.id)] is EntrySection.CHANGED
    assert next(e for e in issue.entries if e.entity_id == changed.id).aspects == ["time", "cost"]
    assert sections[("network", network.id)] is EntrySection.NETWORK
    for left_out in (reworded, republished, withdrawn, outside):
        assert ("offer", left_out.id) not in sections
    assert (issue.slug, issue.period_start, issue.period_end) == ("2026-q2", date(2026, 4, 1), date(2026, 6, 30))


def test_offers_ending_soon_and_upcoming_dated_offers_are_listed(session, make):
    today = date.today()
    ending = make.offer(ends_on=today + timedelta(days=10))
    starting = make.offer(starts_on=today + timedelta(days=20))
    far = make.offer(ends_on=today + timedelta(days=300))
    sections = _sections(_generate(period=f"{today.year}-{today.month:02d}", today=today))
    assert sections[("offer", ending.id)] is EntrySection.ENDING
    assert sections[("offer", starting.id)] is EntrySection.UPCOMING
    assert ("offer", far.id) not in sections


def test_regenerating_a_draft_keeps_the_editors_pins_and_drops(session, make):
    pinned, dropped = _published(make), _published(make)
    issue = _generate()
    for entry in issue.entries:
        entry.pinned, entry.dropped = entry.entity_id == pinned.id, entry.entity_id == dropped.id
    again = {entry.entity_id: entry for entry in _generate().entries}
    assert again[pinned.id].pinned and not again[pinned.id].dropped
    assert again[dropped.id].dropped


def test_flask_newsletter_generate(cli, make):
    offer = _published(make)
    result = cli.invoke(args=["newsletter", "generate", "--period", "2026-Q2"])
    assert result.exit_code == 0, result.output
    assert "issue 2026-q2" in result.output and "1 new" in result.output
    issue = db.session.scalar(select(NewsletterIssue).where(NewsletterIssue.slug == "2026-q2"))
    assert [entry.entity_id for entry in issue.entries] == [offer.id]
    bad = cli.invoke(args=["newsletter", "generate", "--period", "2026-Q5"])
    assert bad.exit_code == 2 and "2026-Q5" in bad.output


# --- the editors' desk ----------------------------------------------------------------------------------------


def test_the_bildungsbuero_pins_drops_writes_an_introduction_and_releases(client, session, make):
    first, second, third = _published(make), _published(make), _published(make)
    issue = _generate()
    entry = {e.entity_id: e for e in issue.entries}
    sign_in(client, make.user(role=Role.REVIEWER))
    page = client.get("/edit/newsletter/2026-q2")
    assert page.status_code == 200 and first.title in page.get_data(as_text=True)
    response = client.post(
        "/edit/newsletter/2026-q2",
        data={
            "csrf_token": token_of(client, "/edit/newsletter/2026-q2"),
            "intro-de": "Liebe Leserinnen und Leser,\n\nein bewegtes Quartal.",
            "pin": [str(entry[second.id].id)],
            "drop": [str(entry[third.id].id)],
        },
    )
    assert response.status_code == 303
    assert client.get("/newsletter/2026-q2").status_code == 404  # not released yet
    client.post("/edit/newsletter/2026-q2/release", data={"csrf_token": token_of(client, "/edit/newsletter/2026-q2")})
    assert issue.status is IssueStatus.RELEASED

    html = client.get("/newsletter/2026-q2").get_data(as_text=True)
    assert "ein bewegtes Quartal." in html
    assert html.index(second.title) < html.index(first.title)  # pinned: "Im Blick" comes first
    assert "Im Blick" in html and third.title not in html

    # Released is final: a later save changes nothing and says why.
    response = client.post(
        "/edit/newsletter/2026-q2",
        data={"csrf_token": token_of(client, "/edit/newsletter/2026-q2"), "intro-de": "Nachträglich geändert."},
        follow_redirects=True,
    )
    assert "Eine veröffentlichte Ausgabe kann nicht mehr geändert werden." in response.get_data(as_text=True)
    assert "Nachträglich geändert." not in client.get("/newsletter/2026-q2").get_data(as_text=True)


def test_editors_and_anonymous_visitors_cannot_touch_issues(client, session, make):
    _published(make)
    _generate()
    assert client.get("/edit/newsletter/").status_code == 302  # to the log-in
    sign_in(client, make.user())  # an editor of an organisation
    assert client.get("/edit/newsletter/2026-q2").status_code == 403
    token = token_of(client, "/edit/")
    assert client.post("/edit/newsletter/2026-q2/release", data={"csrf_token": token}).status_code == 403


# --- the public archive ---------------------------------------------------------------------------------------


def test_the_archive_shows_released_issues_in_german_and_arabic(client, session, make):
    translated, untranslated = make.offer(title="Babytreff"), make.offer(title="Elterncafé")
    make.translation(translated, "ar", title="لقاء الرضع")
    _issue(session, [translated, untranslated], intro={"de": "Willkommen zur neuen Ausgabe."})
    _issue(session, [untranslated], released=False, slug="2026-q3")

    archive = client.get("/newsletter").get_data(as_text=True)
    assert "/newsletter/2026-q2" in archive and "/newsletter/2026-q3" not in archive
    german = client.get("/newsletter/2026-q2?lang=de").get_data(as_text=True)
    assert "Babytreff" in german and "Elterncafé" in german and "Willkommen zur neuen Ausgabe." in german

    refresh()  # flask-babel caches the locale on the test's long-lived app context
    arabic = client.get("/newsletter/2026-q2?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in arabic
    assert "لقاء الرضع" in arabic and "Babytreff" not in arabic
    # Untranslated: the German title and intro, marked as such in Arabic.
    assert '<span lang="de" dir="ltr">Elterncafé</span>' in arabic
    assert "بالألمانية فقط" in arabic
    assert '<div lang="de" dir="ltr"><p>Willkommen zur neuen Ausgabe.</p></div>' in arabic
    assert client.get("/newsletter/2026-q3").status_code == 404
    assert 'href="/newsletter"' in client.get("/").get_data(as_text=True)  # the footer link


def test_an_issue_page_is_printable(client, session, make):
    _issue(session, [make.offer()])
    html = client.get("/newsletter/2026-q2").get_data(as_text=True)
    assert "css/newsletter.css" in html
    css = client.get("/static/css/newsletter.css").get_data(as_text=True)
    assert "@media print" in css and ".site-header" in css.split("@media print", 1)[1]


# --- subscriptions --------------------------------------------------------------------------------------------


def _subscribe(client, email="neu@example.org", **fields):
    data = {"csrf_token": token_of(client, "/newsletter/subscribe"), "email": email, "locale": "de", **fields}
    return client.post("/newsletter/subscribe", data=data)


def test_double_opt_in_sends_nothing_before_confirmation(client, session, make, mailbox):
    issue = _issue(session, [make.offer()])
    response = _subscribe(client, "Neu@Example.org", phases=["fruehe-kindheit"])
    assert response.status_code == 200
    subscription = session.scalar(select(Subscription).where(Subscription.email == "neu@example.org"))
    assert subscription.confirmed_at is None and subscription.phases == ["fruehe-kindheit"]
    [confirmation] = mailbox.to("neu@example.org")
    link = CONFIRM_LINK.search(mailbox.text(confirmation)).group(0)

    assert send_issue(issue).sent == 0
    assert len(mailbox.to("neu@example.org")) == 1  # still only the confirmation

    path = link.split("localhost", 1)[1]
    page = client.get(path)
    assert page.status_code == 200 and subscription.confirmed_at is None  # opening the link alone confirms nothing
    confirmed = client.post(path, data={"csrf_token": token_of(client, path)})
    assert confirmed.status_code == 200 and subscription.confirmed_at is not None
    assert send_issue(issue).sent == 1


def test_a_repeated_request_reveals_nothing_and_mails_at_most_once(client, session, mailbox):
    _subscriber(session, "bekannt@example.org")
    known = _subscribe(client, "bekannt@example.org")
    unknown = _subscribe(client, "unbekannt@example.org")
    strip = re.compile(r'name="csrf_token" value="[^"]+"')
    assert known.status_code == unknown.status_code == 200
    assert strip.sub("", known.get_data(as_text=True)) == strip.sub("", unknown.get_data(as_text=True))

    for _attempt in range(3):
        _subscribe(client, "unbekannt@example.org")
        _subscribe(client, "bekannt@example.org")
    assert len(mailbox.to("unbekannt@example.org")) == 1
    [reminder] = mailbox.to("bekannt@example.org")
    assert MANAGE_LINK.search(mailbox.text(reminder)) and not CONFIRM_LINK.search(mailbox.text(reminder))
    assert session.scalar(select(func.count()).select_from(Subscription)) == 2


def test_bad_subscription_input_is_refused_with_the_values_kept(client, session, mailbox):
    response = _subscribe(client, "kein-at-zeichen", phases=["mondphase"], districts=["styrum"])
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Bitte eine gültige E-Mail-Adresse angeben." in html and "Unbekannte Lebensphase." in html
    assert 'value="kein-at-zeichen"' in html and re.search(r'value="styrum" checked', html)
    assert mailbox.messages == [] and session.scalar(select(func.count()).select_from(Subscription)) == 0


def test_the_subscriber_sees_and_deletes_their_data(client, session, mailbox):
    _subscribe(client, "daten@example.org", phases=["jugend"], districts=["styrum"], professional="1")
    link = MANAGE_LINK.search(mailbox.text(mailbox.to("daten@example.org")[0])).group(0)
    path = link.split("localhost", 1)[1]
    page = client.get(path).get_data(as_text=True)
    assert "daten@example.org" in page and "Styrum" in page
    client.post(f"{path}/delete", data={"csrf_token": token_of(client, path)})
    assert session.scalar(select(Subscription).where(Subscription.email == "daten@example.org")) is None
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/newsletter/confirm/not-a-token",
        "/newsletter/manage/not-a-token",
        "/newsletter/unsubscribe/not-a-token",
        "/newsletter/manage/WzEsIm5vbmNlIl0.forged.signature",
    ],
)
def test_unknown_links_show_a_clear_page_and_change_nothing(client, session, path):
    _subscriber(session)
    response = client.get(path)
    assert response.status_code == 404
    assert "Dieser Link ist ungültig oder abgelaufen" in response.get_data(as_text=True)
    assert client.post("/newsletter/unsubscribe/" + path.rsplit("/", 1)[1]).status_code == 404
    assert session.scalar(select(func.count()).select_from(Subscription)) == 1


def test_a_link_of_one_purpose_does_not_work_for_another(client, session, mailbox):
    _subscribe(client, "zweck@example.org")
    confirm_path = CONFIRM_LINK.search(mailbox.text(mailbox.messages[0])).group(0).split("localhost", 1)[1]
    token = confirm_path.rsplit("/", 1)[1]
    assert client.post(f"/newsletter/unsubscribe/{token}").status_code == 404
    assert session.scalar(select(Subscription).where(Subscription.email == "zweck@example.org")) is not None


# --- sending --------------------------------------------------------------------------------------------------


def test_a_subscriber_gets_exactly_their_edition_in_turkish(client, session, make, mailbox):
    styrum = make.place(**dict(zip(("lon", "lat"), _point_in(session, "styrum"), strict=True)))
    wanted = make.offer(title="Krabbelgruppe Styrum", places=[styrum], schedule="montags 9-11 Uhr")
    make.translation(wanted, "tr", title="Styrum emekleme grubu")
    untranslated = make.offer(title="Spielkreis Styrum", places=[styrum])
    elsewhere = make.offer(title="Krabbelgruppe Eppinghofen")  # the factory's place is in Eppinghofen
    older = make.offer(title="Jugendtreff Styrum", phases=("jugend",), places=[styrum])
    network = make.network(name="Netzwerk Frühe Hilfen Test")
    issue = _issue(session, [wanted, untranslated, elsewhere, older], [network])
    _subscriber(session, "ayse@example.org", phases=["fruehe-kindheit"], districts=["styrum"], locale="tr")

    report = send_issue(issue)
    assert report.sent == 1
    [mail] = mailbox.to("ayse@example.org")
    text, html = mail.get_body(("plain",)).get_content(), mail.get_body(("html",)).get_content()
    assert "Styrum emekleme grubu" in text and "Styrum emekleme grubu" in html
    assert "Spielkreis Styrum (yalnızca Almanca)" in text  # untranslated: German, marked in Turkish
    for absent in ("Krabbelgruppe Eppinghofen", "Jugendtreff Styrum", "Netzwerk Frühe Hilfen Test"):
        assert absent not in text and absent not in html
    assert "Styrum" in text and "lang=tr" in text
    assert mail["Subject"].startswith("MH/0/25 bülteni")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<https?://\S+/newsletter/unsubscribe/\S+>", mail["List-Unsubscribe"])


def test_the_mail_is_made_for_mail_clients(session, make, mailbox):
    issue = _issue(session, [make.offer()])
    _subscriber(session)
    send_issue(issue)
    [mail] = mailbox.messages
    html = mail.get_body(("html",)).get_content()
    assert "<style" not in html and 'style="' in html  # CSS inlined
    assert "<img" not in html and "<script" not in html
    hosts = set(re.findall(r'(?:href|src)="https?://([^/"]+)', html))
    assert hosts == {"127.0.0.1:5000"}  # only the site itself (the development address without PUBLIC_URL)


def test_one_click_unsubscribe_works_without_a_session_or_csrf_token(app, client, session, make, mailbox):
    issue = _issue(session, [make.offer()])
    _subscriber(session, "weg@example.org")
    send_issue(issue)
    target = mailbox.to("weg@example.org")[0]["List-Unsubscribe"].strip("<>")
    path = target.split("5000", 1)[1]
    assert app.config.get("WTF_CSRF_ENABLED", True)
    response = client.post(path, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert session.scalar(select(Subscription).where(Subscription.email == "weg@example.org")) is None
    # Every other POST keeps its CSRF protection.
    assert client.post(path.replace("unsubscribe", "manage") + "/delete").status_code == 400


def test_sending_resumes_after_a_server_failure_without_second_copies(cli, session, make, mailbox):
    _issue(session, [make.offer()])
    readers = [_subscriber(session, f"leser{number}@example.org") for number in range(4)]
    mailbox.accept_limit = 2  # the server fails in the middle of the run

    first = cli.invoke(args=["newsletter", "send", "2026-q2", "--batch-size", "2"])
    assert first.exit_code == 1 and "run the command again" in first.output
    assert [len(mailbox.to(reader.email)) for reader in readers] == [1, 1, 0, 0]

    mailbox.accept_limit = None
    second = cli.invoke(args=["newsletter", "send", "2026-q2"])
    assert second.exit_code == 0, second.output
    assert "2 sent, 2 sent before" in second.output
    assert [len(mailbox.to(reader.email)) for reader in readers] == [1, 1, 1, 1]
    third = cli.invoke(args=["newsletter", "send", "2026-q2"])
    assert "0 sent, 4 sent before" in third.output and len(mailbox.messages) == 4


def test_a_delivery_of_unknown_outcome_is_not_repeated(session, make, mailbox):
    issue = _issue(session, [make.offer()])
    crashed, waiting = _subscriber(session, "a@example.org"), _subscriber(session, "b@example.org")
    # A crash after "sending" was recorded and before "sent" was: the server may have the message already.
    session.add(Delivery(issue_id=issue.id, subscription_id=crashed.id, state=DeliveryState.SENDING))
    session.flush()
    report = send_issue(issue)
    assert (report.sent, report.uncertain) == (1, 1)
    assert mailbox.to("a@example.org") == [] and len(mailbox.to(waiting.email)) == 1


def test_only_released_issues_are_sent(cli, session, make, mailbox):
    _issue(session, [make.offer()], released=False)
    _subscriber(session)
    result = cli.invoke(args=["newsletter", "send", "2026-q2"])
    assert result.exit_code == 1 and "not released" in result.output and mailbox.messages == []


@pytest.mark.vnu
def test_newsletter_pages_and_mail_are_valid_html(client, session, make, mailbox, tmp_path):
    from .test_html_validity import _check

    issue = _issue(session, [make.offer()], [make.network()], intro={"de": "Hallo."})
    subscription = _subscriber(session, professional=True)
    send_issue(issue)
    files = [tmp_path / "mail.html"]
    files[0].write_text(mailbox.messages[0].get_body(("html",)).get_content())
    text = mailbox.messages[0].get_body(("plain",)).get_content()
    manage = MANAGE_LINK.search(text).group(0).split("5000", 1)[1]
    for locale in ("de", "ar"):
        for number, path in enumerate(["/newsletter", "/newsletter/2026-q2", "/newsletter/subscribe", manage]):
            refresh()
            response = client.get(f"{path}?lang={locale}")
            assert response.status_code == 200, path
            files.append(tmp_path / f"{locale}-{number}.html")
            files[-1].write_bytes(response.get_data())
    errors = [
        (m["url"].rsplit("/", 1)[-1], m.get("lastLine"), m["message"]) for m in _check(files) if m["type"] == "error"
    ]
    assert errors == [], errors[:10]
    assert subscription.email in files[4].read_text()


def test_the_generate_button_makes_the_current_periods_draft(client, session, make):
    today = date.today()
    offer = _published(make, at=datetime.now(UTC))
    sign_in(client, make.user(role=Role.ADMIN))
    response = client.post("/edit/newsletter/generate", data={"csrf_token": token_of(client, "/edit/newsletter/")})
    slug = f"{today.year}-q{(today.month - 1) // 3 + 1}"
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/edit/newsletter/{slug}")
    issue = session.scalar(select(NewsletterIssue).where(NewsletterIssue.slug == slug))
    assert issue.status is IssueStatus.DRAFT and offer.id in {entry.entity_id for entry in issue.entries}
