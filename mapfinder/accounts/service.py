"""Accounts: creating users, checking a log-in, and the signed links of invitations and password resets."""

import logging
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from ..editing.validation import Checks, ValidationError
from ..extensions import db
from ..i18n import _
from ..mail import Mail, external_url, send_mail
from ..models import Organization, Role, User
from ..municipality import current_municipality
from .throttle import check_throttle, record_attempt

logger = logging.getLogger(__name__)
MIN_PASSWORD_LENGTH = 10
INVITATION, RESET = "invitation", "reset"


class LoginRefused(Exception):
    """A log-in that did not succeed; ``message`` says why in the reader's language, ``status`` the HTTP code."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


@dataclass(frozen=True)
class LinkOutcome:
    """What a signed link resolved to: the user, or why not."""

    user: User | None
    problem: str | None = None


def normalise_email(email: str) -> str:
    """E-mail addresses compare without surrounding spaces and case."""
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    """The account of an e-mail address."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def throttled_message(minutes: int) -> str:
    """Why a log-in is refused after too many failures, and for how long."""
    return _(
        "Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in %(minutes)s "
        "Minuten noch einmal oder setzen Sie Ihr Passwort zurück.",
        minutes=minutes,
    )


def authenticate(email: str, password: str, *, address: str) -> User:
    """The user for a correct e-mail and password; ``LoginRefused`` otherwise or when throttled (429)."""
    email = normalise_email(email)
    throttle = check_throttle(email, address)
    if throttle.blocked:
        raise LoginRefused(throttled_message(throttle.minutes), 429)
    user = find_user(email)
    succeeded = bool(user and user.active and user.check_password(password or ""))
    record_attempt(email, address, succeeded=succeeded)
    if not succeeded:
        raise LoginRefused(_("E-Mail-Adresse oder Passwort stimmen nicht."))
    return user


def password_problems(password: str, repeated: str) -> dict[str, str]:
    """Field errors of a new password (at least 10 characters, typed twice the same)."""
    checks = Checks()
    if len(password or "") < MIN_PASSWORD_LENGTH:
        checks.fail(
            "password", _("Das Passwort muss mindestens %(count)s Zeichen lang sein.", count=MIN_PASSWORD_LENGTH)
        )
    elif password != repeated:
        checks.fail("password_repeat", _("Die beiden Passwörter stimmen nicht überein."))
    return checks.errors


def create_user(
    email: str, *, role: Role, organization_key: str | None = None, name: str | None = None, password: str | None = None
) -> User:
    """A new account; editors need an organisation. Without a password the person sets one from an invitation."""
    checks = Checks()
    checks.email("email", normalise_email(email))
    if not email:
        checks.fail("email", _("Bitte ausfüllen."))
    elif find_user(email):
        checks.fail("email", _("Für diese E-Mail-Adresse gibt es schon ein Konto."))
    organization = _organization(organization_key, role, checks)
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        checks.fail(
            "password", _("Das Passwort muss mindestens %(count)s Zeichen lang sein.", count=MIN_PASSWORD_LENGTH)
        )
    checks.raise_if_any()
    user = User(email=normalise_email(email), role=role, organization=organization, name=name, password_hash="")
    if password is not None:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def _organization(key: str | None, role: Role, checks: Checks) -> Organization | None:
    if not key:
        if role is Role.EDITOR:
            checks.fail("organization", _("Redakteurinnen und Redakteure gehören zu einer Organisation."))
        return None
    organization = db.session.scalar(select(Organization).where(Organization.key == key))
    if organization is None:
        checks.fail("organization", _("Unbekannte Organisation: %(key)s", key=key))
    return organization


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"mapfinder-{purpose}")


def make_link_token(user: User, purpose: str) -> str:
    """A signed token for a link; it stops working when the password changes (so it works once)."""
    return _serializer(purpose).dumps({"user": user.id, "stamp": user.password_stamp})


def read_link_token(token: str, purpose: str) -> LinkOutcome:
    """The user of a valid, unexpired, unused link token."""
    hours = current_app.config["INVITATION_DAYS"] * 24 if purpose == INVITATION else current_app.config["RESET_HOURS"]
    try:
        payload = _serializer(purpose).loads(token, max_age=int(hours * 3600))
    except SignatureExpired:
        return LinkOutcome(None, _("Dieser Link ist abgelaufen. Bitte fordern Sie einen neuen an."))
    except BadSignature:
        return LinkOutcome(None, _("Dieser Link ist ungültig."))
    user = db.session.get(User, payload.get("user"))
    if user is None or not user.active or payload.get("stamp") != user.password_stamp:
        return LinkOutcome(None, _("Dieser Link wurde schon benutzt oder ist ungültig."))
    return LinkOutcome(user)


def send_invitation(user: User) -> bool:
    """Mail a link with which an invited person chooses their password."""
    link = external_url("auth.set_password", token=make_link_token(user, INVITATION))
    days, network = int(current_app.config["INVITATION_DAYS"]), current_municipality().network_name
    body = _(
        "Guten Tag,\n\nSie wurden zur Redaktion der Angebotskarte %(network)s eingeladen. Über diesen Link "
        "wählen Sie Ihr Passwort (gültig %(days)s Tage):\n\n%(link)s\n\nIhre Anmeldung: %(email)s",
        network=network,
        days=days,
        link=link,
        email=user.email,
    )
    return send_mail(Mail(user.email, _("Einladung zur Angebotskarte %(network)s", network=network), body))


def request_password_reset(email: str) -> None:
    """Mail a reset link when the address has an active account; says nothing either way (no account probing)."""
    user = find_user(email)
    if user is None or not user.active:
        logger.info("password reset asked for an unknown address")
        return
    link = external_url("auth.set_password", token=make_link_token(user, RESET), purpose=RESET)
    hours, network = int(current_app.config["RESET_HOURS"]), current_municipality().network_name
    body = _(
        "Guten Tag,\n\njemand hat für Ihr Konto bei der Angebotskarte %(network)s ein neues Passwort "
        "angefordert. Über diesen Link wählen Sie es (gültig %(hours)s Stunden):\n\n%(link)s\n\nWaren Sie "
        "das nicht, ignorieren Sie diese Nachricht einfach.",
        network=network,
        hours=hours,
        link=link,
    )
    send_mail(Mail(user.email, _("Neues Passwort für die Angebotskarte %(network)s", network=network), body))


def change_password(user: User, password: str) -> None:
    """Set a new password; earlier links and other sessions stop working."""
    user.set_password(password)
    db.session.flush()


def invite_user(email: str, *, role: Role, organization_key: str | None, name: str | None, by: User) -> bool:
    """Create an account without a password and mail its invitation; only admins make admins. True when sent."""
    if role is Role.ADMIN and by.role is not Role.ADMIN:
        raise ValidationError({"role": _("Nur Administratorinnen und Administratoren können diese Rolle vergeben.")})
    user = create_user(email, role=role, organization_key=organization_key, name=name or None)
    logger.info("user %s invited %s as %s", by.id, user.id, role.value)
    return send_invitation(user)


def all_users() -> list[User]:
    """Every account, by organisation and e-mail."""
    return list(db.session.scalars(select(User).order_by(User.organization_id.nulls_first(), User.email)))
