"""Offer search: a filters object becomes one SQLAlchemy ``Select`` built from small ``_filter_*`` helpers.

One result row is one offer at one place (an ``OfferAtPlace``, whose id is the id of the API's feature, the map's
marker and the finder's list entry; an online offer sits at a virtual place without a point). Every listing reads
its rows here, with the one visibility rule ``visible_offer()``. Distances are true metres on the spheroid
(geography), never degrees.
"""

import logging
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import (
    DateTime,
    Engine,
    Float,
    Select,
    Text,
    and_,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    union,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY, JSONPATH, NUMERIC, REGCONFIG
from sqlalchemy.orm import selectinload
from sqlalchemy.types import String

from .catalog import VocabularySnapshot, pushed_snapshot, vocabulary_snapshot
from .count_cache import remembered
from .extensions import db
from .freshness.ages import still_listed, withdrawal_cutoff
from .i18n import _
from .models import (
    BarrierFree,
    District,
    DistrictLevel,
    Offer,
    OfferAtPlace,
    OfferStatus,
    OfferTranslation,
    Place,
    offer_search,
    offer_search_docs,
    offer_search_text,
)
from .offer_records import OfferRecord, record_from_search
from .parameters import ParameterError

logger = logging.getLogger(__name__)

MAX_LIMIT = 1000
MAX_RADIUS_M = 50_000
MAX_AGE = 120
S = offer_search
T = offer_search_text
D = offer_search_docs
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
    # The district's (level, id) once looked up (``resolved``): the row's column of that level is compared directly.
    district_ref: tuple[str, int] | None = None
    # Without ``near``: "title" (the API's stable order, as OGC clients page it) or "phase" (the finder's: by the
    # offer's first life phase in the order of life, then title).
    order: str = "title"

    @property
    def active(self) -> bool:
        """True when at least one filter narrows the result."""
        return any(
            (
                self.phases,
                self.categories,
                self.district,
                self.q,
                self.near,
                self.age is not None,
                self.free,
                self.barrier_free,
                self.language,
                self.bbox,
            )
        )


@dataclass(frozen=True)
class ResultRow:
    """One offer at one place: ``id`` is the OfferAtPlace's; no point for a virtual (online) place."""

    id: int
    offer_id: int
    place_id: int
    lon: float | None
    lat: float | None
    distance_m: float | None


class SearchResult:
    """A page of read-model rows (each with its display document as JSON text and the document's row version), the
    total, and the vocabulary read with them; ``records`` are made from the rows when first asked for.

    ``number_matched`` is the exact total, or with ``matched_exact`` false a lower bound: at least that many match
    (a search counting only up to a limit, see ``search_offers``)."""

    def __init__(
        self,
        *,
        number_matched: int,
        matched_exact: bool = True,
        records: list[OfferRecord] | None = None,
        page_rows=(),
        snapshot: VocabularySnapshot | None = None,
    ):
        self.number_matched = number_matched
        self.matched_exact = matched_exact
        self.page_rows = list(page_rows)
        self.snapshot = snapshot
        self._records = records

    @property
    def records(self) -> list[OfferRecord]:
        """The page as presenter records."""
        if self._records is None:
            self._records = [record_from_search(row) for row in self.page_rows]
        return self._records

    @property
    def rows(self) -> list[OfferRecord]:
        """The page's records (each has ``id``, ``offer_id``, ``place_id``, ``lon``, ``lat``, ``distance_m``)."""
        return self.records


def visible_offer():
    """The one rule of what readers see: published, not past its end date, and confirmed within the withdrawal age
    (``freshness``). Every listing applies it."""
    return and_(
        Offer.status == OfferStatus.PUBLISHED,
        or_(Offer.ends_on.is_(None), Offer.ends_on >= func.current_date()),
        still_listed(Offer.verified_at),
    )


def visible_search_sql() -> str:
    """The visibility of read-model rows (``visible_search_rows``) as SQL text on the table ``offer_search``, for
    hand-written statements (the gap analysis)."""
    condition = and_(*_still_visible(S.c))
    return str(condition.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))


