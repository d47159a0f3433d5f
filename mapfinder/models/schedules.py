"""Schedules as data (HSDS ``schedule``): weekly or monthly rules and one-off dates, formatted per reader locale."""

import enum
from datetime import date, time

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import enum_column


class Frequency(enum.Enum):
    """iCal frequencies HSDS allows; a schedule without one is a single date (``dtstart``) or a note only."""

    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"


class Schedule(db.Model):
    """When an offer, an offer at one place, or a place (opening hours) is available.

    Exactly one owner is set. ``byday`` holds iCal day codes (``MO,WE``; monthly with an ordinal: ``1MO``, ``-1FR``),
    ``notes`` a German free-text remark that is shown with the usual fallback notice.
    """

    __tablename__ = "schedules"
    __table_args__ = (CheckConstraint("num_nonnulls(offer_id, offer_at_place_id, place_id) = 1", name="one_owner"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    offer_at_place_id: Mapped[int | None] = mapped_column(ForeignKey("offer_places.id", ondelete="CASCADE"), index=True)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    freq: Mapped[Frequency | None] = mapped_column(enum_column(Frequency))
    interval: Mapped[int] = mapped_column(default=1)
    byday: Mapped[str | None] = mapped_column(String(60))
    bymonthday: Mapped[str | None] = mapped_column(String(60))
    opens_at: Mapped[time | None] = mapped_column(Time)
    closes_at: Mapped[time | None] = mapped_column(Time)
    dtstart: Mapped[date | None] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    count: Mapped[int | None]
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    @property
    def days(self) -> list[str]:
        """The ``byday`` codes as a list (``["MO", "WE"]`` or ``["1MO"]``)."""
        return [code.strip() for code in (self.byday or "").split(",") if code.strip()]

    def __repr__(self) -> str:
        return f"<Schedule {self.freq and self.freq.value} {self.byday} {self.opens_at}-{self.closes_at}>"
