"""Gap analysis for planners: offers of a life phase against the people who need them, per district.

Every indicator is computed in PostGIS in one statement (``_GAPS_SQL``); the ranking score is a transparent formula
over those indicators (``gap_score``). Tables are cached per data version (``data_version``, bumped by triggers).
The method is documented in docs/planning-method.md and on the /planning page.
"""

import csv
import io
import json
import logging
import math
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import datetime

from sqlalchemy import func, select, text

from .extensions import db
from .geo import UTM32
from .i18n import _l
from .models import Category, DataVersion, DistrictLevel, LifePhase, Offer
from .parameters import ParameterError
from .search import visible_offer, visible_search_sql

logger = logging.getLogger(__name__)

DEFAULT_LEVEL = DistrictLevel.STADTTEIL.value
DEFAULT_PHASE = "fruehe-kindheit"
DEFAULT_WALK_M = 800
# A few steps only: each distance is a buffer union of every site (0.7–2.8 s), so the cache must be able to hold them.
WALK_STEPS_M = (300, 500, 800, 1000, 1500)
# The open band "65-" is spread over the years 65…99 (35 years); only phases reaching past 65 touch it.
OPEN_BAND_END = 99
# A buffer is a polygon of 32 corners (8 per quarter circle), its radius stretched by 0.32 % so that its area is the
# true circle's (a regular n-gon of circumradius r covers n/2 · r² · sin(2π/n)). Twice the corners would cost the
# union of 14,000 sites at 100,000 offers twice the time (0.97 s instead of 0.53 s) for no better shares.
BUFFER_QUAD_SEGMENTS = 8
BUFFER_SEGMENTS = f"quad_segs={BUFFER_QUAD_SEGMENTS}"
_CORNERS = 4 * BUFFER_QUAD_SEGMENTS
BUFFER_AREA_SCALE = math.sqrt(math.pi / (_CORNERS / 2 * math.sin(2 * math.pi / _CORNERS)))
CACHE_SIZE = 512
# Stamped by the data-version trigger on every write statement, local to the writing transaction.
_LOCAL_STAMP = "mapfinder.data_changed_at"
_LEVEL_COLUMNS = {"bezirk": "bezirk_id", "stadtteil": "stadtteil_id", "quarter": "quarter_id"}

_GAPS_SQL = """
-- The listings' read model holds each visible offer at each of its places, with its codes and districts.
WITH offer_sites AS MATERIALIZED (
    SELECT DISTINCT offer_search.offer_id, offer_search.{column} AS district_id, offer_search.geom
    FROM offer_search
    WHERE offer_search.phases @> ARRAY[CAST(:phase AS varchar(40))]
      AND (CAST(:category AS varchar(40)) IS NULL OR offer_search.categories @> ARRAY[CAST(:category AS varchar(40))])
      AND offer_search.geom IS NOT NULL AND {visible}
),
-- Many offers share a place: buffer each distinct point once.
sites AS MATERIALIZED (SELECT DISTINCT ST_Transform(geom, {srid}) AS geom FROM offer_sites),
-- All sites as one multipoint: the distance to it is a single pass through its points (no sort per district).
site_cloud AS MATERIALIZED (SELECT ST_Collect(geom) AS geom FROM sites),
areas AS MATERIALIZED (
    SELECT d.id, d.slug, d.name, d.approximate, d.population, d.population_estimated, d.population_source,
           d.age_bands_estimated, d.population_by_age, g.geom, ST_PointOnSurface(g.geom) AS centre
    FROM districts d CROSS JOIN LATERAL (SELECT ST_Transform(d.geom, {srid}) AS geom) g
    WHERE d.level = :level
),
counts AS (SELECT district_id, count(DISTINCT offer_id) AS offers FROM offer_sites GROUP BY district_id),
-- One cascaded union for the whole level (per-district unions would redo the overlaps at every border).
covered AS MATERIALIZED (
    SELECT ST_Union(ST_Buffer(s.geom, :walk_m * :buffer_scale, :segments)) AS geom
    FROM sites s, (SELECT ST_Expand(ST_Envelope(ST_Collect(geom)), :walk_m * :buffer_scale) AS box FROM areas) e
    WHERE s.geom && e.box
),
bands AS (
    SELECT a.id, sum(b.value::numeric * o.years / o.width) AS residents,
           bool_or(o.years > 0 AND o.years < o.width) AS interpolated
    FROM areas a
    CROSS JOIN LATERAL jsonb_each_text(CASE WHEN jsonb_typeof(a.population_by_age) = 'object'
                                            THEN a.population_by_age END) b
    CROSS JOIN LATERAL (SELECT split_part(b.key, '-', 1)::int AS lo,
                               COALESCE(NULLIF(split_part(b.key, '-', 2), '')::int, :open_end) AS hi) r
    CROSS JOIN LATERAL (SELECT GREATEST(0, LEAST(r.hi, :max_age) - GREATEST(r.lo, :min_age) + 1) AS years,
                               r.hi - r.lo + 1 AS width) o
    GROUP BY a.id
),
schools AS (
    SELECT p.{column} AS district_id, avg(p.social_index) AS need_index, count(p.social_index) AS schools,
           count(*) FILTER (WHERE p.startchancen) AS startchancen_schools
    FROM places p
    WHERE p.{column} IS NOT NULL AND (p.social_index IS NOT NULL OR p.startchancen)
    GROUP BY p.{column}
)
SELECT a.slug, a.name, a.approximate AS boundary_approximate, a.population, a.population_estimated,
       a.population_source, a.age_bands_estimated,
       COALESCE(c.offers, 0) AS offers, bd.residents, COALESCE(bd.interpolated, false) AS residents_interpolated,
       COALESCE(c.offers, 0) * 1000.0 / NULLIF(bd.residents, 0) AS per_1000,
       COALESCE(ST_Area(ST_Intersection(a.geom, cv.geom)) / NULLIF(ST_Area(a.geom), 0), 0) AS reach_share,
       nearest.distance AS nearest_m,
       sc.need_index, COALESCE(sc.schools, 0) AS schools, COALESCE(sc.startchancen_schools, 0) AS startchancen_schools
FROM areas a
LEFT JOIN counts c ON c.district_id = a.id
CROSS JOIN covered cv
LEFT JOIN bands bd ON bd.id = a.id
LEFT JOIN schools sc ON sc.district_id = a.id
LEFT JOIN LATERAL (SELECT ST_Distance(sc.geom, a.centre) AS distance FROM site_cloud sc) nearest ON true
ORDER BY a.slug
"""