def published_rows() -> Select:
    """Visible offers at their places: one row (``id``, ``offer_id``, ``place_id``) per OfferAtPlace."""
    return (
        select(OfferAtPlace.id.label("id"), Offer.id.label("offer_id"), Place.id.label("place_id"))
        .select_from(Offer)
        .join(OfferAtPlace, OfferAtPlace.offer_id == Offer.id)
        .join(Place, Place.id == OfferAtPlace.place_id)
        .where(visible_offer())
    )


def visible_search_rows(*, dates_once: bool = False) -> Select:
    """Visible rows of the read model (published is its content; end date and confirmation age are checked at read
    time, so an offer leaves at midnight without a write). ``dates_once``: see ``_still_visible``."""
    return select(S.c.id.label("id"), S.c.offer_id.label("offer_id"), S.c.place_id.label("place_id")).where(
        *_still_visible(S.c, dates_once=dates_once)
    )


def _still_visible(columns, *, dates_once: bool = False) -> list:
    """The read-time part of ``visible_offer()`` on a read-model table's copies of ``ends_on`` and ``verified_at``.

    With ``dates_once`` the date and the withdrawal cutoff are computed once per statement (sub-selects, the cutoff
    already with time zone) instead of once per row: 1 to 2 ms less for 10,000 text matches, 35 → 26 ms for a scan of
    100,000 rows. For statements that aggregate every match (text pages, facet and demo counts); not for those that
    choose a page of ``offer_search``, whose plans rely on the estimates a sub-select would hide from the planner."""
    today, cutoff = func.current_date(), withdrawal_cutoff()
    if dates_once:
        today = select(today).scalar_subquery()
        cutoff = select(cast(cutoff, DateTime(timezone=True))).scalar_subquery()
    return [or_(columns.ends_on.is_(None), columns.ends_on >= today), columns.verified_at >= cutoff]


def build_offer_query(filters: OfferFilters, *, skip: frozenset[str] = frozenset(), dates_once: bool = False) -> Select:
    """The filtered read-model rows (no order, no page); ``skip`` leaves out named filters, for facet counts;
    ``dates_once`` for statements that aggregate every match (see ``_still_visible``)."""
    query = visible_search_rows(dates_once=dates_once)
    for name, helper in _FILTERS:
        if name not in skip:
            query = helper(query, filters)
    return query


def _codes(codes: tuple[str, ...]):
    return cast(list(codes), ARRAY(String(40)))


def _filter_phases(query: Select, filters: OfferFilters) -> Select:
    return query.where(S.c.phases.overlap(_codes(filters.phases))) if filters.phases else query


def _filter_categories(query: Select, filters: OfferFilters) -> Select:
    return query.where(S.c.categories.overlap(_codes(filters.categories))) if filters.categories else query


def _filter_district(query: Select, filters: OfferFilters) -> Select:
    if not filters.district:
        return query
    if filters.district_ref:
        level, district_id = filters.district_ref
        return query.where(_LEVEL_COLUMNS[level] == district_id)

    def district_id(level: DistrictLevel):
        return select(District.id).where(District.slug == filters.district, District.level == level).scalar_subquery()

    # A Bezirk holds its Stadtteile and quarters: the row's column of the district's own level decides.
    return query.where(
        or_(
            S.c.bezirk_id == district_id(DistrictLevel.BEZIRK),
            S.c.stadtteil_id == district_id(DistrictLevel.STADTTEIL),
            S.c.quarter_id == district_id(DistrictLevel.QUARTER),
        )
    )


def _filter_age(query: Select, filters: OfferFilters) -> Select:
    if filters.age is None:
        return query
    return query.where(
        or_(S.c.min_age.is_(None), S.c.min_age <= filters.age), or_(S.c.max_age.is_(None), S.c.max_age >= filters.age)
    )


def _filter_free(query: Select, filters: OfferFilters) -> Select:
    return query.where(S.c.is_free.is_(True)) if filters.free else query


def _filter_barrier_free(query: Select, filters: OfferFilters) -> Select:
    return query.where(S.c.barrier_free == BarrierFree.YES.value) if filters.barrier_free else query


