"""The institution directory (``/places``) and the page of one institution, each gathered in one call."""

import logging
import math
from collections import defaultdict
from dataclasses import dataclass, field, replace

from geoalchemy2.shape import to_shape
from shapely.geometry import mapping
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import catalog, maps, search
from ..extensions import db
from ..i18n import _
from ..localized import LocalizedText
from ..models import District, Network, Place
from ..municipality import current_municipality
from ..parameters import ParameterError
from ..place_presenter import KindInfo, KindVocabulary, PlaceEntry, present_place
from ..place_search import PlaceFilters, count_demo, find_institution, located_places, search_places
from ..presenters import OfferAtPlaceView, Vocabulary, german_text, present_row
from ..schedules import format_schedules
from ..schedules.formatting import FormattedSchedule
from ..search import ResultRow
from .offer import directions_url, language_names

logger = logging.getLogger(__name__)
PAGE_SIZE = 50
_STADTTEIL_STYLE = {"color": "#b4232a", "weight": 2, "fillOpacity": 0.04}


def kita_portal_url() -> str | None:
    """The Kita registration portal of the municipality (``MAPFINDER_KITA_PORTAL_URL`` overrides it), or None."""
    return current_municipality().kita_portal_url or None


@dataclass(frozen=True)
class KindExplanation:
    """A kind explained on a page, with the Kita portal when the kind links it and the deployment has one."""

    kind: KindInfo
    portal_url: str | None


@dataclass
class DirectoryPage:
    """Everything ``/places`` shows."""

    filters: PlaceFilters
    entries: list[PlaceEntry]
    number_matched: int
    page: int
    pages: int
    kind_options: list[tuple[KindInfo, int]]
    districts: list[dict]
    phases: list[dict]
    explanations: list[KindExplanation]
    demo_count: int
    map_parts: dict | None
    approximate: bool
    error: ParameterError | None = None

    @property
    def unplaced(self) -> int:
        """Institutions of this page without a point (listed, not on the map)."""
        return sum(1 for entry in self.entries if not entry.has_point)


def explain(kind: KindInfo | None) -> KindExplanation | None:
    """A kind with its portal link, if any."""
    if kind is None:
        return None
    return KindExplanation(kind, kita_portal_url() if kind.links_kita_portal else None)


