"""OGC API – Features (Part 1 core/geojson/html/oas30, Part 3 queryables): the documents around the features.

The features themselves come from the one read path (``search.search_offers`` + the presenter for offers, the place
search for institutions, the district catalogue); this module describes the collections, builds the paging links and
checks the OGC-specific parameters (``bbox-crs``, ``datetime``).
"""

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime

from shapely.geometry import box, shape
from sqlalchemy import func

from . import catalog
from .extensions import db
from .i18n import _, _l
from .models import OfferAtPlace, Place
from .municipality import current_municipality
from .parameters import ParameterError
from .place_presenter import KindVocabulary, PlaceEntry, present_place
from .place_search import find_institution, offer_counts
from .presenters import OfferAtPlaceView, Vocabulary, present_row
from .search import ResultRow, load_records, published_rows

logger = logging.getLogger(__name__)

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
CONFORMANCE = (
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
)


@dataclass(frozen=True)
class Collection:
    """One feature collection: its id, title and description (translated), and the properties one may filter by."""

    id: str
    title: object
    description: object
    queryables: tuple[tuple[str, str, object], ...]  # (name, JSON type, description)


_PHASE = ("phase", "string", _l("Code einer Lebensphase, z. B. fruehe-kindheit"))
_DISTRICT = ("district", "string", _l("Slug eines Bezirks, Stadtteils oder Quartiers"))
COLLECTIONS = {
    "offers": Collection(
        "offers",
        _l("Angebote"),
        _l("Jedes veröffentlichte Angebot an jedem seiner Orte."),
        (
            _PHASE,
            ("category", "string", _l("Code einer Kategorie, z. B. familie")),
            _DISTRICT,
            ("language", "string", _l("Sprache des Angebots (ISO 639-1), z. B. tr")),
        ),
    ),
    "places": Collection(
        "places",
        _l("Einrichtungen"),
        _l("Einrichtungen mit Adresse."),
        (("kind", "string", _l("Art der Einrichtung, z. B. kita")), _DISTRICT, _PHASE),
    ),
    "districts": Collection("districts", _l("Bezirke"), _l("Stadtbezirke, Stadtteile und Quartiere mit Umriss."), ()),
}


def find_collection(collection_id: str) -> Collection | None:
    """The collection with this id, or None."""
    return COLLECTIONS.get(collection_id)


def extent() -> dict:
    """The spatial extent of every collection: the municipality's bounds in CRS84."""
    return {"spatial": {"bbox": [list(current_municipality().bounds)], "crs": CRS84}}


def collection_document(collection: Collection, links: list[dict]) -> dict:
    """``/collections/{id}``: id, title, description, extent, CRS and links."""
    return {
        "id": collection.id,
        "title": str(collection.title),
        "description": str(collection.description),
        "itemType": "feature",
        "crs": [CRS84],
        "extent": extent(),
        "links": links,
    }


def queryables_document(collection: Collection, url: str) -> dict:
    """``/collections/{id}/queryables`` as a JSON Schema (Part 3)."""
    properties = {
        name: {"type": kind, "title": name, "description": str(text)} for name, kind, text in collection.queryables
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": url,
        "type": "object",
        "title": str(collection.title),
        "properties": properties,
    }


def paging_links(*, offset: int, limit: int, returned: int, matched: int, page_url) -> list[dict]:
    """``next`` while more follow, ``prev`` after the first page; ``page_url(offset)`` builds the link."""
    links = []
    if offset + returned < matched:
        links.append(
            {
                "rel": "next",
                "type": "application/geo+json",
                "title": _("Nächste Seite"),
                "href": page_url(offset + limit),
            }
        )
    if offset > 0:
        links.append(
            {
                "rel": "prev",
                "type": "application/geo+json",
                "title": _("Vorige Seite"),
                "href": page_url(max(0, offset - limit)),
            }
        )
    return links


_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$")


def parse_datetime(value: str | None) -> tuple[date | None, date | None] | None:
    """``datetime``: an instant or an interval ``start/end`` (``..`` or empty for open) → (first day, last day)."""
    if not value or not value.strip():
        return None
    parts = value.strip().split("/")
    if len(parts) > 2:
        raise _bad_datetime()
    days = [_day(part) for part in parts]
    if len(days) == 1:
        return days[0], days[0]
    if days[0] and days[1] and days[0] > days[1]:
        raise _bad_datetime()
    return days[0], days[1]


def _day(text: str) -> date | None:
    if text in ("", ".."):
        return None
    if not _INSTANT.match(text):
        raise _bad_datetime()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError as error:
        raise _bad_datetime() from error


def _bad_datetime() -> ParameterError:
    return ParameterError(
        "datetime",
        _("Ungültiges datetime; erwartet: ein Datum nach RFC 3339 oder ein Zeitraum Anfang/Ende, z. B. 2026-01-01/.."),
    )


def check_bbox_crs(value: str | None) -> None:
    """Only CRS84 is offered."""
    if value and value.strip() != CRS84:
        raise ParameterError("bbox-crs", _("Nicht unterstütztes Koordinatenreferenzsystem: %(crs)s", crs=value[:80]))


def find_offer_at_place(feature_id: int, locale: str) -> OfferAtPlaceView | None:
    """One visible offer at one place (the finder's visibility rule), presented in ``locale``, or None."""
    query = (
        published_rows().add_columns(func.ST_X(Place.geom), func.ST_Y(Place.geom)).where(OfferAtPlace.id == feature_id)
    )
    found = db.session.execute(query).first()
    if found is None:
        return None
    row = ResultRow(*found, None)
    offers, places, at_places = load_records([row])
    return present_row(row, offers[row.offer_id], places[row.place_id], at_places.get(row.id), Vocabulary.load(locale))


def find_place(place_id: int, locale: str) -> PlaceEntry | None:
    """One institution presented in ``locale`` with its count of visible offers, or None."""
    place = find_institution(place_id)
    if place is None:
        return None
    return present_place(place, KindVocabulary.load(locale), offers=offer_counts([place.id]).get(place.id, 0))


def district_features(locale: str, bbox: tuple[float, float, float, float] | None) -> list[dict]:
    """Every district as a GeoJSON Feature (id = slug), those meeting ``bbox`` when given."""
    features = catalog.district_collection(locale)["features"]
    if bbox is None:
        return features
    window = box(*bbox)
    return [feature for feature in features if shape(feature["geometry"]).intersects(window)]
