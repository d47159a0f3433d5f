"""Schedule rules → calendar event times (a leaf, no database): DTSTART on the rule's first occurrence, UNTIL in UTC
with local times, all-day events without times, one-off dates and spans."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mapfinder.feeds.event_times import event_times
from mapfinder.offer_records import ScheduleRecord

BERLIN = ZoneInfo("Europe/Berlin")


def rule(**fields) -> ScheduleRecord:
    values = {
        "freq": None,
        "interval": 1,
        "byday": None,
        "bymonthday": None,
        "opens_at": None,
        "closes_at": None,
        "dtstart": None,
        "until": None,
        "count": None,
        "valid_from": None,
        "valid_to": None,
        "notes": None,
    }
    return ScheduleRecord(**{**values, **fields})


def times(schedule: ScheduleRecord, first_day=date(2027, 1, 6), last_day=None):
    return event_times(schedule, first_day=first_day, last_day=last_day, zone=BERLIN)


def test_monthly_rule_starts_on_its_first_occurrence():
    event = times(rule(freq="MONTHLY", byday="1MO", opens_at=time(9), closes_at=time(12)))
    # 6 January 2027 is a Wednesday: the first "first Monday" after it is 1 February.
    assert event.start == datetime(2027, 2, 1, 9, 0, tzinfo=BERLIN)
    assert event.end == datetime(2027, 2, 1, 12, 0, tzinfo=BERLIN)
    assert event.rrule.to_ical() == b"FREQ=MONTHLY;BYDAY=1MO"


def test_fortnightly_rule_keeps_its_interval():
    event = times(rule(freq="WEEKLY", interval=2, byday="FR", opens_at=time(15), closes_at=time(17)))
    assert event.start == datetime(2027, 1, 8, 15, 0, tzinfo=BERLIN)
    assert event.rrule["INTERVAL"] == [2] and event.rrule["BYDAY"] == ["FR"]


def test_validity_and_offer_end_bound_the_rule_in_utc():
    schedule = rule(
        freq="WEEKLY", byday="MO", opens_at=time(10), valid_from=date(2027, 3, 1), valid_to=date(2027, 7, 9)
    )
    event = times(schedule, last_day=date(2027, 6, 30))
    assert event.start == datetime(2027, 3, 1, 10, 0, tzinfo=BERLIN)
    assert event.end is None  # no closing time: no invented end
    assert event.rrule["UNTIL"] == [datetime(2027, 6, 30, 21, 59, 59, tzinfo=UTC)]  # 23:59:59 CEST


def test_a_count_is_kept_and_no_until_added():
    event = times(rule(freq="WEEKLY", byday="TU", count=5, opens_at=time(18)), last_day=date(2027, 12, 31))
    assert event.rrule["COUNT"] == [5] and "UNTIL" not in event.rrule


def test_a_rule_without_times_is_an_all_day_event_with_a_date_until():
    event = times(rule(freq="WEEKLY", byday="SA", valid_to=date(2027, 2, 27)))
    assert event.start == date(2027, 1, 9) and event.end == date(2027, 1, 10)
    assert event.rrule["UNTIL"] == [date(2027, 2, 27)]


def test_a_rule_that_ended_before_it_starts_is_no_event():
    assert times(rule(freq="WEEKLY", byday="MO", opens_at=time(9)), last_day=date(2027, 1, 7)) is None


def test_closing_at_midnight_ends_on_the_next_day():
    event = times(rule(freq="WEEKLY", byday="SA", opens_at=time(20), closes_at=time(0)))
    assert event.end - event.start == timedelta(hours=4)


def test_one_off_date_and_spans():
    single = times(rule(dtstart=date(2027, 9, 4), opens_at=time(11), closes_at=time(15)))
    assert (single.start, single.end, single.rrule) == (
        datetime(2027, 9, 4, 11, 0, tzinfo=BERLIN),
        datetime(2027, 9, 4, 15, 0, tzinfo=BERLIN),
        None,
    )
    camp = times(rule(dtstart=date(2027, 7, 19), until=date(2027, 7, 23), opens_at=time(9), closes_at=time(15)))
    assert camp.rrule["FREQ"] == ["DAILY"]
    assert camp.rrule["UNTIL"] == [datetime(2027, 7, 23, 21, 59, 59, tzinfo=UTC)]
    fair = times(rule(dtstart=date(2027, 5, 7), until=date(2027, 5, 8)))
    assert (fair.start, fair.end, fair.rrule) == (date(2027, 5, 7), date(2027, 5, 9), None)


def test_a_note_without_date_or_rule_is_no_event():
    assert times(rule(notes="nach Vereinbarung")) is None
