"""The next time an offer takes place, from its schedule rules (weekly, monthly by weekday, single dates), and that
time in the reader's language. Pure: rules and "now" in, a datetime (or None) out."""

import calendar
from datetime import date, datetime, time, timedelta

from babel.dates import format_skeleton, format_time, get_datetime_format

from .german_text import DAY_CODES

HORIZON_DAYS = 400  # a rule with no date in the coming year is treated as having none


def next_time(rules, now: datetime) -> tuple[date, time | None] | None:
    """The earliest coming (date, start time) over every rule; today counts while the offer has not ended."""
    found = [hit for hit in (_next_of(rule, now) for rule in rules) if hit]
    return min(found, key=lambda hit: (hit[0], hit[1] or time.min)) if found else None


def format_next_time(hit: tuple[date, time | None], locale: str) -> str:
    """ "Mo., 1. Dez., 09:00" (weekday, day, month and the start time in the reader's locale)."""
    day, start = hit
    text = format_skeleton("MMMEd", day, locale=locale)
    if start is None:
        return text
    pattern = get_datetime_format("medium", locale=locale)  # "{1}, {0}" in German, "{1}، {0}" in Arabic
    return pattern.replace("{1}", text).replace("{0}", format_time(start, "short", locale=locale))


def _next_of(rule, now: datetime) -> tuple[date, time | None] | None:
    freq = getattr(rule.freq, "value", rule.freq)
    if freq is None:
        return _single(rule, now)
    if (rule.interval or 1) > 1 and not rule.dtstart:
        return None  # every n-th week with no start date: which weeks is unknown
    for day in _days_from(now.date(), rule):
        if _matches(rule, day, freq) and _not_over(rule, day, now):
            return day, rule.opens_at
    return None


def _single(rule, now: datetime) -> tuple[date, time | None] | None:
    start, end = rule.dtstart, rule.until or rule.dtstart
    if start is None or end < now.date():
        return None
    day = max(start, now.date())
    if day == now.date() and not _not_over(rule, day, now):
        day += timedelta(days=1)
    return (day, rule.opens_at) if day <= end else None


def _days_from(today: date, rule):
    first = max(today, rule.valid_from or today, rule.dtstart or today)
    last = min(d for d in (first + timedelta(days=HORIZON_DAYS), rule.valid_to, rule.until) if d is not None)
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _not_over(rule, day: date, now: datetime) -> bool:
    """False for today once the offer's end (or, without one, its start) has passed."""
    if day != now.date():
        return True
    end = rule.closes_at or rule.opens_at
    return end is None or end > now.time()


def _matches(rule, day: date, freq: str) -> bool:
    codes = [code.strip() for code in (rule.byday or "").split(",") if code.strip()]
    if freq == "WEEKLY":
        weekday_ok = DAY_CODES[day.weekday()] in codes if codes else True
        return weekday_ok and _in_interval_week(rule, day)
    if freq == "MONTHLY":
        if rule.bymonthday:
            return str(day.day) in [part.strip() for part in rule.bymonthday.split(",")]
        return any(_monthly_match(code, day) for code in codes)
    return False


def _in_interval_week(rule, day: date) -> bool:
    interval = rule.interval or 1
    if interval == 1:
        return True
    start_week = rule.dtstart - timedelta(days=rule.dtstart.weekday())
    return ((day - start_week).days // 7) % interval == 0


def _monthly_match(code: str, day: date) -> bool:
    ordinal, weekday = code[:-2] or "1", code[-2:]
    if weekday not in DAY_CODES or DAY_CODES[day.weekday()] != weekday:
        return False
    nth = int(ordinal)
    if nth > 0:
        return (day.day - 1) // 7 + 1 == nth
    days_in_month = calendar.monthrange(day.year, day.month)[1]
    return (days_in_month - day.day) // 7 + 1 == -nth