def _filter_language(query: Select, filters: OfferFilters) -> Select:
    # Spoken at the offer or by the staff of the place: the read model holds both in one array.
    return (
        query.where(S.c.languages.contains(cast([filters.language], ARRAY(String(8))))) if filters.language else query
    )


def _filter_text(query: Select, filters: OfferFilters) -> Select:
    if not filters.q:
        return query
    matches = _text_rows(filters.q, filters.text_locale).subquery()
    return query.where(S.c.id.in_(select(matches.c.id)))


def _text_rows(q: str, locale: str):
    """Visible rows matching the text, with their list order keys (``id``, ``title``, ``phase_position``).

    Full text finds stems ("Sprachkurse" → "Sprachkurs"); the substring catches word parts and names of the offer,
    its place and organisation ("VHS"); both ignore accents ("Elterncafe", "Strasse"). A reader searching in Turkish
    or Arabic also finds the offers translated into that language (a UNION: an OR with them would scan every row).

    The query and the pattern are computed once per statement (as sub-selects: ``unaccent`` is not immutable, so a
    plain expression would be computed again for every row the indexes hand out), and both indexes of the text
    table are read in one bitmap, each matching row visited once.
    """
    words = select(func.websearch_to_tsquery(literal("german", type_=REGCONFIG), func.unaccent(q))).scalar_subquery()
    escaped = _escape_like(q)
    pattern = select(func.concat("%", func.lower(func.unaccent(escaped)), "%")).scalar_subquery()
    rows = select(T.c.id, T.c.title, T.c.phase_position).where(
        *_still_visible(T.c, dates_once=True), or_(T.c.search_vector.op("@@")(words), T.c.search_text.like(pattern))
    )
    if locale == "de":
        return rows
    translated = (
        select(S.c.id, S.c.title, S.c.phase_position)
        .join(OfferTranslation, OfferTranslation.offer_id == S.c.offer_id)
        .where(
            *_still_visible(S.c),
            OfferTranslation.locale == locale,
            or_(OfferTranslation.title.ilike(f"%{escaped}%"), OfferTranslation.description.ilike(f"%{escaped}%")),
        )
    )
    return union(rows, translated)


def _searched_by_text_alone(filters: OfferFilters) -> bool:
    """True when words are the only filter: then the text table orders and pages the matches by itself."""
    return bool(filters.q) and not replace(filters, q=None).active and filters.period is None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def near_point(filters: OfferFilters):
    """The ``near`` point as geography, or None."""
    if not filters.near:
        return None
    lat, lon = filters.near
    return func.geography(func.ST_SetSRID(func.ST_MakePoint(lon, lat), 4326))


def _filter_radius(query: Select, filters: OfferFilters) -> Select:
    """Within ``radius`` metres on the spheroid (``ST_DWithin``). The index finds the box around it; the cheap sphere
    distance (``<->``) settles every row but those within 1 % of the edge, where sphere and spheroid may disagree
    (they differ by less than 0.6 %): the same rows as ``ST_DWithin`` alone, measured in a fraction of the time, and
    an estimate the planner can use (it took ``ST_DWithin`` alone for a handful of rows)."""
    point = near_point(filters)
    if point is None or not filters.radius:
        return query
    sphere_m = _sphere_metres(point)
    reach, surely = filters.radius * RADIUS_REACH, filters.radius * RADIUS_SURELY_WITHIN
    return query.where(
        *_within_sphere_metres(point, reach),
        or_(sphere_m <= surely, func.ST_DWithin(func.geography(S.c.geom), point, filters.radius)),
    )


def _filter_bbox(query: Select, filters: OfferFilters) -> Select:
    """Points inside the box or on its edge, none outside (``ST_Intersects`` uses the index's ``&&`` first)."""
    if not filters.bbox:
        return query
    return query.where(func.ST_Intersects(S.c.geom, func.ST_MakeEnvelope(*filters.bbox, 4326)))


