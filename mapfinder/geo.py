"""Pure geographic helpers: reference systems and conversions shared by services (no database, no Flask)."""

from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

WGS84 = 4326
# ETRS89 / UTM zone 32N: Germany's official metric reference system; areas and distances in metres use it.
UTM32 = 25832


def as_multipolygon(geometry: BaseGeometry) -> MultiPolygon:
    """Return the polygonal part of a geometry as a MultiPolygon (a column of type MULTIPOLYGON wants one)."""
    if isinstance(geometry, MultiPolygon):
        return geometry
    if isinstance(geometry, Polygon):
        return MultiPolygon([geometry])
    polygons = [part for part in getattr(geometry, "geoms", []) if isinstance(part, (Polygon, MultiPolygon))]
    flat = [p for part in polygons for p in (part.geoms if isinstance(part, MultiPolygon) else [part])]
    if not flat:
        raise ValueError(f"no polygon in a {geometry.geom_type}")
    return MultiPolygon(flat)
