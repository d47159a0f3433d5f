"""District pages: a district's offers by phase and category, its institutions, networks, figures, and the offers
just outside its boundary ("also nearby", in true metres via geography)."""

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from flask import current_app
from geoalchemy2 import Geography
from geoalchemy2.shape import to_shape
from shapely.geometry import mapping
from sqlalchemy import cast, func, select

from ..extensions import db
from ..localized import LocalizedText, localize
from ..maps import add_geojson, add_place_markers, base_map, fit_bounds, render_parts
from ..models import Category, District, DistrictLevel, LifePhase, Offer, Place
from ..networks import ActiveNetwork, networks_for_district
from ..presenters import OfferAtPlaceView, Vocabulary, present_row
from ..search import OfferFilters, ResultRow, build_offer_query, load_records, published_rows

logger = logging.getLogger(__name__)

NEARBY_METRES = 500
EARLY_CHILDHOOD = "fruehe-kindheit"
_LEVEL_COLUMNS = {
    DistrictLevel.BEZIRK: Place.bezirk_id,
    DistrictLevel.STADTTEIL: Place.stadtteil_id,
    DistrictLevel.QUARTER: Place.quarter_id,
}
INSIDE_COLOUR = "#0b5cad"
NEARBY_COLOUR = "#8a8f99"


@dataclass(frozen=True)
class OfferItem:
    """An offer as listed on the page: its title in the reader's language and where it runs (presenter views)."""

    offer: Offer
    title: LocalizedText
    entries: list[OfferAtPlaceView]


@dataclass(frozen=True)
class NearbyItem:
    """An offer at a place outside the district, with the distance to the boundary in metres."""

    entry: OfferAtPlaceView
    distance_m: int

    @property
    def offer(self) -> Offer:
        """The offer shown."""
        return self.entry.offer

    @property
    def title(self) -> LocalizedText:
        """Its title in the reader's language."""
        return self.entry.title

    @property
    def place(self) -> Place:
        """The place outside the district."""
        return self.entry.place


@dataclass
class PhaseGroup:
    """One life phase with its offers, grouped by each offer's first category."""

    phase: LifePhase | None
    categories: list[tuple[Category | None, list[OfferItem]]] = field(default_factory=list)


@dataclass(frozen=True)
class KeyFigures:
    """The numbers at the top of a district page."""

    offers: int
    institutions: int
    population: int | None
    population_estimated: bool
    approximate: bool


@dataclass(frozen=True)
class DistrictPage:
    """Everything the district page shows."""

    district: District
    name: str
    lineage: list[District]
    children: list[District]
    groups: list[PhaseGroup]
    institutions: list[tuple[Place, int]]
    networks: list[ActiveNetwork]
    figures: KeyFigures
    nearby: list[NearbyItem]
    demo_offers: int
    has_early_childhood: bool
    map_parts: dict
    nearby_metres: int = NEARBY_METRES
    inside_colour: str = INSIDE_COLOUR
    nearby_colour: str = NEARBY_COLOUR


def find_district(slug: str) -> District | None:
    """The district with this slug, or None."""
    return db.session.scalar(select(District).where(District.slug == slug))


def build_district_page(slug: str, *, locale: str) -> DistrictPage | None:
    """The page data of a district, or None for an unknown slug."""
    district = find_district(slug)
    if district is None:
        return None
    vocabulary = Vocabulary.load(locale)
    items = _offer_items(_present(_inside_rows(district), vocabulary))
    offers = {item.offer.id: item.offer for item in items}
    institutions = _institutions(district)
    nearby = _nearby_items(district, set(offers), vocabulary)
    return DistrictPage(
        district=district,
        name=localize(district, "name", locale).text,
        lineage=_lineage(district),
        children=sorted(district.children, key=lambda child: child.name),
        groups=group_by_phase(items),
        institutions=institutions,
        networks=networks_for_district(district),
        figures=_key_figures(district, len(offers), len(institutions)),
        nearby=nearby,
        demo_offers=sum(1 for offer in offers.values() if offer.is_demo),
        has_early_childhood=any(phase.code == EARLY_CHILDHOOD for o in offers.values() for phase in o.phases),
        map_parts=_district_map(district, [place for place, _ in institutions], [item.place for item in nearby]),
    )


def _lineage(district: District) -> list[District]:
    """The districts above this one, coarsest first."""
    chain, parent = [], district.parent
    while parent is not None:
        chain.insert(0, parent)
        parent = parent.parent
    return chain


def _inside_rows(district: District) -> list[ResultRow]:
    """Visible offers at places inside the district — the finder's own district filter."""
    query = build_offer_query(OfferFilters(district=district.slug))
    return [
        ResultRow(row_id, offer_id, place_id, None, None, None)
        for row_id, offer_id, place_id in db.session.execute(query)
    ]


def _present(rows: list[ResultRow], vocabulary: Vocabulary) -> list[OfferAtPlaceView]:
    offers, places, at_places = load_records(rows)
    return [
        present_row(row, offers[row.offer_id], places[row.place_id], at_places.get(row.id), vocabulary) for row in rows
    ]


def _offer_items(entries: list[OfferAtPlaceView]) -> list[OfferItem]:
    by_offer: dict[int, list[OfferAtPlaceView]] = defaultdict(list)
    for entry in entries:
        by_offer[entry.offer_id].append(entry)
    items = [OfferItem(group[0].offer, group[0].title, group) for group in by_offer.values()]
    return sorted(items, key=lambda item: item.title.text.casefold())


