"""The newsletter: issues generated from the change log, their entries, double-opt-in subscriptions and deliveries."""

import enum
from datetime import date, datetime

from sqlalchemy import ARRAY, Date, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import enum_column, utcnow
from .municipality import municipality_fk


class IssueStatus(enum.Enum):
    """A generated issue is a draft the Bildungsbüro edits; a released one is public and may be sent."""

    DRAFT = "draft"
    RELEASED = "released"


class EntrySection(enum.Enum):
    """Why an entry is in the issue."""

    NEW = "new"
    CHANGED = "changed"
    ENDING = "ending"
    UPCOMING = "upcoming"
    NETWORK = "network"


class DeliveryState(enum.Enum):
    """``sending`` is written before the SMTP hand-over, ``sent`` after it; ``failed`` when the server refused."""

    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class NewsletterIssue(db.Model):
    """One issue for a period (``2026-q4`` or ``2026-11``) with the editors' introduction per locale."""

    __tablename__ = "newsletter_issues"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(20), unique=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)  # the last day of the period
    status: Mapped[IssueStatus] = mapped_column(enum_column(IssueStatus), default=IssueStatus.DRAFT)
    intro: Mapped[dict] = mapped_column(JSONB, default=dict)  # {locale: text}; German is the source
    generated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    municipality_id: Mapped[int | None] = municipality_fk()
    entries: Mapped[list["NewsletterEntry"]] = relationship(
        back_populates="issue", cascade="all, delete-orphan", order_by="NewsletterEntry.id"
    )


class NewsletterEntry(db.Model):
    """An offer or network in an issue, why (section, changed aspects), and the editors' pin or drop."""

    __tablename__ = "newsletter_entries"
    __table_args__ = (UniqueConstraint("issue_id", "section", "entity", "entity_id", name="uq_newsletter_entry"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("newsletter_issues.id", ondelete="CASCADE"), index=True)
    section: Mapped[EntrySection] = mapped_column(enum_column(EntrySection))
    entity: Mapped[str] = mapped_column(String(20))  # "offer" or "network"
    entity_id: Mapped[int]
    aspects: Mapped[list[str]] = mapped_column(ARRAY(String(20)), default=list)  # time, place, cost, registration
    pinned: Mapped[bool] = mapped_column(default=False)
    dropped: Mapped[bool] = mapped_column(default=False)
    issue: Mapped[NewsletterIssue] = relationship(back_populates="entries")


class Subscription(db.Model):
    """A subscriber: only the address, the preferences and when it was confirmed (and the last request mail)."""

    __tablename__ = "newsletter_subscriptions"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    phases: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list)
    districts: Mapped[list[str]] = mapped_column(ARRAY(String(80)), default=list)
    locale: Mapped[str] = mapped_column(String(8), default="de")
    professional: Mapped[bool] = mapped_column(default=False)
    # A random value in every link: a link of a deleted and re-created subscription no longer works.
    nonce: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_mail_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Delivery(db.Model):
    """That one issue went (or is going) to one subscriber: written before and after the hand-over to SMTP."""

    __tablename__ = "newsletter_deliveries"
    __table_args__ = (UniqueConstraint("issue_id", "subscription_id", name="uq_newsletter_delivery"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("newsletter_issues.id", ondelete="CASCADE"), index=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("newsletter_subscriptions.id", ondelete="CASCADE"))
    state: Mapped[DeliveryState] = mapped_column(enum_column(DeliveryState))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
