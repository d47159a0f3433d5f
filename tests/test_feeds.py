"""Feeds: /feeds/offers.atom and /calendar.ics take the finder's filters, parse with a feed parser and with icalendar
(and a strict RFC 5545 reader), refuse unknown codes like the API, answer 304 to a client that has them, and speak
the reader's language; the finder and the offer page link them."""

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest
from flask_babel import force_locale
from ical.calendar_stream import IcsCalendarStream

from mapfinder.i18n import _
from mapfinder.models import OfferStatus, Schedule

BERLIN = ZoneInfo("Europe/Berlin")
STYRUM = {"lon": 6.860645, "lat": 51.452446}
EPPINGHOFEN = {"lon": 6.8827, "lat": 51.4305}


@pytest.fixture()
def two_districts(make):
    """An early-childhood offer in Styrum and a school-age one in Eppinghofen, both weekly."""
    styrum = make.offer(
        title="Krabbelgruppe Feedtest",
        phases=("fruehe-kindheit",),
        places=[make.place(street="Augustastraße 100", postcode="45476", city="Mülheim an der Ruhr", **STYRUM)],
        schedule="dienstags und donnerstags 9:30–11:00",
        description="Spielen und Singen für Kinder unter drei Jahren.",
    )
    eppinghofen = make.offer(
        title="Hausaufgabenhilfe Feedtest",
        phases=("grundschule",),
        places=[make.place(**EPPINGHOFEN)],
        schedule="montags 14:00–16:00",
        description="Hilfe bei den Hausaufgaben nach der Schule.",
    )
    return styrum, eppinghofen


def atom(client, query: str) -> feedparser.FeedParserDict:
    response = client.get(f"/feeds/offers.atom?{query}")
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "application/atom+xml"
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def calendar(client, path: str) -> tuple[icalendar.Calendar, bytes]:
    response = client.get(path)
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "text/calendar"
    return icalendar.Calendar.from_ical(response.data), response.data


def events_titled(parsed: icalendar.Calendar, title: str) -> list[icalendar.Event]:
    return [event for event in parsed.walk("VEVENT") if str(event["SUMMARY"]) == title]


def test_atom_lists_the_new_offers_matching_phase_and_district(client, two_districts):
    styrum, eppinghofen = two_districts
    feed = atom(client, "phase=fruehe-kindheit&district=styrum")
    titles = [entry.title for entry in feed.entries]
    assert styrum.title in titles
    assert eppinghofen.title not in titles
    entry = feed.entries[titles.index(styrum.title)]
    assert entry.link.endswith(f"/offers/{styrum.id}?lang=de")
    assert entry.updated_parsed and entry.published_parsed
    assert "Spielen und Singen" in entry.summary
    assert "Augustastraße 100" in entry.content[0].value and "Styrum" in entry.content[0].value
    assert {tag.term for tag in entry.tags} >= {"fruehe-kindheit"}
    assert "Styrum" in feed.feed.title and feed.feed.language == "de"


def test_atom_puts_the_last_changed_offer_first(client, session, two_districts):
    styrum, eppinghofen = two_districts
    eppinghofen.title = "Hausaufgabenhilfe Feedtest, neu"
    session.flush()
    assert atom(client, "")["entries"][0].title == "Hausaufgabenhilfe Feedtest, neu"


def test_atom_filters_by_the_other_district(client, two_districts):
    styrum, eppinghofen = two_districts
    titles = [entry.title for entry in atom(client, "district=eppinghofen").entries]
    assert eppinghofen.title in titles and styrum.title not in titles


@pytest.mark.parametrize("path", ["/feeds/offers.atom", "/calendar.ics"])
@pytest.mark.parametrize("query", ["phase=mondphase", "category=zauberei", "district=atlantis", "age=-4"])
def test_unknown_codes_are_refused_as_the_api_refuses_them(client, path, query):
    response = client.get(f"{path}?{query}&lang=en")
    api = client.get(f"/api/v1/offers?{query}&lang=en")
    assert response.status_code == api.status_code == 400
    assert response.mimetype == "application/json"
    assert response.json == api.json
    assert response.json["error"]["param"] == query.split("=")[0]