# Five decimals of a degree are about a metre: plenty for a city map, a fraction of the bytes.
_FEATURES_SQL = """
SELECT slug, name, approximate, ST_AsGeoJSON(geom, 5) AS geometry
FROM districts WHERE level = :level ORDER BY slug
"""


@dataclass(frozen=True)
class GapQuery:
    """What to analyse: district level, life phase code, optional category code, walking distance in metres."""

    level: str = DEFAULT_LEVEL
    phase: str = DEFAULT_PHASE
    category: str | None = None
    walk_m: int = DEFAULT_WALK_M


@dataclass(frozen=True)
class GapRow:
    """One district's indicators; ``gap_score`` and ``rank`` are set by ``rank_rows``."""

    slug: str
    name: str
    offers: int
    residents: float | None
    per_1000: float | None
    reach_share: float
    nearest_m: int | None
    need_index: float | None
    schools: int
    startchancen_schools: int
    population: int | None
    population_source: str | None
    population_estimated: bool
    age_bands_estimated: bool
    residents_interpolated: bool
    boundary_approximate: bool
    gap_score: float | None = None
    rank: int | None = None

    @property
    def residents_estimated(self) -> bool:
        """Residents (and so offers per 1,000) rest on an estimated total or estimated age bands."""
        return self.population_estimated or self.age_bands_estimated


@dataclass(frozen=True)
class GapTable:
    """The ranked rows of one query, with the data version they were computed from."""

    query: GapQuery
    rows: tuple[GapRow, ...]
    phase_ages: tuple[int, int]
    version: int
    changed_at: datetime | None
    cached: bool = False

    def population_sources(self) -> list[tuple[str, list[str], bool]]:
        """Each population source with the districts it covers and whether it is an estimate."""
        groups: dict[str, list[GapRow]] = {}
        for row in self.rows:
            groups.setdefault(row.population_source or "–", []).append(row)
        return [
            (source, sorted(row.name for row in rows), any(row.population_estimated for row in rows))
            for source, rows in sorted(groups.items())
        ]


_cache: "OrderedDict[tuple, object]" = OrderedDict()
_cache_lock = threading.Lock()


def parse_gap_query(args: Mapping[str, str]) -> GapQuery:
    """Check request-style parameters and build a query; raises ``ParameterError`` for the first bad one."""
    return GapQuery(
        level=_parse_level(args.get("level") or DEFAULT_LEVEL),
        phase=_parse_phase(args.get("phase") or DEFAULT_PHASE),
        category=_parse_category(args.get("category") or None),
        walk_m=_parse_walk(args.get("walk_m") or str(DEFAULT_WALK_M)),
    )


