"""The deployment's legal details (provider, privacy, accessibility contact, sign-language video) from a TOML file.

The file is data of the municipality (``MAPFINDER_LEGAL_FILE``); a value it leaves empty is shown on the pages as a
marked placeholder, so nothing unknown is ever made up. The file is read again when it changes on disk.
"""

import logging
import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path

from flask import current_app

logger = logging.getLogger(__name__)
SECTIONS = ("provider", "editorial", "privacy", "accessibility", "sign_language")
COMPLIANCE_LEVELS = ("full", "partial", "none")


def legal_details() -> dict:
    """The configured details as ``{section: {key: value}}``; every section present, unknown or empty keys absent."""
    path = Path(current_app.config["LEGAL_FILE"])
    try:
        modified = path.stat().st_mtime_ns
    except OSError:
        logger.error("legal details file %s is missing; the legal pages show placeholders", path)
        return _empty()
    return _read(str(path), modified)


@lru_cache(maxsize=4)
def _read(path: str, modified: int) -> dict:
    """Parse the file once per version (``modified`` keys the cache)."""
    try:
        with open(path, "rb") as handle:
            raw = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        logger.error("legal details file %s cannot be read (%s); the legal pages show placeholders", path, error)
        return _empty()
    return {section: _clean(raw.get(section)) for section in SECTIONS}


def _clean(section) -> dict:
    """Keep non-empty scalar values (text stripped; TOML dates stay dates); an empty value means "to be filled in"."""
    if not isinstance(section, dict):
        return {}
    values = {key: _scalar(key, value) for key, value in section.items() if isinstance(value, (str, int, float, date))}
    return {key: value for key, value in values.items() if value != ""}


def _scalar(key: str, value):
    """Text stripped; a date written as text (``"2026-11-30"``) in a ``*_on`` field read as a date."""
    if not isinstance(value, str):
        return value
    value = value.strip()
    if key.endswith("_on") and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            logger.error("legal details: %s=%r is not a date (YYYY-MM-DD); shown as a placeholder", key, value)
            return ""
    return value


def _empty() -> dict:
    return {section: {} for section in SECTIONS}


def compliance_level(details: dict) -> str:
    """``full``, ``partial`` or ``none`` as configured; ``partial`` when the value is missing or unknown."""
    level = details["accessibility"].get("status", "partial")
    return level if level in COMPLIANCE_LEVELS else "partial"


def sign_language_file(details: dict, key: str = "video") -> Path | None:
    """The configured sign-language ``video`` (or its ``captions``) if the file exists in ``SIGN_LANGUAGE_DIR``."""
    name = details["sign_language"].get(key)
    folder = current_app.config.get("SIGN_LANGUAGE_DIR")
    if not name or not folder:
        return None
    path = Path(folder) / name
    if path.parent.resolve() != Path(folder).resolve() or not path.is_file():
        logger.warning("sign-language %s %s not found in %s", key, name, folder)
        return None
    return path
