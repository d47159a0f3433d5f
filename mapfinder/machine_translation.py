"""Machine drafts of missing offer translations through a configurable translator (none by default: no network).

A draft is stored with status ``machine`` and shown with a notice until a person reviews it.
"""

import logging
from typing import Protocol

import requests
from sqlalchemy import select

from .extensions import db
from .localized import offer_digest
from .models import Offer, OfferStatus, OfferTranslation, TranslationStatus

logger = logging.getLogger(__name__)


class Translator(Protocol):
    """Turns German texts into another language, one answer per text, in order."""

    def translate(self, texts: list[str], *, target: str) -> list[str]: ...


class LibreTranslate:
    """Client of a LibreTranslate server (self-hosted or public): ``POST /translate`` with a list of texts."""

    def __init__(self, url: str, *, api_key: str = "", timeout: float = 20.0):
        self.url, self.api_key, self.timeout = url.rstrip("/"), api_key, timeout

    def translate(self, texts: list[str], *, target: str) -> list[str]:
        """One request for all texts; raises on an HTTP error or an answer of the wrong length."""
        payload = {"q": texts, "source": "de", "target": target, "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        response = requests.post(f"{self.url}/translate", json=payload, timeout=self.timeout)
        response.raise_for_status()
        translated = response.json()["translatedText"]
        if len(translated) != len(texts):
            raise ValueError(f"translator returned {len(translated)} texts for {len(texts)}")
        return translated


def configured_translator(app) -> Translator | None:
    """The registry's factory: the translator named by ``MAPFINDER_TRANSLATOR`` (``none`` or ``libretranslate``)."""
    kind = app.config.get("TRANSLATOR", "none")
    if kind == "none":
        return None
    if kind == "libretranslate":
        return LibreTranslate(app.config["TRANSLATOR_URL"], api_key=app.config.get("TRANSLATOR_KEY", ""))
    raise ValueError(f"unknown translator {kind!r}")


def draft_missing_translations(translator: Translator, locale: str, *, limit: int | None = None) -> int:
    """Machine drafts for published offers that have no translation into ``locale`` yet."""
    offers = db.session.scalars(_untranslated_offers(locale).limit(limit)).all()
    for offer in offers:
        title, description = translator.translate([offer.title, offer.description or ""], target=locale)
        offer.translations.append(
            OfferTranslation(
                locale=locale,
                title=title,
                description=description,
                status=TranslationStatus.MACHINE,
                source_digest=offer_digest(offer),
            )
        )
    db.session.flush()
    logger.info("drafted %d machine translations into %s", len(offers), locale)
    return len(offers)


def _untranslated_offers(locale: str):
    translated = select(OfferTranslation.offer_id).where(OfferTranslation.locale == locale)
    return select(Offer).where(Offer.status == OfferStatus.PUBLISHED, Offer.id.not_in(translated)).order_by(Offer.id)