def _parse_level(value: str) -> str:
    if value not in _LEVEL_COLUMNS:
        message = _l("Unbekannte Gebietsebene: %(value)s. Erlaubt: bezirk, stadtteil, quarter.", value=value)
        raise ParameterError("level", message)
    return value


def _parse_phase(value: str) -> str:
    if db.session.scalar(select(LifePhase.id).where(LifePhase.code == value)) is None:
        raise ParameterError("phase", _l("Unbekannte Lebensphase: %(value)s.", value=value))
    return value


def _parse_category(value: str | None) -> str | None:
    if value is not None and db.session.scalar(select(Category.id).where(Category.code == value)) is None:
        raise ParameterError("category", _l("Unbekannte Kategorie: %(value)s.", value=value))
    return value


def _parse_walk(value: str) -> int:
    if not (value.isdigit() and len(value) <= 5 and int(value) in WALK_STEPS_M):
        steps = ", ".join(str(step) for step in WALK_STEPS_M)
        raise ParameterError(
            "walk_m", _l("Die Gehentfernung muss einer dieser Werte in Metern sein: %(steps)s.", steps=steps)
        )
    return int(value)


def data_version() -> tuple[int, datetime | None, str]:
    """The data version as this transaction sees it: counter, time of the change, and this transaction's own stamp."""
    local = func.coalesce(func.current_setting(_LOCAL_STAMP, True), "")
    row = db.session.execute(
        select(DataVersion.version, DataVersion.changed_at, local).where(DataVersion.id == 1)
    ).first()
    return (row[0], row[1], row[2]) if row else (0, None, "")


def gap_table(query: GapQuery) -> GapTable:
    """The ranked gap table for a query, from the cache when the data has not changed since it was computed."""
    version, changed_at, stamp = data_version()
    table, cached = _cached(
        (version, changed_at, stamp, query), lambda: compute_gap_table(query, version=version, changed_at=changed_at)
    )
    return replace(table, cached=cached)


def district_features(level: str) -> tuple[dict, ...]:
    """The districts of a level as GeoJSON features (slug, name, approximate), cached per data version."""
    features, _cached_hit = _cached((*data_version(), "features", level), lambda: _load_features(level))
    return features


def _load_features(level: str) -> tuple[dict, ...]:
    statement = text(_FEATURES_SQL)
    records = db.session.execute(statement, {"level": level}).mappings()
    return tuple(
        {
            "type": "Feature",
            "geometry": json.loads(record["geometry"]),
            "properties": {"slug": record["slug"], "name": record["name"], "approximate": record["approximate"]},
        }
        for record in records
    )


def _cached(key: tuple, compute):
    """``(value, True)`` from the cache, or ``(compute(), False)`` remembered under ``key`` (LRU)."""
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key], True
    value = compute()
    with _cache_lock:
        _cache[key] = value
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return value, False


def clear_cache() -> None:
    """Forget every cached table (benchmarks measure cold times with it)."""
    with _cache_lock:
        _cache.clear()


def compute_gap_table(query: GapQuery, *, version: int = 0, changed_at: datetime | None = None) -> GapTable:
    """Compute every indicator in PostGIS, then rank; no cache."""
    phase = db.session.scalars(select(LifePhase).where(LifePhase.code == query.phase)).one()
    rows = [_row_from_record(record) for record in db.session.execute(*_gaps_statement(query, phase)).mappings()]
    logger.debug("computed %d gap rows for %s", len(rows), query)
    return GapTable(
        query=query,
        rows=rank_rows(rows),
        phase_ages=(phase.min_age, phase.max_age),
        version=version,
        changed_at=changed_at,
    )


def _gaps_statement(query: GapQuery, phase: LifePhase) -> tuple:
    params = {
        "phase": phase.code,
        "category": query.category,
        "level": query.level,
        "walk_m": query.walk_m,
        "buffer_scale": BUFFER_AREA_SCALE,
        "segments": BUFFER_SEGMENTS,
        "open_end": OPEN_BAND_END,
        "min_age": phase.min_age,
        "max_age": phase.max_age,
    }
    sql = _GAPS_SQL.format(column=_LEVEL_COLUMNS[query.level], srid=UTM32, visible=visible_search_sql())
    return text(sql), params


