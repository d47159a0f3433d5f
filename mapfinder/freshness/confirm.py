"""Confirming an offer as still right: one click in the editing area, or from a reminder's signed link (whose
landing page asks for the click: following a link changes nothing). Permissions are checked here."""

import logging
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..editing.change_log import record_change
from ..editing.permissions import require_edit
from ..editing.workflow import actor_of
from ..extensions import db
from ..i18n import _
from ..models import Offer, User
from ..models.base import utcnow
from .ages import Freshness, freshness_of

logger = logging.getLogger(__name__)
_SALT = "mapfinder-freshness-confirm"


@dataclass(frozen=True)
class ConfirmLink:
    """What a reminder's link names: the offer and the editor it was sent to, or why it does not work."""

    offer: Offer | None = None
    user: User | None = None
    problem: str | None = None


def offer_freshness(offer: Offer, now: datetime | None = None) -> Freshness:
    """The stage of an offer's last confirmation (for pages and templates)."""
    return freshness_of(offer.verified_at, now=now or utcnow())


def confirm_offer(offer: Offer, *, user: User, now: datetime | None = None) -> None:
    """Record that ``user`` checked the offer and found it right; editors only for their organisation's offers
    (``EditDenied`` otherwise). A withdrawn offer is back in the finder at once. The caller commits."""
    require_edit(user, offer)
    before = offer.verified_at
    offer.verified_at, offer.verified_by_id = now or utcnow(), user.id
    db.session.flush()
    record_change(
        "offer",
        offer.id,
        "confirm",
        {"verified_at": before.isoformat() if before else None},
        {"verified_at": offer.verified_at.isoformat()},
        actor_of(user),
    )
    logger.info("offer %s confirmed by user %s", offer.id, user.id)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def confirm_token(offer: Offer, user: User) -> str:
    """A signed token naming the offer and the editor a reminder goes to; it expires after FRESHNESS_LINK_DAYS."""
    return _serializer().dumps({"offer": offer.id, "user": user.id})


def read_confirm_token(token: str) -> ConfirmLink:
    """The offer and editor of a valid, unexpired token (whether the editor may confirm is checked on confirming)."""
    days = current_app.config.get("FRESHNESS_LINK_DAYS", 30)
    try:
        payload = _serializer().loads(token, max_age=int(days * 86400))
    except SignatureExpired:
        return ConfirmLink(problem=_("Dieser Link ist abgelaufen. Bitte bestätigen Sie das Angebot in der Redaktion."))
    except BadSignature:
        return ConfirmLink(problem=_("Dieser Link ist ungültig."))
    offer = db.session.get(Offer, payload.get("offer"))
    user = db.session.get(User, payload.get("user"))
    if offer is None or user is None or not user.active:
        return ConfirmLink(problem=_("Dieser Link ist ungültig."))
    return ConfirmLink(offer=offer, user=user)