def _filter_period(query: Select, filters: OfferFilters) -> Select:
    if not filters.period:
        return query
    first, last = filters.period
    if first:
        query = query.where(or_(S.c.ends_on.is_(None), S.c.ends_on >= first))
    if not last:
        return query
    started = select(Offer.id).where(or_(Offer.starts_on.is_(None), Offer.starts_on <= last))
    return query.where(S.c.offer_id.in_(started))


_FILTERS = (
    ("phases", _filter_phases),
    ("categories", _filter_categories),
    ("district", _filter_district),
    ("age", _filter_age),
    ("free", _filter_free),
    ("barrier_free", _filter_barrier_free),
    ("language", _filter_language),
    ("q", _filter_text),
    ("near", _filter_radius),
    ("bbox", _filter_bbox),
    ("period", _filter_period),
)
SPHERE_MARGIN = 1.03  # see _nearest_candidates
RADIUS_REACH = 1.01  # sphere metres beyond which no row lies within the radius on the spheroid
RADIUS_SURELY_WITHIN = 0.99  # sphere metres within which every row lies within the radius on the spheroid
_LEVEL_COLUMNS = {
    DistrictLevel.BEZIRK.value: S.c.bezirk_id,
    DistrictLevel.STADTTEIL.value: S.c.stadtteil_id,
    DistrictLevel.QUARTER.value: S.c.quarter_id,
}
_RECORD_COLUMNS = (
    "stadtteil_id",
    "phases",
    "categories",
    "min_age",
    "max_age",
    "is_free",
    "barrier_free",
    "is_demo",
    "title",
)


def _record_columns(distance=None) -> list:
    """The read-model columns ``record_from_search`` reads besides the document: the record columns, the point and
    the distance (none without ``near``)."""
    return [
        *(S.c[name] for name in _RECORD_COLUMNS),
        func.ST_X(S.c.geom).label("lon"),
        func.ST_Y(S.c.geom).label("lat"),
        distance if distance is not None else cast(None, Float).label("distance_m"),
    ]


def _page_query(filters: OfferFilters) -> Select:
    """One page of filtered rows (nearest first with ``near``, else in ``filters.order``), then their display
    documents."""
    if _searched_by_text_alone(filters):
        return _text_page_query(filters)
    point = near_point(filters)
    distance = (func.ST_Distance(func.geography(S.c.geom), point) if point is not None else cast(None, Float)).label(
        "distance_m"
    )
    query = build_offer_query(filters)
    if point is not None and filters.radius:
        query = query.where(*_nearest_candidates(filters, point))
    page = (
        query.add_columns(
            *_record_columns(distance),
            S.c.phase_position,
        )
        .order_by(*_list_order(filters, S.c, distance))
        .limit(filters.limit)
        .offset(filters.offset)
        .subquery()
    )
    outer_order = _list_order(filters, page.c, page.c.distance_m)
    # The document as text (parsed only when presented) and its row version (a new one with every refresh).
    return (
        select(page, cast(D.c.doc, Text).label("doc"), literal_column("offer_search_docs.xmin::text").label("version"))
        .join(D, D.c.id == page.c.id)
        .order_by(*outer_order)
    )


def _text_page_query(filters: OfferFilters) -> Select:
    """A page of a search for words alone: the matches are filtered, ordered and paged in the text table, which holds
    their order keys and visibility, so no match but the page's is looked up in ``offer_search`` (at 100,000 offers
    a common word matches 10,000 of them)."""
    matches = _text_rows(filters.q, filters.text_locale).subquery()
    page = (
        select(matches)
        .order_by(*_list_order(filters, matches.c, None))
        .limit(filters.limit)
        .offset(filters.offset)
        .subquery()
    )
    return (
        select(
            S.c.id,
            S.c.offer_id,
            S.c.place_id,
            *_record_columns(),
            S.c.phase_position,
            cast(D.c.doc, Text).label("doc"),
            literal_column("offer_search_docs.xmin::text").label("version"),
        )
        .select_from(page)
        .join(S, S.c.id == page.c.id)
        .join(D, D.c.id == page.c.id)
        .order_by(*_list_order(filters, page.c, None))
    )


