"""Writes district polygons (derived or official) into the database and keeps parents consistent."""

import logging
from pathlib import Path

from geoalchemy2.shape import from_shape
from sqlalchemy import delete, select

from ..extensions import db
from ..models import District, DistrictLevel
from .boundaries import DistrictShape, derive_districts, read_city_limit, read_labelled_schools, read_seeds

logger = logging.getLogger(__name__)
DERIVED_SOURCE = "derived (Voronoi of documented seed points, clipped to the city limit {file}); approximate"


def load_derived_districts(city_limit_file: Path, seeds_file: Path, schools_file: Path) -> int:
    """Derive approximate districts and store them, unless official boundaries were imported before."""
    if db.session.scalar(select(District.id).where(District.approximate.is_(False)).limit(1)):
        logger.info("districts: official boundaries present, derived ones not loaded")
        return 0
    shapes = derive_districts(
        read_city_limit(city_limit_file), read_seeds(seeds_file), read_labelled_schools(schools_file)
    )
    store_district_shapes(shapes, approximate=True, source=DERIVED_SOURCE.format(file=city_limit_file.name))
    db.session.execute(delete(District).where(District.slug.not_in([shape.slug for shape in shapes])))
    return len(shapes)


def store_district_shapes(shapes: list[DistrictShape], *, approximate: bool, source: str) -> list[District]:
    """Upsert districts by slug, then link each to its parent by slug."""
    existing = {district.slug: district for district in db.session.scalars(select(District))}
    stored = []
    for shape in shapes:
        district = existing.get(shape.slug) or District(slug=shape.slug)
        district.name, district.level = shape.name, DistrictLevel(shape.level)
        district.geom = from_shape(shape.geometry, srid=4326)
        district.approximate, district.source = approximate, source
        db.session.add(district)
        existing[shape.slug] = district
        stored.append(district)
    db.session.flush()
    for shape in shapes:
        parent = existing.get(shape.parent_slug) if shape.parent_slug else None
        existing[shape.slug].parent_id = parent.id if parent else None
    db.session.flush()
    return stored
