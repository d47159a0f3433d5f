"""Dated offers show their next date: one-off dates, weekly and monthly rules, bounded by the offer's own dates."""

from datetime import date, timedelta

from flask_babel import refresh

from mapfinder.models import Frequency, Schedule
from mapfinder.models.base import utcnow
from mapfinder.schedules import next_date

MONDAY = date(2026, 11, 30)


def rule(**fields) -> Schedule:
    return Schedule(**{"interval": 1, **fields})


def test_a_weekly_rule_gives_the_next_matching_weekday():
    tuesday_thursday = rule(freq=Frequency.WEEKLY, byday="TU,TH")
    assert next_date([tuesday_thursday], today=MONDAY) == date(2026, 12, 1)
    assert next_date([tuesday_thursday], today=date(2026, 12, 2)) == date(2026, 12, 3)


def test_the_offers_start_and_end_bound_the_next_date():
    weekly = rule(freq=Frequency.WEEKLY, byday="MO")
    assert next_date([weekly], today=MONDAY, starts_on=date(2027, 1, 6)) == date(2027, 1, 11)
    assert next_date([weekly], today=MONDAY, ends_on=MONDAY - timedelta(days=1)) is None


def test_one_off_dates_give_the_first_still_to_come():
    dates = [rule(dtstart=date(2026, 11, 1)), rule(dtstart=date(2027, 2, 14)), rule(dtstart=date(2026, 12, 24))]
    assert next_date(dates, today=MONDAY) == date(2026, 12, 24)
    assert next_date([rule(dtstart=date(2026, 11, 1))], today=MONDAY) is None


def test_monthly_rules_and_every_other_week():
    last_friday = rule(freq=Frequency.MONTHLY, byday="-1FR")
    assert next_date([last_friday], today=MONDAY) == date(2026, 12, 25)
    second_tuesday = rule(freq=Frequency.MONTHLY, byday="2TU")
    assert next_date([second_tuesday], today=MONDAY) == date(2026, 12, 8)
    fortnightly = rule(freq=Frequency.WEEKLY, byday="WE", interval=2, dtstart=date(2026, 11, 25))
    assert next_date([fortnightly], today=MONDAY) == date(2026, 12, 9)
    assert next_date([rule(freq=Frequency.WEEKLY, byday="WE", interval=2)], today=MONDAY) is None


def test_a_dated_offer_page_shows_its_next_date(client, make):
    today = utcnow().date()
    offer = make.offer(schedule="montags 9:30–11:00", ends_on=today + timedelta(days=60))
    next_monday = today + timedelta(days=(7 - today.weekday()) % 7)
    refresh()
    page = client.get(f"/offers/{offer.id}?lang=de").get_data(as_text=True)
    assert "Nächster Termin" in page
    assert f"Montag, {next_monday.day}." in page
    undated = make.offer(schedule="montags 9:30–11:00")
    assert "Nächster Termin" not in client.get(f"/offers/{undated.id}?lang=de").get_data(as_text=True)
