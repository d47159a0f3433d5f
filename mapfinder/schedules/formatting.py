"""Schedule rules in the reader's language and locale: day and month names, times and dates come from CLDR (babel),
the few connecting phrases from the catalogs; "mardi 9:30–11:00" is made from data, never from German text."""

from dataclasses import dataclass
from datetime import date, time

from babel.dates import format_date, format_time, get_day_names
from babel.lists import format_list
from flask_babel import force_locale

from ..i18n import _
from .german_text import DAY_CODES

SOURCE_LOCALE = "de"


@dataclass(frozen=True)
class FormattedSchedule:
    """One rule as the reader sees it; ``note`` is the partner's German remark (shown marked as German)."""

    text: str
    note: str | None = None


def format_schedules(schedules, locale: str) -> list[FormattedSchedule]:
    """Every rule of a list (model rows or ``ScheduleRule``s), in order, in ``locale``."""
    with force_locale(locale):
        return [format_schedule(schedule, locale) for schedule in schedules]


def format_schedule(schedule, locale: str) -> FormattedSchedule:
    """One rule in ``locale`` (call inside that locale's ``force_locale`` for the connecting phrases)."""
    parts = [
        _when(schedule, locale),
        _hours(schedule.opens_at, schedule.closes_at, locale),
        _validity(getattr(schedule, "valid_from", None), getattr(schedule, "valid_to", None), locale),
    ]
    return FormattedSchedule(" ".join(part for part in parts if part), schedule.notes or None)


def _freq(schedule) -> str | None:
    freq = schedule.freq
    return getattr(freq, "value", freq)


def _when(schedule, locale: str) -> str:
    days = _days(schedule)
    if _freq(schedule) == "MONTHLY" and days:
        return format_list([_monthly(code, locale) for code in days], locale=locale)
    if _freq(schedule) == "WEEKLY" and days:
        text = weekday_list(days, locale)
        return (
            _("alle %(weeks)s Wochen: %(days)s", weeks=schedule.interval, days=text)
            if (getattr(schedule, "interval", 1) or 1) > 1
            else text
        )
    dtstart = getattr(schedule, "dtstart", None)
    if dtstart:
        return _date_span(dtstart, getattr(schedule, "until", None), locale)
    return ""


def _days(schedule) -> list[str]:
    byday = schedule.byday
    if isinstance(byday, str):
        return [code.strip() for code in byday.split(",") if code.strip()]
    return list(byday or [])


def weekday_list(codes: list[str], locale: str) -> str:
    """``MO TU WE TH FR`` → "Mo.–Fr." (runs of three or more shortened), one day → its full name."""
    indices = sorted(DAY_CODES.index(code) for code in codes if code in DAY_CODES)
    if len(indices) == 1:
        return get_day_names("wide", locale=locale)[indices[0]]
    if indices == list(range(7)):
        return _("täglich")
    short = get_day_names("abbreviated", locale=locale)
    return format_list([_run(run, short, locale) for run in _runs(indices)], locale=locale)


def _runs(indices: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for index in indices:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def _run(run: list[int], names, locale: str) -> str:
    if len(run) >= 3:
        return f"{names[run[0]]}–{names[run[-1]]}"
    return format_list([names[index] for index in run], style="standard-short", locale=locale)


def _monthly(code: str, locale: str) -> str:
    ordinal, day = code[:-2], code[-2:]
    weekday = get_day_names("wide", locale=locale)[DAY_CODES.index(day)]
    phrases = {
        "1": _("jeden ersten %(weekday)s im Monat", weekday=weekday),
        "2": _("jeden zweiten %(weekday)s im Monat", weekday=weekday),
        "3": _("jeden dritten %(weekday)s im Monat", weekday=weekday),
        "4": _("jeden vierten %(weekday)s im Monat", weekday=weekday),
        "-1": _("jeden letzten %(weekday)s im Monat", weekday=weekday),
    }
    return phrases.get(ordinal or "1", weekday)


def _hours(opens: time | None, closes: time | None, locale: str) -> str:
    if opens and closes:
        return f"{format_time(opens, 'short', locale=locale)}–{format_time(closes, 'short', locale=locale)}"
    if closes:
        return _("bis %(time)s", time=format_time(closes, "short", locale=locale))
    if opens:
        return _("ab %(time)s", time=format_time(opens, "short", locale=locale))
    return ""


def _date_span(start: date, end: date | None, locale: str) -> str:
    first = format_date(start, "full", locale=locale)
    if end and end != start:
        return _("%(start)s bis %(end)s", start=first, end=format_date(end, "medium", locale=locale))
    return first


def _validity(valid_from: date | None, valid_to: date | None, locale: str) -> str:
    if valid_from and valid_to:
        return _(
            "(vom %(start)s bis %(end)s)",
            start=format_date(valid_from, "medium", locale=locale),
            end=format_date(valid_to, "medium", locale=locale),
        )
    if valid_to:
        return _("(bis %(end)s)", end=format_date(valid_to, "medium", locale=locale))
    if valid_from:
        return _("(ab %(start)s)", start=format_date(valid_from, "medium", locale=locale))
    return ""
