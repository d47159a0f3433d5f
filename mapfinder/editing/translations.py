"""Offer translations from the editing form: one language at a time beside the German, stored as human work, or a
machine draft from the configured translator (marked as such for readers)."""

import logging

import requests

from ..extensions import db
from ..i18n import _
from ..localized import offer_digest
from ..models import Offer, OfferTranslation, TranslationStatus, User
from ..services import find_service
from .change_log import record_change
from .permissions import require_edit
from .validation import Checks, ValidationError
from .workflow import actor_of

logger = logging.getLogger(__name__)


def translation_status(offer: Offer, locales: list[str]) -> dict[str, str]:
    """Each locale's state: ``human`` / ``machine`` / ``outdated`` / ``missing``."""
    present = {translation.locale: translation.status.value for translation in offer.translations}
    return {locale: present.get(locale, "missing") for locale in locales}


def draft_translation(offer: Offer, locale: str, *, user: User) -> None:
    """A machine draft of title and description into ``locale`` from the configured translator."""
    require_edit(user, offer)
    translator = find_service("translator")
    if translator is None:
        raise ValidationError({f"{locale}-title": _("Es ist kein Übersetzungsdienst eingerichtet.")})
    try:
        title, description = translator.translate([offer.title, offer.description or ""], target=locale)
    except (requests.RequestException, ValueError) as error:
        logger.warning("machine draft of offer %s into %s failed: %s", offer.id, locale, error)
        raise ValidationError({f"{locale}-title": _("Der Übersetzungsdienst ist gerade nicht erreichbar.")}) from error
    save_translation(offer, locale, title=title, description=description, user=user, status=TranslationStatus.MACHINE)


def save_translation(
    offer: Offer,
    locale: str,
    *,
    title: str,
    description: str,
    user: User,
    status: TranslationStatus = TranslationStatus.HUMAN,
) -> None:
    """Store a translation (an empty title removes it) and record the change."""
    require_edit(user, offer)
    checks = Checks()
    checks.text(f"{locale}-title", title)
    checks.text(f"{locale}-description", description, max_length=10_000)
    checks.raise_if_any()
    existing = next((t for t in offer.translations if t.locale == locale), None)
    before = {locale: [existing.title, existing.description] if existing else None}
    if not title:
        if existing is not None:
            offer.translations.remove(existing)
    else:
        existing = existing or OfferTranslation(locale=locale)
        if existing not in offer.translations:
            offer.translations.append(existing)
        existing.title, existing.description = title, description
        existing.status, existing.source_digest = status, offer_digest(offer)
    db.session.flush()
    after = {locale: [title, description] if title else None}
    record_change("offer", offer.id, "translate", before, after, actor_of(user))
