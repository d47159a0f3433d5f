"""The OpenAPI 3.0 contract of the JSON APIs: ``/api/v1``, ``/ogc`` (OGC API – Features, the ``oas30`` class) and
``/hsds`` (HSDS 3.0). Built as data, served at ``/api/v1/openapi.json``; tests check every route is described and
every described answer has the documented shape."""

from . import search
from .hsds import MAX_PER_PAGE
from .ogc import COLLECTIONS, MAX_LIMIT

JSON = "application/json"
GEOJSON = "application/geo+json"


def _query(name: str, schema: dict, description: str, *, explode: bool = True) -> dict:
    parameter = {"name": name, "in": "query", "required": False, "description": description, "schema": schema}
    if schema.get("type") == "array":
        parameter.update({"style": "form", "explode": explode})
    return parameter


def _path(name: str, description: str, schema: dict | None = None) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/parameters/{name}"}


def _answer(description: str, schema: str, media_type: str = JSON) -> dict:
    return {"description": description, "content": {media_type: {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


def _errors(*statuses: int, schema: str = "Error") -> dict:
    texts = {400: "Bad parameter (the message names it)", 404: "Not found"}
    return {str(status): _answer(texts[status], schema) for status in statuses}


HTML = {"text/html": {"schema": {"type": "string"}}}
# Every operation may answer 400: a parameter or path with control characters is refused before any view runs.
_ERROR_SCHEMA = {"api": "Error", "ogc": "Exception", "hsds": "Exception"}


def _get(summary: str, parameters: list, responses: dict, tag: str) -> dict:
    """One GET operation; adds the 400 every operation may answer and, for the open-data APIs, the HTML pages
    (``/ogc`` by ``f=html`` or ``Accept``, errors of ``/ogc`` and ``/hsds`` for a browser)."""
    responses = {"400": _errors(400, schema=_ERROR_SCHEMA[tag])["400"], **responses}
    for status, answer in responses.items():
        if tag == "ogc" or (tag == "hsds" and status.startswith("4")):
            answer["content"].update(HTML)
    return {"get": {"summary": summary, "tags": [tag], "parameters": parameters, "responses": responses}}


_CODES = {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,39}$"}}
_SLUG = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,39}$"}
_BBOX = {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4}

PARAMETERS = {
    "phase": _query("phase", _CODES, "Life phase codes (repeatable or comma-separated)", explode=False),
    "category": _query("category", _CODES, "Category codes (repeatable or comma-separated)", explode=False),
    "district": _query("district", _SLUG, "Slug of a Bezirk, Stadtteil or quarter"),
    "language": _query("language", {"type": "string", "pattern": "^[a-z]{2}$"}, "Spoken language (ISO 639-1)"),
    "lang": _query(
        "lang",
        {"type": "string", "enum": ["de", "en", "tr", "ar", "uk", "ru", "pl", "ro", "bg"]},
        "Language of labels and texts",
    ),
    "q": _query("q", {"type": "string", "maxLength": 200}, "Free text"),
    "bbox": _query("bbox", _BBOX, "minLon,minLat,maxLon,maxLat (CRS84)", explode=False),
    "apiLimit": _query(
        "limit", {"type": "integer", "minimum": 1, "maximum": search.MAX_LIMIT, "default": 50}, "Page size"
    ),
    "offset": _query("offset", {"type": "integer", "minimum": 0, "maximum": 10_000_000, "default": 0}, "Rows to skip"),
    "ogcLimit": _query(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 100},
        "Page size (OGC API – Features)",
    ),
    "datetime": _query("datetime", {"type": "string"}, "RFC 3339 date or interval start/end, '..' for open"),
    "f": _query("f", {"type": "string", "enum": ["json", "html"]}, "Output format"),
    "collectionId": _path("collection_id", "Collection", {"type": "string", "enum": list(COLLECTIONS)}),
    "page": _query("page", {"type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1}, "Page number"),
    "perPage": _query(
        "per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 50}, "Records per page"
    ),
    "hsdsSearch": _query(
        "search", {"type": "string", "maxLength": 200}, "Full text search: every word in a name or description"
    ),
    "organizationId": _query(
        "organization_id", {"type": "string", "format": "uuid"}, "Services that this organization provides"
    ),
    "taxonomyTermId": _query(
        "taxonomy_term_id", {"type": "string", "format": "uuid"}, "Services with this taxonomy term (phase or category)"
    ),
    "taxonomyId": _query("taxonomy_id", {"type": "string", "format": "uuid"}, "Any term of this taxonomy"),
    "modifiedAfter": _query(
        "modified_after",
        {"type": "string", "format": "date-time"},
        "Modified on or after this ISO 8601 date or date-time (UTC when no offset is given)",
    ),
    "postcode": _query(
        "postcode",
        {"type": "string", "pattern": "^[0-9A-Za-z][0-9A-Za-z -]{0,9}$"},
        "Postcode of the location; with proximity the centre of the postcode's places",
    ),
    "proximity": _query(
        "proximity",
        {"type": "integer", "minimum": 1, "maximum": search.MAX_RADIUS_M},
        "Metres from the centre of the postcode (needs postcode)",
    ),
}

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "properties": {"param": {"type": "string", "nullable": True}, "message": {"type": "string"}},
            },
            "status": {"type": "integer"},
        },
    },
    "Exception": {
        "type": "object",
        "required": ["code"],
        "properties": {"code": {"type": "string"}, "description": {"type": "string"}},
    },
    "Link": {
        "type": "object",
        "required": ["href"],
        "properties": {
            "href": {"type": "string"},
            "rel": {"type": "string"},
            "type": {"type": "string"},
            "title": {"type": "string"},
        },
    },
    "Feature": {
        "type": "object",
        "required": ["type", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
            "geometry": {"type": "object", "nullable": True},
            "properties": {"type": "object", "nullable": True},
        },
    },
    "FeatureCollection": {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": {"type": "array", "items": {"$ref": "#/components/schemas/Feature"}},
            "numberMatched": {"type": "integer", "minimum": 0, "description": "How many features match (exact)."},
            "numberMatchedAtLeast": {
                "type": "integer",
                "minimum": 1,
                "description": "Instead of numberMatched when more match than the server counts "
                "(MAPFINDER_COUNT_EXACT_UP_TO, default 1,000, or up to the page's end): at least this many match.",
            },
            "numberReturned": {"type": "integer", "minimum": 0},
            "links": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}},
        },
    },
    "LabelList": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["code", "label"],
            "properties": {"code": {"type": "string"}, "label": {"type": "string"}},
        },
    },
    "Points": {
        "type": "object",
        "required": ["numberMatched"],
        "properties": {
            "numberMatched": {"type": "integer"},
            "points": {"type": "array"},
            "clusters": {"type": "array"},
        },
    },
    "Streets": {
        "type": "array",
        "maxItems": 10,
        "items": {
            "type": "object",
            "required": ["name", "postcode"],
            "properties": {"name": {"type": "string"}, "postcode": {"type": "string", "nullable": True}},
        },
    },
    "Gaps": {"type": "object"},
    "LandingPage": {
        "type": "object",
        "required": ["links"],
        "properties": {
            "title": {"type": "string"},
            "description": {"type": "string"},
            "links": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}},
        },
    },
    "Conformance": {
        "type": "object",
        "required": ["conformsTo"],
        "properties": {"conformsTo": {"type": "array", "items": {"type": "string"}}},
    },
    "Collection": {
        "type": "object",
        "required": ["id", "links"],
        "properties": {
            "id": {"type": "string"},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "extent": {"type": "object"},
            "crs": {"type": "array", "items": {"type": "string"}},
            "links": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}},
        },
    },
    "Collections": {
        "type": "object",
        "required": ["collections", "links"],
        "properties": {
            "collections": {"type": "array", "items": {"$ref": "#/components/schemas/Collection"}},
            "links": {"type": "array", "items": {"$ref": "#/components/schemas/Link"}},
        },
    },
    "Queryables": {
        "type": "object",
        "required": ["type", "properties"],
        "properties": {"type": {"type": "string"}, "properties": {"type": "object"}},
    },
    "HsdsRecord": {
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "string", "format": "uuid"}},
        "description": "An HSDS 3.0 object; see https://docs.openreferral.org/en/latest/hsds/schema_reference.html",
    },
    "HsdsPage": {
        "type": "object",
        "required": [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ],
        "properties": {
            "total_items": {"type": "integer"},
            "total_pages": {"type": "integer"},
            "page_number": {"type": "integer"},
            "size": {"type": "integer"},
            "first_page": {"type": "boolean"},
            "last_page": {"type": "boolean"},
            "empty": {"type": "boolean"},
            "contents": {"type": "array", "items": {"$ref": "#/components/schemas/HsdsRecord"}},
        },
    },
    "HsdsRoot": {
        "type": "object",
        "required": ["version"],
        "properties": {"version": {"type": "string"}, "profile": {"type": "string"}, "openapi_url": {"type": "string"}},
    },
}

