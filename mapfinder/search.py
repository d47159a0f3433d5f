"""Offer search: a filters object becomes one SQLAlchemy ``Select`` built from small ``_filter_*`` helpers.

One result row is one offer at one place (an ``OfferAtPlace``, whose id is the id of the API's feature, the map's
marker and the finder's list entry; an online offer sits at a virtual place without a point). Every listing reads
its rows here, with the one visibility rule ``visible_offer()``. Distances are true metres on the spheroid
(geography), never degrees.
"""
import logging
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import Select, String, and_, cast, exists, func, literal, literal_column, or_, select, union
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY, NUMERIC, REGCONFIG
from sqlalchemy.orm import selectinload

from .extensions import db
from .i18n import _
from .models import (
    BarrierFree,
    Category,
    District,
    DistrictLevel,
    LifePhase,
    Offer,
    OfferAtPlace,
    OfferStatus,
    OfferTranslation,
    Place,
)
from .models.offers import FULLTEXT_EXPRESSION, offer_categories, offer_phases
from .parameters import ParameterError

logger = logging.getLogger(__name__)

MAX_LIMIT = 1000
MAX_RADIUS_M = 50_000
MAX_AGE = 120
# Above this many points in the view the map gets grid clusters from the database instead of single points.
MAX_MAP_POINTS = 2500


@dataclass(frozen=True)
class OfferFilters:
    """Everything a reader can filter by; empty fields filter nothing."""

    phases: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    district: str | None = None
    q: str | None = None
    near: tuple[float, float] | None = None  # (lat, lon)
    radius: int | None = None
    age: int | None = None
    free: bool = False
    barrier_free: bool = False
    language: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # (min lon, min lat, max lon, max lat)
    limit: int = 50
    offset: int = 0
    # Text search also looks at the offers' translations into the reader's language.
    text_locale: str = "de"
    # (first day, last day), either open: offers whose own dates meet it (OGC API ``datetime``).
    period: tuple[date | None, date | None] | None = None

    @property
    def active(self) -> bool:
        """True when at least one filter narrows the result."""
        return any((self.phases, self.categories, self.district, self.q, self.near, self.age is not None,
                    self.free, self.barrier_free, self.language, self.bbox))


@dataclass(frozen=True)
class ResultRow:
    """One offer at one place: ``id`` is the OfferAtPlace's; no point for a virtual (online) place."""

    id: int
    offer_id: int
    place_id: int
    lon: float | None
    lat: float | None
    distance_m: float | None


@dataclass
class SearchResult:
    """A page of rows, the total, and the records they refer to (loaded once each)."""

    rows: list[ResultRow]
    number_matched: int
    offers: dict[int, Offer] = field(default_factory=dict)
    places: dict[int, Place] = field(default_factory=dict)
    at_places: dict[int, OfferAtPlace] = field(default_factory=dict)


def visible_offer():
    """The one rule of what readers see: published, and not past its end date. Every listing applies it."""
    return and_(Offer.status == OfferStatus.PUBLISHED, or_(Offer.ends_on.is_(None), Offer.ends_on >= func.current_date()))


def visible_offer_sql() -> str:
    """``visible_offer()`` as SQL text on the table ``offers``, for hand-written statements (the gap analysis)."""
    return str(visible_offer().compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))


def published_rows() -> Select:
    """Visible offers at their places: one row (``id``, ``offer_id``, ``place_id``) per OfferAtPlace."""
    return (
        select(OfferAtPlace.id.label("id"), Offer.id.label("offer_id"), Place.id.label("place_id"))
        .select_from(Offer)
        .join(OfferAtPlace, OfferAtPlace.offer_id == Offer.id)
        .join(Place, Place.id == OfferAtPlace.place_id)
        .where(visible_offer())
    )


def build_offer_query(filters: OfferFilters, *, skip: frozenset[str] = frozenset()) -> Select:
    """The filtered rows (no order, no page); ``skip`` leaves out named filters, for facet counts."""
    query = published_rows()
    for name, helper in _FILTERS:
        if name not in skip:
            query = helper(query, filters)
    return query


def _filter_phases(query: Select, filters: OfferFilters) -> Select:
    return _with_linked_code(query, offer_phases.c.offer_id, offer_phases.c.life_phase_id, LifePhase, filters.phases)


def _filter_categories(query: Select, filters: OfferFilters) -> Select:
    return _with_linked_code(query, offer_categories.c.offer_id, offer_categories.c.category_id, Category,
                             filters.categories)


