"""Log-in throttling: too many recent failures for one account or from one address refuse further tries for a
while, with a clear message; every try is recorded."""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from ..extensions import db
from ..models import LoginAttempt
from ..models.base import utcnow


@dataclass(frozen=True)
class Throttle:
    """Refused tries and the minutes until the oldest counted failure leaves the window."""

    blocked: bool
    minutes: int = 0


def check_throttle(email: str | None, address: str) -> Throttle:
    """Whether a log-in for ``email`` from ``address`` may be tried now (``None``: the address alone, e.g. before a
    single sign-on has named the account)."""
    config = current_app.config
    window = timedelta(minutes=config["LOGIN_WINDOW_MINUTES"])
    since = utcnow() - window
    limits = [(LoginAttempt.address, address, config["LOGIN_MAX_FAILURES_ADDRESS"])]
    if email is not None:
        limits.insert(0, (LoginAttempt.email, email, config["LOGIN_MAX_FAILURES_ACCOUNT"]))
    for column, value, limit in limits:
        count, oldest = db.session.execute(
            select(func.count(), func.min(LoginAttempt.attempted_at)).where(
                column == value, LoginAttempt.attempted_at > since, LoginAttempt.succeeded.is_(False)
            )
        ).one()
        if count >= limit:
            remaining = (oldest + window - utcnow()).total_seconds()
            return Throttle(True, max(1, int(remaining // 60) + 1))
    return Throttle(False)


def record_attempt(email: str, address: str, *, succeeded: bool) -> None:
    """Remember one try; a success forgets the account's earlier failures."""
    if succeeded:
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email, LoginAttempt.succeeded.is_(False)))
    db.session.add(LoginAttempt(email=email, address=address, succeeded=succeeded))