_OFFER_FILTERS = [_ref(name) for name in ("phase", "category", "district", "language", "q", "bbox", "lang")]


def _api_paths() -> dict:
    tag = "api"
    return {
        "/api/v1/offers": _get(
            "Offers as GeoJSON, one feature per offer and place",
            [*_OFFER_FILTERS, _ref("apiLimit"), _ref("offset")],
            {"200": _answer("Matching offers", "FeatureCollection", GEOJSON), **_errors(400)},
            tag,
        ),
        "/api/v1/offers/points": _get(
            "Compact map points or grid clusters",
            [*_OFFER_FILTERS, _query("zoom", {"type": "integer", "minimum": 0, "maximum": 22}, "Map zoom")],
            {"200": _answer("Points", "Points"), **_errors(400)},
            tag,
        ),
        "/api/v1/districts": _get(
            "Districts with outlines", [_ref("lang")], {"200": _answer("Districts", "FeatureCollection", GEOJSON)}, tag
        ),
        "/api/v1/phases": _get("Life phases", [_ref("lang")], {"200": _answer("Phases", "LabelList")}, tag),
        "/api/v1/categories": _get("Categories", [_ref("lang")], {"200": _answer("Categories", "LabelList")}, tag),
        "/api/v1/streets": _get(
            "Known streets starting with q (address suggestions; accents, umlauts and 'Straße'/'Strasse' ignored)",
            [_query("q", {"type": "string", "maxLength": 200}, "The start of a street name")],
            {"200": _answer("Up to 10 streets with their postcode", "Streets"), **_errors(400)},
            tag,
        ),
        "/api/v1/places": _get(
            "Institutions as GeoJSON",
            [
                _query("kind", _CODES, "Kinds of institution", explode=False),
                _ref("district"),
                _ref("phase"),
                _ref("bbox"),
                _ref("apiLimit"),
                _ref("offset"),
                _ref("lang"),
            ],
            {"200": _answer("Institutions", "FeatureCollection", GEOJSON), **_errors(400)},
            tag,
        ),
        "/api/v1/gaps": _get(
            "Planning indicators per district (JSON or CSV)",
            [
                _query("level", {"type": "string"}, "District level (bezirk, stadtteil, …)"),
                _query("phase", _SLUG, "One life phase code"),
                _query("category", _SLUG, "One category code"),
                _query("walk_m", {"type": "integer"}, "Walking distance in metres"),
                _query("format", {"type": "string", "enum": ["json", "csv"]}, "Format"),
                _ref("lang"),
            ],
            {"200": _gaps_answer(), **_errors(400)},
            tag,
        ),
    }