def _nearest_candidates(filters: OfferFilters, point) -> list:
    """Conditions that narrow a nearest-first page within a radius to the rows the GiST index finds nearest, so its
    cost stays flat however many offers lie within the radius (else every one is measured and sorted).

    An index-ordered (KNN) scan of the matches by sphere distance (``<->``) stops at the page's last row (offset +
    limit); every row up to that distance times ``SPHERE_MARGIN`` (+ 1 m) is a candidate, and the page orders the
    candidates by the spheroid distance it shows (``ST_Distance``), title and id as before. Sphere and spheroid
    distances differ by less than 0.6 %, so the margin keeps every row of the page and its ties among the candidates.
    """
    sphere_m = _sphere_metres(point)
    nearest = (
        build_offer_query(filters)
        .with_only_columns(sphere_m.label("sphere_m"))
        .order_by(sphere_m)
        .limit(filters.offset + filters.limit)
        .subquery()
    )
    # A CTE, so that the index scan runs once although the bound serves two conditions.
    reach = select((func.max(nearest.c.sphere_m) * SPHERE_MARGIN + 1).label("metres")).cte("nearest_reach")
    return _within_sphere_metres(point, select(reach.c.metres).scalar_subquery())


def _sphere_metres(point):
    """A row's distance from the point on PostGIS's sphere (``<->``: the order the geography index can scan in)."""
    return func.geography(S.c.geom).op("<->", return_type=Float)(point)


def _within_sphere_metres(point, metres) -> list:
    """Rows up to ``metres`` from the point on the sphere: the index's box (as ``ST_DWithin`` gives it), then the
    distance itself."""
    return [func.geography(S.c.geom).op("&&")(func._ST_Expand(point, metres)), _sphere_metres(point) <= metres]


def _list_order(filters: OfferFilters, columns, distance) -> list:
    """Nearest first with ``near``; else by life phase (rows without one last) when asked and the reader has not
    chosen a single phase (then every row shares it: title order reads better and its index serves the filter);
    then title and id, so every order is total and pages never overlap. Each is served by an index."""
    if filters.near:
        return [distance.asc().nulls_last(), columns.title, columns.id]
    if filters.order == "phase" and len(filters.phases) != 1:
        return [columns.phase_position.asc().nulls_last(), columns.title, columns.id]
    return [columns.title, columns.id]


def with_documents(query: Select) -> Select:
    """Filtered read-model rows (``build_offer_query``) with everything ``record_from_search`` reads: the record
    columns, the point and the display document (feeds choose their rows by other orders than a page)."""
    return query.add_columns(
        *_record_columns(),
        cast(D.c.doc, Text).label("doc"),
    ).join(D, D.c.id == S.c.id)


def count_rows(filters: OfferFilters, *, up_to: int | None = None) -> int:
    """How many offer × place rows match: exact, or with ``up_to`` at most ``up_to + 1`` (the scan stops there, so
    the cost stays flat however many match)."""
    point = near_point(filters)
    if _searched_by_text_alone(filters):
        query = _text_rows(filters.q, filters.text_locale)  # the text table alone, as the page reads it
    elif up_to is not None and point is not None and filters.radius:
        # Nearest first, the geography index hands out rows one by one and the count stops after up_to + 1;
        # unordered, it would first collect every row in the radius's box (15,000 of 100,000 for 2 km).
        query = build_offer_query(filters).order_by(_sphere_metres(point))
    else:
        query = build_offer_query(filters)
    if up_to is not None:
        query = query.limit(up_to + 1)
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def search_offers(
    filters: OfferFilters, snapshot: VocabularySnapshot | None = None, *, exact_up_to: int = 0
) -> SearchResult:
    """One page of matching records with the total: three statements at most (vocabulary, page, count).

    The total is exact; with ``exact_up_to`` > 0 it is counted only up to that many or to the end of the page,
    whichever is more, and above that reported as a lower bound (``matched_exact`` false), so a first page costs the
    same at 1,000 or 100,000 matches and whether a next page follows stays exact. Unknown codes raise
    ``ParameterError``; the vocabulary (in ``filters.text_locale``, the reader's) comes along for the presenter.
    """
    flush_pending_writes()
    snapshot = snapshot or vocabulary_snapshot(filters.text_locale)
    filters = resolved(filters, snapshot)
    rows = db.session.execute(_page_query(filters)).all()
    matched, exact = _total(filters, len(rows), snapshot, exact_up_to)
    return SearchResult(page_rows=rows, number_matched=matched, matched_exact=exact, snapshot=snapshot)


