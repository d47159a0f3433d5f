"""Newsletter periods: a quarter (``2026-Q4``) or a month (``2026-11``), parsed and named."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

_QUARTER = re.compile(r"^(\d{4})-[qQ]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Period:
    """The first and the last day of an issue's period, and its slug (``2026-q4``, ``2026-11``)."""

    slug: str
    start: date
    end: date


def parse_period(text: str) -> Period:
    """``2026-Q4`` or ``2026-11`` → a Period; anything else raises ``ValueError``."""
    text = text.strip()
    if match := _QUARTER.match(text):
        year, quarter = int(match[1]), int(match[2])
        return _period(f"{year}-q{quarter}", date(year, 3 * quarter - 2, 1), 3)
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        return _period(f"{year}-{month:02d}", date(year, month, 1), 1)
    raise ValueError(f"unknown period {text!r}: expected e.g. 2026-Q4 or 2026-11")


def period_of(day: date, kind: str) -> Period:
    """The quarter or month (``kind``: ``quarter`` / ``month``) that contains ``day``."""
    if kind == "month":
        return parse_period(f"{day.year}-{day.month:02d}")
    return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")


def previous_period(period: Period, kind: str) -> Period:
    """The period before ``period``."""
    return period_of(period.start - timedelta(days=1), kind)


def _period(slug: str, start: date, months: int) -> Period:
    month_index = start.month - 1 + months
    following = date(start.year + month_index // 12, month_index % 12 + 1, 1)
    return Period(slug, start, following - timedelta(days=1))
