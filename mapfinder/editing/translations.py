"""Offer translations from the editing form: one language at a time beside the German, stored as human work."""
from ..extensions import db
from ..localized import offer_digest
from ..models import Offer, OfferTranslation, TranslationStatus, User
from .change_log import record_change
from .permissions import require_edit
from .validation import Checks
from .workflow import actor_of


def translation_status(offer: Offer, locales: list[str]) -> dict[str, str]:
    """Each locale's state: ``human`` / ``machine`` / ``outdated`` / ``missing``."""
    present = {translation.locale: translation.status.value for translation in offer.translations}
    return {locale: present.get(locale, "missing") for locale in locales}


def save_translation(offer: Offer, locale: str, *, title: str, description: str, user: User) -> None:
    """Store a person's translation (an empty title removes it) and record the change."""
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
        existing.status, existing.source_digest = TranslationStatus.HUMAN, offer_digest(offer)
    db.session.flush()
    after = {locale: [title, description] if title else None}
    record_change("offer", offer.id, "translate", before, after, actor_of(user))
