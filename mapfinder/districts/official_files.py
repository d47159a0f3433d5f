"""Imports official district boundaries (GeoJSON or Shapefile) in place of the derived ones."""

import json
import logging
from pathlib import Path

import shapefile
from shapely import make_valid
from shapely import wkb as shapely_wkb
from shapely.geometry import shape
from sqlalchemy import delete, func, select, text

from ..extensions import db
from ..geo import WGS84, as_multipolygon
from ..importers.records import DataFileError
from ..models import District, DistrictLevel
from ..slugs import slugify
from . import assign_places_to_districts
from .boundaries import DistrictShape
from .derived import store_district_shapes

logger = logging.getLogger(__name__)
_PARENT_LEVEL = {"stadtteil": "bezirk", "quarter": "stadtteil"}
# The parent is the district of the level above that holds a point surely inside the child.
_PARENT_SQL = """
UPDATE districts child SET parent_id = (
    SELECT parent.id FROM districts parent
    WHERE parent.level = :parent_level AND ST_Covers(parent.geom, ST_PointOnSurface(child.geom))
    ORDER BY parent.id LIMIT 1)
WHERE child.level = :child_level
"""


def import_district_file(path: Path, *, level: str, name_field: str, srid: int | None) -> int:
    """Replace the districts of ``level`` with the file's polygons, re-link parents, re-assign places."""
    features = _read_features(path)
    if not features:
        raise DataFileError(path, "whole file", "features", "the file holds no feature")
    source_srid = srid or _file_srid(path)
    shapes = [
        _feature_shape(path, index, props, geometry, level, name_field, source_srid)
        for index, (props, geometry) in enumerate(features, start=1)
    ]
    _refuse_duplicates(path, shapes, name_field)
    store_district_shapes(shapes, approximate=False, source=f"official file {path.name}")
    db.session.execute(
        delete(District).where(District.level == DistrictLevel(level), District.slug.not_in([s.slug for s in shapes]))
    )
    _relink_parents(level)
    assign_places_to_districts()
    return len(shapes)


def _read_features(path: Path) -> list[tuple[dict, dict]]:
    if path.suffix.lower() == ".shp":
        with shapefile.Reader(str(path)) as reader:
            return [
                (record.as_dict(), geometry.__geo_interface__)
                for record, geometry in zip(reader.records(), reader.shapes())
            ]
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataFileError(path, "whole file", "(file)", f"not GeoJSON: {error}") from error
    return [(feature.get("properties") or {}, feature.get("geometry")) for feature in collection.get("features", [])]


def _file_srid(path: Path) -> int:
    """EPSG code from a Shapefile's .prj or a GeoJSON's legacy ``crs`` member; WGS84 by default."""
    prj = path.with_suffix(".prj")
    if path.suffix.lower() == ".shp" and prj.exists():
        wkt = prj.read_text(errors="replace").upper()
        if "UTM" in wkt and "32N" in wkt.replace(" ", "").replace("_", ""):
            return 25832
        if "UTM" in wkt:
            raise DataFileError(path, "whole file", "(crs)", "unsupported projection; pass --srid")
    if path.suffix.lower() != ".shp":
        crs = (json.loads(path.read_text(encoding="utf-8")).get("crs") or {}).get("properties", {}).get("name", "")
        if crs and crs.split(":")[-1].isdigit():
            return int(crs.split(":")[-1])
    return WGS84


def _feature_shape(path, index, props, geometry, level, name_field, srid) -> DistrictShape:
    name = str(props.get(name_field) or "").strip()
    if not name:
        raise DataFileError(path, f"feature {index}", name_field, "missing")
    if not geometry or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
        raise DataFileError(path, f"feature {index}", "geometry", "not a polygon")
    try:
        polygon = make_valid(shape(geometry))
    except (ValueError, TypeError, AttributeError) as error:
        raise DataFileError(path, f"feature {index}", "geometry", f"unreadable: {error}") from error
    if polygon.is_empty:
        raise DataFileError(path, f"feature {index}", "geometry", "empty")
    return DistrictShape(slugify(name), name, level, None, as_multipolygon(_to_wgs84(polygon, srid)))


def _to_wgs84(polygon, srid: int):
    if srid == WGS84:
        return polygon
    wkb = db.session.scalar(
        select(func.ST_AsBinary(func.ST_Transform(func.ST_SetSRID(func.ST_GeomFromWKB(polygon.wkb), srid), WGS84)))
    )
    return shapely_wkb.loads(bytes(wkb))


def _refuse_duplicates(path: Path, shapes: list[DistrictShape], name_field: str) -> None:
    slugs = [item.slug for item in shapes]
    for index, slug in enumerate(slugs, start=1):
        if slugs.count(slug) > 1:
            raise DataFileError(
                path, f"feature {index}", name_field, f"duplicate district name {shapes[index - 1].name!r}"
            )
    clash = sorted(
        db.session.scalars(
            select(District.slug).where(District.slug.in_(slugs), District.level != DistrictLevel(shapes[0].level))
        )
    )
    if clash:
        raise DataFileError(
            path, f"feature {slugs.index(clash[0]) + 1}", name_field, f"{clash[0]!r} names a district of another level"
        )


def _relink_parents(level: str) -> None:
    for child_level, parent_level in _PARENT_LEVEL.items():
        if level in (child_level, parent_level):
            db.session.execute(text(_PARENT_SQL), {"parent_level": parent_level, "child_level": child_level})
    db.session.flush()
