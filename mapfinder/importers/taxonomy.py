"""Loads life phases and categories from geodata/taxonomy/*.toml (data the city edits, not code)."""

import logging
import re
from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from ..models import Category, CategoryTranslation, LifePhase, LifePhaseTranslation
from .records import Record, read_toml

logger = logging.getLogger(__name__)
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def load_taxonomy(taxonomy_dir: Path) -> dict[str, int]:
    """Upsert phases and categories; every record is checked before anything is written."""
    phases = [_checked_phase(r) for r in _records(taxonomy_dir / "phases.toml", "phase")]
    categories = [_checked_category(r) for r in _records(taxonomy_dir / "categories.toml", "category")]
    for values in phases:
        _upsert(LifePhase, LifePhaseTranslation, values)
    for values in categories:
        _upsert(Category, CategoryTranslation, values)
    db.session.flush()
    logger.info("taxonomy: %d phases, %d categories", len(phases), len(categories))
    return {"phases": len(phases), "categories": len(categories)}


def _records(path: Path, table: str) -> list[Record]:
    entries = read_toml(path).get(table, [])
    records = [Record(path, f"record {entry.get('code', index + 1)}", entry) for index, entry in enumerate(entries)]
    if not records:
        raise Record(path, "whole file", {}).fail(table, "no entries")
    codes = [record.text("code") for record in records]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise records[0].fail("code", f"duplicate code(s): {', '.join(duplicates)}")
    return records


def _checked_common(record: Record) -> dict:
    colour = record.text("colour")
    if not _COLOUR.match(colour):
        raise record.fail("colour", f"not a #rrggbb colour: {colour!r}")
    labels = record.values.get("labels")
    if not isinstance(labels, dict) or not labels.get("de"):
        raise record.fail("labels", "a German label (labels.de) is required")
    return {
        "code": record.text("code"),
        "position": record.integer("order"),
        "colour": colour,
        "icon": record.text("icon"),
        "labels": labels,
        "descriptions": record.values.get("descriptions") or {},
    }


def _checked_phase(record: Record) -> dict:
    values = _checked_common(record)
    values["min_age"], values["max_age"] = record.integer("min_age"), record.integer("max_age")
    if not 0 <= values["min_age"] <= values["max_age"] <= 120:
        raise record.fail("max_age", "ages must satisfy 0 ≤ min_age ≤ max_age ≤ 120")
    return values


def _checked_category(record: Record) -> dict:
    values = _checked_common(record)
    values.pop("descriptions")
    return values


def _upsert(model, translation_model, values: dict) -> None:
    labels, descriptions = values.pop("labels"), values.pop("descriptions", None)
    item = db.session.scalar(select(model).filter_by(code=values["code"])) or model()
    for field, value in values.items():
        setattr(item, field, value)
    by_locale = {translation.locale: translation for translation in item.translations}
    for locale, label in labels.items():
        translation = by_locale.get(locale) or translation_model(locale=locale)
        translation.label = label
        if descriptions is not None:
            translation.description = descriptions.get(locale)
        if locale not in by_locale:
            item.translations.append(translation)
    db.session.add(item)
