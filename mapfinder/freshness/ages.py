"""How old an offer's last confirmation is, and what follows from that age: a reminder to its editors, a notice
for readers, withdrawal from the finder. Ages are whole months (``FRESHNESS_*_MONTHS``), counted in calendar days
like PostgreSQL's ``current_date - interval 'n months'``, so the listings' SQL and the pages agree."""

import calendar
import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from flask import current_app
from sqlalchemy import func


class Freshness(enum.Enum):
    """The stages of an offer's last confirmation, from recent to withdrawn."""

    FRESH = "fresh"
    DUE = "due"  # editors are reminded
    STALE = "stale"  # readers see "may be out of date"
    WITHDRAWN = "withdrawn"  # left the finder, the API and the open-data interfaces


@dataclass(frozen=True)
class Ages:
    """Months after the last confirmation at which each stage begins."""

    remind: int = 6
    notice: int = 9
    withdraw: int = 12

    @classmethod
    def configured(cls) -> "Ages":
        """The app's settings."""
        config = current_app.config
        return cls(
            remind=config.get("FRESHNESS_REMIND_MONTHS", 6),
            notice=config.get("FRESHNESS_NOTICE_MONTHS", 9),
            withdraw=config.get("FRESHNESS_WITHDRAW_MONTHS", 12),
        )


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (the month's last day when it is shorter), as PostgreSQL computes it."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def cutoff(now: datetime, months: int) -> datetime:
    """The start (midnight UTC) of the day ``months`` before ``now``: confirmations before it are older."""
    return datetime.combine(months_before(now.astimezone(UTC).date(), months), time(), tzinfo=UTC)


def freshness_of(verified_at: datetime | None, *, now: datetime, ages: Ages | None = None) -> Freshness:
    """The stage of a confirmation at ``now`` (a missing one counts as withdrawn)."""
    ages = ages or Ages.configured()
    if verified_at is None or verified_at < cutoff(now, ages.withdraw):
        return Freshness.WITHDRAWN
    if verified_at < cutoff(now, ages.notice):
        return Freshness.STALE
    if verified_at < cutoff(now, ages.remind):
        return Freshness.DUE
    return Freshness.FRESH


def withdrawal_cutoff():
    """SQL: the oldest confirmation still listed, the withdrawal age before the database's date (so the listings'
    per-day cache stays right without any job)."""
    return func.current_date() - func.make_interval(0, Ages.configured().withdraw)


def still_listed(column):
    """SQL: the confirmation in ``column`` is younger than the withdrawal age."""
    return column >= withdrawal_cutoff()
