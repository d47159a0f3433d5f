"""A schedule rule as the times of one calendar event: start, end and recurrence (RFC 5545). A leaf: no database.

A recurring rule starts on its first occurrence on or after the first day it applies (the rule's own start, the
offer's start, else the day the offer was created), so DTSTART and RRULE agree as RFC 5545 asks. It ends at the
earliest of the rule's end, its validity and the offer's end date; with a local start time UNTIL is given in UTC
(RFC 5545 3.3.10). A rule without a start time becomes an all-day event; a one-off date spanning several days with
times becomes a daily series, without times one event over the days.
"""

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from icalendar import vRecur

from ..schedules import to_rrule

_END_OF_DAY = time(23, 59, 59)


@dataclass(frozen=True)
class EventTimes:
    """When an event starts and ends (dates for all-day events, local times otherwise) and how it recurs."""

    start: date | datetime
    end: date | datetime | None
    rrule: vRecur | None = None


def event_times(schedule, *, first_day: date, last_day: date | None, zone: ZoneInfo) -> EventTimes | None:
    """The event of one rule (``ScheduleRecord``), or None for a note without a date or a rule that never occurs.

    ``first_day`` is the earliest day the offer runs (its start, else its creation), ``last_day`` its end date.
    """
    if schedule.freq:
        return _recurring(schedule, first_day, last_day, zone)
    if schedule.dtstart:
        return _dated(schedule, zone)
    return None


def _recurring(schedule, first_day: date, last_day: date | None, zone: ZoneInfo) -> EventTimes | None:
    begin = max(day for day in (schedule.valid_from, schedule.dtstart, first_day) if day)
    ends = [day for day in (schedule.until, schedule.valid_to, last_day) if day]
    last = min(ends) if ends else None
    text = to_rrule(replace(schedule, until=None))
    first = _first_occurrence(text, begin)
    if first is None or (last and first > last):
        return None
    rule = vRecur.from_ical(text)
    if last and not schedule.count:
        rule["UNTIL"] = [_until(last, zone) if schedule.opens_at else last]
    start, end = _span(first, schedule.opens_at, schedule.closes_at, zone)
    return EventTimes(start, end, rule)


@lru_cache(maxsize=4096)
def _first_occurrence(rule: str, begin: date) -> date | None:
    """The first day on or after ``begin`` the rule falls on (many offers share a rule and a start)."""
    start = datetime.combine(begin, time.min)
    first = rrulestr(rule, dtstart=start).after(start, inc=True)
    return first.date() if first else None


def _dated(schedule, zone: ZoneInfo) -> EventTimes:
    day, until = schedule.dtstart, schedule.until
    several = until is not None and until > day
    start, end = _span(day, schedule.opens_at, schedule.closes_at, zone)
    if several and schedule.opens_at:
        return EventTimes(start, end, vRecur(FREQ="DAILY", UNTIL=_until(until, zone)))
    if several:
        return EventTimes(start, until + timedelta(days=1))
    return EventTimes(start, end)


def _span(day: date, opens: time | None, closes: time | None, zone: ZoneInfo) -> tuple[date | datetime, object]:
    """Start and end on ``day``: local times with an opening time (a closing time at or before it is on the next
    day, e.g. 24:00), else the whole day."""
    if opens is None:
        return day, day + timedelta(days=1)
    start = datetime.combine(day, opens, zone)
    if closes is None:
        return start, None
    end_day = day if closes > opens else day + timedelta(days=1)
    return start, datetime.combine(end_day, closes, zone)


def _until(day: date, zone: ZoneInfo) -> datetime:
    """The last moment of ``day`` in local time, in UTC (UNTIL with a zoned DTSTART)."""
    return datetime.combine(day, _END_OF_DAY, zone).astimezone(UTC)
