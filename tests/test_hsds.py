"""HSDS 3.0 under /hsds and ``flask export hsds``: every record validates against the official JSON schemas (copied
in tests/fixtures/hsds), ids are stable UUIDs, only visible offers appear, pages follow HSDS's Page object."""

import json
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from mapfinder import hsds
from mapfinder.models import OfferStatus

SCHEMAS = Path(__file__).parent / "fixtures" / "hsds"
REGISTRY = Registry().with_resources(
    (path.name, Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012))
    for path in SCHEMAS.glob("*.json")
)
ENTITY_SCHEMA = {
    "services": "service",
    "organizations": "organization",
    "service_at_locations": "service_at_location",
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
}


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    return Draft202012Validator(schema, registry=REGISTRY, format_checker=FormatChecker())


def errors_of(name: str, record: dict) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator(name).iter_errors(record)
    ]


@pytest.fixture()
def rich_offer(make):
    organization = make.organization(name="HSDS Träger", description="Ein Träger")
    place = make.place(street="Teststraße 1", postcode="45468", languages=["tr"])
    return make.offer(
        title="HSDS Elterncafé",
        organization=organization,
        places=[place],
        languages=["de", "ar"],
        schedule="dienstags 9-11 Uhr",
        cost="2 € pro Termin",
        contact_email="cafe@example.org",
        contact_phone="0208 123456",
        categories=("familie", "beratung"),
    )


def test_full_service_is_nested_and_valid(client, rich_offer):
    service_id = hsds.uid("service", rich_offer.id)
    response = client.get(f"/hsds/services/{service_id}")
    assert response.status_code == 200
    record = response.json
    assert errors_of("service", record) == []
    assert record["id"] == service_id and record["name"] == "HSDS Elterncafé" and record["status"] == "active"
    assert record["organization"]["name"] == "HSDS Träger"
    [at_location] = record["service_at_locations"]
    assert at_location["location"]["addresses"][0]["postal_code"] == "45468"
    assert at_location["location"]["latitude"] == pytest.approx(51.4305)
    assert record["schedules"][0]["freq"] == "WEEKLY" and record["schedules"][0]["byday"] == "TU"
    assert record["schedules"][0]["opens_at"] == "09:00"
    assert record["cost_options"][0]["amount"] == 2.0
    assert record["contacts"][0]["phones"][0]["number"] == "0208 123456"
    assert {language["code"] for language in record["languages"]} == {"de", "ar"}
    terms = {attribute["taxonomy_term"]["code"] for attribute in record["attributes"]}
    assert terms == {"fruehe-kindheit", "familie", "beratung"}


def test_ids_are_stable_uuids(client, rich_offer):
    first = client.get(f"/hsds/services/{hsds.uid('service', rich_offer.id)}").json
    again = client.get(f"/hsds/services/{hsds.uid('service', rich_offer.id)}").json
    assert first["id"] == again["id"] == str(uuid.uuid5(hsds.NAMESPACE, f"service:{rich_offer.id}"))
    assert uuid.UUID(first["service_at_locations"][0]["location"]["id"]).version == 5


def test_hidden_offers_are_not_services(client, make):
    draft = make.offer(status=OfferStatus.DRAFT)
    ended = make.offer(ends_on=date.today() - timedelta(days=1))
    for offer in (draft, ended):
        assert client.get(f"/hsds/services/{hsds.uid('service', offer.id)}").status_code == 404
        for at_place in offer.at_places:
            assert (
                client.get(f"/hsds/service_at_locations/{hsds.uid('service_at_location', at_place.id)}").status_code
                == 404
            )


@pytest.mark.parametrize("path", ["services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms"])
def test_list_pages_follow_the_page_object_and_validate(client, rich_offer, path):
    body = client.get(f"/hsds/{path}?per_page=20").json
    assert set(body) >= {
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    }
    assert body["page_number"] == 1 and body["first_page"] and body["size"] == len(body["contents"]) > 0
    for record in body["contents"]:
        assert errors_of(ENTITY_SCHEMA[path], record) == []


def test_paging_walks_every_service_once(client):
    first = client.get("/hsds/services?per_page=100").json
    ids = [
        record["id"]
        for page in range(1, first["total_pages"] + 1)
        for record in client.get(f"/hsds/services?per_page=100&page={page}").json["contents"]
    ]
    assert len(ids) == len(set(ids)) == first["total_items"]
    assert client.get(f"/hsds/services?per_page=100&page={first['total_pages']}").json["last_page"]


def test_filters_search_and_organization(client, rich_offer, make):
    make.offer(title="Anderes Angebot")
    found = client.get("/hsds/services?search=HSDS Elterncaf").json["contents"]
    assert [record["name"] for record in found] == ["HSDS Elterncafé"]
    organization_id = hsds.uid("organization", rich_offer.organization_id)
    by_organization = client.get(f"/hsds/services?organization_id={organization_id}").json
    assert [record["name"] for record in by_organization["contents"]] == ["HSDS Elterncafé"]
    assert client.get(f"/hsds/organizations/{organization_id}").json["services"][0]["name"] == "HSDS Elterncafé"


@pytest.mark.parametrize(
    "url",
    [
        "/hsds/services/nope",
        f"/hsds/services/{uuid.uuid4()}",
        f"/hsds/organizations/{uuid.uuid4()}",
        "/hsds/service_at_locations/x",
    ],
)
def test_unknown_ids_are_404_in_the_exception_format(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert set(response.json) == {"code", "description"}


@pytest.mark.parametrize("query", ["page=0", "per_page=0", "per_page=5000", "full=vielleicht"])
def test_bad_paging_is_400(client, query):
    response = client.get(f"/hsds/services?{query}")
    assert response.status_code == 400
    assert response.json["code"] == "InvalidParameterValue"


def test_export_of_the_demo_data_validates_record_by_record(cli, tmp_path):
    result = cli.invoke(args=["export", "hsds", str(tmp_path)])
    assert result.exit_code == 0, result.output
    services = json.loads((tmp_path / "services.json").read_text())
    assert len(services) > 100
    errors = {}
    for path, name in ENTITY_SCHEMA.items():
        records = json.loads((tmp_path / f"{path}.json").read_text())
        assert records, path
        checker = validator(name)
        for record in records:
            found = [error.message for error in checker.iter_errors(record)]
            if found:
                errors[record["id"]] = found
    assert errors == {}