def _gaps_answer() -> dict:
    answer = _answer("Indicators (CSV with format=csv)", "Gaps")
    answer["content"]["text/csv"] = {"schema": {"type": "string"}}
    return answer


def _ogc_paths() -> dict:
    tag = "ogc"
    ogc_errors = _errors(400, schema="Exception")
    not_found = _errors(404, schema="Exception")
    feature_id = _path("feature_id", "Feature id (an OfferAtPlace id, a place id or a district slug)")
    return {
        "/ogc": _get("Landing page", [_ref("f")], {"200": _answer("Links", "LandingPage")}, tag),
        "/ogc/conformance": _get("Conformance classes", [_ref("f")], {"200": _answer("Classes", "Conformance")}, tag),
        "/ogc/collections": _get("Collections", [_ref("f")], {"200": _answer("Collections", "Collections")}, tag),
        "/ogc/collections/{collection_id}": _get(
            "One collection",
            [_ref("collectionId"), _ref("f")],
            {"200": _answer("Collection", "Collection"), **not_found},
            tag,
        ),
        "/ogc/collections/{collection_id}/queryables": _get(
            "Queryable properties (JSON Schema)",
            [_ref("collectionId"), _ref("f")],
            {"200": _answer("Queryables", "Queryables", "application/schema+json"), **not_found},
            tag,
        ),
        "/ogc/collections/{collection_id}/items": _get(
            "Features of a collection, paged with next/prev links",
            [
                _ref("collectionId"),
                _ref("ogcLimit"),
                _ref("offset"),
                _ref("bbox"),
                _ref("datetime"),
                _query(
                    "bbox-crs",
                    {"type": "string", "enum": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"]},
                    "CRS of bbox",
                ),
                _ref("phase"),
                _ref("category"),
                _ref("district"),
                _ref("language"),
                _query("kind", _CODES, "Kinds of institution (places)", explode=False),
                _ref("lang"),
                _ref("f"),
            ],
            {"200": _answer("Features", "FeatureCollection", GEOJSON), **ogc_errors, **not_found},
            tag,
        ),
        "/ogc/collections/{collection_id}/items/{feature_id}": _get(
            "One feature",
            [_ref("collectionId"), feature_id, _ref("lang"), _ref("f")],
            {"200": _answer("Feature", "Feature", GEOJSON), **not_found},
            tag,
        ),
    }


def _hsds_paths() -> dict:
    tag = "hsds"
    paging = [_ref("page"), _ref("perPage")]
    service_filters = [
        _ref(name) for name in ("hsdsSearch", "organizationId", "taxonomyTermId", "taxonomyId", "modifiedAfter")
    ]
    uuid_path = {"type": "string", "format": "uuid"}
    not_found = _errors(404, schema="Exception")
    bad = _errors(400, schema="Exception")
    one = {"200": _answer("Record", "HsdsRecord"), **not_found}
    return {
        "/hsds/": _get("HSDS version", [], {"200": _answer("Version", "HsdsRoot")}, tag),
        "/hsds/services": _get(
            "Services",
            [*paging, *service_filters, _query("full", {"type": "boolean"}, "Fully nested services")],
            {"200": _answer("Page", "HsdsPage"), **bad},
            tag,
        ),
        "/hsds/services/{service_id}": _get(
            "One fully nested service", [_path("service_id", "UUID", uuid_path)], one, tag
        ),
        "/hsds/organizations": _get(
            "Organizations", [*paging, _ref("hsdsSearch")], {"200": _answer("Page", "HsdsPage"), **bad}, tag
        ),
        "/hsds/organizations/{organization_id}": _get(
            "One organization with its services", [_path("organization_id", "UUID", uuid_path)], one, tag
        ),
        "/hsds/service_at_locations": _get(
            "Services at locations",
            [*paging, *service_filters, _ref("postcode"), _ref("proximity")],
            {"200": _answer("Page", "HsdsPage"), **bad},
            tag,
        ),
        "/hsds/service_at_locations/{record_id}": _get(
            "One service at a location", [_path("record_id", "UUID", uuid_path)], one, tag
        ),
        "/hsds/taxonomies": _get("Taxonomies", [], {"200": _answer("Page", "HsdsPage")}, tag),
        "/hsds/taxonomy_terms": _get(
            "Taxonomy terms",
            [*paging, _ref("hsdsSearch"), _ref("taxonomyId")],
            {"200": _answer("Page", "HsdsPage"), **bad},
            tag,
        ),
    }


def document(server_url: str, title: str) -> dict:
    """The whole contract, with the server's own address."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": title,
            "version": "1.0.0",
            "description": "Offers, institutions and districts: own API, OGC API – Features, HSDS 3.0.",
        },
        "servers": [{"url": server_url}],
        "tags": [{"name": "api"}, {"name": "ogc"}, {"name": "hsds"}],
        "paths": {**_api_paths(), **_ogc_paths(), **_hsds_paths()},
        "components": {"parameters": PARAMETERS, "schemas": SCHEMAS},
    }
