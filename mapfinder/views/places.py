"""Institutions: the directory ``/places``, one page per institution, and ``/api/v1/places`` (GeoJSON)."""

import re

from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from flask_babel import get_locale
from werkzeug.datastructures import MultiDict

from .. import place_search
from ..i18n import _
from ..input_rules import drop_parameters
from ..pages.places import build_directory, build_place_page
from ..parameters import ParameterError, ParameterReader
from ..place_presenter import KindVocabulary, PlaceEntry, present_place
from ..place_search import MAX_LIMIT, PlaceFilters, PlaceResult, search_places
from .params import parse_bbox, parse_codes, parse_int, parse_slug

blueprint = Blueprint("places", __name__)
api_blueprint = Blueprint("places_api", __name__, url_prefix="/api/v1")
MAX_PAGE = 10_000
_PLACE_ID = re.compile(r"^[0-9]{1,9}$")


def parse_place_filters(
    args: MultiDict, *, default_limit: int = 50, reader: ParameterReader | None = None
) -> PlaceFilters:
    """Read the directory's and the API's parameters; raise ``ParameterError`` naming the first bad one, or, with a
    collecting ``reader``, record every bad one and leave it out."""
    read = (reader or ParameterReader()).read
    limit_message = _("limit muss zwischen 1 und %(max)s liegen.", max=MAX_LIMIT)
    return PlaceFilters(
        kinds=read(lambda: parse_codes(args, "kind"), ()),
        district=read(lambda: parse_slug(args, "district"), None),
        phases=read(lambda: parse_codes(args, "phase"), ()),
        bbox=read(lambda: parse_bbox(args.get("bbox")), None),
        limit=read(lambda: parse_int(args, "limit", 1, MAX_LIMIT, limit_message), None) or default_limit,
        offset=read(lambda: parse_int(args, "offset", 0, 10_000_000, _("offset muss eine ganze Zahl ab 0 sein.")), None)
        or 0,
    )


@blueprint.get("/places")
def index():
    """The directory: filters (kind, district, life phase), map and list; a GET form that needs no JavaScript.
    Every bad parameter is named and left out in one pass; the reader's other filters still apply (400)."""
    reader = ParameterReader(collect=True)
    filters = parse_place_filters(request.args, reader=reader)
    page = reader.read(lambda: parse_int(request.args, "page", 1, MAX_PAGE, _("Ungültige Seitenzahl.")), None) or 1
    unknown = place_search.unknown_filters(filters)
    drop_parameters([*reader.errors, *unknown])
    directory = build_directory(
        place_search.without(filters, {error.param for error in unknown}),
        page=page,
        locale=str(get_locale()),
        tiles=current_app.config["MAP_TILES"],
    )
    return render_template("places.html", directory=directory)


@blueprint.get("/places/<place_id>")
def detail(place_id: str):
    """One institution; an unknown id shows the directory with a message in the reader's language (404)."""
    locale, tiles = str(get_locale()), current_app.config["MAP_TILES"]
    page = build_place_page(int(place_id), locale=locale, tiles=tiles) if _PLACE_ID.match(place_id) else None
    if page is None:
        missing = ParameterError(
            "id", _("Diese Einrichtung gibt es hier nicht (mehr). Bitte wählen Sie eine aus der Liste.")
        )
        directory = build_directory(PlaceFilters(), page=1, locale=locale, tiles=tiles, error=missing)
        return render_template("places.html", directory=directory), 404
    return render_template("place.html", page=page)


@blueprint.app_template_global()
def places_page_url(page: int) -> str:
    """The directory's URL with the current filters and another list page."""
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    return url_for("places.index", **args)


@api_blueprint.get("/places")
def places():
    """Matching institutions as a GeoJSON FeatureCollection (null geometry for one without a point)."""
    result = search_places(parse_place_filters(request.args))
    response = jsonify(place_collection(result, str(get_locale())))
    response.mimetype = "application/geo+json"
    return response


def place_collection(result: PlaceResult, locale: str) -> dict:
    """The FeatureCollection of one result page."""
    vocabulary = KindVocabulary.load(locale)
    features = [
        place_feature(present_place(place, vocabulary, offers=result.offer_counts.get(place.id, 0)))
        for place in result.places
    ]
    return {
        "type": "FeatureCollection",
        "numberMatched": result.number_matched,
        "numberReturned": len(features),
        "features": features,
    }


def place_feature(entry: PlaceEntry) -> dict:
    """One institution as a GeoJSON Feature; its id is the place's."""
    geometry = {"type": "Point", "coordinates": [entry.lon, entry.lat]} if entry.has_point else None
    return {
        "type": "Feature",
        "id": entry.id,
        "geometry": geometry,
        "properties": {
            "name": entry.name,
            "kind": entry.kind,
            "kind_label": entry.kind_label,
            "school_form": entry.school_form,
            "school_form_label": entry.school_form_label,
            "address": entry.address or None,
            "district": entry.district_slug,
            "district_name": entry.district,
            "offers": entry.offers,
            "barrier_free": entry.barrier_free,
            "languages": entry.languages,
            "demo": entry.is_demo,
            "colour": entry.colour,
            "url": url_for("places.detail", place_id=entry.id),
        },
    }
