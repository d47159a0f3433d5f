"""Reminders sent about offers whose last confirmation is getting old (``flask freshness remind``)."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow


class FreshnessReminder(db.Model):
    """One offer named in a reminder digest: at most one per confirmation (``verified_at``) and stage, so a run of
    the command every day does not mail the same reminder twice."""

    __tablename__ = "freshness_reminders"
    __table_args__ = (UniqueConstraint("offer_id", "verified_at", "stage", name="uq_freshness_reminders_period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    # The confirmation the reminder is about: a new confirmation starts a new period.
    verified_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # due (reminder age), stale (readers see the notice) or withdrawn (left the finder).
    stage: Mapped[str] = mapped_column(String(16))
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
