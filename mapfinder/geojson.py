"""The API's offers as GeoJSON bytes: each feature presented once per row version and locale, then reused.

A feature is the presenter's view of one read-model row (``presenters.present_record``) turned into GeoJSON
(``feature_of``) and serialised. Its key is the row's id and version (the display document's ``xmin``: the refresh
rewrites an offer's rows in ``offer_search`` and ``offer_search_docs`` together, so any change to the offer, its
places, translations or schedules makes a new one), the vocabulary's content (district names, labels: its
fingerprint, which a write to an offer leaves alone), the locale and the URL pattern; rows with a distance (``near``)
are never reused. So an edit, a translation or a new district name shows at once, a page that many readers ask for
costs one database round of rows and a join of bytes, and after an edit only the edited offer is presented anew.
"""

import logging
import threading
from collections import OrderedDict

import orjson
from flask import current_app
from flask_babel import force_locale

from .count_cache import enabled, remembered
from .offer_records import record_from_search
from .presenters import OfferAtPlaceView, Vocabulary, present_record
from .search import (
    OfferFilters,
    SearchResult,
    listing_snapshot,
    resolved,
    search_offers,
)

logger = logging.getLogger(__name__)
CACHE_SIZE = 20_000  # features per worker process (about 600 bytes each)
_cache: OrderedDict = OrderedDict()
_lock = threading.Lock()


def feature_of(view: OfferAtPlaceView, url_pattern: str) -> dict:
    """One offer at one place as a GeoJSON Feature; its id is the OfferAtPlace's (null geometry when online).

    ``url_pattern`` is the offer page's URL with ``{id}`` for the offer id (one ``url_for`` per page, not per row).
    """
    geometry = {"type": "Point", "coordinates": [view.lon, view.lat]} if view.has_point else None
    title = view.title
    properties = {
        "offer_id": view.offer_id,
        "title": title.text,
        # The language the title really is in, and why: a missing translation falls back to German.
        "title_lang": title.lang,
        "translation": "fallback" if title.fallback else (title.status.value if title.status else "source"),
        "phases": [phase["code"] for phase in view.phases],
        "categories": [category["code"] for category in view.categories],
        "district": view.district_slug,
        "district_name": view.district,
        "place": view.place_name,
        "place_id": view.place_id,
        "address": view.address or None,
        "location_type": "virtual" if view.is_virtual else "physical",
        "free": view.free,
        "barrier_free": view.barrier_free,
        "languages": view.languages,
        "schedules": [schedule.text for schedule in view.schedules if schedule.text],
        "registration": view.registration.label,
        "url": url_pattern.replace("{id}", str(view.offer_id)),
    }
    if view.distance_m is not None:
        properties["distance_m"] = round(view.distance_m, 1)
    return {"type": "Feature", "id": view.id, "geometry": geometry, "properties": properties}


def offers_page(filters: OfferFilters, locale: str, url_pattern: str) -> bytes:
    """One page of ``/api/v1/offers``: the vocabulary snapshot (no statement when the data version was pushed), then
    the page remembered per data version, or made by ``search_offers`` (page and count statements) and
    ``feature_collection``."""
    snapshot = listing_snapshot(locale)
    filters = resolved(filters, snapshot)
    exact_up_to = current_app.config["COUNT_EXACT_UP_TO"]
    return remembered(
        snapshot,
        filters,
        ("geojson", locale, url_pattern, exact_up_to),
        lambda: feature_collection(search_offers(filters, snapshot, exact_up_to=exact_up_to), locale, url_pattern),
    )


def page_counts(page: bytes) -> tuple[int, int]:
    """``number_matched`` and ``numberReturned`` of a page made by ``feature_collection`` (they lead its bytes)."""
    head = orjson.loads(page[: page.index(b',"features":[')] + b"}")
    return number_matched(head), head["numberReturned"]


def number_matched(collection: dict) -> int:
    """A FeatureCollection's ``numberMatched``, or its lower bound ``numberMatchedAtLeast``: the bound reaches past the
    page, so either decides whether a next page follows."""
    return collection.get("numberMatched", collection.get("numberMatchedAtLeast"))


def with_members(page: bytes, **members) -> bytes:
    """The serialised page with further top-level members (links, a time stamp) appended, features not re-encoded."""
    return page[:-1] + b"," + orjson.dumps(members)[1:]


def feature_collection(result: SearchResult, locale: str, url_pattern: str) -> bytes:
    """The FeatureCollection of one result page, serialised."""
    vocabulary: list[Vocabulary] = []  # made on the first row that must be presented
    with force_locale(locale):
        features = [_feature_bytes(row, locale, url_pattern, result, vocabulary) for row in result.page_rows]
    # OGC API - Features allows only the exact number as numberMatched; a bound counted up to goes by its own name.
    matched = "numberMatched" if result.matched_exact else "numberMatchedAtLeast"
    head = orjson.dumps({"type": "FeatureCollection", matched: result.number_matched, "numberReturned": len(features)})
    return head[:-1] + b',"features":[' + b",".join(features) + b"]}"


def _feature_bytes(row, locale: str, url_pattern: str, result: SearchResult, vocabulary: list) -> bytes:
    snapshot = result.snapshot
    content = snapshot.content_key if snapshot and not snapshot.sees_own_writes else ""
    cacheable = row.distance_m is None and content and enabled()
    key = (row.id, row.version, content, locale, url_pattern) if cacheable else None
    if key is not None:
        with _lock:
            cached = _cache.get(key)
            if cached is not None:
                _cache.move_to_end(key)
                return cached
    if not vocabulary:
        snapshot = result.snapshot
        vocabulary.append(
            Vocabulary.of(snapshot) if snapshot and snapshot.locale == locale else Vocabulary.load(locale)
        )
    encoded = orjson.dumps(feature_of(present_record(record_from_search(row), vocabulary[0]), url_pattern))
    if key is not None:
        with _lock:
            _cache[key] = encoded
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return encoded


def clear_cache() -> None:
    """Forget every serialised feature (benchmarks measure cold pages with it)."""
    with _lock:
        _cache.clear()