def first_category(offer: Offer) -> Category | None:
    """The offer's category that comes first in the taxonomy's order."""
    return min(offer.categories, key=lambda category: category.position, default=None)


def group_by_phase(items: list[OfferItem]) -> list[PhaseGroup]:
    """Offers under each of their phases (phase order), and within a phase under their first category."""
    by_phase: dict = defaultdict(lambda: defaultdict(list))
    for item in items:
        for phase in item.offer.phases or [None]:
            by_phase[phase][first_category(item.offer)].append(item)
    groups = []
    for phase in sorted(by_phase, key=lambda p: p.position if p else 999):
        categories = sorted(by_phase[phase].items(), key=lambda pair: pair[0].position if pair[0] else 999)
        groups.append(PhaseGroup(phase, categories))
    return groups


def _institutions(district: District) -> list[tuple[Place, int]]:
    """Places inside the district with their number of published offers, by name."""
    offers = (
        published_rows()
        .with_only_columns(Place.id.label("place_id"), func.count(Offer.id).label("n"))
        .group_by(Place.id)
        .subquery()
    )
    query = (
        select(Place, func.coalesce(offers.c.n, 0))
        .outerjoin(offers, offers.c.place_id == Place.id)
        .where(_LEVEL_COLUMNS[district.level] == district.id)
        .order_by(Place.name)
    )
    return [(place, count) for place, count in db.session.execute(query)]


def nearby_rows(district: District, *, metres: int = NEARBY_METRES) -> list[tuple[ResultRow, float]]:
    """Rows of visible offers at places outside the district but within ``metres``, with the metres to the border."""
    boundary = select(cast(District.geom, Geography)).where(District.id == district.id).scalar_subquery()
    place_geog = cast(Place.geom, Geography)
    column = _LEVEL_COLUMNS[district.level]
    query = (
        published_rows()
        .add_columns(func.ST_Distance(place_geog, boundary))
        .where(
            Place.geom.isnot(None),
            func.ST_DWithin(place_geog, boundary, metres),
            (column.is_(None)) | (column != district.id),
        )
        .order_by(func.ST_Distance(place_geog, boundary), Offer.title)
    )
    return [
        (ResultRow(row_id, offer_id, place_id, None, None, None), float(distance))
        for row_id, offer_id, place_id, distance in db.session.execute(query)
    ]


def _nearby_items(district: District, inside_ids: set[int], vocabulary: Vocabulary) -> list[NearbyItem]:
    rows = [(row, distance) for row, distance in nearby_rows(district) if row.offer_id not in inside_ids]
    entries = _present([row for row, _ in rows], vocabulary)
    return [NearbyItem(entry, round(distance)) for entry, (_, distance) in zip(entries, rows)]


def _key_figures(district: District, offers: int, institutions: int) -> KeyFigures:
    return KeyFigures(
        offers=offers,
        institutions=institutions,
        population=district.population,
        population_estimated=district.population_estimated,
        approximate=district.approximate,
    )


def _district_map(district: District, inside: list[Place], nearby: list[Place]) -> dict:
    """The district's boundary, its institutions (blue) and the nearby places (grey), fitted to the boundary."""
    shape = to_shape(district.geom)
    spec = base_map(tiles=current_app.config.get("MAP_TILES", "none"), key="district", label=district.name)
    add_geojson(spec, mapping(shape), name="boundary", style={"color": "#b4232a", "weight": 3, "fillOpacity": 0.06})
    add_place_markers(spec, _marker_records(inside, INSIDE_COLOUR) + _marker_records(nearby, NEARBY_COLOUR))
    min_lon, min_lat, max_lon, max_lat = shape.bounds
    fit_bounds(spec, [[min_lat, min_lon], [max_lat, max_lon]])
    return render_parts(spec)


def _marker_records(places: list[Place], colour: str) -> list[dict]:
    records = {}
    for place in places:
        if place.geom is not None and place.id not in records:
            point = to_shape(place.geom)
            records[place.id] = {"lat": point.y, "lon": point.x, "label": place.name, "colour": colour}
    return list(records.values())


def district_tree() -> list[tuple[District, list[tuple[District, list[District]]]]]:
    """Bezirke → Stadtteile → quarters, each level by name."""
    districts = list(db.session.scalars(select(District).order_by(District.name)))
    children = defaultdict(list)
    for district in districts:
        children[district.parent_id].append(district)
    bezirke = [d for d in districts if d.level == DistrictLevel.BEZIRK]
    return [(bezirk, [(stadtteil, children[stadtteil.id]) for stadtteil in children[bezirk.id]]) for bezirk in bezirke]


def offer_counts_by_district() -> dict[int, int]:
    """Published offers per district id, at every level."""
    counts = {}
    for column in _LEVEL_COLUMNS.values():
        query = (
            published_rows()
            .with_only_columns(column, func.count(func.distinct(Offer.id)))
            .where(column.isnot(None))
            .group_by(column)
        )
        counts.update(dict(db.session.execute(query).all()))
    return counts


def any_approximate() -> bool:
    """True when any district boundary is derived rather than official."""
    return bool(db.session.scalar(select(func.bool_or(District.approximate))))