def _with_linked_code(query: Select, link_offer, link_target, model, codes: tuple[str, ...]) -> Select:
    """Offers linked (through a link table) to at least one of the codes; no codes, no filter."""
    if not codes:
        return query
    linked = select(link_offer).join(model, model.id == link_target).where(link_offer == Offer.id, model.code.in_(codes))
    return query.where(exists(linked))


def _filter_district(query: Select, filters: OfferFilters) -> Select:
    if not filters.district:
        return query
    district = select(District.id, District.level).where(District.slug == filters.district).subquery()
    # A Bezirk holds its Stadtteile and quarters: the place's column of the district's own level decides.
    by_level = or_(
        and_(district.c.level == DistrictLevel.BEZIRK, Place.bezirk_id == district.c.id),
        and_(district.c.level == DistrictLevel.STADTTEIL, Place.stadtteil_id == district.c.id),
        and_(district.c.level == DistrictLevel.QUARTER, Place.quarter_id == district.c.id),
    )
    return query.where(exists(select(district.c.id).where(by_level)))


def _filter_age(query: Select, filters: OfferFilters) -> Select:
    if filters.age is None:
        return query
    return query.where(or_(Offer.min_age.is_(None), Offer.min_age <= filters.age),
                       or_(Offer.max_age.is_(None), Offer.max_age >= filters.age))


def _filter_free(query: Select, filters: OfferFilters) -> Select:
    return query.where(Offer.is_free.is_(True)) if filters.free else query


def _filter_barrier_free(query: Select, filters: OfferFilters) -> Select:
    return query.where(Place.barrier_free == BarrierFree.YES) if filters.barrier_free else query


def _filter_language(query: Select, filters: OfferFilters) -> Select:
    if not filters.language:
        return query
    wanted = cast([filters.language], ARRAY(String(8)))
    # Spoken at the offer, or by the staff of the place where it runs.
    return query.where(or_(Offer.languages.op("@>")(wanted), Place.languages.op("@>")(wanted)))


def offer_text_vector():
    """The German full-text vector of an offer: the very expression of the GIN index ``ix_offers_fulltext``."""
    return literal_column(FULLTEXT_EXPRESSION.replace("COALESCE(title", "COALESCE(offers.title")
                          .replace("COALESCE(description", "COALESCE(offers.description"))


def _filter_text(query: Select, filters: OfferFilters) -> Select:
    if not filters.q:
        return query
    return query.where(Offer.id.in_(_text_matches(filters.q, filters.text_locale)))


def _text_matches(q: str, locale: str):
    """Ids of offers matching ``q``: a UNION of index-backed parts, since an OR over them would scan every offer.

    Full text finds stems ("Sprachkurse" → "Sprachkurs"); the title substring catches word parts and names;
    a reader searching in Turkish or Arabic finds the offers translated into that language.
    """
    words = func.websearch_to_tsquery(literal("german", type_=REGCONFIG), q)
    pattern = f"%{_escape_like(q)}%"
    parts = [select(Offer.id).where(offer_text_vector().op("@@")(words)),
             select(Offer.id).where(Offer.title.ilike(pattern))]
    if locale != "de":
        parts.append(select(OfferTranslation.offer_id).where(
            OfferTranslation.locale == locale,
            or_(OfferTranslation.title.ilike(pattern), OfferTranslation.description.ilike(pattern))))
    return union(*parts)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def near_point(filters: OfferFilters):
    """The ``near`` point as geography, or None."""
    if not filters.near:
        return None
    lat, lon = filters.near
    return func.geography(func.ST_SetSRID(func.ST_MakePoint(lon, lat), 4326))


def _filter_radius(query: Select, filters: OfferFilters) -> Select:
    point = near_point(filters)
    if point is None or not filters.radius:
        return query
    return query.where(func.ST_DWithin(func.geography(Place.geom), point, filters.radius))


def _filter_bbox(query: Select, filters: OfferFilters) -> Select:
    if not filters.bbox:
        return query
    return query.where(Place.geom.op("&&")(func.ST_MakeEnvelope(*filters.bbox, 4326)))


def _filter_period(query: Select, filters: OfferFilters) -> Select:
    if not filters.period:
        return query
    first, last = filters.period
    if first:
        query = query.where(or_(Offer.ends_on.is_(None), Offer.ends_on >= first))
    return query.where(or_(Offer.starts_on.is_(None), Offer.starts_on <= last)) if last else query


