"""The finder page as one service call: filters in, results, counts, vocabulary and the map's parts out."""

import logging
import math
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from babel import Locale
from flask import current_app, url_for
from flask_babel import format_decimal

from .. import catalog, maps, search
from ..count_cache import remembered
from ..i18n import _
from ..presenters import OfferAtPlaceView, Vocabulary, present_result
from ..search import OfferFilters, SearchResult
from .near import NearPoint, locate_address

logger = logging.getLogger(__name__)
PAGE_SIZE = 20
RADII_M = (500, 1000, 2000, 5000, 10000)
# Parameters that shape the list but not the map (LIST_ONLY in static/js/finder/state.js).
LIST_ONLY = frozenset({"address", "page", "near"})
LANGUAGES_SPOKEN = ("de", "en", "tr", "ar", "uk", "ru", "pl", "ro", "bg", "fa", "ku", "sq", "it", "es", "fr")


@dataclass
class FinderPage:
    """Everything the finder template shows."""

    filters: OfferFilters
    result: SearchResult
    page: int
    pages: int
    phase_counts: dict[str, int] | None
    category_counts: dict[str, int] | None
    phases: list[dict]
    categories: list[dict]
    districts: list[dict]
    near: NearPoint | None
    approximate: bool
    demo_count: int | None
    map_parts: dict | None
    items: list[OfferAtPlaceView] = field(default_factory=list)
    languages: list[dict] = field(default_factory=list)
    first_points_url: str | None = None
    # Above COUNT_EXACT_UP_TO matches the list is counted only that far: "more than" this (formatted) many, and
    # ``pages`` is then the number of pages known to be exceeded.
    more_than: str | None = None


def resolve_near(filters: OfferFilters, address: str | None) -> tuple[OfferFilters, NearPoint | None]:
    """Use the browser's point when given, else geocode the address; filters gain the point."""
    if filters.near:
        return filters, NearPoint(filters.near[0], filters.near[1], _("Ihr Standort"))
    if not address:
        return filters, None
    near = locate_address(address, radius=filters.radius)
    return (replace(filters, near=(near.lat, near.lon)) if near.found else filters), near


def build_finder(
    filters: OfferFilters,
    *,
    address: str | None,
    page: int,
    locale: str,
    tiles: str,
    snapshot: catalog.VocabularySnapshot,
    with_map: bool = True,
    with_counts: bool = True,
    query: list[tuple[str, str]] = (),
) -> FinderPage:
    """Run the search for one list page and gather what the page shows beside it (``query``: the reader's valid
    parameters in their order, for the map's first points; ``snapshot``: the vocabulary the filters were checked
    against, see ``finder_snapshot``). Without ``with_counts`` (the list the page's script
    swaps in) the filter counts are left to ``finder_counts``, which the script asks for after the list."""
    filters, near = resolve_near(filters, address)
    paged = replace(filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, bbox=None, order="phase")
    paged = search.resolved(paged, snapshot)
    exact_up_to = current_app.config["COUNT_EXACT_UP_TO"]
    result, items = remembered(
        snapshot, paged, ("finder", locale, exact_up_to), lambda: _listing(paged, snapshot, locale, exact_up_to)
    )
    exact = result.matched_exact
    counts = listing_counts(_counted(paged), snapshot) if with_counts else None
    map_parts = finder_map_parts(tiles) if with_map else None
    return FinderPage(
        filters=filters,
        result=result,
        page=page,
        pages=max(
            1, math.ceil(result.number_matched / PAGE_SIZE) if exact else (result.number_matched - 1) // PAGE_SIZE
        ),
        phase_counts=counts.phases if counts else None,
        category_counts=counts.categories if counts else None,
        phases=snapshot.phases,
        categories=snapshot.categories,
        districts=catalog.district_tree(snapshot),
        near=near,
        approximate=any(district["approximate"] for district in snapshot.districts.values()),
        demo_count=counts.demo if counts else None,
        map_parts=map_parts,
        items=items,
        languages=spoken_languages(locale),
        first_points_url=first_points_url(query, filters.near, map_parts["spec"]["zoom"]) if map_parts else None,
        more_than=None if exact else format_decimal(result.number_matched - 1),
    )


def first_points_url(query: list[tuple[str, str]], near: tuple[float, float] | None, zoom: int) -> str:
    """The map's first request for points, as the finder's script would ask it (``pointsQuery``): the filters but
    the list's own, the point the address resolved to and the map's opening zoom. The page names it in its head, so
    the browser fetches it while the scripts load, and the script asks for this very URL."""
    pairs = [(name, value) for name, value in query if value != "" and name not in LIST_ONLY]
    if near:
        pairs.append(("near", f"{near[0]},{near[1]}"))
    pairs.append(("zoom", str(zoom)))
    return url_for("api.offer_points") + "?" + urlencode(pairs)


def _listing(
    paged: OfferFilters, snapshot: catalog.VocabularySnapshot, locale: str, exact_up_to: int
) -> tuple[SearchResult, list[OfferAtPlaceView]]:
    """One list page and its presented items (immutable: remembered per data version and shared by requests)."""
    result = search.search_offers(paged, snapshot, exact_up_to=exact_up_to)
    return result, present_result(result, locale, Vocabulary.of(snapshot))


@dataclass(frozen=True)
class ListingCounts:
    """Matching offers per phase and per category (each without its own filter), and how many are demo data."""

    phases: dict[str, int]
    categories: dict[str, int]
    demo: int


def finder_snapshot(locale: str) -> catalog.VocabularySnapshot:
    """The vocabulary for one finder page, read once per request (after the session's pending writes)."""
    search.flush_pending_writes()
    return catalog.vocabulary_snapshot(locale)


def finder_counts(filters: OfferFilters, snapshot: catalog.VocabularySnapshot) -> ListingCounts:
    """The filter counts of the finder's list for ``filters`` (a point in ``near``, not an address: the list has
    resolved it), the same remembered counts the full page shows."""
    listed = replace(filters, bbox=None, order="phase")  # as ``build_finder`` lists: one remembered entry for both
    return listing_counts(_counted(search.resolved(listed, snapshot)), snapshot)


def _counted(paged: OfferFilters) -> OfferFilters:
    """The list's filters without its page: one key for the counts of every page of a list."""
    return replace(paged, limit=0, offset=0)


def listing_counts(filters: OfferFilters, snapshot: catalog.VocabularySnapshot) -> ListingCounts:
    """The finder's facet counts, remembered per data version (any write to the data makes a new key)."""
    return remembered(
        snapshot,
        filters,
        "facets",
        lambda: ListingCounts(
            search.phase_counts(filters), search.category_counts(filters), search.count_demo_offers(filters)
        ),
    )


def spoken_languages(locale: str) -> list[dict]:
    """The languages one can filter by, named in the reader's language."""
    return [{"code": code, "name": Locale.parse(code).get_display_name(locale) or code} for code in LANGUAGES_SPOKEN]


def finder_map_parts(tiles: str) -> dict:
    """The finder's map (city limit drawn; markers and districts are fetched by the page's script)."""
    m = maps.base_map(tiles=tiles, key="finder", label=_("Karte der Angebote"), cluster=True)
    maps.add_outline(m, catalog.city_outline(), name=_("Stadtgrenze"))
    return maps.render_parts(m)
