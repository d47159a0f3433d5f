"""The JSON API ``/api/v1``: offers as GeoJSON, compact map points, districts, phases and categories."""
from flask import Blueprint, jsonify, request, url_for
from flask_babel import get_locale

from .. import catalog, search
from ..i18n import _
from ..presenters import OfferAtPlaceView, present_result
from ..search import FilterError, SearchResult
from .params import parse_int, parse_offer_filters

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_ZOOM = 22
_ID_MARK = 918273645  # stands for the offer id in the offer page's URL pattern


@blueprint.errorhandler(FilterError)
def bad_filter(error: FilterError):
    """Bad input is the caller's to fix: 400 with the parameter and a message in ``lang``."""
    return jsonify({"error": {"param": error.param, "message": error.message}}), 400


@blueprint.get("/offers")
def offers():
    """Matching offers as a GeoJSON FeatureCollection, one feature per offer and place."""
    result = search.search_offers(parse_offer_filters(request.args))
    return _geojson(offer_collection(result, _locale()))


@blueprint.get("/offers/points")
def offer_points():
    """Compact map data for the view: ``[offer, place, lon, lat, category, title]`` rows, or grid clusters."""
    zoom = parse_int(request.args, "zoom", 0, MAX_ZOOM, _("zoom muss zwischen 0 und %(max)s liegen.", max=MAX_ZOOM))
    return jsonify(search.map_points(parse_offer_filters(request.args), zoom=12 if zoom is None else zoom))


@blueprint.get("/districts")
def districts():
    """Every district (Bezirk, Stadtteil, quarter) with its outline, parent, population and approximate flag."""
    return _geojson(catalog.district_collection(_locale()))


@blueprint.get("/phases")
def phases():
    """Life phases with labels in ``lang``."""
    return jsonify(catalog.list_phases(_locale()))


@blueprint.get("/categories")
def categories():
    """Categories with labels in ``lang``."""
    return jsonify(catalog.list_categories(_locale()))


def _locale() -> str:
    return str(get_locale())


def _geojson(payload: dict):
    response = jsonify(payload)
    response.mimetype = "application/geo+json"
    return response


def offer_collection(result: SearchResult, locale: str) -> dict:
    """The FeatureCollection of one result page."""
    # One url_for per page, not per feature: the offer id is put into the pattern.
    url_pattern = url_for("offers.detail", offer_id=_ID_MARK)
    features = [offer_feature(view, url_pattern) for view in present_result(result, locale)]
    return {"type": "FeatureCollection", "numberMatched": result.number_matched,
            "numberReturned": len(features), "features": features}


def offer_feature(view: OfferAtPlaceView, url_pattern: str) -> dict:
    """One offer at one place as a GeoJSON Feature; its id is the OfferAtPlace's (null geometry when online)."""
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
        "url": url_pattern.replace(str(_ID_MARK), str(view.offer_id)),
    }
    if view.distance_m is not None:
        properties["distance_m"] = round(view.distance_m, 1)
    return {"type": "Feature", "id": view.id, "geometry": geometry, "properties": properties}
