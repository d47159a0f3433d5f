"""What the page of one offer shows, gathered in one service call."""

from dataclasses import dataclass
from datetime import date

from babel import Locale, UnknownLocaleError
from geoalchemy2.shape import to_shape

from .. import catalog, maps, search
from ..i18n import _
from ..localized import LocalizedText
from ..models import Offer, Place
from ..models.base import utcnow
from ..presenters import OfferAtPlaceView, Vocabulary, present_row
from ..schedules import format_schedules, next_date
from ..schedules.formatting import FormattedSchedule


@dataclass
class OfferPage:
    """An offer with its texts in the reader's language, its places and the map's parts."""

    offer: Offer
    title: LocalizedText
    description: LocalizedText
    summary: OfferAtPlaceView
    entries: list[OfferAtPlaceView]
    opening_hours: dict[int, list[FormattedSchedule]]
    directions: dict[int, str]
    languages: str
    place_languages: dict[int, str]
    map_parts: dict | None
    approximate: bool
    next_date: date | None = None

    @property
    def places(self) -> list[Place]:
        """The offer's places (each entry's)."""
        return [entry.place for entry in self.entries]


def build_offer_page(offer_id: int, *, locale: str, tiles: str) -> OfferPage | None:
    """The page's content, or None when the offer is not published."""
    offer = search.load_published_offer(offer_id)
    if offer is None:
        return None
    vocabulary = Vocabulary.load(locale)
    entries = sorted(
        (present_row(_row(at_place), offer, at_place.place, at_place, vocabulary) for at_place in offer.at_places),
        key=lambda entry: entry.place_name,
    )
    places = [entry.place for entry in entries]
    return OfferPage(
        offer=offer,
        title=entries[0].title,
        description=entries[0].description,
        summary=entries[0],
        entries=entries,
        opening_hours={place.id: format_schedules(place.opening_hours, locale) for place in places},
        languages=language_names(offer.languages, locale),
        place_languages={place.id: language_names(place.languages, locale) for place in places},
        directions={place.id: url for place in places if (url := directions_url(place))},
        map_parts=_places_map(entries, offer, tiles),
        approximate=catalog.any_approximate(),
        next_date=dated_next_date(offer),
    )


def dated_next_date(offer: Offer) -> date | None:
    """For an offer with dates (its own start or end, or single dates): the next day it takes place."""
    schedules = [*offer.schedules, *(rule for at_place in offer.at_places for rule in at_place.schedules)]
    if not (offer.starts_on or offer.ends_on or any(rule.dtstart for rule in schedules)):
        return None
    return next_date(schedules, today=utcnow().date(), starts_on=offer.starts_on, ends_on=offer.ends_on)


def _row(at_place) -> search.ResultRow:
    point = to_shape(at_place.place.geom) if at_place.place.geom is not None else None
    return search.ResultRow(
        at_place.id, at_place.offer_id, at_place.place_id, point.x if point else None, point.y if point else None, None
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


def _places_map(entries: list[OfferAtPlaceView], offer: Offer, tiles: str) -> dict | None:
    records = [
        record for record in (_marker_record(entry.place, entry.place_name, offer) for entry in entries) if record
    ]
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
