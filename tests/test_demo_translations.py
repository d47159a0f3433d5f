"""Demo offers have translations in ru, pl, ro and bg too, so readers of those languages see real content."""

import pytest
from sqlalchemy import select

from mapfinder.models import Offer, OfferTranslation


@pytest.mark.parametrize(
    "lang, title",
    [
        ("ru", "Игровая группа для малышей «Zwergentreff»"),
        ("pl", "Grupa zabaw dla maluchów „Zwergentreff”"),
        ("ro", "Grup de joacă pentru cei mici „Zwergentreff”"),
        ("bg", "Група за игра за най-малките „Zwergentreff“"),
    ],
)
def test_the_finder_shows_demo_offers_in_the_readers_language(client, lang, title):
    page = client.get(f"/?q=Zwergentreff&lang={lang}").get_data(as_text=True)
    assert f'<span lang="{lang}" dir="ltr">{title}</span>' in page


@pytest.mark.parametrize("lang", ["en", "tr", "ar", "uk", "ru", "pl", "ro", "bg"])
def test_every_demo_offer_is_translated_into_every_language(session, lang):
    translated = select(OfferTranslation.offer_id).where(OfferTranslation.locale == lang)
    untranslated = session.scalars(select(Offer.key).where(Offer.is_demo, Offer.id.not_in(translated))).all()
    assert untranslated == []
