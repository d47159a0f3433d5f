"""The fixed vocabulary of the finder and the API: life phases, categories and districts (as GeoJSON)."""

import hashlib
import json
import logging
from dataclasses import dataclass, replace

import orjson
from flask import current_app
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import selectinload

from . import data_version_push
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
    return [
        {
            "code": phase.code,
            "label": translated_label(phase, locale=locale),
            "order": phase.position,
            "colour": phase.colour,
            "icon": phase.icon,
            "min_age": phase.min_age,
            "max_age": phase.max_age,
        }
        for phase in phases
    ]


def list_categories(locale: str) -> list[dict]:
    """Categories in order, labelled in ``locale``."""
    categories = db.session.scalars(select(Category).order_by(Category.position))
    return [
        {
            "code": category.code,
            "label": translated_label(category, locale=locale),
            "order": category.position,
            "colour": category.colour,
            "icon": category.icon,
        }
        for category in categories
    ]


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
        out.append(
            {
                "slug": district.slug,
                "name": district_name(district, locale),
                "level": district.level.value,
                "depth": depth,
                "approximate": district.approximate,
            }
        )
        _walk_districts(children, district.id, depth + 1, locale, out)


def district_collection(locale: str) -> dict:
    """Every district as a GeoJSON FeatureCollection with its facts (outline simplified to about a metre)."""
    parent = District.__table__.alias("parent")
    outline = func.ST_AsGeoJSON(func.ST_SimplifyPreserveTopology(District.geom, _OUTLINE_TOLERANCE), _COORDINATE_DIGITS)
    label = func.ST_PointOnSurface(District.geom)
    query = (
        select(District, parent.c.slug, outline, func.ST_X(label), func.ST_Y(label))
        .outerjoin(parent, parent.c.id == District.parent_id)
        .options(selectinload(District.translations))
        .order_by(District.level, District.name)
    )
    return {
        "type": "FeatureCollection",
        "features": [
            _district_feature(district, parent_slug, geometry, (round(x, 5), round(y, 5)), locale)
            for district, parent_slug, geometry, x, y in db.session.execute(query)
        ],
    }


def _district_feature(district: District, parent_slug: str | None, geometry: str, label_point, locale: str) -> dict:
    return {
        "type": "Feature",
        "id": district.slug,
        "geometry": json.loads(geometry),
        "properties": {
            "slug": district.slug,
            "name": district_name(district, locale),
            "level": district.level.value,
            "parent": parent_slug,
            "approximate": district.approximate,
            "population": district.population,
            "population_estimated": district.population_estimated,
            "label_point": list(label_point),
        },
    }


def city_outline() -> dict | None:
    """The city limit as a GeoJSON geometry: the union of the Stadtbezirke."""
    geometry = db.session.scalar(
        select(
            func.ST_AsGeoJSON(
                func.ST_SimplifyPreserveTopology(func.ST_Union(District.geom), _OUTLINE_TOLERANCE), _COORDINATE_DIGITS
            )
        ).where(District.level == DistrictLevel.BEZIRK)
    )
    return json.loads(geometry) if geometry else None


def any_approximate() -> bool:
    """True when some district boundary is derived rather than official."""
    return bool(db.session.scalar(select(func.bool_or(District.approximate))))


@dataclass(frozen=True)
class VocabularySnapshot:
    """Phases, categories and districts (by slug: id, level, name, parent, approximate) in one locale, with the data
    version and the database's date they were read under."""

    locale: str
    phases: list[dict]
    categories: list[dict]
    districts: dict[str, dict]
    # The data version as this transaction sees it (counter, time of change, own stamp): every write bumps it, so it
    # keys whatever is remembered of the listings (counts, pages). ``today`` is the database's current date.
    version: tuple = ()
    today: str = ""
    # A fingerprint of the labels and names themselves: unlike the data version, it stays while an offer is edited,
    # so what was presented of unchanged offers can be kept (``geojson``).
    content_key: str = ""

    @property
    def sees_own_writes(self) -> bool:
        """Read in a transaction that has written (its stamp is set): rows it wrote are not committed, and a row
        written twice in it keeps one ``xmin``, so nothing it reads may be remembered by row version."""
        return len(self.version) > 2 and bool(self.version[2])


