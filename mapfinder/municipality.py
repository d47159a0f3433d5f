"""The current municipality: one small read-only profile of the city the app serves, for code and templates.

The profile comes from the ``municipalities`` record of the configured slug (``MAPFINDER_MUNICIPALITY``, default
the only folder in ``geodata/municipalities``), or from that folder's ``municipality.toml`` before ``flask geodata
load`` has stored the record. It is read once per app context; ``MAPFINDER_KITA_PORTAL_URL`` and
``MAPFINDER_INTEGREAT_URL`` override the portal links when set (an empty value hides a link).
"""

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from flask import Flask, current_app, g
from geoalchemy2.shape import to_shape
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.local import LocalProxy

from .extensions import db
from .importers.records import DataFileError, Record, read_toml

logger = logging.getLogger(__name__)
MUNICIPALITIES_FOLDER = "municipalities"
PROFILE_FILE = "municipality.toml"
_CACHE_KEY = "_mapfinder_municipality"
BBox = tuple[float, float, float, float]  # west, south, east, north


@dataclass(frozen=True)
class MunicipalityProfile:
    """Everything city-specific the app shows or uses, as plain values (no database session needed)."""

    slug: str
    name: str
    short_name: str
    network_name: str
    centre: tuple[float, float]  # latitude, longitude
    zoom: int
    bounds: BBox
    names: dict[str, str] = field(default_factory=dict)
    short_names: dict[str, str] = field(default_factory=dict)
    postcodes: tuple[str, ...] = ()
    address_aliases: tuple[str, ...] = ()
    kita_portal_url: str = ""
    integreat_url: str = ""
    data_dir: str = ""
    reference_files: dict[str, str] = field(default_factory=dict)
    data_files: dict[str, str] = field(default_factory=dict)
    sources: tuple[dict, ...] = ()

    def name_in(self, locale: str) -> str:
        """The official name in the reader's script (the German one where the script is Latin)."""
        return self.names.get(locale) or self.name

    def short_name_in(self, locale: str) -> str:
        """The short name ("Mülheim") in the reader's script."""
        return self.short_names.get(locale) or self.short_name

    @property
    def city_names(self):
        """What the geocoder needs (``CityNames``): the canonical name and the spellings partners use."""
        from .geocoding.normalise import CityNames  # the geocoding package imports this module

        return CityNames(self.name, (self.short_name, *self.address_aliases))

    def contains(self, lon: float, lat: float) -> bool:
        """Whether a coordinate lies in the generous box around the city (a plausibility check, not the limit)."""
        west, south, east, north = self.bounds
        return west <= lon <= east and south <= lat <= north


def init_app(app: Flask) -> None:
    """Offer the profile to every template as ``municipality`` (read only when a template uses it)."""
    app.config.setdefault("MUNICIPALITY", "")
    app.add_template_global(LocalProxy(current_municipality), "municipality")


def current_municipality() -> MunicipalityProfile:
    """The configured municipality, with the portal links the configuration overrides."""
    slug = configured_slug()
    cache = g.setdefault(_CACHE_KEY, {})
    if slug not in cache:
        cache[slug] = _stored_profile(slug) or read_profile(municipality_dir(slug))
    return _with_overrides(cache[slug])


def forget_current_municipality() -> None:
    """Drop the profile read in this app context (after the record changed)."""
    g.pop(_CACHE_KEY, None)


def configured_slug() -> str:
    """``MAPFINDER_MUNICIPALITY``, or the only folder in ``geodata/municipalities``."""
    slug = (current_app.config.get("MUNICIPALITY") or "").strip()
    return slug or only_municipality_slug(Path(current_app.config["GEODATA_DIR"]))


def only_municipality_slug(geodata_dir: Path) -> str:
    """The slug of the one municipality folder; several folders need MAPFINDER_MUNICIPALITY to choose."""
    slugs = sorted(path.parent.name for path in (geodata_dir / MUNICIPALITIES_FOLDER).glob(f"*/{PROFILE_FILE}"))
    if len(slugs) != 1:
        found = ", ".join(slugs) or "none"
        raise RuntimeError(f"set MAPFINDER_MUNICIPALITY: {geodata_dir / MUNICIPALITIES_FOLDER} holds {found}")
    return slugs[0]


