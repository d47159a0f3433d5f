"""What the page of one offer shows, gathered in one service call."""
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from geoalchemy2.shape import to_shape

from . import catalog, maps, search
from .i18n import _
from .localized import LocalizedText, localize
from .models import Offer, Place


@dataclass
class OfferPage:
    """An offer with its texts in the reader's language, its places and the map's parts."""

    offer: Offer
    title: LocalizedText
    description: LocalizedText
    places: list[Place]
    place_names: dict[int, str]
    phases: list[dict]
    categories: list[dict]
    directions: dict[int, str]
    languages: str
    place_languages: dict[int, str]
    map_parts: dict | None
    approximate: bool


def build_offer_page(offer_id: int, *, locale: str, tiles: str) -> OfferPage | None:
    """The page's content, or None when the offer is not published."""
    offer = search.load_published_offer(offer_id)
    if offer is None:
        return None
    places = sorted(offer.places, key=lambda place: place.name)
    names = {place.id: search.place_name(place, locale) for place in places}
    return OfferPage(
        offer=offer, title=localize(offer, "title", locale),
        description=localize(offer, "description", locale), places=places, place_names=names,
        phases=_labelled(catalog.list_phases(locale), {phase.code for phase in offer.phases}),
        categories=_labelled(catalog.list_categories(locale), {category.code for category in offer.categories}),
        languages=language_names(offer.languages, locale),
        place_languages={place.id: language_names(place.languages, locale) for place in places},
        directions={place.id: url for place in places if (url := directions_url(place))},
        map_parts=_places_map(places, names, offer, tiles), approximate=catalog.any_approximate(),
    )


def language_names(codes: list[str] | None, locale: str) -> str:
    """Language codes as names in the reader's language, e.g. "Deutsch, Türkisch"."""
    names = []
    for code in codes or []:
        try:
            names.append(Locale.parse(code).get_display_name(locale) or code)
        except (ValueError, UnknownLocaleError):
            names.append(code)
    return ", ".join(names)


def _labelled(vocabulary: list[dict], codes: set[str]) -> list[dict]:
    return [item for item in vocabulary if item["code"] in codes]


def _places_map(places: list[Place], names: dict[int, str], offer: Offer, tiles: str) -> dict | None:
    records = [record for record in (_marker_record(place, names[place.id], offer) for place in places) if record]
    if not records:
        return None
    m = maps.base_map(tiles=tiles, key="offer", label=_("Karte der Orte dieses Angebots"))
    maps.add_place_markers(m, records)
    return maps.render_parts(m)


def _marker_record(place: Place, name: str, offer: Offer) -> dict | None:
    if place.geom is None:
        return None
    point = to_shape(place.geom)
    colour = min(offer.categories, key=lambda c: c.position).colour if offer.categories else None
    return {"lat": point.y, "lon": point.x, "label": f"{name}, {place.address}", "colour": colour}


def directions_url(place: Place) -> str | None:
    """A route planner link to the place (opened only when the reader clicks it)."""
    if place.geom is None:
        return None
    point = to_shape(place.geom)
    return f"https://www.openstreetmap.org/directions?route=%3B{point.y:.5f}%2C{point.x:.5f}"
