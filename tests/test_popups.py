"""Map popups: the points stay compact (the feature id rides along) and the popup fetches address and next time."""

from datetime import date, datetime, time

from mapfinder.models import OfferStatus
from mapfinder.offer_records import ScheduleRecord
from mapfinder.schedules.next_time import format_next_time, next_time


def _rule(**fields) -> ScheduleRecord:
    values = {
        "freq": "WEEKLY",
        "interval": 1,
        "byday": None,
        "bymonthday": None,
        "opens_at": time(9, 30),
        "closes_at": time(11, 0),
        "dtstart": None,
        "until": None,
        "count": None,
        "valid_from": None,
        "valid_to": None,
        "notes": None,
    }
    return ScheduleRecord(**(values | fields))


MONDAY = datetime(2026, 11, 30, 10, 0)  # Monday 30 November 2026, 10:00


def test_a_weekly_offer_is_next_today_while_it_runs_else_on_its_next_day():
    monday = _rule(byday="MO")
    assert next_time([monday], MONDAY) == (date(2026, 11, 30), time(9, 30))
    assert next_time([monday], MONDAY.replace(hour=11, minute=30)) == (date(2026, 12, 7), time(9, 30))
    assert next_time([monday, _rule(byday="WE", opens_at=time(15, 0))], MONDAY.replace(hour=12)) == (
        date(2026, 12, 2),
        time(15, 0),
    )


def test_monthly_single_and_every_other_week_rules():
    assert next_time([_rule(freq="MONTHLY", byday="-1FR")], MONDAY) == (date(2026, 12, 25), time(9, 30))
    assert next_time([_rule(freq="MONTHLY", byday="1TU")], MONDAY) == (date(2026, 12, 1), time(9, 30))
    once = _rule(freq=None, dtstart=date(2027, 1, 15), opens_at=None, closes_at=None)
    assert next_time([once], MONDAY) == (date(2027, 1, 15), None)
    assert next_time([_rule(freq=None, dtstart=date(2026, 11, 1))], MONDAY) is None, "past dates are gone"
    fortnightly = _rule(byday="MO", interval=2, dtstart=date(2026, 11, 23))
    assert next_time([fortnightly], MONDAY.replace(hour=12)) == (date(2026, 12, 7), time(9, 30))
    assert next_time([_rule(byday="MO", valid_to=date(2026, 11, 29))], MONDAY) is None, "the rule has expired"


def test_the_next_time_reads_naturally_in_each_locale():
    hit = (date(2026, 12, 2), time(9, 30))
    assert format_next_time(hit, "de") == "Mi., 2. Dez., 09:30"
    assert format_next_time(hit, "en") == "Wed, Dec 2, 9:30\u202fAM"
    assert "،" in format_next_time(hit, "ar") and "ديسمبر" in format_next_time(hit, "ar")
    assert format_next_time((date(2026, 12, 2), None), "tr") == "2 Ara Çar"


def test_the_points_carry_the_feature_id_and_the_popup_adds_address_and_next_time(client, make):
    place = make.place(street="Popupstraße 7", postcode="45468", city="Mülheim an der Ruhr")
    offer = make.offer(title="Popupprobe", places=[place], schedule="montags bis freitags 8:00-20:00")
    feature_id = offer.at_places[0].id
    points = client.get("/api/v1/offers/points?q=Popupprobe").get_json()["points"]
    assert [row[6] for row in points] == [feature_id] and len(points[0]) == 7, "the payload stays compact"
    details = client.get(f"/offers/popup/{feature_id}?lang=de", headers={"Accept": "application/json"}).get_json()
    assert details["title"] == "Popupprobe" and details["address"].startswith("Popupstraße 7, 45468")
    assert details["next"].startswith("Nächster Termin: ")


def test_the_popup_speaks_the_readers_language(client, make):
    offer = make.offer(title="Popupprobe", schedule="montags bis sonntags 0:00-23:59")
    turkish = client.get(f"/offers/popup/{offer.at_places[0].id}?lang=tr").get_json()
    assert turkish["next"].startswith("Sonraki tarih: ")


def test_the_popup_of_a_hidden_offer_is_404(client, make):
    offer = make.offer(title="Entwurf", status=OfferStatus.DRAFT)
    response = client.get(f"/offers/popup/{offer.at_places[0].id}", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.is_json
    assert client.get("/offers/popup/999999999").status_code == 404