def municipality_dir(slug: str) -> Path:
    """The data folder of a municipality in the configured GEODATA_DIR."""
    return Path(current_app.config["GEODATA_DIR"]) / MUNICIPALITIES_FOLDER / slug


def _with_overrides(profile: MunicipalityProfile) -> MunicipalityProfile:
    overrides = {
        name: current_app.config.get(key)
        for name, key in (("kita_portal_url", "KITA_PORTAL_URL"), ("integreat_url", "INTEGREAT_URL"))
    }
    overrides = {name: value for name, value in overrides.items() if value is not None}
    return replace(profile, **overrides) if overrides else profile


def _stored_profile(slug: str) -> MunicipalityProfile | None:
    """The profile of the stored record, None before it is loaded (or while the database cannot answer)."""
    from .models import Municipality

    try:
        record = db.session.scalar(select(Municipality).where(Municipality.slug == slug))
    except SQLAlchemyError as error:
        logger.warning("municipality %s: record not readable (%s); using its data folder", slug, error)
        db.session.rollback()
        return None
    return None if record is None else profile_of_record(record)


def profile_of_record(record) -> MunicipalityProfile:
    """The plain profile of a ``Municipality`` record."""
    centre = to_shape(record.centre)
    return MunicipalityProfile(
        slug=record.slug,
        name=record.name,
        short_name=record.short_name,
        network_name=record.network_name,
        centre=(centre.y, centre.x),
        zoom=record.zoom,
        bounds=tuple(record.bounds),
        names=dict(record.names or {}),
        short_names=dict(record.short_names or {}),
        postcodes=tuple(record.postcodes or ()),
        address_aliases=tuple(record.address_aliases or ()),
        kita_portal_url=record.kita_portal_url or "",
        integreat_url=record.integreat_url or "",
        data_dir=record.data_dir,
        reference_files=dict(record.reference_files.get("reference", {})),
        data_files=dict(record.reference_files.get("data", {})),
        sources=tuple(record.sources or ()),
    )


def read_profile(folder: Path) -> MunicipalityProfile:
    """Read ``municipality.toml`` of a data folder; a missing or malformed field is a DataFileError."""
    path = folder / PROFILE_FILE
    if not path.is_file():
        raise DataFileError(path, "whole file", "(file)", "no such file")
    data = read_toml(path)
    top, view = Record(path, "top level", data), Record(path, "[map]", data.get("map", {}))
    portals = data.get("portals", {})
    return MunicipalityProfile(
        slug=top.text("slug"),
        name=top.text("name"),
        short_name=top.text("short_name"),
        network_name=top.text("network_name"),
        centre=_numbers(view, "centre", 2),
        zoom=view.integer("zoom"),
        bounds=_numbers(view, "bounds", 4),
        names=_texts(path, data, "names"),
        short_names=_texts(path, data, "short_names"),
        postcodes=tuple(data.get("geocoding", {}).get("postcodes", ())),
        address_aliases=tuple(data.get("geocoding", {}).get("aliases", ())),
        kita_portal_url=portals.get("kita", ""),
        integreat_url=portals.get("integreat", ""),
        data_dir=folder.name,
        reference_files=_texts(path, data, "reference_files"),
        data_files=_texts(path, data, "data_files"),
        sources=tuple(data.get("sources", ())),
    )


def _numbers(record: Record, name: str, count: int) -> tuple[float, ...]:
    values = record.values.get(name)
    if (
        not isinstance(values, list)
        or len(values) != count
        or not all(isinstance(value, int | float) for value in values)
    ):
        raise record.fail(name, f"expected a list of {count} numbers, got {values!r}")
    return tuple(float(value) for value in values)


def _texts(path: Path, data: dict, table: str) -> dict[str, str]:
    values = data.get(table, {})
    if not isinstance(values, dict) or not all(isinstance(value, str) for value in values.values()):
        raise DataFileError(path, f"[{table}]", "(table)", "expected names with text values")
    return dict(values)
