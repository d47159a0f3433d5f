"""Abuse rules without a third-party captcha: a honeypot field, a signed time stamp (a form sent within a few
seconds of being shown was not filled in by a person), a rate limit per address, and links held back for review."""

import math
import re
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select

from ..extensions import db
from ..i18n import _
from ..models import Report
from ..models.base import utcnow

HONEYPOT_FIELD = "website"
STAMP_FIELD = "started"
_SALT = "mapfinder.feedback.started"
# A link in any common form: a scheme, "www.", or HTML/BBCode markup of one.
_LINK = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.|<\s*a\b|\bhref\s*=|\[url\b)", re.IGNORECASE)


class ReportRejected(Exception):
    """A report that is not stored; ``status`` is the HTTP status, ``message`` tells the reader what to do."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def issue_stamp(at: datetime | None = None) -> str:
    """The signed time the form was shown, for its hidden field."""
    return _serializer().dumps(int((at or utcnow()).timestamp()))


def check_stamp(value: str | None, *, now: datetime) -> None:
    """Refuse a missing, forged or stale stamp, and a form sent faster than a person can fill it in."""
    try:
        shown = int(_serializer().loads(value or ""))
    except (BadSignature, TypeError, ValueError):
        raise ReportRejected(400, _stale_message()) from None
    elapsed = now.timestamp() - shown
    config = current_app.config
    if elapsed > config["FEEDBACK_FORM_MAX_AGE_HOURS"] * 3600 or elapsed < -60:
        raise ReportRejected(400, _stale_message())
    if elapsed < config["FEEDBACK_MIN_SECONDS"]:
        raise ReportRejected(
            400,
            _(
                "Das ging sehr schnell – so schnell füllt kaum ein Mensch ein Formular aus. Bitte prüfen Sie Ihre "
                "Angaben und senden Sie das Formular noch einmal."
            ),
        )


def _stale_message() -> str:
    return _("Das Formular ist abgelaufen. Bitte prüfen Sie Ihre Angaben und senden Sie das Formular noch einmal.")


def check_honeypot(value: str | None) -> None:
    """The field people do not see (and screen readers announce as "leave empty") must stay empty."""
    if value:
        raise ReportRejected(
            400, _("Bitte lassen Sie das Feld „Nicht ausfüllen“ leer und senden Sie das Formular noch einmal.")
        )


def check_rate(address: str, *, now: datetime) -> None:
    """At most ``FEEDBACK_RATE_LIMIT`` reports per address within ``FEEDBACK_RATE_WINDOW_MINUTES``; else 429."""
    config = current_app.config
    window = timedelta(minutes=config["FEEDBACK_RATE_WINDOW_MINUTES"])
    count, oldest = db.session.execute(
        select(func.count(), func.min(Report.created_at)).where(
            Report.ip_address == address, Report.created_at > now - window
        )
    ).one()
    if count < config["FEEDBACK_RATE_LIMIT"]:
        return
    minutes = max(1, math.ceil((oldest + window - now).total_seconds() / 60))
    raise ReportRejected(
        429,
        _(
            "Von Ihrem Anschluss kamen in kurzer Zeit viele Meldungen. Bitte versuchen Sie es in %(minutes)s "
            "Minuten noch einmal.",
            minutes=minutes,
        ),
    )


def contains_link(text: str) -> bool:
    """True when the text holds a web address or link markup (such reports wait for the Bildungsbüro)."""
    return bool(_LINK.search(text))
