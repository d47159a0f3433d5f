"""/api/v1/openapi.json: every route of /api/v1, /ogc and /hsds is described, every reference resolves, and real
answers (and errors) have the documented shape."""

import re

import pytest
from jsonschema import Draft202012Validator

from mapfinder import hsds

API_PREFIXES = ("/api/v1/", "/ogc", "/hsds/")


@pytest.fixture()
def spec(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json


def as_json_schema(schema, components: dict):
    """An OpenAPI 3.0 schema as JSON Schema: ``nullable`` becomes a null type, references point into ``defs``."""
    if isinstance(schema, list):
        return [as_json_schema(item, components) for item in schema]
    if not isinstance(schema, dict):
        return schema
    converted = {key: as_json_schema(value, components) for key, value in schema.items() if key != "nullable"}
    if "$ref" in converted:
        converted["$ref"] = converted["$ref"].replace("#/components/schemas/", "#/$defs/")
    if schema.get("nullable"):
        converted = {"anyOf": [converted, {"type": "null"}]}
    return converted


def check(spec: dict, path: str, status: int, body, media_type: str) -> None:
    components = spec["components"]["schemas"]
    answer = spec["paths"][path]["get"]["responses"][str(status)]["content"]
    schema = as_json_schema(answer[media_type]["schema"], components)
    schema["$defs"] = {name: as_json_schema(item, components) for name, item in components.items()}
    errors = [error.message for error in Draft202012Validator(schema).iter_errors(body)]
    assert errors == [], (path, status, errors[:3])


def test_every_route_is_described(app, spec):
    described = set(spec["paths"])
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        if path.startswith(API_PREFIXES) and path not in ("/api/v1/openapi.json", "/api/v1/docs", "/ogc/"):
            assert path in described, path
    assert {"/api/v1/offers", "/ogc/collections/{collection_id}/items", "/hsds/services/{service_id}"} <= described


def test_every_reference_resolves(spec):
    text = str(spec)
    for kind, name in re.findall(r"#/components/(parameters|schemas)/([A-Za-z]+)", text):
        assert name in spec["components"][kind], name
    for item in spec["paths"].values():
        for parameter in item["get"]["parameters"]:
            if "$ref" not in parameter:
                assert parameter["in"] in ("query", "path") and "schema" in parameter


def test_answers_match_the_documented_schemas(client, spec, make):
    offer = make.offer(title="OpenAPI Angebot")
    feature_id = offer.at_places[0].id
    cases = [
        ("/api/v1/offers", "/api/v1/offers?limit=5", "application/geo+json"),
        ("/api/v1/phases", "/api/v1/phases", "application/json"),
        ("/api/v1/places", "/api/v1/places?limit=5", "application/geo+json"),
        ("/ogc", "/ogc", "application/json"),
        ("/ogc/collections", "/ogc/collections", "application/json"),
        ("/ogc/collections/{collection_id}/items", "/ogc/collections/offers/items?limit=5", "application/geo+json"),
        (
            "/ogc/collections/{collection_id}/items/{feature_id}",
            f"/ogc/collections/offers/items/{feature_id}",
            "application/geo+json",
        ),
        (
            "/ogc/collections/{collection_id}/queryables",
            "/ogc/collections/offers/queryables",
            "application/schema+json",
        ),
        ("/hsds/services", "/hsds/services?per_page=5", "application/json"),
        ("/hsds/services/{service_id}", f"/hsds/services/{hsds.uid('service', offer.id)}", "application/json"),
    ]
    for path, url, media_type in cases:
        response = client.get(url)
        assert response.status_code == 200, url
        check(spec, path, 200, response.json, media_type)


def test_errors_match_the_documented_schemas(client, spec):
    cases = [
        ("/api/v1/offers", "/api/v1/offers?limit=0", 400),
        ("/ogc/collections/{collection_id}/items", "/ogc/collections/offers/items?bbox=1", 400),
        ("/ogc/collections/{collection_id}/items", "/ogc/collections/nope/items", 404),
        ("/hsds/services/{service_id}", "/hsds/services/nope", 404),
    ]
    for path, url, status in cases:
        response = client.get(url)
        assert response.status_code == status, url
        check(spec, path, status, response.json, "application/json")


def test_ogc_landing_page_links_the_contract(client):
    links = {link["rel"]: link["href"] for link in client.get("/ogc").json["links"]}
    assert links["service-desc"].endswith("/api/v1/openapi.json")
