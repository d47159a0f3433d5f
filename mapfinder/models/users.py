"""Accounts of editors, reviewers and administrators, and the log-in attempts that throttle guessing."""

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .base import enum_column, utcnow
from .organizations import Organization

# scrypt (memory-hard) with werkzeug's defaults: n=2**15, r=8, p=1.
PASSWORD_METHOD = "scrypt"


class Role(enum.Enum):
    """Admins manage everything; reviewers (the Bildungsbüro) review and publish; editors keep their organisation's
    places and offers."""

    ADMIN = "admin"
    REVIEWER = "reviewer"
    EDITOR = "editor"


class User(db.Model):
    """An editor, reviewer or administrator; readers need no account."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    # Empty until an invited person chooses a password.
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.EDITOR)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    name: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True, server_default="true")
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    organization: Mapped[Organization | None] = relationship()

    @property
    def can_review(self) -> bool:
        """Reviewers and admins see and change everything and decide about publication."""
        return self.role in (Role.ADMIN, Role.REVIEWER)

    @property
    def display_name(self) -> str:
        """The name when known, else the e-mail address."""
        return self.name or self.email

    @property
    def password_stamp(self) -> str:
        """A short fingerprint of the current hash: links and sessions made before a password change stop working."""
        return (self.password_hash or "")[-12:]

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash, never the password."""
        self.password_hash = generate_password_hash(password, method=PASSWORD_METHOD)

    def check_password(self, password: str) -> bool:
        """True when the password matches the stored hash (never for an account without a password)."""
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"


class LoginAttempt(db.Model):
    """One log-in try; recent failures per account and per address throttle further tries."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_email_at", "email", "attempted_at"),
        Index("ix_login_attempts_address_at", "address", "attempted_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool] = mapped_column(default=False)
    attempted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UserIdentity(db.Model):
    """An account's identity at an OpenID Connect provider (issuer and subject): once bound, later single sign-ons
    find the account by it, even when the e-mail address at the provider changes."""

    __tablename__ = "user_identities"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    user: Mapped[User] = relationship()
