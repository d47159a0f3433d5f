"""The city limit as the geocoder sees it: the union of the Stadtbezirk polygons in the districts table."""
from sqlalchemy import text

from ..extensions import db
from ..models import DistrictLevel
from .providers import BBox

# EXISTS over the Bezirke equals ST_Covers on their union, without building the union on every call.
_INSIDE_SQL = text(
    "SELECT EXISTS (SELECT 1 FROM districts WHERE level = :level "
    "AND ST_Covers(geom, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)))"
)
_EXTENT_SQL = text(
    "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
    "FROM (SELECT ST_Extent(geom) AS e FROM districts WHERE level = :level) AS extent"
)


def is_inside_city(lon: float, lat: float) -> bool:
    """Whether the point lies in the city (on the limit counts as inside)."""
    params = {"level": DistrictLevel.BEZIRK.value, "lon": lon, "lat": lat}
    return bool(db.session.execute(_INSIDE_SQL, params).scalar())


def city_bbox() -> BBox | None:
    """West, south, east, north of the city, or None before the districts are loaded."""
    row = db.session.execute(_EXTENT_SQL, {"level": DistrictLevel.BEZIRK.value}).one()
    return None if row[0] is None else (row[0], row[1], row[2], row[3])
