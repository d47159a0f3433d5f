"""The terms fluent readers flagged stay fixed: the glossary per language holds in the interface catalogs,
the taxonomy labels and the demo offer translations."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

PROJECT_DIR = Path(__file__).resolve().parents[1]
CATALOGS = PROJECT_DIR / "mapfinder" / "translations"
DATA_FILES = [
    PROJECT_DIR / "geodata" / "demo" / "offer_translations.csv",
    *sorted((PROJECT_DIR / "geodata" / "taxonomy").glob("*.toml")),
]

# Words that read wrong (a passport, a letter of recommendation, "description" for a map legend …).
FLAGGED = {
    "tr": ["Açıklama:", "Çevre", "veli kafesi", "engelsiz", "emekleme grubu"],
    "ar": ["خالٍ من العوائق", "العوائق", "الحارة", "الحارات", "العميل", "العنوان البريدي"],
    "uk": ["Лист рекомендацій", "листа рекомендацій", "Дата видачі", "Ким видано", "безбар’єрно"],
    "ru": ["Лист рекомендаций", "лист рекомендаций", "Дата выдачи", "Кем выдано", "безбарьерно"],
    "pl": ["Karta poleceń", "karty poleceń", "Osiągalność", "osiągalność"],
}
# The agreed term for one German message.
GLOSSARY = [
    ("tr", "Legende", "Lejant"),
    ("tr", "Umkreis", "Arama yarıçapı"),
    ("tr", "barrierefrei", "engelli erişimine uygun"),
    ("ar", "barrierefrei", "مُهيّأ لذوي الإعاقة"),
    ("ar", "Adresse", "العنوان"),
    ("ar", "Sprache der Klientin / des Klienten", "لغة الشخص المُحال"),
    ("uk", "Empfehlungsblatt", "Перелік рекомендованих послуг"),
    ("uk", "Ausgestellt von", "Підготував(-ла)"),
    ("uk", "Ausgestellt am", "Дата"),
    ("ru", "Empfehlungsblatt", "Список рекомендованных услуг"),
    ("pl", "Empfehlungsblatt", "Lista polecanych ofert"),
    ("pl", "Erreichbarkeit", "Dostępność piesza"),
]


def _catalog(locale: str):
    with (CATALOGS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


@pytest.mark.parametrize(("locale", "msgid", "expected"), GLOSSARY)
def test_agreed_term_is_used(locale, msgid, expected):
    assert _catalog(locale)[msgid].string == expected


@pytest.mark.parametrize("locale", sorted(FLAGGED))
def test_flagged_words_are_gone_from_the_catalog(locale):
    texts = [message.string for message in _catalog(locale) if message.id and isinstance(message.string, str)]
    assert [(word, text) for text in texts for word in FLAGGED[locale] if word in text] == []


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: path.name)
def test_flagged_words_are_gone_from_the_data(path):
    text = path.read_text(encoding="utf-8")
    assert [word for words in FLAGGED.values() for word in words if word in text] == []


@pytest.mark.parametrize("locale", ["uk", "ru"])
def test_one_term_for_barrier_free(locale):
    catalog = _catalog(locale)
    assert catalog["barrierefrei"].string.lower() == catalog["Barrierefrei"].string.lower()
