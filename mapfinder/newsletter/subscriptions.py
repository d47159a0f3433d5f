"""Subscriptions with double opt-in: a request sends a confirmation link; only a confirmed address gets issues.
The same answer for every request, whether the address is known or not, and at most one mail per address and
interval; the subscriber sees and deletes their data through the signed link in every mail."""

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import delete, select

from ..extensions import db
from ..i18n import _
from ..mail import Mail, external_url, send_mail
from ..models import Subscription
from . import tokens

logger = logging.getLogger(__name__)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_EMAIL = 254


@dataclass(frozen=True)
class SubscriptionRequest:
    """What the form asks: the address and the preferences (empty phases or districts: all)."""

    email: str
    phases: tuple[str, ...]
    districts: tuple[str, ...]
    locale: str
    professional: bool


def parse_form(form, *, phases: set[str], districts: set[str], locales: list[str]) -> tuple[SubscriptionRequest, dict]:
    """The form's values, and a message per field that cannot be used (unknown codes, a malformed address)."""
    email = (form.get("email") or "").strip().lower()
    chosen_phases = tuple(code for code in form.getlist("phases") if code)
    chosen_districts = tuple(slug for slug in form.getlist("districts") if slug)
    locale = form.get("locale") or locales[0]
    errors = {}
    if len(email) > MAX_EMAIL or not _EMAIL.match(email):
        errors["email"] = _("Bitte eine gültige E-Mail-Adresse angeben.")
    if set(chosen_phases) - phases:
        errors["phases"] = _("Unbekannte Lebensphase.")
    if set(chosen_districts) - districts:
        errors["districts"] = _("Unbekannter Stadtteil.")
    if locale not in locales:
        errors["locale"] = _("Unbekannte Sprache.")
    request = SubscriptionRequest(email, chosen_phases, chosen_districts, locale, form.get("professional") == "1")
    return request, errors


def request_subscription(request: SubscriptionRequest, *, now: datetime | None = None) -> None:
    """Record the request and send at most one mail per interval: a confirmation link to a new or unconfirmed
    address (whose preferences the latest request replaces), a reminder of the manage link to a confirmed one."""
    now = now or datetime.now(UTC)
    subscription = db.session.scalar(select(Subscription).where(Subscription.email == request.email))
    if subscription is None:
        subscription = Subscription(email=request.email, nonce=secrets.token_hex(16), created_at=now)
        db.session.add(subscription)
    if subscription.confirmed_at is None:
        _set_preferences(subscription, request)
    db.session.flush()
    if _mailed_recently(subscription, now):
        logger.info("subscription request for a recently mailed address: no mail")
        return
    subscription.last_mail_at = now
    mail = _confirmation_mail(subscription) if subscription.confirmed_at is None else _reminder_mail(subscription)
    send_mail(mail)


def _set_preferences(subscription: Subscription, request: SubscriptionRequest) -> None:
    subscription.phases, subscription.districts = list(request.phases), list(request.districts)
    subscription.locale, subscription.professional = request.locale, request.professional


def _mailed_recently(subscription: Subscription, now: datetime) -> bool:
    hours = current_app.config.get("NEWSLETTER_REQUEST_MAIL_HOURS", 24)
    return subscription.last_mail_at is not None and now - subscription.last_mail_at < timedelta(hours=hours)


def _confirmation_mail(subscription: Subscription) -> Mail:
    links = {
        "confirm_url": external_url("newsletter.confirm", token=tokens.make_token(subscription, tokens.CONFIRM)),
        "manage_url": manage_url(subscription),
        "days": confirm_days(),
    }
    with force_locale(subscription.locale):
        body = render_template("newsletter/mail_confirm.txt", **links)
        return Mail(subscription.email, _("Bitte bestätigen Sie Ihr Newsletter-Abonnement"), body)


def _reminder_mail(subscription: Subscription) -> Mail:
    with force_locale(subscription.locale):
        body = render_template("newsletter/mail_reminder.txt", manage_url=manage_url(subscription))
        return Mail(subscription.email, _("Ihr Newsletter-Abonnement"), body)


def manage_url(subscription: Subscription) -> str:
    """The signed link to the page that shows and deletes the subscriber's data."""
    return external_url("newsletter.manage", token=tokens.make_token(subscription, tokens.MANAGE))


def unsubscribe_url(subscription: Subscription) -> str:
    """The signed one-click unsubscribe link (RFC 8058)."""
    return external_url("newsletter.unsubscribe", token=tokens.make_token(subscription, tokens.MANAGE))


def confirm_days() -> int:
    """How many days a confirmation link works (an unconfirmed request is deleted after that)."""
    return int(current_app.config.get("NEWSLETTER_CONFIRM_DAYS", 7))


def pending_by_token(token: str) -> Subscription | None:
    """The subscription a confirmation link names, while the link is valid."""
    return tokens.subscription_of(token, tokens.CONFIRM, max_age=confirm_days() * 86400)


def confirm(token: str, *, now: datetime | None = None) -> Subscription | None:
    """Confirm the subscription of a valid link (again: no change); None for an unknown or expired link."""
    subscription = pending_by_token(token)
    if subscription is not None and subscription.confirmed_at is None:
        subscription.confirmed_at = now or datetime.now(UTC)
        logger.info("newsletter subscription %s confirmed", subscription.id)
    return subscription


def by_manage_token(token: str) -> Subscription | None:
    """The subscription a manage or unsubscribe link names, or None."""
    return tokens.subscription_of(token, tokens.MANAGE)


def delete_subscription(token: str) -> bool:
    """Delete everything stored about the subscriber of a valid link; False (nothing changed) otherwise."""
    subscription = by_manage_token(token)
    if subscription is None:
        return False
    db.session.delete(subscription)
    db.session.flush()
    logger.info("newsletter subscription %s deleted on request", subscription.id)
    return True


def purge_unconfirmed(*, now: datetime | None = None) -> int:
    """Delete requests that were not confirmed in time; returns how many."""
    limit = (now or datetime.now(UTC)) - timedelta(days=confirm_days())
    result = db.session.execute(
        delete(Subscription).where(Subscription.confirmed_at.is_(None), Subscription.created_at < limit)
    )
    return result.rowcount or 0