def test_calendar_has_a_weekly_rrule_in_berlin_time_with_place_and_link(client, two_districts):
    styrum, _eppinghofen = two_districts
    parsed, _body = calendar(client, "/calendar.ics?phase=fruehe-kindheit&district=styrum")
    (event,) = events_titled(parsed, styrum.title)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["TU", "TH"]
    start, end = event.start, event.end
    assert start.tzinfo.key == "Europe/Berlin" and end.tzinfo.key == "Europe/Berlin"
    assert (start.time(), end.time()) == (time(9, 30), time(11, 0))
    assert start.strftime("%a") in ("Tue", "Thu")  # DTSTART is the rule's first occurrence
    assert "Augustastraße 100" in str(event["LOCATION"])
    assert str(event["URL"]).endswith(f"/offers/{styrum.id}?lang=de")
    assert "Spielen und Singen" in str(event["DESCRIPTION"])
    assert event["TRANSP"] == "TRANSPARENT"
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert not events_titled(parsed, "Hausaufgabenhilfe Feedtest")


def test_calendar_keeps_the_local_time_across_the_change_to_summer_time(client, session, make):
    offer = make.offer(title="Elterncafé Zeitumstellung", schedule="mittwochs 9:00–10:30")
    offer.starts_on = date(2027, 3, 1)
    session.flush()
    _parsed, body = calendar(client, f"/offers/{offer.id}.ics")
    strict = IcsCalendarStream.calendar_from_ics(body.decode())
    occurrences = [item.start for item in strict.timeline_tz(BERLIN).start_after(datetime(2027, 3, 20, tzinfo=BERLIN))]
    before, after = occurrences[0], occurrences[1]  # 24 March (CET) and 31 March (CEST)
    assert (before.date(), after.date()) == (date(2027, 3, 24), date(2027, 3, 31))
    assert before.time() == after.time() == time(9, 0)
    assert before.utcoffset().total_seconds() == 3600 and after.utcoffset().total_seconds() == 7200


def test_a_dated_one_off_offer_is_one_event_without_rrule(client, session, make):
    offer = make.offer(title="Lesefest Feedtest")
    offer.schedules = [Schedule(dtstart=date(2027, 6, 12), opens_at=time(10, 0), closes_at=time(14, 0))]
    session.flush()
    parsed, _body = calendar(client, "/calendar.ics")
    (event,) = events_titled(parsed, offer.title)
    assert "RRULE" not in event
    assert event.start == datetime(2027, 6, 12, 10, 0, tzinfo=BERLIN)
    assert event.end == datetime(2027, 6, 12, 14, 0, tzinfo=BERLIN)


def test_an_offer_without_dates_is_not_in_the_calendar(client, make):
    offer = make.offer(title="Beratung nach Vereinbarung Feedtest", schedule="nach Vereinbarung")
    parsed, _body = calendar(client, "/calendar.ics")
    assert not events_titled(parsed, offer.title)
    assert client.get(f"/offers/{offer.id}").status_code == 200
    assert f"/offers/{offer.id}.ics" not in client.get(f"/offers/{offer.id}").get_data(as_text=True)


def test_the_rule_ends_with_the_offer_in_utc(client, session, make):
    offer = make.offer(title="Kurs mit Ende Feedtest", schedule="freitags 18:00–20:00")
    offer.starts_on, offer.ends_on = date(2027, 1, 1), date(2099, 5, 29)
    session.flush()
    parsed, _body = calendar(client, f"/offers/{offer.id}.ics")
    (event,) = events_titled(parsed, offer.title)
    (until,) = event["RRULE"]["UNTIL"]
    assert until == datetime(2099, 5, 29, 23, 59, 59, tzinfo=BERLIN).astimezone(ZoneInfo("UTC"))
    assert event.start == datetime(2027, 1, 1, 18, 0, tzinfo=BERLIN)  # 1 January 2027 is a Friday


def test_calendar_is_valid_rfc_5545_for_importers(client, two_districts):
    response = client.get("/calendar.ics")
    body = response.data
    text = body.decode("utf-8")
    assert response.headers["Content-Type"].startswith("text/calendar")
    assert "\n" not in text.replace("\r\n", "")  # CRLF line ends only
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert all(len(line.encode()) <= 75 for line in lines)  # folded at 75 octets
    parsed = icalendar.Calendar.from_ical(body)
    parsed.validate()
    assert parsed["VERSION"] == "2.0" and parsed["PRODID"]
    events = list(parsed.walk("VEVENT"))
    assert events and all("UID" in event and "DTSTAMP" in event and "DTSTART" in event for event in events)
    assert len({str(event["UID"]) for event in events}) == len(events)
    strict = IcsCalendarStream.calendar_from_ics(text)  # a strict reader: raises on what RFC 5545 forbids
    assert len(strict.events) == len(events)


