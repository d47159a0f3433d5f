"""Approximate district polygons (Stadtbezirk → Stadtteil → quarter) derived from the city limit and seed points.

No official district polygons are available offline, so the quarters are built as one partition of the city limit
(a Voronoi tessellation of labelled seed points, computed in a local metric frame) and dissolved upwards: quarters →
Stadtteile → Stadtbezirke. Tiling and nesting are therefore exact by construction. Pure module: no Flask, no database.
"""

from __future__ import annotations

import csv
import json
import logging
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry import MultiPoint, MultiPolygon, Point, Polygon, shape

from mapfinder.slugs import slugify

logger = logging.getLogger(__name__)

LEVELS = ("bezirk", "stadtteil", "quarter")
SEED_FIELDS = ("quarter", "stadtteil", "stadtbezirk", "lon", "lat")
SCHOOL_FIELDS = ("name", "lon", "lat", "stadtteil_osm", "quartier_osm")

# Local equirectangular frame centred on Mülheim: metres east / north of the origin, using the WGS84 ellipsoid's
# radii of curvature there. Distances in it are within ~0.3 % of geodesic ones across the city, unlike raw degrees
# (a degree east is only ~0.62 of a degree north at 51.4° N).
_ORIGIN = (6.88, 51.43)
_WGS84_A = 6_378_137.0
_WGS84_E2 = 6.694_379_990_14e-3
_VORONOI_MARGIN_M = 5_000.0
_MIN_PART_M2 = 1.0  # polygon parts smaller than this are floating-point debris, not territory


@dataclass(frozen=True)
class Seed:
    """A labelled quarter centre point (EPSG:4326) that the tessellation grows a quarter from."""

    quarter: str
    stadtteil: str
    stadtbezirk: str
    lon: float
    lat: float


@dataclass(frozen=True)
class DistrictShape:
    """One derived district polygon of one level, with its parent's slug (None for a Stadtbezirk)."""

    slug: str
    name: str
    level: str
    parent_slug: str | None
    geometry: MultiPolygon  # EPSG:4326


@dataclass(frozen=True)
class LabelledPoint:
    """A point whose Stadtteil (and maybe quarter) is known from elsewhere, e.g. a school labelled by OSM."""

    name: str
    lon: float
    lat: float
    stadtteil: str
    quarter: str  # may be ""


@dataclass(frozen=True)
class Agreement:
    """How many labelled points fall in the Stadtteil their label names, and which ones do not."""

    matched: int
    total: int
    mismatches: tuple[str, ...]  # "school name: expected X, got Y"

    @property
    def share(self) -> float:
        """Share of matched points; 1.0 for no points so an empty check does not fail."""
        return self.matched / self.total if self.total else 1.0


@dataclass(frozen=True)
class _Site:
    """A generator point of the tessellation: a seed or a labelled point, resolved to its quarter."""

    lon: float
    lat: float
    quarter: str


@dataclass(frozen=True)
class _Hierarchy:
    """Parent names: quarter → Stadtteil and Stadtteil → Stadtbezirk."""

    stadtteil_of: dict[str, str]
    bezirk_of: dict[str, str]


# --- reading inputs ---------------------------------------------------------------------------------------------


def read_city_limit(path) -> Polygon | MultiPolygon:
    """Read the city limit from a GeoJSON file (FeatureCollection, Feature or bare geometry) as one valid area."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    features = data.get("features") or [data]
    geometries = [shape(feature.get("geometry", feature)) for feature in features]
    limit = shapely.make_valid(shapely.union_all(geometries))
    if limit.is_empty or limit.geom_type not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"{path}: no polygonal city limit found")
    return limit


def read_seeds(path) -> list[Seed]:
    """Read the documented quarter seeds; bad rows raise ValueError naming file, line and field."""
    rows = _read_csv_rows(path, SEED_FIELDS)
    return [_seed_from_row(path, line, row) for line, row in rows]


def read_labelled_schools(path) -> list[LabelledPoint]:
    """Read schools with their OSM Stadtteil/quarter as labelled points; rows without a Stadtteil are skipped."""
    rows = _read_csv_rows(path, SCHOOL_FIELDS)
    labelled = [_school_from_row(path, line, row) for line, row in rows if (row.get("stadtteil_osm") or "").strip()]
    logger.info("read %d labelled schools from %s", len(labelled), path)
    return labelled


def _read_csv_rows(path, required: tuple[str, ...]) -> list[tuple[int, dict]]:
    """Return (line number, row) pairs of a UTF-8 CSV after checking that the header has every required field."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [field for field in required if field not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path}: line 1: missing field(s) {', '.join(missing)} in the header")
        return [(reader.line_num, row) for row in reader]


