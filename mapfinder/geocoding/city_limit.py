"""The city limit as the geocoder sees it: the municipality's outline, or the union of its Stadtbezirk polygons."""

from sqlalchemy import text

from ..extensions import db
from ..models import DistrictLevel
from .providers import BBox

# The municipality's outline (its city limit file) where it has one, else the union of the Stadtbezirke; EXISTS over
# the Bezirke equals ST_Covers on their union, without building the union on every call.
_INSIDE_SQL = text(
    "SELECT CASE WHEN m.outline IS NOT NULL THEN ST_Covers(m.outline, p.point) "
    "ELSE EXISTS (SELECT 1 FROM districts WHERE level = :level AND ST_Covers(geom, p.point)) END "
    "FROM (SELECT ST_SetSRID(ST_MakePoint(:lon, :lat), 4326) AS point) AS p "
    "LEFT JOIN municipalities AS m ON m.slug = :slug"
)
_EXTENT_SQL = text(
    "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT COALESCE("
    "(SELECT Box2D(outline) FROM municipalities WHERE slug = :slug), "
    "(SELECT ST_Extent(geom) FROM districts WHERE level = :level)) AS e) AS extent"
)


def is_inside_city(lon: float, lat: float, slug: str) -> bool:
    """Whether the point lies in the municipality (on the limit counts as inside)."""
    params = {"level": DistrictLevel.BEZIRK.value, "lon": lon, "lat": lat, "slug": slug}
    return bool(db.session.execute(_INSIDE_SQL, params).scalar())


def city_bbox(slug: str) -> BBox | None:
    """West, south, east, north of the municipality, or None before its outline or districts are loaded."""
    row = db.session.execute(_EXTENT_SQL, {"level": DistrictLevel.BEZIRK.value, "slug": slug}).one()
    return None if row[0] is None else (row[0], row[1], row[2], row[3])
