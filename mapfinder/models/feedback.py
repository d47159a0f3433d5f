"""Readers' reports about an offer, a place, a network, a district or the portal, with their moderation state."""

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import enum_column, utcnow
from .organizations import Organization
from .users import User


class ReportSubject(enum.Enum):
    """What a report is about; ``general`` is feedback about the portal itself."""

    OFFER = "offer"
    PLACE = "place"
    NETWORK = "network"
    DISTRICT = "district"
    GENERAL = "general"


class ReportKind(enum.Enum):
    """What the reader says is wrong."""

    CLOSED = "closed"
    WRONG_TIME = "wrong_time"
    WRONG_ADDRESS = "wrong_address"
    WRONG_PHONE = "wrong_phone"
    OTHER = "other"


class ReportStatus(enum.Enum):
    """Moderation: new → in progress → done / rejected; ``held`` waits for the Bildungsbüro (it contained a link)."""

    HELD = "held"
    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    REJECTED = "rejected"


class Report(db.Model):
    """One reader's report. E-mail and IP address are personal data and are purged after a configured period."""

    __tablename__ = "reports"
    __table_args__ = (
        Index("ix_reports_ip_address_created_at", "ip_address", "created_at"),
        Index("ix_reports_status_created_at", "status", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # Shown to the reader, e.g. "M-2026-00042"; set right after the row has its id.
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    subject_type: Mapped[ReportSubject] = mapped_column(enum_column(ReportSubject))
    subject_id: Mapped[int | None]
    # The subject's name when reported (the subject may be renamed or deleted later).
    subject_title: Mapped[str] = mapped_column(String(300), default="")
    # The organisation whose editors see the report (offers and places); None: only the Bildungsbüro.
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"), index=True)
    kind: Mapped[ReportKind] = mapped_column(enum_column(ReportKind))
    text: Mapped[str] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(200))
    ip_address: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[ReportStatus] = mapped_column(enum_column(ReportStatus), default=ReportStatus.NEW)
    moderator_note: Mapped[str | None] = mapped_column(Text)
    reply: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    organization: Mapped[Organization | None] = relationship()
    handled_by: Mapped[User | None] = relationship()

    @property
    def is_open(self) -> bool:
        """Still waiting for someone to finish it."""
        return self.status in (ReportStatus.HELD, ReportStatus.NEW, ReportStatus.IN_PROGRESS)

    def __repr__(self) -> str:
        return f"<Report {self.reference} {self.subject_type.value}:{self.subject_id} {self.status.value}>"