_FILTERS = (
    ("phases", _filter_phases), ("categories", _filter_categories), ("district", _filter_district),
    ("age", _filter_age), ("free", _filter_free), ("barrier_free", _filter_barrier_free),
    ("language", _filter_language), ("q", _filter_text), ("near", _filter_radius), ("bbox", _filter_bbox),
    ("period", _filter_period),
)


def _ordered_page(filters: OfferFilters) -> Select:
    """The filtered rows with point and distance, nearest first with ``near`` (else by title), one page."""
    point = near_point(filters)
    distance = (func.ST_Distance(func.geography(Place.geom), point) if point is not None
                else literal(None)).label("distance_m")
    query = build_offer_query(filters).add_columns(func.ST_X(Place.geom), func.ST_Y(Place.geom), distance)
    order = ([distance.asc().nulls_last()] if point is not None else []) + [Offer.title, OfferAtPlace.id]
    return query.order_by(*order).limit(filters.limit).offset(filters.offset)


def count_rows(filters: OfferFilters) -> int:
    """How many offer × place rows match."""
    return db.session.scalar(select(func.count()).select_from(build_offer_query(filters).subquery()))


def search_offers(filters: OfferFilters) -> SearchResult:
    """One page of matching rows with the total and the records they name; unknown codes raise ``ParameterError``."""
    check_known(filters)
    rows = [ResultRow(row_id, offer_id, place_id, lon, lat, None if distance is None else float(distance))
            for row_id, offer_id, place_id, lon, lat, distance in db.session.execute(_ordered_page(filters))]
    result = SearchResult(rows=rows, number_matched=count_rows(filters))
    _load_records(result)
    return result


def _load_records(result: SearchResult) -> None:
    result.offers, result.places, result.at_places = load_records(result.rows)


def load_records(rows) -> tuple[dict[int, Offer], dict[int, Place], dict[int, OfferAtPlace]]:
    """The offers, places and offers-at-places that rows (with ``id``, ``offer_id``, ``place_id``) name, each
    loaded once with everything a presenter shows."""
    offers = db.session.scalars(select(Offer).where(Offer.id.in_({row.offer_id for row in rows})).options(
        selectinload(Offer.phases), selectinload(Offer.categories), selectinload(Offer.translations),
        selectinload(Offer.schedules), selectinload(Offer.cost_options), selectinload(Offer.contacts)))
    places = db.session.scalars(select(Place).where(Place.id.in_({row.place_id for row in rows})).options(
        selectinload(Place.stadtteil).selectinload(District.translations), selectinload(Place.translations)))
    at_places = db.session.scalars(select(OfferAtPlace).where(OfferAtPlace.id.in_({row.id for row in rows})).options(
        selectinload(OfferAtPlace.schedules), selectinload(OfferAtPlace.contacts)))
    return ({offer.id: offer for offer in offers}, {place.id: place for place in places},
            {at_place.id: at_place for at_place in at_places})


def facet_counts(filters: OfferFilters, model, link_column, *, skip: str) -> dict[str, int]:
    """Distinct matching offers per taxonomy code, ignoring the filter on that same taxonomy."""
    matched = build_offer_query(filters, skip=frozenset({skip})).with_only_columns(Offer.id).distinct().subquery()
    link = link_column.table
    query = (select(model.code, func.count(func.distinct(matched.c.id)))
             .join(link, link_column == model.id)
             .join(matched, matched.c.id == link.c.offer_id)
             .group_by(model.code))
    return dict(db.session.execute(query).all())


def phase_counts(filters: OfferFilters) -> dict[str, int]:
    """Matching offers per life phase code (the phase filter itself left out, so others show what they add)."""
    return facet_counts(filters, LifePhase, offer_phases.c.life_phase_id, skip="phases")


def category_counts(filters: OfferFilters) -> dict[str, int]:
    """Matching offers per category code (the category filter itself left out)."""
    return facet_counts(filters, Category, offer_categories.c.category_id, skip="categories")


def map_points(filters: OfferFilters, *, zoom: int) -> dict:
    """What the map needs for the view: single points when few, grid clusters (lon, lat, count) when many."""
    check_known(filters)
    located = replace(filters, limit=MAX_LIMIT, offset=0)
    query = build_offer_query(located).where(Place.geom.isnot(None))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    if total > MAX_MAP_POINTS:
        return {"numberMatched": total, "clusters": _grid_clusters(query, zoom)}
    return {"numberMatched": total, "points": _compact_points(query, located.text_locale)}


