"""Loads translated content: offer titles and descriptions (CSV) and district names (TOML)."""

from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..localized import offer_digest
from ..models import District, DistrictTranslation, Offer, OfferTranslation, TranslationStatus
from .records import Record, csv_records, read_toml

_STATUSES = {status.value for status in TranslationStatus}


def load_offer_translations(path: Path) -> int:
    """Upsert offer translations by (offer key, locale); made from the current German text unless told otherwise."""
    offers = {offer.key: offer for offer in db.session.scalars(select(Offer).where(Offer.key.is_not(None)))}
    rows = [_offer_translation_values(record, offers) for record in csv_records(path)]
    for offer, values in rows:
        translation = next((t for t in offer.translations if t.locale == values["locale"]), None)
        if translation is None:
            translation = OfferTranslation(locale=values["locale"])
            offer.translations.append(translation)
        for field, value in values.items():
            setattr(translation, field, value)
        translation.source_digest = offer_digest(offer)
    db.session.flush()
    return len(rows)


def _offer_translation_values(record: Record, offers: dict) -> tuple[Offer, dict]:
    offer = offers.get(record.text("key"))
    if offer is None:
        raise record.fail("key", f"no offer with key {record.text('key')!r}")
    return offer, {
        "locale": _checked_locale(record),
        "title": record.text("title"),
        "description": record.text("description", required=False) or "",
        "status": TranslationStatus(record.choice("status", _STATUSES, default="human")),
    }


def _checked_locale(record: Record) -> str:
    locale = record.text("locale")
    if locale == "de" or locale not in current_app.config["LANGUAGES"]:
        raise record.fail("locale", f"{locale!r} is not a configured translation language")
    return locale


def load_district_names(path: Path) -> int:
    """District names in languages whose script differs from German, keyed by district slug."""
    districts = {district.slug: district for district in db.session.scalars(select(District))}
    names = read_toml(path).get("names", {})
    count = 0
    for slug, by_locale in sorted(names.items()):
        record = Record(path, f"record {slug}", by_locale)
        if slug not in districts:
            raise record.fail("slug", f"no district with slug {slug!r}")
        count += _set_district_names(districts[slug], record)
    db.session.flush()
    return count


def _set_district_names(district: District, record: Record) -> int:
    existing = {translation.locale: translation for translation in district.translations}
    for locale in record.values:
        translation = existing.get(locale) or DistrictTranslation(locale=locale)
        translation.name = record.text(locale)
        if locale not in existing:
            district.translations.append(translation)
    return len(record.values)
