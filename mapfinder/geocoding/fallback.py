"""Where a reader's address lies roughly, when the geocoder cannot place it exactly (for "near" searches only).

Offline knowledge, most precise first: a known point on the same street (the places the app has), then the
postcode area's centre (the municipality's ``postcodes`` reference file), then a district or quarter named in the
query. Each answer says how far off it may be, so the map can draw the uncertainty. When nothing matches, street
names similar to the query (pg_trgm) are suggested. Places never use this: it is too coarse for a district.
"""

import json
import logging
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from shapely.geometry import shape
from sqlalchemy import func, select

from ..extensions import db
from ..models import District, Place
from ..municipality import MunicipalityProfile
from .normalise import clean_text

logger = logging.getLogger(__name__)
STREET_UNCERTAINTY_M = 400  # a street in a city is rarely longer; the known point may sit at either end
DISTRICT_UNCERTAINTY_M = 1500
SIMILARITY = 0.3  # pg_trgm's default threshold
_POSTCODE = re.compile(r"\b(\d{5})\b")
_NUMBER_TAIL = r"\s+\d+\s*[a-zA-Z]?(\s*[-/]\s*\d+\s*[a-zA-Z]?)?\s*$"


@dataclass(frozen=True)
class ApproximatePoint:
    """A rough position: what it is (``street``, ``postcode`` or ``district``), its name, and how far off it may be."""

    lat: float
    lon: float
    kind: str
    name: str
    uncertainty_m: int


def approximate_point(query: str, municipality: MunicipalityProfile, reference_dir: Path) -> ApproximatePoint | None:
    """The roughest-acceptable position for ``query``: its street, else its postcode area, else a named district."""
    return (
        _on_known_street(query)
        or _postcode_centre(query, municipality, reference_dir)
        or _district_centre(query, municipality)
    )


def street_part(query: str) -> str:
    """The street as typed: the first comma-separated part without postcode and house number ("Kaiserstr. 1")."""
    first = _POSTCODE.sub("", query.split(",")[0])
    return re.sub(_NUMBER_TAIL, "", first).strip()


def street_name_sql():
    """A place's street without its house number, in SQL (``Aktienstraße 45`` → ``Aktienstraße``)."""
    return func.regexp_replace(Place.street, _NUMBER_TAIL, "")


def _on_known_street(query: str) -> ApproximatePoint | None:
    asked = clean_text(street_part(query))
    if not asked or asked.isdigit():
        return None
    name = street_name_sql().label("name")
    rows = db.session.execute(
        select(name, func.ST_X(Place.geom).label("lon"), func.ST_Y(Place.geom).label("lat"))
        .where(Place.geom.is_not(None), Place.street.is_not(None))
        .order_by(Place.id)
    )
    for row in rows:
        if clean_text(row.name) == asked:
            return ApproximatePoint(row.lat, row.lon, "street", row.name, STREET_UNCERTAINTY_M)
    return None


def _postcode_centre(query: str, municipality: MunicipalityProfile, reference_dir: Path) -> ApproximatePoint | None:
    match = _POSTCODE.search(query)
    file_name = municipality.reference_files.get("postcodes")
    if not match or not file_name:
        return None
    area = postcode_areas(str(reference_dir / file_name)).get(match.group(1))
    if area is None:
        return None
    lon, lat, radius = area
    return ApproximatePoint(lat, lon, "postcode", match.group(1), radius)


@lru_cache(maxsize=4)
def postcode_areas(path: str) -> dict[str, tuple[float, float, int]]:
    """Postcode → (lon, lat of a point inside the area, radius in metres of a circle of the same area)."""
    try:
        features = json.loads(Path(path).read_text(encoding="utf-8"))["features"]
    except (OSError, ValueError, KeyError) as error:
        logger.warning("postcode areas %s unreadable: %s", path, error)
        return {}
    areas = {}
    for feature in features:
        geometry = shape(feature["geometry"])
        point = geometry.representative_point()
        km2 = feature["properties"].get("area_km2_approx") or 1.0
        areas[str(feature["properties"]["plz"])] = (point.x, point.y, int(math.sqrt(km2 / math.pi) * 1000))
    return areas


def _district_centre(query: str, municipality: MunicipalityProfile) -> ApproximatePoint | None:
    asked = clean_text(_POSTCODE.sub("", query.split(",")[0]))
    if not asked:
        return None
    point = func.ST_PointOnSurface(District.geom)
    rows = db.session.execute(
        select(District.name, func.ST_X(point).label("lon"), func.ST_Y(point).label("lat")).order_by(District.id)
    )
    for row in rows:
        if clean_text(row.name) == asked:
            return ApproximatePoint(row.lat, row.lon, "district", row.name, DISTRICT_UNCERTAINTY_M)
    return None


def similar_streets(query: str, *, limit: int = 5) -> list[str]:
    """Known street names that look like the one typed (trigram similarity), the most similar first."""
    asked = street_part(query)
    if len(asked) < 3:
        return []
    name = street_name_sql()
    similarity = func.similarity(func.lower(name), asked.lower())
    statement = (
        select(name.label("name"), func.max(similarity).label("score"))
        .where(Place.geom.is_not(None), Place.street.is_not(None), similarity >= SIMILARITY)
        .group_by(name)
        .order_by(func.max(similarity).desc(), name)
        .limit(limit)
    )
    return [row.name for row in db.session.execute(statement)]
