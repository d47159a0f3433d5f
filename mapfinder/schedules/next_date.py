"""The next day an offer takes place, from its schedule rules and its own dates (for dated offers' pages). A leaf:
dates in, a date out; a rule it cannot place exactly (every other week without a start date) gives no date."""

import calendar
from datetime import date, timedelta

from .german_text import DAY_CODES

_MONTHS_AHEAD = 13


def next_date(schedules, *, today: date, starts_on: date | None = None, ends_on: date | None = None) -> date | None:
    """The first day on or after ``today`` (and the offer's start) that a rule names, up to the offer's end."""
    first = max(today, starts_on) if starts_on else today
    days = [day for day in (_next_of(schedule, first) for schedule in schedules) if day]
    day = min(days, default=None)
    return day if day and (ends_on is None or day <= ends_on) else None


def _next_of(schedule, first: date) -> date | None:
    freq = getattr(schedule.freq, "value", schedule.freq)
    if not freq:
        return _one_off(schedule, first)
    start = max(day for day in (first, schedule.valid_from, schedule.dtstart) if day)
    last = min((day for day in (schedule.until, schedule.valid_to) if day), default=None)
    day = _weekly(schedule, start) if freq == "WEEKLY" else _monthly(schedule, start)
    return day if day and (last is None or day <= last) else None


def _one_off(schedule, first: date) -> date | None:
    """A single date, or a span of days (``dtstart`` to ``until``) that is still running."""
    if schedule.dtstart is None:
        return None
    if schedule.dtstart >= first:
        return schedule.dtstart
    return first if schedule.until and schedule.until >= first else None


def _weekly(schedule, start: date) -> date | None:
    weekdays = {DAY_CODES.index(code) for code in schedule.days if code in DAY_CODES}
    interval = schedule.interval or 1
    if not weekdays or (interval > 1 and schedule.dtstart is None):
        return None
    for offset in range(7 * interval):
        day = start + timedelta(days=offset)
        if day.weekday() in weekdays and _in_cycle(day, schedule.dtstart, interval):
            return day
    return None


def _in_cycle(day: date, anchor: date | None, interval: int) -> bool:
    """Every ``interval``-th week counted from the week of ``anchor``."""
    if interval == 1 or anchor is None:
        return True
    weeks = ((day - timedelta(days=day.weekday())) - (anchor - timedelta(days=anchor.weekday()))).days // 7
    return weeks % interval == 0


def _monthly(schedule, start: date) -> date | None:
    year, month = start.year, start.month
    for _step in range(_MONTHS_AHEAD):
        days = [day for code in schedule.days if (day := _nth_weekday(year, month, code))]
        upcoming = [day for day in days if day >= start]
        if upcoming:
            return min(upcoming)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _nth_weekday(year: int, month: int, code: str) -> date | None:
    """``2TU`` → the second Tuesday of the month, ``-1FR`` → the last Friday (None when the month has no such day)."""
    ordinal, weekday = int(code[:-2] or "1"), code[-2:]
    if weekday not in DAY_CODES:
        return None
    matching = [
        day
        for day in calendar.Calendar().itermonthdates(year, month)
        if day.month == month and day.weekday() == DAY_CODES.index(weekday)
    ]
    index = ordinal - 1 if ordinal > 0 else ordinal
    return matching[index] if -len(matching) <= index < len(matching) else None
