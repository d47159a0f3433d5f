"""Translated content (offer titles, descriptions, district names) with an honest fallback to the German source."""

import hashlib
from dataclasses import dataclass

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from .i18n import text_direction
from .models import Offer, OfferTranslation, TranslationStatus

SOURCE_LOCALE = "de"
# The German fields whose change makes every translation of the record outdated.
_OFFER_SOURCE_FIELDS = ("title", "description")


@dataclass(frozen=True)
class LocalizedText:
    """A text as shown to a reader: in which language it really is, and whether it is a stand-in for a translation."""

    text: str
    lang: str
    status: TranslationStatus | None  # None for the German source itself
    fallback: bool  # True when the reader asked for another language and gets German

    @property
    def direction(self) -> str:
        """``rtl`` or ``ltr``: the text's own direction, whatever the page's."""
        return text_direction(self.lang)

    @property
    def notice_needed(self) -> bool:
        """German instead of a translation, or a machine-made or outdated translation: the reader is told."""
        return self.fallback or self.status in (TranslationStatus.MACHINE, TranslationStatus.OUTDATED)


def source_digest(*texts: str | None) -> str:
    """Fingerprint of the German source a translation was made from."""
    return hashlib.sha256("\x1f".join(text or "" for text in texts).encode()).hexdigest()


def localize(record, field: str, locale: str) -> LocalizedText:
    """The record's ``field`` in ``locale`` if translated, else the German source flagged as fallback."""
    source = getattr(record, field) or ""
    if locale == SOURCE_LOCALE:
        return LocalizedText(source, SOURCE_LOCALE, None, fallback=False)
    translation = next((t for t in record.translations if t.locale == locale), None)
    text = getattr(translation, field, None) if translation else None
    if not text:
        return LocalizedText(source, SOURCE_LOCALE, None, fallback=True)
    return LocalizedText(text, locale, translation.status, fallback=False)


def offer_digest(offer: Offer) -> str:
    """Digest of an offer's German title and description."""
    return source_digest(*(getattr(offer, field) for field in _OFFER_SOURCE_FIELDS))


@event.listens_for(Session, "before_flush")
def _mark_outdated_translations(session: Session, flush_context, instances) -> None:
    """When the German title or description of an offer changes, its translations become outdated."""
    for offer in (obj for obj in session.dirty if isinstance(obj, Offer)):
        state = inspect(offer)
        if any(state.attrs[field].history.has_changes() for field in _OFFER_SOURCE_FIELDS):
            _outdate(offer.translations, offer_digest(offer))


def _outdate(translations: list[OfferTranslation], digest: str) -> None:
    for translation in translations:
        if translation.source_digest != digest:
            translation.status = TranslationStatus.OUTDATED
