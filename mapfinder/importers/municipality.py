"""Stores the municipality record from its data folder and gives it the content that has none yet."""

import logging
from pathlib import Path

from geoalchemy2.shape import from_shape
from shapely.geometry import MultiPolygon, Point
from sqlalchemy import select, update

from ..districts.boundaries import read_city_limit
from ..extensions import db
from ..models import District, Municipality, Network, Offer, Organization, Place
from ..municipality import MUNICIPALITIES_FOLDER, MunicipalityProfile, forget_current_municipality
from .records import DataFileError

logger = logging.getLogger(__name__)
CONTENT_MODELS = (Organization, Place, Offer, District, Network)


def load_municipality(profile: MunicipalityProfile, reference_dir: Path) -> Municipality:
    """Upsert the record by slug (with the city limit as its outline) and assign it every unassigned row."""
    record = db.session.scalar(select(Municipality).where(Municipality.slug == profile.slug))
    record = record or Municipality(slug=profile.slug)
    _copy_profile(record, profile)
    record.outline = _outline(profile, reference_dir)
    db.session.add(record)
    db.session.flush()
    claimed = claim_unassigned_content(record)
    forget_current_municipality()
    logger.info("municipality %s stored; %d rows assigned to it", profile.slug, claimed)
    return record


def _copy_profile(record: Municipality, profile: MunicipalityProfile) -> None:
    for name in ("name", "short_name", "network_name", "zoom", "names", "short_names", "data_dir"):
        setattr(record, name, getattr(profile, name))
    lat, lon = profile.centre
    record.centre = from_shape(Point(lon, lat), srid=4326)
    record.bounds = list(profile.bounds)
    record.postcodes, record.address_aliases = list(profile.postcodes), list(profile.address_aliases)
    record.kita_portal_url, record.integreat_url = profile.kita_portal_url or None, profile.integreat_url or None
    record.reference_files = {"reference": profile.reference_files, "data": profile.data_files}
    record.sources = [dict(source) for source in profile.sources]


def _outline(profile: MunicipalityProfile, reference_dir: Path):
    name = profile.reference_files.get("city_limit")
    if not name:
        return None
    limit = read_city_limit(reference_dir / name)
    return from_shape(limit if isinstance(limit, MultiPolygon) else MultiPolygon([limit]), srid=4326)


def claim_unassigned_content(record: Municipality) -> int:
    """Rows written before the record existed (or while several existed) belong to this municipality."""
    claimed = 0
    for model in CONTENT_MODELS:
        result = db.session.execute(
            update(model)
            .where(model.municipality_id.is_(None))
            .values(municipality_id=record.id)
            .execution_options(synchronize_session=False)
        )
        claimed += result.rowcount or 0
    return claimed


def reference_file(profile: MunicipalityProfile, kind: str, reference_dir: Path) -> Path:
    """The reference file of a kind (``city_limit``, ``schools``, …) named in the municipality's data folder."""
    name = profile.reference_files.get(kind)
    if not name:
        raise DataFileError(Path(profile.data_dir) / "municipality.toml", "[reference_files]", kind, "missing")
    return reference_dir / name


def data_file(profile: MunicipalityProfile, kind: str, geodata_dir: Path) -> Path:
    """A project data file of the municipality (``district_seeds``, ``institutions``, …), relative to its folder."""
    name = profile.data_files.get(kind)
    if not name:
        raise DataFileError(Path(profile.data_dir) / "municipality.toml", "[data_files]", kind, "missing")
    return (geodata_dir / MUNICIPALITIES_FOLDER / profile.data_dir / name).resolve()
