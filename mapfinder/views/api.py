"""The JSON API ``/api/v1``: offers as GeoJSON, compact map points, districts, phases, categories and known streets."""

import orjson
from flask import Blueprint, Response, jsonify, request, url_for
from flask_babel import get_locale

from .. import catalog, search
from ..geocoding import suggest_streets
from ..geojson import offers_page
from ..i18n import _
from .params import parse_int, parse_offer_filters, parse_text

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_ZOOM = 22
_ID_MARK = 918273645  # stands for the offer id in the offer page's URL pattern


@blueprint.get("/offers")
def offers():
    """Matching offers as a GeoJSON FeatureCollection, one feature per offer and place."""
    # One url_for per page, not per feature.
    url_pattern = url_for("offers.detail", offer_id=_ID_MARK).replace(str(_ID_MARK), "{id}")
    page = offers_page(parse_offer_filters(request.args), _locale(), url_pattern)
    return Response(page, mimetype="application/geo+json")


@blueprint.get("/offers/points")
def offer_points():
    """Compact map data for the view: ``[offer, place, lon, lat, category, title]`` rows, or grid clusters."""
    zoom = parse_int(request.args, "zoom", 0, MAX_ZOOM, _("zoom muss zwischen 0 und %(max)s liegen.", max=MAX_ZOOM))
    points = search.map_points(parse_offer_filters(request.args), zoom=12 if zoom is None else zoom)
    return Response(orjson.dumps(points), mimetype="application/json")


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


@blueprint.get("/streets")
def streets():
    """Known streets starting with ``q`` (up to 10, with their postcode): suggestions for the address field."""
    return jsonify([street.as_json() for street in suggest_streets(parse_text(request.args, "q") or "")])


def _locale() -> str:
    return str(get_locale())


def _geojson(payload: dict):
    response = jsonify(payload)
    response.mimetype = "application/geo+json"
    return response