def find_feature(feature_id: int, locale: str) -> SearchResult:
    """One visible offer at a place by its feature id (the OfferAtPlace's), read like every listing (map popups)."""
    flush_pending_writes()
    snapshot = vocabulary_snapshot(locale)
    row = (
        build_offer_query(OfferFilters())
        .add_columns(
            *_record_columns(),
        )
        .where(S.c.id == feature_id)
        .subquery()
    )
    query = select(row, cast(D.c.doc, Text).label("doc"), literal_column("offer_search_docs.xmin::text")).join(
        D, D.c.id == row.c.id
    )
    rows = db.session.execute(query).all()
    return SearchResult(page_rows=rows, number_matched=len(rows), snapshot=snapshot)


def resolved(filters: OfferFilters, snapshot: VocabularySnapshot) -> OfferFilters:
    """The filters checked against the vocabulary (``ParameterError`` for unknown codes), the district looked up."""
    check_known(filters, snapshot)
    if not filters.district:
        return filters
    district = snapshot.districts[filters.district]
    return replace(filters, district_ref=(district["level"], district["id"]))


def read_without_transaction() -> None:
    """For a request that only reads (API pages, map points): statements in autocommit, so neither ``BEGIN`` nor the
    pool's ``ROLLBACK`` costs a round trip. Each statement reads the latest committed data, as it does under READ
    COMMITTED anyway. Skipped when the session already works in a transaction or on a given connection (tests)."""
    session = db.session()  # the request's Session itself (the scoped proxy lacks ``in_transaction``)
    if not session.in_transaction() and isinstance(session.get_bind(), Engine):
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def listing_snapshot(locale: str) -> VocabularySnapshot:
    """The vocabulary snapshot for a request that reads a listing: the pushed one (no statement, no connection) when
    the process has it, else read by ``vocabulary_snapshot`` with the request's reads in autocommit."""
    flush_pending_writes()
    snapshot = pushed_snapshot(locale)
    if snapshot is None:
        read_without_transaction()
        snapshot = vocabulary_snapshot(locale)
    return snapshot


def flush_pending_writes() -> None:
    """Send the session's pending writes first, so their triggers refresh the read model (the statements here
    are Core statements, which do not autoflush as ORM queries do)."""
    if db.session.autoflush:
        db.session.flush()


def _total(filters: OfferFilters, returned: int, snapshot: VocabularySnapshot, exact_up_to: int) -> tuple[int, bool]:
    """The total and whether it is exact: known from a page that is not full and not past the end, else counted
    (once per data version and filter set, see ``count_cache``) — up to ``exact_up_to`` or the page's end when
    given, so that above it the answer is "at least bound + 1"."""
    if 0 < returned < filters.limit or (returned == 0 and filters.offset == 0):
        return filters.offset + returned, True
    unpaged = replace(filters, limit=0, offset=0, order="title")  # one count, whatever the order
    if exact_up_to <= 0:
        return remembered(snapshot, unpaged, "rows", lambda: count_rows(unpaged)), True
    bound = max(exact_up_to, filters.offset + filters.limit)
    counted = remembered(snapshot, unpaged, ("rows up to", bound), lambda: count_rows(unpaged, up_to=bound))
    return counted, counted <= bound


