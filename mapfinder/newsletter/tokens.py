"""Signed links of subscribers: confirm (expires), manage and unsubscribe (work as long as the subscription lives)."""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from ..extensions import db
from ..models import Subscription

CONFIRM, MANAGE = "newsletter-confirm", "newsletter-manage"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=purpose)


def make_token(subscription: Subscription, purpose: str) -> str:
    """A token naming the subscription and its random nonce, signed with the app's secret for one purpose."""
    return _serializer(purpose).dumps([subscription.id, subscription.nonce])


def subscription_of(token: str, purpose: str, *, max_age: int | None = None) -> Subscription | None:
    """The subscription a valid token names, or None (forged, expired, for another purpose, or since deleted)."""
    try:
        subscription_id, nonce = _serializer(purpose).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature, ValueError, TypeError):
        return None
    if not isinstance(subscription_id, int) or not isinstance(nonce, str):
        return None
    return db.session.scalar(
        select(Subscription).where(Subscription.id == subscription_id, Subscription.nonce == nonce)
    )