# Labels fall back to German, then to the code, as ``i18n.translated_label`` does. The vocabulary rows come only when
# the data version differs from the one the caller already holds them for (the version row always comes).
_SNAPSHOT_SQL = text("""
WITH v AS (
    SELECT version, changed_at::text AS changed_at,
           coalesce(current_setting('mapfinder.data_changed_at', true), '') AS stamp, current_date::text AS today
    FROM data_version WHERE id = 1
), stale AS (
    SELECT NOT EXISTS (SELECT 1 FROM v WHERE version = :version AND changed_at = :changed_at AND stamp = :stamp) AS yes
)
SELECT 'version' AS kind, version AS id, changed_at AS code, NULL::int AS position, NULL AS colour, NULL AS icon,
       NULL::int AS min_age, NULL::int AS max_age, today AS level, stamp AS label, NULL::int AS parent_id,
       NULL::boolean AS approximate, NULL AS german
FROM v
UNION ALL
SELECT 'phase', x.id, x.code, x.position, x.colour, x.icon, x.min_age, x.max_age, NULL,
       coalesce(nullif(t.label, ''), nullif(g.label, ''), x.code), NULL, NULL, NULL
FROM life_phases x
LEFT JOIN life_phase_translations t ON t.life_phase_id = x.id AND t.locale = :locale
LEFT JOIN life_phase_translations g ON g.life_phase_id = x.id AND g.locale = 'de'
WHERE (SELECT yes FROM stale)
UNION ALL
SELECT 'category', x.id, x.code, x.position, x.colour, x.icon, NULL, NULL, NULL,
       coalesce(nullif(t.label, ''), nullif(g.label, ''), x.code), NULL, NULL, NULL
FROM categories x
LEFT JOIN category_translations t ON t.category_id = x.id AND t.locale = :locale
LEFT JOIN category_translations g ON g.category_id = x.id AND g.locale = 'de'
WHERE (SELECT yes FROM stale)
UNION ALL
SELECT 'district', x.id, x.slug, NULL, NULL, NULL, NULL, NULL, x.level, coalesce(t.name, x.name), x.parent_id,
       x.approximate, x.name
FROM districts x LEFT JOIN district_translations t ON t.district_id = x.id AND t.locale = :locale
WHERE (SELECT yes FROM stale)
""")
# Per worker process: the last snapshot read for each locale.
_snapshots: dict[str, VocabularySnapshot] = {}


def vocabulary_snapshot(locale: str) -> VocabularySnapshot:
    """Everything a listing names (labels, district names) and checks codes against, under the current data version:
    one statement, which brings the vocabulary only when the version changed since this process last read it."""
    known = _snapshots.get(locale)
    version, changed_at, stamp = known.version if known else (-1, "", "")
    rows = db.session.execute(
        _SNAPSHOT_SQL, {"locale": locale, "version": version, "changed_at": changed_at, "stamp": stamp}
    ).all()
    head, rest = rows[0], rows[1:]
    current, today = (head.id, head.code, head.label), head.level
    if known and current == known.version:
        return known if known.today == today else replace(known, today=today)
    snapshot = _parse_snapshot(locale, rest, current, today)
    _snapshots[locale] = snapshot
    return snapshot


def pushed_snapshot(locale: str) -> VocabularySnapshot | None:
    """The snapshot of ``locale`` without a statement: the one this process holds, if it is for the committed data
    version pushed to the process (``data_version_push``) and the request's session has not begun work of its own (its
    own writes would make a version of their own). ``None`` otherwise: then ask ``vocabulary_snapshot``."""
    if not current_app.config.get("DATA_VERSION_PUSH", True):
        return None
    session = db.session()
    if session.in_transaction() or session.new or session.dirty or session.deleted:
        return None
    if not isinstance(session.get_bind(), Engine):  # bound to a connection (a test's transaction)
        return None
    pushed = data_version_push.current(_conninfo())
    known = _snapshots.get(locale)
    if pushed is None or known is None or known.version != pushed.version:
        return None
    return known if known.today == pushed.today else replace(known, today=pushed.today)


def _conninfo() -> str:
    """The app's database as a libpq connection string (for the listener's own connection)."""
    conninfo = current_app.extensions.get("data_version_conninfo")
    if conninfo is None:
        url = db.engine.url.set(drivername="postgresql")
        conninfo = current_app.extensions["data_version_conninfo"] = url.render_as_string(hide_password=False)
    return conninfo


def _parse_snapshot(locale: str, rows, version: tuple, today: str) -> VocabularySnapshot:
    phases, categories, districts = [], [], {}
    for row in rows:
        if row.kind == "district":
            districts[row.code] = {
                "id": row.id,
                "slug": row.code,
                "level": row.level,
                "name": row.label,
                "parent_id": row.parent_id,
                "approximate": row.approximate,
                "german": row.german,
            }
        elif row.kind == "phase":
            phases.append(
                {
                    "code": row.code,
                    "label": row.label,
                    "order": row.position,
                    "colour": row.colour,
                    "icon": row.icon,
                    "min_age": row.min_age,
                    "max_age": row.max_age,
                }
            )
        else:
            categories.append(
                {"code": row.code, "label": row.label, "order": row.position, "colour": row.colour, "icon": row.icon}
            )
    phases, categories = sorted(phases, key=_order), sorted(categories, key=_order)
    content = orjson.dumps([locale, phases, categories, districts], option=orjson.OPT_SORT_KEYS)
    return VocabularySnapshot(
        locale, phases, categories, districts, version, today, hashlib.blake2b(content, digest_size=16).hexdigest()
    )


def _order(item: dict) -> int:
    return item["order"]


def district_tree(snapshot: VocabularySnapshot) -> list[dict]:
    """``list_districts`` from a snapshot already read (no statement of its own)."""
    children: dict[int | None, list[dict]] = {}
    for district in sorted(snapshot.districts.values(), key=lambda d: d["german"]):
        children.setdefault(district["parent_id"], []).append(district)
    ordered: list[dict] = []
    _walk_snapshot(children, None, 0, ordered)
    return ordered


def _walk_snapshot(children: dict, parent_id, depth: int, out: list[dict]) -> None:
    for district in children.get(parent_id, []):
        out.append(
            {
                "slug": district["slug"],
                "name": district["name"],
                "level": district["level"],
                "depth": depth,
                "approximate": district["approximate"],
            }
        )
        _walk_snapshot(children, district["id"], depth + 1, out)
