"""Schemathesis against /api/v1/openapi.json, in-process through the WSGI app, on real PostGIS with factory data:
every operation of /api/v1, /ogc and /hsds gets a bounded number of generated requests, valid and invalid ones,
derandomised so runs repeat; operations with an id in the path also get the ids of real records. No answer is a
server error, and every answer has a documented status, media type, headers and schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode, checks
from schemathesis.specs.openapi import checks as openapi_checks

from mapfinder import hsds, openapi

MAX_EXAMPLES = 10
CHECKS = [
    checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.response_headers_conformance,
]
DOCUMENT = openapi.document("http://localhost", "contract")
PATHS = sorted(DOCUMENT["paths"])


def _constrained(path: str) -> bool:
    """Whether a parameter of the operation has a rule that a generated value can break (negative cases exist)."""
    for parameter in DOCUMENT["paths"][path]["get"]["parameters"]:
        if "$ref" in parameter:
            parameter = DOCUMENT["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
        if parameter["schema"] != {"type": "string"}:
            return True
    return False


NEGATIVE_PATHS = [path for path in PATHS if _constrained(path)]


@pytest.fixture()
def records(make) -> dict:
    """One offer at a place with every kind of detail, and the ids the path parameters take for it."""
    organization = make.organization(name="Vertragsprüfung Träger")
    offer = make.offer(
        title="Vertragsprüfung Elterncafé",
        organization=organization,
        places=[make.place(street="Teststraße 1", postcode="45468")],
        languages=["de", "tr"],
        schedule="dienstags 9-11 Uhr",
        cost="2 € pro Termin",
        contact_email="cafe@example.org",
        contact_phone="0208 123456",
    )
    at_place = offer.at_places[0]
    return {
        "feature_id": str(at_place.id),
        "service_id": hsds.uid("service", offer.id),
        "organization_id": hsds.uid("organization", organization.id),
        "record_id": hsds.uid("service_at_location", at_place.id),
    }


@pytest.fixture()
def api_schema(app, client, records):
    """The contract as the app serves it, with the factory records in the test's transaction."""
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def run(app, operation, mode: GenerationMode, path_parameters: dict | None = None) -> None:
    """Up to ``MAX_EXAMPLES`` generated requests, each in its own app context (as in production: a fresh ``g``, the
    locale chosen anew) on the test's connection, so the factory records are seen and rolled back after."""
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

    @given(case=strategy)
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        with app.app_context():
            case.call_and_validate(checks=CHECKS)

    check()


@pytest.mark.parametrize("path", PATHS)
def test_valid_requests_answer_as_documented(app, api_schema, path):
    run(app, api_schema[path]["GET"], GenerationMode.POSITIVE)


@pytest.mark.parametrize("path", NEGATIVE_PATHS)
def test_invalid_requests_answer_as_documented(app, api_schema, path):
    run(app, api_schema[path]["GET"], GenerationMode.NEGATIVE)


@pytest.mark.parametrize("path", [path for path in PATHS if path.endswith("_id}") and "{collection_id}" not in path])
def test_real_records_answer_as_documented(app, api_schema, records, path):
    name = path.rsplit("{", 1)[1].rstrip("}")
    run(app, api_schema[path]["GET"], GenerationMode.POSITIVE, {name: records[name]})


def test_a_real_feature_answers_as_documented(app, api_schema, records):
    path = "/ogc/collections/{collection_id}/items/{feature_id}"
    ids = {"collection_id": "offers", "feature_id": records["feature_id"]}
    run(app, api_schema[path]["GET"], GenerationMode.POSITIVE, ids)
