"""Loads the kinds of institution from geodata/taxonomy/place_kinds.toml (data the city edits, like the taxonomy)."""

import logging
import re
from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from ..models import PlaceKind, PlaceKindTranslation
from .records import Record, read_toml

logger = logging.getLogger(__name__)
PLACE_KINDS_FILE = "place_kinds.toml"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_TEXTS = {"labels": "label", "explanations": "explanation", "topic_titles": "topic_title", "topic_texts": "topic_text"}


def load_place_kinds(taxonomy_dir: Path) -> int:
    """Upsert every kind; the whole file is checked before anything is written."""
    path = taxonomy_dir / PLACE_KINDS_FILE
    entries = read_toml(path).get("kind", [])
    records = [Record(path, f"record {entry.get('code', index + 1)}", entry) for index, entry in enumerate(entries)]
    if not records:
        raise Record(path, "whole file", {}).fail("kind", "no entries")
    kinds = [_checked(record) for record in records]
    _check_codes(records, kinds)
    by_code = {values["code"]: _upsert(values) for values in kinds}
    for values in kinds:
        by_code[values["code"]].parent = by_code.get(values["parent"])
    db.session.flush()
    logger.info("place kinds: %d", len(kinds))
    return len(kinds)


def _checked(record: Record) -> dict:
    colour = record.text("colour")
    if not _COLOUR.match(colour):
        raise record.fail("colour", f"not a #rrggbb colour: {colour!r}")
    texts = {table: record.values.get(table) or {} for table in _TEXTS}
    if not isinstance(texts["labels"], dict) or not texts["labels"].get("de"):
        raise record.fail("labels", "a German label (labels.de) is required")
    return {
        "code": record.text("code"),
        "position": record.integer("order"),
        "colour": colour,
        "icon": record.text("icon"),
        "parent": record.text("parent", required=False),
        "listed": record.boolean("listed", default=True),
        "links_kita_portal": record.boolean("links_kita_portal", default=False),
        "texts": texts,
    }


def _check_codes(records: list[Record], kinds: list[dict]) -> None:
    codes = [values["code"] for values in kinds]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise records[0].fail("code", f"duplicate code(s): {', '.join(duplicates)}")
    for record, values in zip(records, kinds):
        if values["parent"] and values["parent"] not in codes:
            raise record.fail("parent", f"unknown kind {values['parent']!r}")


def _upsert(values: dict) -> PlaceKind:
    values = dict(values)
    texts = values.pop("texts")
    values.pop("parent")
    kind = db.session.scalar(select(PlaceKind).filter_by(code=values["code"])) or PlaceKind()
    for field, value in values.items():
        setattr(kind, field, value)
    by_locale = {translation.locale: translation for translation in kind.translations}
    for locale in texts["labels"]:
        translation = by_locale.get(locale) or PlaceKindTranslation(locale=locale)
        for table, column in _TEXTS.items():
            setattr(translation, column, texts[table].get(locale))
        if locale not in by_locale:
            kind.translations.append(translation)
    db.session.add(kind)
    return kind
