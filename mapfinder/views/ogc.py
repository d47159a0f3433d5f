"""OGC API – Features under ``/ogc``: landing page, conformance, collections (offers, places, districts), items,
single features and queryables; JSON (GeoJSON for features) by default, HTML by ``f=html`` or the Accept header."""

from dataclasses import replace
from datetime import UTC, datetime

import orjson
from flask import Blueprint, Response, abort, jsonify, render_template, request, url_for
from flask_babel import get_locale

from .. import ogc
from ..geojson import feature_of, number_matched, offers_page, page_counts, with_members
from ..i18n import _
from ..parameters import ParameterError
from ..place_search import search_places
from .params import parse_bbox, parse_int, parse_offer_filters
from .places import parse_place_filters, place_collection, place_feature

_ID_MARK = 987654321  # a number no offer id takes, replaced by {id}
blueprint = Blueprint("ogc", __name__, url_prefix="/ogc")
_FORMATS = {"json": False, "geojson": False, "html": True}
_PAGING = ("limit", "offset")


@blueprint.get("/")
@blueprint.get("")
def landing():
    """The landing page: title, description and the links to everything else."""
    document = {
        "title": _("Offene Daten der Angebotskarte"),
        "description": _("Angebote, Einrichtungen und Bezirke als OGC API – Features."),
        "links": _self_links("ogc.landing")
        + [
            _link(
                "service-desc",
                "application/vnd.oai.openapi+json;version=3.0",
                _("API-Beschreibung"),
                "openapi.document",
            ),
            _link("conformance", "application/json", _("Konformitätsklassen"), "ogc.conformance"),
            _link("data", "application/json", _("Sammlungen"), "ogc.collections"),
        ],
    }
    return _respond(document)


@blueprint.get("/conformance")
def conformance():
    """The conformance classes this API implements."""
    return _respond(
        {
            "title": _("Konformitätsklassen"),
            "conformsTo": list(ogc.CONFORMANCE),
            "links": _self_links("ogc.conformance"),
        }
    )


@blueprint.get("/collections")
def collections():
    """Every collection with its extent and links."""
    items = [
        ogc.collection_document(collection, _collection_links(collection.id)) for collection in ogc.COLLECTIONS.values()
    ]
    return _respond({"title": _("Sammlungen"), "collections": items, "links": _self_links("ogc.collections")})


@blueprint.get("/collections/<collection_id>")
def collection(collection_id: str):
    """One collection's description."""
    found = _collection_or_404(collection_id)
    return _respond(ogc.collection_document(found, _collection_links(found.id)))


@blueprint.get("/collections/<collection_id>/queryables")
def queryables(collection_id: str):
    """The properties one may filter the collection's items by (a JSON Schema)."""
    found = _collection_or_404(collection_id)
    url = url_for("ogc.queryables", collection_id=found.id, _external=True)
    document = ogc.queryables_document(found, url)
    document["links"] = _self_links("ogc.queryables", collection_id=found.id)
    return _respond(document, mimetype="application/schema+json")


@blueprint.get("/collections/<collection_id>/items")
def items(collection_id: str):
    """One page of the collection's features with ``numberMatched``, ``numberReturned`` and next/prev links."""
    found = _collection_or_404(collection_id)
    ogc.check_bbox_crs(request.args.get("bbox-crs"))
    limit, offset = _paging()
    page = _ITEMS[found.id](limit, offset)
    if isinstance(page, bytes) and not _wants_html():
        # The offers' page comes serialised (and remembered per data version): only links and time are added.
        links = _items_links(found.id, limit, offset, *page_counts(page))
        return Response(with_members(page, links=links, timeStamp=_now()), mimetype="application/geo+json")
    page = orjson.loads(page) if isinstance(page, bytes) else page
    page["links"] = _items_links(found.id, limit, offset, number_matched(page), page["numberReturned"])
    page["timeStamp"] = _now()
    return _respond(page, mimetype="application/geo+json", title=found.title)


def _items_links(collection_id: str, limit: int, offset: int, matched: int, returned: int) -> list[dict]:
    return _self_links("ogc.items", collection_id=collection_id, keep_args=True) + ogc.paging_links(
        offset=offset,
        limit=limit,
        returned=returned,
        matched=matched,
        page_url=lambda start: _page_url(collection_id, start, limit),
    )


@blueprint.get("/collections/<collection_id>/items/<feature_id>")
def item(collection_id: str, feature_id: str):
    """One feature by its id (an offer at a place, a place, a district slug)."""
    found = _collection_or_404(collection_id)
    feature = _FEATURE[found.id](feature_id)
    if feature is None:
        abort(404)
    feature["links"] = _self_links("ogc.item", collection_id=found.id, feature_id=feature_id) + [
        _link("collection", "application/json", str(found.title), "ogc.collection", collection_id=found.id)
    ]
    return _respond(feature, mimetype="application/geo+json", title=found.title)


