"""The fixed vocabulary of the finder and the API: life phases, categories and districts (as GeoJSON)."""
import json
import logging
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import selectinload

from .extensions import db
from .i18n import translated_label
from .models import Category, District, DistrictLevel, LifePhase

logger = logging.getLogger(__name__)
# About 1 m at Mülheim's latitude: outlines drawn on a city map need no more.
_OUTLINE_TOLERANCE = 0.00001
_COORDINATE_DIGITS = 5


def list_phases(locale: str) -> list[dict]:
    """Life phases in order, labelled in ``locale``."""
    phases = db.session.scalars(select(LifePhase).order_by(LifePhase.position))
    return [{"code": phase.code, "label": translated_label(phase, locale=locale), "order": phase.position,
             "colour": phase.colour, "icon": phase.icon, "min_age": phase.min_age, "max_age": phase.max_age}
            for phase in phases]


def list_categories(locale: str) -> list[dict]:
    """Categories in order, labelled in ``locale``."""
    categories = db.session.scalars(select(Category).order_by(Category.position))
    return [{"code": category.code, "label": translated_label(category, locale=locale), "order": category.position,
             "colour": category.colour, "icon": category.icon}
            for category in categories]


def district_name(district: District, locale: str) -> str:
    """A district's name in ``locale`` where it has one, else the German name."""
    for translation in district.translations:
        if translation.locale == locale:
            return translation.name
    return district.name


def district_names(locale: str) -> dict[str, str]:
    """Every district's name in ``locale`` (German where it has none), by slug."""
    districts = db.session.scalars(select(District).options(selectinload(District.translations)))
    return {district.slug: district_name(district, locale) for district in districts}


def list_districts(locale: str) -> list[dict]:
    """Districts as a tree-ordered list (Bezirk, its Stadtteile, their quarters) for a select box."""
    districts = list(db.session.scalars(select(District).options(selectinload(District.translations))))
    children: dict[int | None, list[District]] = {}
    for district in sorted(districts, key=lambda d: d.name):
        children.setdefault(district.parent_id, []).append(district)
    ordered: list[dict] = []
    _walk_districts(children, None, 0, locale, ordered)
    return ordered


def _walk_districts(children: dict, parent_id, depth: int, locale: str, out: list[dict]) -> None:
    for district in children.get(parent_id, []):
        out.append({"slug": district.slug, "name": district_name(district, locale), "level": district.level.value,
                    "depth": depth, "approximate": district.approximate})
        _walk_districts(children, district.id, depth + 1, locale, out)


def district_collection(locale: str) -> dict:
    """Every district as a GeoJSON FeatureCollection with its facts (outline simplified to about a metre)."""
    parent = District.__table__.alias("parent")
    outline = func.ST_AsGeoJSON(func.ST_SimplifyPreserveTopology(District.geom, _OUTLINE_TOLERANCE),
                                _COORDINATE_DIGITS)
    label = func.ST_PointOnSurface(District.geom)
    query = (select(District, parent.c.slug, outline, func.ST_X(label), func.ST_Y(label)).outerjoin(parent, parent.c.id == District.parent_id)
             .options(selectinload(District.translations)).order_by(District.level, District.name))
    return {"type": "FeatureCollection",
            "features": [_district_feature(district, parent_slug, geometry, (round(x, 5), round(y, 5)), locale)
                         for district, parent_slug, geometry, x, y in db.session.execute(query)]}


def _district_feature(district: District, parent_slug: str | None, geometry: str, label_point, locale: str) -> dict:
    return {"type": "Feature", "id": district.slug, "geometry": json.loads(geometry), "properties": {
        "slug": district.slug, "name": district_name(district, locale), "level": district.level.value,
        "parent": parent_slug, "approximate": district.approximate, "population": district.population,
        "population_estimated": district.population_estimated, "label_point": list(label_point)}}


def city_outline() -> dict | None:
    """The city limit as a GeoJSON geometry: the union of the Stadtbezirke."""
    geometry = db.session.scalar(select(func.ST_AsGeoJSON(func.ST_SimplifyPreserveTopology(
        func.ST_Union(District.geom), _OUTLINE_TOLERANCE), _COORDINATE_DIGITS))
        .where(District.level == DistrictLevel.BEZIRK))
    return json.loads(geometry) if geometry else None


def any_approximate() -> bool:
    """True when some district boundary is derived rather than official."""
    return bool(db.session.scalar(select(func.bool_or(District.approximate))))


@dataclass(frozen=True)
class VocabularySnapshot:
    """Phases, categories and districts (by slug: id, level, name) in one locale, read by one statement."""

    locale: str
    phases: list[dict]
    categories: list[dict]
    districts: dict[str, dict]
    # The data version as this transaction sees it (counter, time of change, own stamp): a key for cached counts.
    version: tuple = ()


# Labels fall back to German, then to the code, as ``i18n.translated_label`` does.
_SNAPSHOT_SQL = text("""
SELECT 'phase' AS kind, x.id, x.code, x.position, x.colour, x.icon, x.min_age, x.max_age, NULL AS level,
       coalesce(nullif(t.label, ''), nullif(g.label, ''), x.code) AS label
FROM life_phases x
LEFT JOIN life_phase_translations t ON t.life_phase_id = x.id AND t.locale = :locale
LEFT JOIN life_phase_translations g ON g.life_phase_id = x.id AND g.locale = 'de'
UNION ALL
SELECT 'category', x.id, x.code, x.position, x.colour, x.icon, NULL, NULL, NULL,
       coalesce(nullif(t.label, ''), nullif(g.label, ''), x.code)
FROM categories x
LEFT JOIN category_translations t ON t.category_id = x.id AND t.locale = :locale
LEFT JOIN category_translations g ON g.category_id = x.id AND g.locale = 'de'
UNION ALL
SELECT 'district', x.id, x.slug, NULL, NULL, NULL, NULL, NULL, x.level, coalesce(t.name, x.name)
FROM districts x LEFT JOIN district_translations t ON t.district_id = x.id AND t.locale = :locale
UNION ALL
SELECT 'version', version, changed_at::text, NULL, NULL, NULL, NULL, NULL, NULL,
       coalesce(current_setting('mapfinder.data_changed_at', true), '')
FROM data_version WHERE id = 1
""")


def vocabulary_snapshot(locale: str) -> VocabularySnapshot:
    """Everything a listing names (labels, district names) and checks codes against, and the data version, in one
    statement."""
    phases, categories, districts, version = [], [], {}, ()
    for row in db.session.execute(_SNAPSHOT_SQL, {"locale": locale}):
        if row.kind == "version":
            version = (row.id, row.code, row.label)
        elif row.kind == "district":
            districts[row.code] = {"id": row.id, "slug": row.code, "level": row.level, "name": row.label}
        elif row.kind == "phase":
            phases.append({"code": row.code, "label": row.label, "order": row.position, "colour": row.colour,
                           "icon": row.icon, "min_age": row.min_age, "max_age": row.max_age})
        else:
            categories.append({"code": row.code, "label": row.label, "order": row.position, "colour": row.colour,
                               "icon": row.icon})
    return VocabularySnapshot(locale, sorted(phases, key=_order), sorted(categories, key=_order), districts, version)


def _order(item: dict) -> int:
    return item["order"]
