"""District service: which district a point lies in, at every level, and the districts as shapes."""

import logging

from geoalchemy2.shape import to_shape
from sqlalchemy import select, text

from ..extensions import db
from ..geo import as_multipolygon
from ..models import District, DistrictLevel
from .boundaries import DistrictShape

logger = logging.getLogger(__name__)

_LEVEL_COLUMNS = {
    DistrictLevel.BEZIRK: "bezirk_id",
    DistrictLevel.STADTTEIL: "stadtteil_id",
    DistrictLevel.QUARTER: "quarter_id",
}
# ST_Covers keeps a point on a shared edge inside; ORDER BY id picks one district deterministically.
_ASSIGN_SQL = """
UPDATE places SET {column} = (
    SELECT d.id FROM districts d
    WHERE d.level = :level AND places.geom IS NOT NULL AND ST_Covers(d.geom, places.geom)
    ORDER BY d.id LIMIT 1)
{where}
"""


def assign_places_to_districts(place_ids: list[int] | None = None) -> None:
    """Set each place's Bezirk, Stadtteil and quarter from its point (all places, or the given ones)."""
    where = "WHERE places.id = ANY(:ids)" if place_ids is not None else ""
    for level, column in _LEVEL_COLUMNS.items():
        params = {"level": level.value, "ids": place_ids} if place_ids is not None else {"level": level.value}
        db.session.execute(text(_ASSIGN_SQL.format(column=column, where=where)), params)
    logger.info("assigned %s places to districts", "all" if place_ids is None else len(place_ids))


def district_shapes() -> list[DistrictShape]:
    """Every district as a plain shapely record, parents named by slug."""
    parents = {district.id: district.slug for district in db.session.scalars(select(District))}
    return [
        DistrictShape(
            slug=district.slug,
            name=district.name,
            level=district.level.value,
            parent_slug=parents.get(district.parent_id),
            geometry=as_multipolygon(to_shape(district.geom)),
        )
        for district in db.session.scalars(select(District).order_by(District.level, District.slug))
    ]