def _offer_items(limit: int, offset: int) -> bytes:
    """The page serialised, through the API's path (vocabulary snapshot, page remembered per data version)."""
    filters = parse_offer_filters(_without_paging())
    period = ogc.parse_datetime(request.args.get("datetime"))
    return offers_page(replace(filters, limit=limit, offset=offset, period=period), _locale(), _offer_url_pattern())


def _offer_url_pattern() -> str:
    """The offer page's URL with ``{id}`` for the offer id (one ``url_for`` per page)."""
    return url_for("offers.detail", offer_id=_ID_MARK).replace(str(_ID_MARK), "{id}")


def _place_items(limit: int, offset: int) -> dict:
    filters = parse_place_filters(_without_paging())
    return place_collection(search_places(replace(filters, limit=limit, offset=offset)), _locale())


def _district_items(limit: int, offset: int) -> dict:
    features = ogc.district_features(_locale(), parse_bbox(request.args.get("bbox")))
    page = features[offset : offset + limit]
    return {"type": "FeatureCollection", "numberMatched": len(features), "numberReturned": len(page), "features": page}


_ITEMS = {"offers": _offer_items, "places": _place_items, "districts": _district_items}


def _offer_feature(feature_id: str) -> dict | None:
    view = ogc.find_offer_at_place(int(feature_id), _locale()) if _is_id(feature_id) else None
    return feature_of(view, _offer_url_pattern()) if view else None


def _place_feature(feature_id: str) -> dict | None:
    entry = ogc.find_place(int(feature_id), _locale()) if _is_id(feature_id) else None
    return place_feature(entry) if entry else None


def _district_feature(feature_id: str) -> dict | None:
    return next((feature for feature in ogc.district_features(_locale(), None) if feature["id"] == feature_id), None)


_FEATURE = {"offers": _offer_feature, "places": _place_feature, "districts": _district_feature}


def _is_id(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 9


def _collection_or_404(collection_id: str) -> ogc.Collection:
    found = ogc.find_collection(collection_id)
    if found is None:
        abort(404)
    return found


def _paging() -> tuple[int, int]:
    """``limit`` (above the maximum it is cut to the maximum, as OGC API – Features recommends) and ``offset``."""
    limit = parse_int(request.args, "limit", 1, 10_000_000, _("limit muss eine ganze Zahl ab 1 sein."))
    offset = parse_int(request.args, "offset", 0, 10_000_000, _("offset muss eine ganze Zahl ab 0 sein."))
    return min(limit or ogc.DEFAULT_LIMIT, ogc.MAX_LIMIT), offset or 0


def _without_paging():
    args = request.args.copy()
    for name in _PAGING:
        args.pop(name, None)
    return args


def _page_url(collection_id: str, offset: int, limit: int) -> str:
    args = {key: value for key, value in request.args.items(multi=False) if key not in _PAGING}
    return url_for("ogc.items", collection_id=collection_id, _external=True, **args, limit=limit, offset=offset)


def _wants_html() -> bool:
    """``f=html|json`` decides; without it the Accept header (JSON unless HTML is preferred)."""
    chosen = request.args.get("f")
    if chosen:
        if chosen not in _FORMATS:
            raise ParameterError("f", _("Unbekanntes Format; erwartet: json oder html."))
        return _FORMATS[chosen]
    best = request.accept_mimetypes.best_match(["application/geo+json", "application/json", "text/html"])
    return best == "text/html"


def _respond(document: dict, *, mimetype: str = "application/json", title=None):
    if _wants_html():
        return render_template("ogc/page.html", document=document, heading=str(title or document.get("title", "")))
    response = jsonify(document)
    response.mimetype = mimetype
    return response


def _link(rel: str, media_type: str, title: str, endpoint: str, **values) -> dict:
    return {"rel": rel, "type": media_type, "title": title, "href": url_for(endpoint, _external=True, **values)}


def _self_links(endpoint: str, *, keep_args: bool = False, **values) -> list[dict]:
    """``self`` in the format asked for and ``alternate`` in the other one."""
    args = {key: value for key, value in request.args.items(multi=False) if key != "f"} if keep_args else {}
    html = _wants_html()
    json_type = "application/geo+json" if endpoint in ("ogc.items", "ogc.item") else "application/json"
    formats = [("json", json_type, _("als JSON")), ("html", "text/html", _("als HTML"))]
    return [
        {
            "rel": "self" if (kind == "html") == html else "alternate",
            "type": media_type,
            "title": title,
            "href": url_for(endpoint, _external=True, f=kind, **args, **values),
        }
        for kind, media_type, title in formats
    ]


def _locale() -> str:
    return str(get_locale())


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _collection_links(collection_id: str) -> list[dict]:
    return [
        _link("self", "application/json", _("Sammlung"), "ogc.collection", collection_id=collection_id),
        _link("items", "application/geo+json", _("Objekte"), "ogc.items", collection_id=collection_id),
        _link("items", "text/html", _("Objekte als HTML"), "ogc.items", collection_id=collection_id, f="html"),
        _link(
            "http://www.opengis.net/def/rel/ogc/1.0/queryables",
            "application/schema+json",
            _("Abfragbare Felder"),
            "ogc.queryables",
            collection_id=collection_id,
        ),
    ]