def _seed_from_row(path, line: int, row: dict) -> Seed:
    """Build one Seed from a CSV row, naming the line and field of the first problem."""
    names = [_text_field(path, line, row, field) for field in SEED_FIELDS[:3]]
    lon, lat = _lon_lat(path, line, row)
    return Seed(*names, lon=lon, lat=lat)


def _school_from_row(path, line: int, row: dict) -> LabelledPoint:
    """Build one LabelledPoint from a school row, naming the line and field of the first problem."""
    name = _text_field(path, line, row, "name")
    lon, lat = _lon_lat(path, line, row)
    quarter = (row.get("quartier_osm") or "").strip()
    return LabelledPoint(name, lon, lat, _text_field(path, line, row, "stadtteil_osm"), quarter)


def _text_field(path, line: int, row: dict, field: str) -> str:
    """Return a required, non-empty text field of a CSV row."""
    value = (row.get(field) or "").strip()
    if not value:
        raise ValueError(f"{path}: line {line}: field '{field}' is missing or empty")
    return value


def _lon_lat(path, line: int, row: dict) -> tuple[float, float]:
    """Return the row's lon/lat as finite numbers within the WGS84 range."""
    lon = _number_field(path, line, row, "lon", 180.0)
    return lon, _number_field(path, line, row, "lat", 90.0)


def _number_field(path, line: int, row: dict, field: str, limit: float) -> float:
    """Return a numeric field whose absolute value is at most limit."""
    text = _text_field(path, line, row, field)
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{path}: line {line}: field '{field}' is not a number: {text!r}") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise ValueError(f"{path}: line {line}: field '{field}' is out of range: {text!r}")
    return value


# --- metric frame -----------------------------------------------------------------------------------------------


def _to_metric(geometry):
    """Project lon/lat to the local metric frame (metres east/north of the origin)."""
    return shapely.transform(geometry, lambda xy: (xy - _ORIGIN) * _SCALE)


def _to_degrees(geometry):
    """Project the local metric frame back to lon/lat."""
    return shapely.transform(geometry, lambda xy: xy / _SCALE + _ORIGIN)


def _metres_per_degree(lat: float) -> tuple[float, float]:
    """Metres per degree east and north at a latitude on the WGS84 ellipsoid."""
    phi = math.radians(lat)
    w = math.sqrt(1 - _WGS84_E2 * math.sin(phi) ** 2)
    east = _WGS84_A / w * math.cos(phi)
    north = _WGS84_A * (1 - _WGS84_E2) / w**3
    return east * math.pi / 180, north * math.pi / 180


_SCALE = _metres_per_degree(_ORIGIN[1])


def metric_area_km2(geometry) -> float:
    """Area in km² via an equirectangular projection at the geometry's own latitude (~0.1 % of geodesic here)."""
    if geometry.is_empty:
        return 0.0
    scale = _metres_per_degree(geometry.centroid.y)
    return shapely.transform(geometry, lambda xy: xy * scale).area / 1e6


def _metric_xy(lon: float, lat: float) -> tuple[float, float]:
    """Project one lon/lat pair to the local metric frame."""
    return (lon - _ORIGIN[0]) * _SCALE[0], (lat - _ORIGIN[1]) * _SCALE[1]


# --- hierarchy and generator sites --------------------------------------------------------------------------------


def _hierarchy(seeds: list[Seed]) -> _Hierarchy:
    """Collect quarter → Stadtteil → Bezirk from the seeds, rejecting contradictions and clashing slugs."""
    stadtteil_of: dict[str, str] = {}
    bezirk_of: dict[str, str] = {}
    for seed in seeds:
        _set_parent(stadtteil_of, seed.quarter, seed.stadtteil)
        _set_parent(bezirk_of, seed.stadtteil, seed.stadtbezirk)
    hierarchy = _Hierarchy(stadtteil_of, bezirk_of)
    _check_unique_slugs(hierarchy)
    return hierarchy


def _set_parent(parents: dict[str, str], child: str, parent: str) -> None:
    """Record child → parent, raising if the child was given another parent before."""
    if parents.setdefault(child, parent) != parent:
        raise ValueError(f"{child!r} is placed in both {parents[child]!r} and {parent!r}")


