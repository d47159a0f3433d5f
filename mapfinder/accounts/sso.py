"""Which account a single sign-on opens: the one bound to the provider's issuer and subject; else the account of the
verified e-mail address, which is then bound; else — only when ``OIDC_GROUP_ORGANIZATIONS`` maps one of the person's
groups (or roles) to an organisation — a new editor account of that organisation. Anyone else is refused. The same
throttling as password log-ins applies (per address before the redirect, per account and address after it)."""

import logging

from flask import Response, current_app
from sqlalchemy import select

from ..editing.validation import ValidationError
from ..extensions import db
from ..i18n import _
from ..models import Role, User, UserIdentity
from ..models.base import utcnow
from . import oidc
from .oidc import BAD_STATE, DENIED, INVALID_TOKEN, UNREACHABLE, Identity, SsoFailure
from .service import LoginRefused, create_user, find_user, throttled_message
from .throttle import check_throttle, record_attempt

logger = logging.getLogger(__name__)


def start(redirect_uri: str, address: str) -> Response:
    """The redirect to the provider, unless the address is throttled or the provider unreachable (``LoginRefused``)."""
    check_address(address)
    try:
        return oidc.begin(redirect_uri)
    except SsoFailure as failure:
        raise refused(failure, address) from failure


def finish(address: str) -> tuple[User, str]:
    """The account the provider's answer opens and the ID token (for the log-out hint); ``LoginRefused`` if none."""
    try:
        identity = oidc.complete()
    except SsoFailure as failure:
        raise refused(failure, address) from failure
    return sign_on(identity, address), identity.id_token


def check_address(address: str) -> None:
    """Before the redirect to the provider: refuse (429) an address with too many recent failures."""
    throttle = check_throttle(None, address)
    if throttle.blocked:
        raise LoginRefused(throttled_message(throttle.minutes), 429)


def refused(failure: SsoFailure, address: str) -> LoginRefused:
    """The reader's message for a failed flow; tampering (bad state, invalid token) counts as a failed try."""
    logger.warning("single sign-on failed from %s (%s): %s", address, failure.kind, failure.reason)
    if failure.kind in (BAD_STATE, INVALID_TOKEN):
        record_attempt("", address, succeeded=False)
    messages = {
        UNREACHABLE: (
            _(
                "Die Anmeldung mit dem Konto der Stadt ist gerade nicht erreichbar. Bitte versuchen Sie es später "
                "noch einmal oder melden Sie sich mit E-Mail-Adresse und Passwort an."
            ),
            503,
        ),
        DENIED: (_("Die Anmeldung mit dem Konto der Stadt wurde abgebrochen."), 403),
        BAD_STATE: (
            _(
                "Diese Anmeldung ist abgelaufen oder wurde in einem anderen Fenster begonnen. Bitte versuchen Sie "
                "es noch einmal."
            ),
            400,
        ),
        INVALID_TOKEN: (
            _("Die Antwort des Anmeldedienstes der Stadt war ungültig. Die Anmeldung wurde abgelehnt."),
            400,
        ),
    }
    message, status = messages[failure.kind]
    return LoginRefused(message, status)


def sign_on(identity: Identity, address: str) -> User:
    """The account ``identity`` opens (bound to it for later sign-ons); ``LoginRefused`` when none may."""
    email = identity.email or f"{identity.subject}@{identity.issuer}"[:200]
    throttle = check_throttle(email, address)
    if throttle.blocked:
        raise LoginRefused(throttled_message(throttle.minutes), 429)
    binding = db.session.scalar(
        select(UserIdentity).where(UserIdentity.issuer == identity.issuer, UserIdentity.subject == identity.subject)
    )
    user = binding.user if binding else _matched_or_created(identity)
    if user is None or not user.active:
        record_attempt(email, address, succeeded=False)
        logger.warning(
            "single sign-on refused for subject %s of %s: %s",
            identity.subject,
            identity.issuer,
            "account inactive" if user else "no account for this identity",
        )
        raise LoginRefused(
            _(
                "Mit diesem Konto der Stadt gibt es hier keinen Zugang zur Redaktion. Bitte lassen Sie sich von "
                "der Koordination des Netzwerks einladen."
            ),
            403,
        )
    if binding is None:
        binding = UserIdentity(user=user, issuer=identity.issuer, subject=identity.subject)
        db.session.add(binding)
        logger.info("single sign-on: account %s bound to subject %s of %s", user.id, identity.subject, identity.issuer)
    binding.last_used_at = utcnow()
    record_attempt(email, address, succeeded=True)
    return user


def _matched_or_created(identity: Identity) -> User | None:
    """The account of a verified e-mail address not yet bound to another subject of this issuer, or a new one."""
    if not identity.email or not identity.email_verified:
        logger.info("single sign-on: subject %s has no verified e-mail address", identity.subject)
        return None
    user = find_user(identity.email)
    if user is None:
        return _created(identity)
    bound_elsewhere = db.session.scalar(
        select(UserIdentity.id).where(UserIdentity.user_id == user.id, UserIdentity.issuer == identity.issuer)
    )
    if bound_elsewhere is not None:
        logger.warning("single sign-on: account %s is bound to another subject of %s", user.id, identity.issuer)
        return None
    return user


def group_organizations(setting: str) -> list[tuple[str, str]]:
    """``OIDC_GROUP_ORGANIZATIONS`` (``group=organisation-key,…``) as ordered pairs."""
    pairs = []
    for item in (setting or "").split(","):
        group, _sep, key = item.partition("=")
        if group.strip() and key.strip():
            pairs.append((group.strip(), key.strip()))
    return pairs


def _created(identity: Identity) -> User | None:
    """A new editor account of the first organisation the person's groups map to; None when none does."""
    config = current_app.config
    groups = set(identity.claim_values(config.get("OIDC_GROUP_CLAIM") or "groups"))
    key = next(
        (key for group, key in group_organizations(config.get("OIDC_GROUP_ORGANIZATIONS")) if group in groups), None
    )
    if key is None:
        return None
    try:
        user = create_user(identity.email, role=Role.EDITOR, organization_key=key, name=identity.name)
    except ValidationError as error:
        logger.error("single sign-on: no account created for %s: %s", identity.subject, error.errors)
        return None
    logger.info("single sign-on: editor account %s created for organisation %s", user.id, key)
    return user