def build_directory(
    filters: PlaceFilters, *, page: int, locale: str, tiles: str, error: ParameterError | None = None
) -> DirectoryPage:
    """One list page of matching institutions, their map and the filters' choices; unknown codes raise."""
    vocabulary = KindVocabulary.load(locale)
    paged = replace(filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    result = search_places(paged)
    entries = [present_place(place, vocabulary, offers=result.offer_counts.get(place.id, 0)) for place in result.places]
    return DirectoryPage(
        filters=filters,
        entries=entries,
        number_matched=result.number_matched,
        page=page,
        pages=max(1, math.ceil(result.number_matched / PAGE_SIZE)),
        kind_options=vocabulary.options(),
        districts=catalog.list_districts(locale),
        phases=catalog.list_phases(locale),
        explanations=[e for code in filters.kinds if (e := explain(vocabulary.kinds.get(code)))],
        demo_count=count_demo(filters),
        map_parts=_directory_map(filters, vocabulary, tiles),
        approximate=catalog.any_approximate(),
        error=error,
    )


def _directory_map(filters: PlaceFilters, vocabulary: KindVocabulary, tiles: str) -> dict:
    spec = maps.base_map(tiles=tiles, key="places", label=_("Karte der Einrichtungen"))
    maps.add_outline(spec, catalog.city_outline(), name=_("Stadtgrenze"))
    entries = [present_place(place, vocabulary) for place in located_places(filters)]
    maps.add_place_markers(spec, [_marker(entry) for entry in entries])
    return maps.render_parts(spec)


def _marker(entry: PlaceEntry) -> dict:
    return {"lat": entry.lat, "lon": entry.lon, "label": f"{entry.name} ({entry.kind_label})", "colour": entry.colour}


@dataclass(frozen=True)
class OfferGroup:
    """The offers held at a place for one life phase (``phase`` None: offers without a phase)."""

    phase: dict | None
    entries: list[OfferAtPlaceView]


@dataclass(frozen=True)
class SchoolFacts:
    """The public facts of a school (never its social index, which stays a planning figure)."""

    form: str | None
    pupils: int | None
    number: str | None


@dataclass
class PlacePage:
    """Everything the page of one institution shows."""

    place: Place
    entry: PlaceEntry
    explanations: list[KindExplanation]
    lineage: list[District]
    opening_hours: list[FormattedSchedule]
    accessibility_note: LocalizedText | None
    languages: str
    offer_groups: list[OfferGroup]
    offer_count: int
    networks: list[Network]
    school: SchoolFacts | None
    directions: str | None
    map_parts: dict | None
    approximate: bool
    website: str | None = field(default=None)


def build_place_page(place_id: int, *, locale: str, tiles: str) -> PlacePage | None:
    """The page's content, or None for an unknown id (or an online offer's virtual place)."""
    place = find_institution(place_id)
    if place is None:
        return None
    vocabulary = KindVocabulary.load(locale)
    groups, count = _offer_groups(place, locale)
    entry = present_place(place, vocabulary, offers=count)
    return PlacePage(
        place=place,
        entry=entry,
        explanations=_explanations(place, vocabulary),
        lineage=_lineage(place),
        opening_hours=format_schedules(place.opening_hours, locale),
        accessibility_note=german_text(place.accessibility_detail, locale),
        languages=language_names(place.languages, locale),
        offer_groups=groups,
        offer_count=count,
        networks=networks_of(place),
        school=_school_facts(place, entry),
        directions=directions_url(place),
        map_parts=_place_map(entry, place.stadtteil, tiles),
        approximate=catalog.any_approximate(),
        website=place.website if (place.website or "").startswith(("https://", "http://")) else None,
    )


def _explanations(place: Place, vocabulary: KindVocabulary) -> list[KindExplanation]:
    """The school form first (a Gymnasium), then the kind (a secondary school)."""
    codes = dict.fromkeys(code for code in (place.school_form, place.kind) if code)
    return [e for code in codes if (e := explain(vocabulary.kinds.get(code)))]


def _lineage(place: Place) -> list[District]:
    return [district for district in (place.bezirk, place.stadtteil, place.quarter) if district is not None]


def _offer_groups(place: Place, locale: str) -> tuple[list[OfferGroup], int]:
    """The visible offers held at the place, presented by the one presenter, under each of their life phases."""
    rows = [
        ResultRow(row_id, offer_id, place_id, None, None, None)
        for row_id, offer_id, place_id in db.session.execute(search.published_rows().where(Place.id == place.id))
    ]
    offers, places, at_places = search.load_records(rows)
    vocabulary = Vocabulary.load(locale)
    views = sorted(
        (
            present_row(row, offers[row.offer_id], places[row.place_id], at_places.get(row.id), vocabulary)
            for row in rows
        ),
        key=lambda view: view.title.text.casefold(),
    )
    by_phase: dict[str | None, list[OfferAtPlaceView]] = defaultdict(list)
    for view in views:
        for phase in view.phases or [None]:
            by_phase[phase["code"] if phase else None].append(view)
    ordered = [
        OfferGroup(phase, by_phase[phase["code"]]) for phase in vocabulary.phases.values() if phase["code"] in by_phase
    ]
    if None in by_phase:
        ordered.append(OfferGroup(None, by_phase[None]))
    return ordered, len({view.offer_id for view in views})


def networks_of(place: Place) -> list[Network]:
    """The networks the place belongs to: those its organization is a member of."""
    if place.organization_id is None:
        return []
    query = (
        select(Network)
        .where(Network.organizations.any(id=place.organization_id))
        .options(selectinload(Network.phases))
        .order_by(Network.name)
    )
    return list(db.session.scalars(query))


def _school_facts(place: Place, entry: PlaceEntry) -> SchoolFacts | None:
    if not place.school_number and not place.school_form:
        return None
    return SchoolFacts(form=entry.school_form_label, pupils=place.pupils, number=place.school_number)


def _place_map(entry: PlaceEntry, stadtteil: District | None, tiles: str) -> dict | None:
    """The institution's point inside the outline of its Stadtteil (which gives the map its bearings without tiles)."""
    if not entry.has_point:
        return None
    spec = maps.base_map(
        tiles=tiles, key="place", label=_("Karte: Lage der Einrichtung"), location=(entry.lat, entry.lon), zoom_start=15
    )
    if stadtteil is not None and stadtteil.geom is not None:
        outline = mapping(to_shape(stadtteil.geom))
        maps.add_geojson(spec, outline, name="stadtteil", style=_STADTTEIL_STYLE)
        maps.fit_bounds(spec, maps.geojson_bounds(outline))
    maps.add_place_markers(spec, [_marker(entry)])
    return maps.render_parts(spec)
