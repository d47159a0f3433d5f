"""Proposed and applied versions of an offer: the form's data as JSON, for review and for restoring."""

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import enum_column, utcnow
from .users import User


class RevisionState(enum.Enum):
    """A pending change waits for review; an applied one is (or was) the offer; a rejected one was sent back."""

    PENDING = "pending"
    APPLIED = "applied"
    REJECTED = "rejected"


class OfferRevision(db.Model):
    """One version of an offer as the editing form describes it (``data``); readers see a pending one only after
    a reviewer approved it. ``change_id`` links an applied version to its change-log entry (restore)."""

    __tablename__ = "offer_revisions"
    __table_args__ = (
        # At most one change waits for review per offer.
        Index("uq_offer_revisions_pending", "offer_id", unique=True, postgresql_where=text("state = 'pending'")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    state: Mapped[RevisionState] = mapped_column(enum_column(RevisionState), default=RevisionState.PENDING)
    data: Mapped[dict] = mapped_column(JSONB)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    comment: Mapped[str | None] = mapped_column(Text)
    change_id: Mapped[int | None] = mapped_column(ForeignKey("change_log.id", ondelete="SET NULL"), index=True)
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