def load_records(rows) -> tuple[dict[int, Offer], dict[int, Place], dict[int, OfferAtPlace]]:
    """The offers, places and offers-at-places that rows (with ``id``, ``offer_id``, ``place_id``) name, each
    loaded once with everything a presenter shows."""
    offers = db.session.scalars(
        select(Offer)
        .where(Offer.id.in_({row.offer_id for row in rows}))
        .options(
            selectinload(Offer.phases),
            selectinload(Offer.categories),
            selectinload(Offer.translations),
            selectinload(Offer.schedules),
            selectinload(Offer.cost_options),
            selectinload(Offer.contacts),
        )
    )
    places = db.session.scalars(
        select(Place)
        .where(Place.id.in_({row.place_id for row in rows}))
        .options(selectinload(Place.stadtteil).selectinload(District.translations), selectinload(Place.translations))
    )
    at_places = db.session.scalars(
        select(OfferAtPlace)
        .where(OfferAtPlace.id.in_({row.id for row in rows}))
        .options(selectinload(OfferAtPlace.schedules), selectinload(OfferAtPlace.contacts))
    )
    return (
        {offer.id: offer for offer in offers},
        {place.id: place for place in places},
        {at_place.id: at_place for at_place in at_places},
    )


def facet_counts(filters: OfferFilters, column, *, skip: str) -> dict[str, int]:
    """Distinct matching offers per taxonomy code, ignoring the filter on that same taxonomy."""
    others = build_offer_query(filters, skip=frozenset({skip}), dates_once=True)
    matched = others.add_columns(column.label("codes")).subquery()
    code = func.unnest(matched.c.codes).label("code")
    inner = select(matched.c.offer_id, code).subquery()
    query = select(inner.c.code, func.count(func.distinct(inner.c.offer_id))).group_by(inner.c.code)
    return dict(db.session.execute(query).all())


def phase_counts(filters: OfferFilters) -> dict[str, int]:
    """Matching offers per life phase code (the phase filter itself left out, so others show what they add)."""
    return facet_counts(filters, S.c.phases, skip="phases")


def category_counts(filters: OfferFilters) -> dict[str, int]:
    """Matching offers per category code (the category filter itself left out)."""
    return facet_counts(filters, S.c.categories, skip="categories")


def count_demo_offers(filters: OfferFilters) -> int:
    """Matching offers flagged as demo data (``count(DISTINCT …)``: half the time of counting a ``DISTINCT``
    subquery's rows at 100,000 offers)."""
    matched = build_offer_query(filters, dates_once=True).where(S.c.is_demo).subquery()
    return db.session.scalar(select(func.count(func.distinct(matched.c.offer_id))))


def map_points(filters: OfferFilters, *, zoom: int) -> dict:
    """What the map needs for the view: single points when few, grid clusters (lon, lat, count) when many.

    Three statements at most: the vocabulary, the count, then the points or the clusters; the answer is remembered
    per data version (see ``count_cache``).
    """
    snapshot = listing_snapshot(filters.text_locale)
    located = replace(resolved(filters, snapshot), limit=0, offset=0)
    return remembered(snapshot, located, ("map", zoom, MAX_MAP_POINTS), lambda: _map_points(located, zoom))


def _map_points(located: OfferFilters, zoom: int) -> dict:
    query = build_offer_query(located).where(S.c.geom.isnot(None))
    # Counted only up to one more than the map shows as single points: beyond that, the clusters' counts add up to
    # the exact total (one scan of the matches instead of two).
    bounded = query.limit(MAX_MAP_POINTS + 1).subquery()
    if db.session.scalar(select(func.count()).select_from(bounded)) > MAX_MAP_POINTS:
        clusters = _grid_clusters(query, zoom)
        return {"numberMatched": sum(count for _lon, _lat, count in clusters), "clusters": clusters}
    points = _compact_points(query, located.text_locale)
    return {"numberMatched": len(points), "points": points}


def _compact_points(query: Select, locale: str) -> list[list]:
    """``[offer, place, lon, lat, category, title, id]`` per marker; ``id`` is the OfferAtPlace's (the feature id).

    The title is the one in ``locale`` where translated, else the German one (for map tooltips).
    """
    translated = func.jsonb_path_query_first(
        D.c.doc,
        literal("$.translations[*] ? (@.locale == $locale).title", type_=JSONPATH),
        func.jsonb_build_object("locale", locale),
    )
    page = (
        query.add_columns(
            func.round(cast(func.ST_X(S.c.geom), NUMERIC), 5),
            func.round(cast(func.ST_Y(S.c.geom), NUMERIC), 5),
            S.c.categories[1],
            S.c.title,
        )
        .order_by(S.c.id)
        .limit(MAX_MAP_POINTS + 1)
        .subquery()
    )
    rows = db.session.execute(select(page, translated.op("->>")(0)).join(D, D.c.id == page.c.id).order_by(page.c.id))
    return [
        [offer_id, place_id, float(lon), float(lat), category, title_in_locale or title, row_id]
        for row_id, offer_id, place_id, lon, lat, category, title, title_in_locale in rows
    ]