def _row_from_record(record: Mapping) -> GapRow:
    return GapRow(
        slug=record["slug"],
        name=record["name"],
        offers=record["offers"],
        residents=_rounded(record["residents"], 1),
        per_1000=_rounded(record["per_1000"], 2),
        reach_share=_rounded(record["reach_share"], 4),
        nearest_m=_whole(record["nearest_m"]),
        need_index=_rounded(record["need_index"], 2),
        schools=record["schools"],
        startchancen_schools=record["startchancen_schools"],
        population=record["population"],
        population_source=record["population_source"],
        population_estimated=record["population_estimated"],
        age_bands_estimated=record["age_bands_estimated"],
        residents_interpolated=record["residents_interpolated"],
        boundary_approximate=record["boundary_approximate"],
    )


def _rounded(value, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)


def _whole(value) -> int | None:
    return None if value is None else round(float(value))


def gap_score(row: GapRow, best_per_1000: float) -> float | None:
    """need × (1 − supply): need = (mean social index − 1) / 8; supply = ½·per_1000/best + ½·reach share."""
    if row.need_index is None or row.per_1000 is None:
        return None
    need = (row.need_index - 1) / 8
    relative_offers = row.per_1000 / best_per_1000 if best_per_1000 > 0 else 0.0
    supply = 0.5 * relative_offers + 0.5 * row.reach_share
    return round(need * (1 - supply), 3)


def rank_rows(rows: list[GapRow]) -> tuple[GapRow, ...]:
    """Score every row and order by gap score, largest gap first; rows without a score come last, unranked."""
    best = max((row.per_1000 for row in rows if row.per_1000 is not None), default=0.0)
    scored = [replace(row, gap_score=gap_score(row, best)) for row in rows]
    scored.sort(key=lambda row: (row.gap_score is None, -(row.gap_score or 0), row.name))
    return tuple(
        replace(row, rank=index + 1 if row.gap_score is not None else None) for index, row in enumerate(scored)
    )


CSV_FIELDS = (
    "rank",
    "slug",
    "name",
    "level",
    "phase",
    "category",
    "walk_m",
    "offers",
    "residents",
    "per_1000",
    "reach_share",
    "nearest_m",
    "need_index",
    "schools",
    "startchancen_schools",
    "gap_score",
    "population",
    "population_estimated",
    "age_bands_estimated",
    "residents_interpolated",
    "residents_estimated",
    "boundary_approximate",
    "population_source",
)


def row_record(row: GapRow, query: GapQuery) -> dict:
    """A row as a plain dict with the query's parameters, in ``CSV_FIELDS`` order (JSON and CSV share it)."""
    values = {**asdict(row), **asdict(query), "residents_estimated": row.residents_estimated}
    return {field: values[field] for field in CSV_FIELDS}


def table_records(table: GapTable) -> list[dict]:
    """Every row of a table as plain dicts."""
    return [row_record(row, table.query) for row in table.rows]


def records_as_csv(records: list[dict]) -> str:
    """CSV text of row records: booleans as true/false, missing values empty."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: _csv_value(value) for key, value in record.items()} for record in records)
    return buffer.getvalue()


def _csv_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


SORT_KEYS = (
    "rank",
    "name",
    "offers",
    "residents",
    "per_1000",
    "reach_share",
    "nearest_m",
    "need_index",
    "startchancen_schools",
    "gap_score",
)


def sort_rows(rows: tuple[GapRow, ...], *, key: str = "rank", descending: bool = False) -> tuple[GapRow, ...]:
    """Rows ordered by one column (unknown keys fall back to rank); missing values always come last."""
    key = key if key in SORT_KEYS else "rank"
    present = [row for row in rows if getattr(row, key) is not None]
    missing = [row for row in rows if getattr(row, key) is None]
    present.sort(key=lambda row: getattr(row, key), reverse=descending)
    return tuple(present + missing)


@dataclass(frozen=True)
class PlanningChoices:
    """What the planning form offers, and how many published offers are demo data."""

    phases: tuple[LifePhase, ...]
    categories: tuple[Category, ...]
    demo_offers: int


def planning_choices() -> PlanningChoices:
    """Phases and categories in their order, and the count of published demo offers (for the honest notice)."""
    demo = select(func.count(Offer.id)).where(visible_offer(), Offer.is_demo)
    return PlanningChoices(
        phases=tuple(db.session.scalars(select(LifePhase).order_by(LifePhase.position))),
        categories=tuple(db.session.scalars(select(Category).order_by(Category.position))),
        demo_offers=db.session.scalar(demo),
    )
