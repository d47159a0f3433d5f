"""Every interface language is complete: no untranslated or fuzzy message, placeholders intact, catalogs in step
with the code, and every page renders in every language."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import refresh
from sqlalchemy import select

from config import TestConfig
from mapfinder.models import Offer

PROJECT_DIR = Path(__file__).resolve().parents[1]
CATALOGS = PROJECT_DIR / "mapfinder" / "translations"
TRANSLATED = [code for code in TestConfig.LANGUAGES if code != "de"]


def _catalog(locale: str):
    with (CATALOGS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def _is_translated(message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return all(strings)


@pytest.mark.parametrize("locale", TRANSLATED)
def test_catalog_is_complete_and_not_fuzzy(locale):
    catalog = _catalog(locale)
    missing = [message.id for message in catalog if message.id and not _is_translated(message)]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert missing == [] and fuzzy == []


@pytest.mark.parametrize("locale", TRANSLATED)
def test_placeholders_survive_translation(locale):
    problems = [(message.id, errors) for message, errors in _catalog(locale).check()]
    assert problems == []


def test_catalogs_hold_every_message_of_the_code(tmp_path):
    template = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "extract", "-F", "babel.cfg", "-k", "_l", "-o", str(template), "."],
        cwd=PROJECT_DIR,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as handle:
        in_code = {message.id for message in read_po(handle) if message.id}
    for locale in TRANSLATED:
        in_catalog = {message.id for message in _catalog(locale) if message.id}
        assert in_code - in_catalog == set(), f"run `make translations` and translate ({locale})"


@pytest.fixture()
def pages(session) -> list[str]:
    offer_id = session.scalar(select(Offer.id).where(Offer.is_demo.is_(True)).order_by(Offer.id))
    return [
        "/",
        f"/offers/{offer_id}",
        "/districts",
        "/districts/styrum",
        "/districts/eppinghofen",
        "/networks",
        "/networks/fruehe-hilfen",
        "/planning",
        "/about",
        f"/referral?offers={offer_id}",
        "/barrierefreiheit",
        "/leichte-sprache",
        "/gebaerdensprache",
        "/impressum",
        "/datenschutz",
    ]


@pytest.mark.parametrize("locale", TestConfig.LANGUAGES)
def test_every_page_renders_in_every_language(client, pages, locale):
    direction = "rtl" if locale == "ar" else "ltr"
    for page in pages:
        refresh()
        response = client.get(f"{page}{'&' if '?' in page else '?'}lang={locale}")
        assert response.status_code == 200, page
        assert f'<html lang="{locale}" dir="{direction}">' in response.get_data(as_text=True), page