def _check_unique_slugs(hierarchy: _Hierarchy) -> None:
    """Raise if two names of any levels share a slug (URLs address districts by slug alone)."""
    named = {("quarter", name) for name in hierarchy.stadtteil_of}
    named |= {("stadtteil", name) for name in hierarchy.bezirk_of}
    named |= {("bezirk", name) for name in hierarchy.bezirk_of.values()}
    by_slug: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for level, name in sorted(named):
        by_slug[slugify(name)].append((level, name))
    clashes = {slug: found for slug, found in by_slug.items() if len(found) > 1}
    if clashes:
        raise ValueError(f"district names share a slug: {clashes}")


def _sites(seeds: list[Seed], labelled, hierarchy: _Hierarchy) -> list[_Site]:
    """Return the generator sites (seeds plus resolved labelled points), sorted and deduplicated by coordinate."""
    sites = [_Site(seed.lon, seed.lat, seed.quarter) for seed in seeds]
    sites += [site for point in labelled if (site := _labelled_site(point, seeds, hierarchy))]
    return _deduplicate(sorted(sites, key=lambda site: (site.lon, site.lat, site.quarter)))


def _labelled_site(point: LabelledPoint, seeds: list[Seed], hierarchy: _Hierarchy) -> _Site | None:
    """Resolve a labelled point to a quarter: its own if consistent, else the nearest seed of its Stadtteil."""
    if point.stadtteil not in hierarchy.bezirk_of:
        logger.warning("ignoring %s: unknown Stadtteil %r", point.name, point.stadtteil)
        return None
    if hierarchy.stadtteil_of.get(point.quarter) == point.stadtteil:
        return _Site(point.lon, point.lat, point.quarter)
    if point.quarter and point.quarter not in hierarchy.stadtteil_of:
        logger.warning(
            "%s: quarter %r has no seed; using the nearest quarter of %s", point.name, point.quarter, point.stadtteil
        )
    return _Site(point.lon, point.lat, _nearest_quarter(point, seeds))


def _nearest_quarter(point: LabelledPoint, seeds: list[Seed]) -> str:
    """Return the quarter of the seed of the point's Stadtteil nearest to the point (metric distance)."""
    x, y = _metric_xy(point.lon, point.lat)
    candidates = [seed for seed in seeds if seed.stadtteil == point.stadtteil]
    nearest = min(candidates, key=lambda seed: (math.dist((x, y), _metric_xy(seed.lon, seed.lat)), seed.quarter))
    return nearest.quarter


def _deduplicate(sites: list[_Site]) -> list[_Site]:
    """Keep the first site per coordinate (a Voronoi needs distinct points); warn when their labels differ."""
    kept: dict[tuple[float, float], _Site] = {}
    for site in sites:
        first = kept.setdefault((site.lon, site.lat), site)
        if first.quarter != site.quarter:
            logger.warning(
                "sites at %s, %s disagree (%s vs %s); keeping %s",
                site.lon,
                site.lat,
                first.quarter,
                site.quarter,
                first.quarter,
            )
    return list(kept.values())


# --- tessellation -------------------------------------------------------------------------------------------------


def _voronoi_cells(sites: list[_Site], city_limit) -> list:
    """Return one Voronoi cell (lon/lat) per site, tessellated in the metric frame, in the order of the sites."""
    points = MultiPoint([_metric_xy(site.lon, site.lat) for site in sites])
    extent = _to_metric(city_limit).envelope.buffer(_VORONOI_MARGIN_M)
    cells = list(shapely.voronoi_polygons(points, extend_to=extent, ordered=True).geoms)
    if len(cells) != len(sites):
        raise ValueError(f"Voronoi returned {len(cells)} cells for {len(sites)} sites")
    return [_to_degrees(cell) for cell in cells]


def _quarter_geometries(sites: list[_Site], city_limit) -> dict[str, MultiPolygon]:
    """Clip each site's cell to the city limit and dissolve the cells by quarter."""
    pieces: dict[str, list] = defaultdict(list)
    for site, cell in zip(sites, _voronoi_cells(sites, city_limit)):
        pieces[site.quarter].append(shapely.intersection(cell, city_limit))
    quarters = {name: _as_multipolygon(shapely.union_all(parts)) for name, parts in sorted(pieces.items())}
    return {name: geometry for name, geometry in quarters.items() if not _is_dropped(name, geometry)}


def _is_dropped(name: str, geometry: MultiPolygon) -> bool:
    """True (with a warning) for a quarter whose seeds all lie outside the city, leaving no area."""
    if geometry.is_empty:
        logger.warning("quarter %s has no area inside the city limit; dropped", name)
    return geometry.is_empty