def test_uids_and_body_stay_the_same_between_requests(client, two_districts):
    first = client.get("/calendar.ics?phase=fruehe-kindheit")
    second = client.get("/calendar.ics?phase=fruehe-kindheit")
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]


@pytest.mark.parametrize("path", ["/feeds/offers.atom?district=styrum", "/calendar.ics?district=styrum"])
def test_a_client_that_has_the_feed_gets_304(client, two_districts, path):
    first = client.get(path)
    assert first.status_code == 200 and first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    since = client.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304


def test_a_change_gives_a_new_etag(client, session, two_districts):
    styrum, _eppinghofen = two_districts
    first = client.get("/feeds/offers.atom?district=styrum")
    styrum.title = "Krabbelgruppe Feedtest mit neuem Namen"
    session.flush()
    again = client.get("/feeds/offers.atom?district=styrum", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert "Krabbelgruppe Feedtest mit neuem Namen" in again.get_data(as_text=True)


def test_arabic_feeds_show_translations_and_mark_german(app, client, make, two_districts):
    styrum, eppinghofen = two_districts
    make.translation(styrum, "ar", title="مجموعة الزحف", description="اللعب والغناء للأطفال دون سن الثالثة.")
    feed = atom(client, "lang=ar")
    assert feed.feed.language == "ar"
    entries = {entry.link.split("?")[0].rsplit("/", 1)[1]: entry for entry in feed.entries}
    assert entries[str(styrum.id)].title == "مجموعة الزحف"
    assert "اللعب والغناء" in entries[str(styrum.id)].summary
    with app.test_request_context(), force_locale("ar"):
        german_only = _("nur auf Deutsch")
    assert german_only != "nur auf Deutsch"
    assert entries[str(eppinghofen.id)].title == eppinghofen.title  # no translation: German, marked
    assert entries[str(eppinghofen.id)].summary == f"({german_only}) Hilfe bei den Hausaufgaben nach der Schule."
    parsed, _body = calendar(client, "/calendar.ics?lang=ar")
    (event,) = events_titled(parsed, "مجموعة الزحف")
    assert event["SUMMARY"].params["LANGUAGE"] == "ar"
    (german,) = events_titled(parsed, eppinghofen.title)
    assert german["SUMMARY"].params["LANGUAGE"] == "de"
    assert german_only in str(german["DESCRIPTION"])


def test_offer_calendar_of_one_offer_and_404_for_hidden_ones(client, session, make, two_districts):
    styrum, _eppinghofen = two_districts
    parsed, _body = calendar(client, f"/offers/{styrum.id}.ics")
    assert [str(event["SUMMARY"]) for event in parsed.walk("VEVENT")] == [styrum.title]
    assert client.get("/offers/2147483000.ics").status_code == 404
    draft = make.offer(title="Entwurf Feedtest", schedule="montags 9–10", status=OfferStatus.DRAFT)
    assert client.get(f"/offers/{draft.id}.ics").status_code == 404


def test_finder_links_the_feeds_with_its_filters(client, two_districts):
    page = client.get("/?phase=fruehe-kindheit&district=styrum&free=true&page=2&lang=de").get_data(as_text=True)
    head = page.split("</head>")[0]
    assert re.search(r'<link rel="alternate" type="application/atom\+xml" href="/feeds/offers\.atom\?[^"]+"', head)
    links = re.findall(r'href="((?:webcal://[^"]+|/calendar\.ics[^"]*|/feeds/offers\.atom[^"]*))"', page)
    assert any(link.startswith("webcal://") for link in links)
    for link in links:
        assert "phase=fruehe-kindheit" in link and "district=styrum" in link and "free=true" in link
        assert "lang=de" in link and "page=" not in link


def test_the_results_fragment_brings_links_for_the_new_filters(client):
    """The finder's script swaps in the list after a filter changes: its links follow the filters."""
    fragment = client.get("/results?category=beratung&lang=ar").get_data(as_text=True)
    assert 'href="/calendar.ics?category=beratung&amp;lang=ar"' in fragment
    assert 'href="/feeds/offers.atom?category=beratung&amp;lang=ar"' in fragment


def test_offer_page_links_its_calendar(client, two_districts):
    styrum, _eppinghofen = two_districts
    page = client.get(f"/offers/{styrum.id}?lang=tr").get_data(as_text=True)
    assert f'href="/offers/{styrum.id}.ics?lang=tr"' in page
    assert re.search(rf'href="webcal://[^"]+/offers/{styrum.id}\.ics\?lang=tr"', page)