def _grid_clusters(query: Select, zoom: int) -> list[list]:
    # A cell of about 60 screen pixels at this zoom (256 px per 360° / 2^zoom).
    cell = 360.0 / (2 ** max(0, min(zoom, 20))) * 60 / 256
    located = query.add_columns(func.ST_X(S.c.geom).label("lon"), func.ST_Y(S.c.geom).label("lat")).subquery()
    # The cells of ST_SnapToGrid (a double's round() in PostgreSQL rounds half to even, as it does), each cluster at
    # the mean of its points (the centroid of their multipoint) without building geometries: 48 → 28 ms for 16,700
    # points in psql.
    cells = (func.round(located.c.lon / cell), func.round(located.c.lat / cell))
    rows = db.session.execute(select(func.avg(located.c.lon), func.avg(located.c.lat), func.count()).group_by(*cells))
    return [[round(lon, 5), round(lat, 5), count] for lon, lat, count in rows]


def check_known(filters: OfferFilters, snapshot: VocabularySnapshot | None = None) -> None:
    """Raise ``ParameterError`` for a phase, category or district that does not exist."""
    unknown = unknown_filters(filters, snapshot)
    if unknown:
        raise unknown[0]


def unknown_filters(filters: OfferFilters, snapshot: VocabularySnapshot | None = None) -> list[ParameterError]:
    """Every phase, category or district of the filters that does not exist, one error per parameter."""
    snapshot = snapshot or vocabulary_snapshot(filters.text_locale)
    errors = [
        error
        for error in (
            _unknown_codes("phase", filters.phases, {item["code"] for item in snapshot.phases}),
            _unknown_codes("category", filters.categories, {item["code"] for item in snapshot.categories}),
        )
        if error
    ]
    if filters.district and filters.district not in snapshot.districts:
        errors.append(
            ParameterError(
                "district", _("Unbekannter Bezirk, Stadtteil oder Quartier: %(slug)s", slug=filters.district)
            )
        )
    return errors


_FILTER_FIELDS = {"phase": "phases", "category": "categories"}


def without(filters: OfferFilters, params: set[str]) -> OfferFilters:
    """The filters with the named request parameters left out (reset to their defaults)."""
    defaults = OfferFilters()
    fields = {_FILTER_FIELDS.get(param, param) for param in params}
    return replace(filters, **{name: getattr(defaults, name) for name in fields if hasattr(defaults, name)})


def _unknown_codes(param: str, codes: tuple[str, ...], known: set[str]) -> ParameterError | None:
    unknown = [code for code in codes if code not in known]
    return ParameterError(param, _("Unbekannter Code: %(code)s", code=", ".join(unknown))) if unknown else None


def load_published_offer(offer_id: int) -> Offer | None:
    """A visible offer with everything its page shows, or None."""
    at_place = selectinload(Offer.at_places)
    return db.session.scalar(
        select(Offer)
        .where(Offer.id == offer_id, visible_offer())
        .options(
            selectinload(Offer.phases),
            selectinload(Offer.categories),
            selectinload(Offer.translations),
            selectinload(Offer.organization),
            selectinload(Offer.schedules),
            selectinload(Offer.cost_options),
            selectinload(Offer.contacts),
            at_place.selectinload(OfferAtPlace.schedules),
            at_place.selectinload(OfferAtPlace.contacts),
            at_place.selectinload(OfferAtPlace.place).selectinload(Place.stadtteil),
            at_place.selectinload(OfferAtPlace.place).selectinload(Place.translations),
        )
    )