def _as_multipolygon(geometry) -> MultiPolygon:
    """Return the valid polygonal part of a geometry as a MultiPolygon, without floating-point debris."""
    valid = shapely.make_valid(geometry)
    polygons = [part for part in _polygons(valid) if metric_area_km2(part) * 1e6 >= _MIN_PART_M2]
    return MultiPolygon(polygons)


def _polygons(geometry) -> list[Polygon]:
    """Flatten any geometry to its Polygon parts (drops points and lines left by clipping)."""
    if geometry.geom_type == "Polygon":
        return [geometry]
    if hasattr(geometry, "geoms"):
        return [polygon for part in geometry.geoms for polygon in _polygons(part)]
    return []


# --- assembling the levels ------------------------------------------------------------------------------------------


def derive_districts(city_limit, seeds, labelled=()) -> list[DistrictShape]:
    """Derive quarters as a partition of the city, then dissolve them into Stadtteile and Bezirke (sorted by slug)."""
    seeds = sorted(seeds, key=lambda seed: (seed.quarter, seed.lon, seed.lat))
    hierarchy = _hierarchy(seeds)
    quarters = _quarter_geometries(_sites(seeds, labelled, hierarchy), city_limit)
    stadtteile = _dissolve(quarters, hierarchy.stadtteil_of)
    bezirke = _dissolve(stadtteile, hierarchy.bezirk_of)
    return (
        _shapes(bezirke, "bezirk", {})
        + _shapes(stadtteile, "stadtteil", hierarchy.bezirk_of)
        + _shapes(quarters, "quarter", hierarchy.stadtteil_of)
    )


def _dissolve(children: dict[str, MultiPolygon], parent_of: dict[str, str]) -> dict[str, MultiPolygon]:
    """Union the children's geometries per parent name."""
    grouped: dict[str, list] = defaultdict(list)
    for name, geometry in sorted(children.items()):
        grouped[parent_of[name]].append(geometry)
    return {name: _as_multipolygon(shapely.union_all(parts)) for name, parts in sorted(grouped.items())}


def _shapes(geometries: dict[str, MultiPolygon], level: str, parent_of: dict[str, str]) -> list[DistrictShape]:
    """Wrap named geometries of one level as DistrictShapes sorted by slug."""
    shapes = [
        DistrictShape(slugify(name), name, level, _parent_slug(name, parent_of), geometry)
        for name, geometry in geometries.items()
    ]
    return sorted(shapes, key=lambda district: district.slug)


def _parent_slug(name: str, parent_of: dict[str, str]) -> str | None:
    """Return the slug of a name's parent, or None at the top level."""
    parent = parent_of.get(name)
    return slugify(parent) if parent else None


# --- checks against labelled points ---------------------------------------------------------------------------------


def stadtteil_agreement(districts, labelled) -> Agreement:
    """Count labelled points lying in the Stadtteil polygon their label names (the derivation's plausibility check)."""
    stadtteile = [district for district in districts if district.level == "stadtteil"]
    mismatches = [message for point in labelled if (message := _mismatch(point, stadtteile))]
    return Agreement(len(labelled) - len(mismatches), len(labelled), tuple(mismatches))


def _mismatch(point: LabelledPoint, stadtteile: list[DistrictShape]) -> str | None:
    """Describe where a labelled point fell if that is not its labelled Stadtteil, else None."""
    location = Point(point.lon, point.lat)
    found = next((district.name for district in stadtteile if district.geometry.covers(location)), "none")
    if slugify(found) == slugify(point.stadtteil):
        return None
    return f"{point.name}: expected {point.stadtteil}, got {found}"


def leave_one_out_agreement(city_limit, seeds, labelled) -> Agreement:
    """Check each labelled point against districts derived without it (and its coordinate twins): the honest figure."""
    labelled = list(labelled)
    mismatches = [message for point in labelled if (message := _held_out_mismatch(city_limit, seeds, labelled, point))]
    return Agreement(len(labelled) - len(mismatches), len(labelled), tuple(mismatches))


def _held_out_mismatch(city_limit, seeds, labelled: list[LabelledPoint], point: LabelledPoint) -> str | None:
    """Derive without every labelled point at this point's coordinates and report a mismatch for it, if any."""
    others = [other for other in labelled if (other.lon, other.lat) != (point.lon, point.lat)]
    stadtteile = [d for d in derive_districts(city_limit, seeds, others) if d.level == "stadtteil"]
    return _mismatch(point, stadtteile)
