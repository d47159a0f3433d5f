"""Freshness: verified-on dates, the age thresholds (frozen clock), withdrawal and return at once, one-click
confirmation with permissions, reminder digests read from the loopback SMTP server, the dashboard and its CSV."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from flask_babel import refresh

from mapfinder.editing.offer_data import data_from_offer, input_from_data
from mapfinder.editing.places import save_place
from mapfinder.editing.service import Actor, save_offer
from mapfinder.freshness.ages import Ages, Freshness, cutoff, freshness_of, months_before
from mapfinder.freshness.dashboard import build_dashboard
from mapfinder.freshness.remind import send_reminders
from mapfinder.models import ChangeLog
from mapfinder.models.base import utcnow

from .edit_helpers import sign_in, token_of

NOW = datetime(2027, 3, 20, 9, 30, tzinfo=UTC)
AGES = Ages(remind=6, notice=9, withdraw=12)


def ago(months: int, *, days: int = 0, now: datetime | None = None) -> datetime:
    """A moment ``months`` calendar months (and ``days`` days) before ``now`` (default: the real now)."""
    now = now or utcnow()
    return datetime.combine(months_before(now.date(), months), now.timetz()) - timedelta(days=days)


def page_in(client, path: str, locale: str) -> str:
    refresh()  # flask-babel caches the locale on the test's long-lived app context
    return client.get(f"{path}?lang={locale}").get_data(as_text=True)


def api_ids(client, offer) -> set[int]:
    features = client.get(f"/api/v1/offers?q={offer.title}&limit=1000").json["features"]
    return {feature["properties"]["offer_id"] for feature in features}


# --- thresholds -------------------------------------------------------------------------------------------------


def test_months_are_counted_like_postgresql():
    assert months_before(date(2027, 8, 31), 6) == date(2027, 2, 28)
    assert months_before(date(2027, 3, 20), 12) == date(2026, 3, 20)
    assert months_before(date(2027, 1, 10), 1) == date(2026, 12, 10)


@pytest.mark.parametrize(
    ("verified_at", "stage"),
    [
        (NOW - timedelta(days=1), Freshness.FRESH),
        (datetime(2026, 9, 20, 0, 0, tzinfo=UTC), Freshness.FRESH),  # the first moment of the day 6 months ago
        (datetime(2026, 9, 19, 23, 59, tzinfo=UTC), Freshness.DUE),
        (datetime(2026, 6, 20, 0, 0, tzinfo=UTC), Freshness.DUE),
        (datetime(2026, 6, 19, 23, 59, tzinfo=UTC), Freshness.STALE),
        (datetime(2026, 3, 20, 0, 0, tzinfo=UTC), Freshness.STALE),
        (datetime(2026, 3, 19, 23, 59, tzinfo=UTC), Freshness.WITHDRAWN),
        (None, Freshness.WITHDRAWN),
    ],
)
def test_stages_follow_the_configured_ages_with_a_frozen_clock(verified_at, stage):
    assert freshness_of(verified_at, now=NOW, ages=AGES) is stage


def test_other_ages_move_the_thresholds():
    short = Ages(remind=1, notice=2, withdraw=3)
    assert freshness_of(NOW - timedelta(days=45), now=NOW, ages=short) is Freshness.DUE
    assert freshness_of(NOW - timedelta(days=100), now=NOW, ages=short) is Freshness.WITHDRAWN
    assert cutoff(NOW, 3) == datetime(2026, 12, 20, tzinfo=UTC)


def test_configured_ages_come_from_the_settings(app):
    with app.app_context():
        assert Ages.configured() == Ages(remind=6, notice=9, withdraw=12)


# --- saving confirms --------------------------------------------------------------------------------------------


def test_saving_an_offer_or_a_place_through_the_write_service_confirms_it(session, make):
    offer = make.offer(verified_at=ago(10))
    save_offer(input_from_data(data_from_offer(offer)), actor=Actor("test"), offer=offer)
    assert freshness_of(offer.verified_at, now=utcnow()) is Freshness.FRESH
    place = make.place(verified_at=ago(10))
    save_place({"key": place.key, "name": place.name}, actor=Actor("test"), geocode=False)
    assert place.verified_at > utcnow() - timedelta(minutes=1)


# --- readers ----------------------------------------------------------------------------------------------------


def test_readers_see_the_date_in_their_language(client, make):
    offer = make.offer(verified_at=datetime(2026, 9, 12, 10, 0, tzinfo=UTC))
    assert "Zuletzt geprüft am 12. September 2026" in page_in(client, f"/offers/{offer.id}", "de")
    assert "September 12, 2026" in page_in(client, f"/offers/{offer.id}", "en")
    assert "12 Eylül 2026" in page_in(client, f"/offers/{offer.id}", "tr")
    arabic = page_in(client, f"/offers/{offer.id}", "ar")
    assert "سبتمبر" in arabic and "٢٠٢٦" in arabic or "2026" in arabic


def test_the_place_page_shows_when_the_place_was_checked(client, make):
    place = make.place(verified_at=datetime(2026, 3, 12, 10, 0, tzinfo=UTC))
    page = client.get(f"/places/{place.id}?lang=de").get_data(as_text=True)
    assert "Zuletzt geprüft am 12. März 2026" in page


def test_the_out_of_date_notice_appears_after_the_notice_age_only(client, make):
    recent, old = make.offer(verified_at=ago(8)), make.offer(verified_at=ago(10))
    assert "nicht mehr aktuell" not in client.get(f"/offers/{recent.id}?lang=de").get_data(as_text=True)
    page = client.get(f"/offers/{old.id}?lang=de").get_data(as_text=True)
    assert "seit über 9 Monaten nicht bestätigt" in page


# --- withdrawal and return --------------------------------------------------------------------------------------


@pytest.fixture()
def team(make):
    editor = make.user()
    return {"editor": editor, "stranger": make.user(), "reviewer": make.user(role="reviewer")}


def test_a_withdrawn_offer_leaves_every_listing_and_returns_with_one_confirmation(client, make, team):
    offer = make.offer(
        title="Elterncafé Frischeprobe", verified_at=ago(12, days=2), organization=team["editor"].organization
    )
    assert api_ids(client, offer) == set()
    assert client.get(f"/offers/{offer.id}").status_code == 404
    assert client.get("/hsds/services?search=Frischeprobe").json["contents"] == []
    sign_in(client, team["editor"])
    dashboard = client.get("/edit/").get_data(as_text=True)
    assert "zurückgezogen" in dashboard and "Elterncafé Frischeprobe" in dashboard
    response = client.post(f"/edit/offers/{offer.id}/confirm", data={"csrf_token": token_of(client, "/edit/")})
    assert response.status_code == 303
    assert api_ids(client, offer) == {offer.id}
    assert client.get(f"/offers/{offer.id}").status_code == 200
    assert [entry.action for entry in session_entries(offer)] == ["confirm"]


def session_entries(offer):
    from mapfinder.extensions import db

    return db.session.query(ChangeLog).filter_by(entity="offer", entity_id=offer.id).all()


def test_an_editor_cannot_confirm_another_organisations_offer(client, make, team):
    offer = make.offer(verified_at=ago(7), organization=team["editor"].organization)
    before = offer.verified_at
    sign_in(client, team["stranger"])
    response = client.post(f"/edit/offers/{offer.id}/confirm", data={"csrf_token": token_of(client, "/edit/")})
    assert response.status_code == 403
    assert offer.verified_at == before


def test_a_confirmation_without_csrf_token_is_refused(client, make, team):
    offer = make.offer(verified_at=ago(7), organization=team["editor"].organization)
    sign_in(client, team["editor"])
    assert client.post(f"/edit/offers/{offer.id}/confirm").status_code == 400
    assert freshness_of(offer.verified_at, now=utcnow()) is Freshness.DUE


def test_an_offer_leaves_the_finder_the_day_after_its_end_date(client, make):
    today = utcnow().date()
    ending, ended = make.offer(ends_on=today), make.offer(ends_on=today - timedelta(days=1))
    assert api_ids(client, ending) == {ending.id}
    assert api_ids(client, ended) == set()
    assert client.get(f"/offers/{ended.id}").status_code == 404


# --- reminders --------------------------------------------------------------------------------------------------


def test_the_reminder_digest_lists_the_offers_due_with_links_and_is_sent_once(client, make, team, mailbox):
    organization = team["editor"].organization
    due = make.offer(title="Krabbelgruppe Erinnerungsprobe", organization=organization, verified_at=ago(7, now=NOW))
    stale = make.offer(title="Sprachkurs Erinnerungsprobe", organization=organization, verified_at=ago(10, now=NOW))
    make.offer(title="Frisches Erinnerungsangebot", organization=organization, verified_at=ago(1, now=NOW))
    summary = send_reminders(now=NOW, ages=AGES)
    assert summary.digests >= 1
    [message] = mailbox.to(team["editor"].email)
    text = mailbox.text(message)
    assert organization.name in message["Subject"] and "2 Angebote" in message["Subject"]
    assert "Krabbelgruppe Erinnerungsprobe" in text and "Sprachkurs Erinnerungsprobe" in text
    assert "Frisches Erinnerungsangebot" not in text
    assert "Leserinnen und Leser sehen einen Hinweis" in text
    assert f"/edit/offers/{due.id}" in text and f"/edit/offers/{stale.id}" in text
    assert not mailbox.to(team["stranger"].email)

    mailbox.messages.clear()
    send_reminders(now=NOW + timedelta(days=1), ages=AGES)
    assert not mailbox.to(team["editor"].email), "a reminder was sent twice in one period"

    send_reminders(now=NOW + timedelta(days=92), ages=AGES)  # both reached their next stage: one new digest
    [later] = mailbox.to(team["editor"].email)
    assert "Krabbelgruppe Erinnerungsprobe“, zuletzt geprüft am 20. August 2026 (Leserinnen" in mailbox.text(later)
    assert "Sprachkurs Erinnerungsprobe“, zuletzt geprüft am 20. Mai 2026 (nicht mehr in der" in mailbox.text(later)


def test_the_confirm_link_shows_a_button_and_only_the_post_confirms(client, make, team, mailbox):
    offer = make.offer(
        title="Hausaufgabenhilfe Linkprobe", organization=team["editor"].organization, verified_at=ago(7)
    )
    send_reminders(now=utcnow(), ages=AGES)
    [message] = mailbox.to(team["editor"].email)
    link = re.search(r"Bestätigen: (\S+)", mailbox.text(message)).group(1)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    page = client.get(path)
    assert page.status_code == 200 and "Hausaufgabenhilfe Linkprobe" in page.get_data(as_text=True)
    assert freshness_of(offer.verified_at, now=utcnow()) is Freshness.DUE, "following the link changed the offer"
    assert client.post(path).status_code == 400  # no CSRF token
    response = client.post(path, data={"csrf_token": token_of(client, path)})
    assert response.status_code == 200
    assert freshness_of(offer.verified_at, now=utcnow()) is Freshness.FRESH
    assert offer.verified_by_id == team["editor"].id


def test_a_forged_confirm_link_is_refused(client):
    response = client.get("/edit/confirm/not-a-token")
    assert response.status_code == 400 and "ungültig" in response.get_data(as_text=True)


def test_freshness_remind_command_reports_what_it_sent(cli, make, team, mailbox):
    make.offer(organization=team["editor"].organization, verified_at=ago(7))
    result = cli.invoke(args=["freshness", "remind"])
    assert result.exit_code == 0 and "digest" in result.output
    assert len(mailbox.to(team["editor"].email)) == 1
    assert cli.invoke(args=["freshness", "remind"]).exit_code == 0
    assert len(mailbox.to(team["editor"].email)) == 1


# --- dashboard --------------------------------------------------------------------------------------------------


def rows_by_name(rows):
    return {row.name: row for row in rows}


def test_dashboard_figures_from_factory_data(session, make, team):
    before = build_dashboard(now=utcnow(), locale="de")
    organization = team["editor"].organization
    place = make.place(organization=organization)
    district = place.stadtteil.name
    for months in (1, 7, 13):
        make.offer(organization=organization, places=[place], phases=("fruehe-kindheit",), verified_at=ago(months))
    logged_in = make.user()
    logged_in.last_login_at = utcnow()
    make.offer(organization=logged_in.organization)
    page = build_dashboard(now=utcnow(), locale="de")

    assert (page.city.offers - before.city.offers, page.city.confirmed - before.city.confirmed) == (4, 2)
    mine = rows_by_name(page.organizations)[organization.name]
    assert (mine.offers, mine.confirmed) == (3, 1) and round(mine.share, 3) == 0.333
    old, new = rows_by_name(before.stadtteile)[district], rows_by_name(page.stadtteile)[district]
    assert (new.offers - old.offers, new.confirmed - old.confirmed) == (4, 2)
    phase_before = rows_by_name(before.phases)["Frühe Kindheit"]
    phase_after = rows_by_name(page.phases)["Frühe Kindheit"]
    assert phase_after.offers - phase_before.offers == 4
    assert page.oldest[0].offer.organization_id == organization.id
    assert page.oldest[0].stage is Freshness.WITHDRAWN
    silent = {item.organization.id: item for item in page.silent}
    assert silent[organization.id].editors == 1 and silent[organization.id].offers == 3
    assert logged_in.organization_id not in silent


def test_dashboard_page_and_csv_for_the_bildungsbuero_only(client, make, team):
    organization = team["editor"].organization
    make.offer(organization=organization, verified_at=ago(1))
    make.offer(organization=organization, verified_at=ago(8))
    sign_in(client, team["editor"])
    assert client.get("/edit/freshness").status_code == 403
    assert client.get("/edit/freshness.csv").status_code == 403
    client.post("/logout", data={"csrf_token": token_of(client, "/edit/")})
    sign_in(client, team["reviewer"])
    page = client.get("/edit/freshness?lang=de")
    assert page.status_code == 200 and organization.name in page.get_data(as_text=True)
    response = client.get("/edit/freshness.csv?lang=de")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Bereich", "Name", "Angebote", "bestätigt", "Anteil (%)"]
    assert ["Organisation", organization.name, "2", "1", "50.0"] in rows
    assert rows[1][0] == "Stadt"


def test_shares_are_rounded_down_so_almost_all_never_reads_as_all(app):
    from mapfinder.freshness.dashboard import share_percent

    with app.test_request_context("/?lang=de"):
        refresh()
        assert share_percent(203 / 204) == "99,5\xa0%"
        assert share_percent(1.0) == "100\xa0%"
        assert share_percent(None) == "–"


def test_the_offer_form_shows_the_last_check_and_confirms_with_one_click(client, make, team):
    offer = make.offer(verified_at=ago(12, days=3), organization=team["editor"].organization)
    sign_in(client, team["editor"])
    refresh()
    form = client.get(f"/edit/offers/{offer.id}?lang=de").get_data(as_text=True)
    assert "zurückgezogen: nicht in der Angebotskarte" in form
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert client.post(f"/edit/offers/{offer.id}/confirm", data={"csrf_token": token}).status_code == 303
    assert freshness_of(offer.verified_at, now=utcnow()) is Freshness.FRESH