def _title_in(locale: str):
    """The offer's title in ``locale`` where translated, else the German one (for map tooltips)."""
    translated = (select(OfferTranslation.title)
                  .where(OfferTranslation.offer_id == Offer.id, OfferTranslation.locale == locale).scalar_subquery())
    return func.coalesce(translated, Offer.title)


def _compact_points(query: Select, locale: str) -> list[list]:
    """``[offer, place, lon, lat, category, title, id]`` per marker; ``id`` is the OfferAtPlace's (the feature id)."""
    first_category = (select(Category.code).join(offer_categories, offer_categories.c.category_id == Category.id)
                      .where(offer_categories.c.offer_id == Offer.id).order_by(Category.position).limit(1)
                      .scalar_subquery())
    rows = db.session.execute(query.add_columns(
        func.round(cast(func.ST_X(Place.geom), NUMERIC), 5), func.round(cast(func.ST_Y(Place.geom), NUMERIC), 5),
        first_category, _title_in(locale)).order_by(OfferAtPlace.id))
    return [[offer_id, place_id, float(lon), float(lat), category, title, row_id]
            for row_id, offer_id, place_id, lon, lat, category, title in rows]


def _grid_clusters(query: Select, zoom: int) -> list[list]:
    # A cell of about 60 screen pixels at this zoom (256 px per 360° / 2^zoom).
    cell = 360.0 / (2 ** max(0, min(zoom, 20))) * 60 / 256
    located = query.add_columns(Place.geom.label("geom")).subquery()
    grid = func.ST_SnapToGrid(located.c.geom, cell)
    centre = func.ST_Centroid(func.ST_Collect(located.c.geom))
    rows = db.session.execute(select(func.ST_X(centre), func.ST_Y(centre), func.count()).group_by(grid))
    return [[round(lon, 5), round(lat, 5), count] for lon, lat, count in rows]



def check_known(filters: OfferFilters) -> None:
    """Raise ``ParameterError`` for a phase, category or district that does not exist."""
    unknown = unknown_filters(filters)
    if unknown:
        raise unknown[0]


def unknown_filters(filters: OfferFilters) -> list[ParameterError]:
    """Every phase, category or district of the filters that does not exist, one error per parameter."""
    errors = [error for error in (_unknown_codes("phase", filters.phases, LifePhase),
                                  _unknown_codes("category", filters.categories, Category)) if error]
    if filters.district and not db.session.scalar(select(District.id).where(District.slug == filters.district)):
        errors.append(ParameterError("district", _("Unbekannter Bezirk, Stadtteil oder Quartier: %(slug)s",
                                                   slug=filters.district)))
    return errors


_FILTER_FIELDS = {"phase": "phases", "category": "categories"}


def without(filters: OfferFilters, params: set[str]) -> OfferFilters:
    """The filters with the named request parameters left out (reset to their defaults)."""
    defaults = OfferFilters()
    fields = {_FILTER_FIELDS.get(param, param) for param in params}
    return replace(filters, **{name: getattr(defaults, name) for name in fields if hasattr(defaults, name)})


def _unknown_codes(param: str, codes: tuple[str, ...], model) -> ParameterError | None:
    if not codes:
        return None
    known = set(db.session.scalars(select(model.code).where(model.code.in_(codes))))
    unknown = [code for code in codes if code not in known]
    return ParameterError(param, _("Unbekannter Code: %(code)s", code=", ".join(unknown))) if unknown else None


def load_published_offer(offer_id: int) -> Offer | None:
    """A visible offer with everything its page shows, or None."""
    at_place = selectinload(Offer.at_places)
    return db.session.scalar(
        select(Offer).where(Offer.id == offer_id, visible_offer()).options(
            selectinload(Offer.phases), selectinload(Offer.categories), selectinload(Offer.translations),
            selectinload(Offer.organization), selectinload(Offer.schedules), selectinload(Offer.cost_options),
            selectinload(Offer.contacts), at_place.selectinload(OfferAtPlace.schedules),
            at_place.selectinload(OfferAtPlace.contacts),
            at_place.selectinload(OfferAtPlace.place).selectinload(Place.stadtteil),
            at_place.selectinload(OfferAtPlace.place).selectinload(Place.translations)))
