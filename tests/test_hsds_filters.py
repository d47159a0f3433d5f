"""The list filters of the HSDS 3.0 API reference on /hsds: taxonomy_term_id, taxonomy_id, organization_id,
modified_after and search on services and services at locations, postcode and proximity (metres from the centre of
the postcode) on services at locations; a bad value is a 400 naming the parameter in the reader's language."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from mapfinder import hsds
from mapfinder.models import Category, LifePhase, Place


def names(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.json
    assert body["total_items"] == len(body["contents"])
    return {record.get("name") or record["service_id"] for record in body["contents"]}


def sal_titles(client, url: str, offers) -> set[str]:
    """The titles of ``offers`` whose service_at_locations the URL answers."""
    by_service = {hsds.uid("service", offer.id): offer.title for offer in offers}
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return {
        by_service[record["service_id"]] for record in response.json["contents"] if record["service_id"] in by_service
    }


def term_id(session, model, code: str) -> str:
    entity = "phase" if model is LifePhase else "category"
    return hsds.uid(entity, session.scalar(select(model.id).where(model.code == code)))


def test_taxonomy_term_id_finds_services_with_that_phase_or_category(client, make, session):
    make.offer(title="Filtertest Kita", phases=("fruehe-kindheit",), categories=("familie",))
    make.offer(title="Filtertest Sprachkurs", phases=("lebenslang",), categories=("sprache",))
    family = term_id(session, Category, "familie")
    adults = term_id(session, LifePhase, "lebenslang")
    assert names(client, f"/hsds/services?search=Filtertest&taxonomy_term_id={family}") == {"Filtertest Kita"}
    assert names(client, f"/hsds/services?search=Filtertest&taxonomy_term_id={adults}") == {"Filtertest Sprachkurs"}
    every = client.get(f"/hsds/services?taxonomy_term_id={family}&full=true&per_page=1000").json["contents"]
    assert every and all(family in {a["taxonomy_term_id"] for a in record["attributes"]} for record in every)


def test_unknown_but_well_formed_ids_match_nothing(client, make):
    make.offer(title="Filtertest Einzeln")
    for name in ("taxonomy_term_id", "taxonomy_id", "organization_id"):
        body = client.get(f"/hsds/services?{name}=00000000-0000-4000-8000-000000000000").json
        assert body["total_items"] == 0 and body["contents"] == [] and body["empty"]


def test_taxonomy_id_keeps_terms_of_that_taxonomy(client, make):
    phases = hsds.uid("taxonomy", "phase")
    terms = client.get(f"/hsds/taxonomy_terms?taxonomy_id={phases}&per_page=100").json["contents"]
    assert terms and {term["taxonomy_id"] for term in terms} == {phases}
    found = client.get("/hsds/taxonomy_terms?search=Familie&per_page=100").json["contents"]
    assert [term["code"] for term in found] == ["familie"]
    make.offer(title="Filtertest Taxonomie")
    assert names(client, f"/hsds/services?search=Filtertest Taxonomie&taxonomy_id={phases}") == {"Filtertest Taxonomie"}


def test_modified_after_compares_in_utc(client, make):
    make.offer(title="Zeitfilter alt", updated_at=datetime(2020, 1, 1, tzinfo=UTC))
    make.offer(title="Zeitfilter neu", updated_at=datetime(2025, 6, 1, tzinfo=UTC))
    url = "/hsds/services?search=Zeitfilter&modified_after="
    assert names(client, url + "2025-01-01") == {"Zeitfilter neu"}
    assert names(client, url + "2019-12-31") == {"Zeitfilter alt", "Zeitfilter neu"}
    assert names(client, url + "2025-06-01T00:00:00Z") == {"Zeitfilter neu"}
    # 01:00 in UTC+2 is 23:00 UTC of the day before: still before the change.
    assert names(client, url + "2025-06-01T01:00:00%2B02:00") == {"Zeitfilter neu"}
    assert names(client, url + "2025-06-01T00:00:01") == set()


def test_modified_after_on_locations_also_sees_a_changed_place(client, make, session):
    old = datetime(2020, 1, 1, tzinfo=UTC)
    quiet = make.offer(title="Ortsfilter ruhig", updated_at=old)
    moved = make.offer(title="Ortsfilter umgezogen", updated_at=old)
    session.execute(update(Place).where(Place.id == quiet.places[0].id).values(updated_at=old))
    session.execute(
        update(Place).where(Place.id == moved.places[0].id).values(updated_at=datetime(2025, 3, 1, tzinfo=UTC))
    )
    url = "/hsds/service_at_locations?search=Ortsfilter&modified_after=2025-01-01&per_page=1000"
    assert sal_titles(client, url, [quiet, moved]) == {"Ortsfilter umgezogen"}


def test_organization_id_on_services_at_locations(client, make):
    organization = make.organization(name="Filterträger")
    own = make.offer(title="Trägerfilter eigen", organization=organization)
    other = make.offer(title="Trägerfilter fremd")
    url = f"/hsds/service_at_locations?organization_id={hsds.uid('organization', organization.id)}"
    assert sal_titles(client, url, [own, other]) == {"Trägerfilter eigen"}
    assert names(client, "/hsds/organizations?search=Filterträger") == {"Filterträger"}


@pytest.fixture()
def postcode_offers(make):
    """Two places of postcode 45999 about 1.4 km apart (centre between them) and one of 45998 near that centre."""
    west = make.offer(title="Nähe West", places=[make.place(postcode="45999", lon=6.880, lat=51.430)])
    east = make.offer(title="Nähe Ost", places=[make.place(postcode="45999", lon=6.900, lat=51.430)])
    centre = make.offer(title="Nähe Mitte", places=[make.place(postcode="45998", lon=6.8905, lat=51.4305)])
    return [west, east, centre]


def test_postcode_alone_keeps_its_locations(client, postcode_offers):
    url = "/hsds/service_at_locations?postcode=45999&per_page=1000"
    assert sal_titles(client, url, postcode_offers) == {"Nähe West", "Nähe Ost"}
    assert client.get(url).json["total_items"] == 2


def test_proximity_measures_from_the_centre_of_the_postcode(client, postcode_offers):
    url = "/hsds/service_at_locations?postcode=45999&per_page=1000&proximity="
    # The centre lies about 700 m from each place of 45999 and about 70 m from the place of 45998.
    assert sal_titles(client, url + "300", postcode_offers) == {"Nähe Mitte"}
    assert sal_titles(client, url + "1000", postcode_offers) == {"Nähe West", "Nähe Ost", "Nähe Mitte"}
    assert client.get("/hsds/service_at_locations?postcode=00000&proximity=50000").json["total_items"] == 0


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("taxonomy_term_id=familie", "taxonomy_term_id"),
        ("taxonomy_id=1", "taxonomy_id"),
        ("organization_id=nope", "organization_id"),
        ("modified_after=gestern", "modified_after"),
        ("modified_after=2025-13-01", "modified_after"),
        ("search=" + "x" * 201, "search"),
    ],
)
def test_bad_filters_are_400_naming_the_parameter(client, query, param):
    response = client.get(f"/hsds/services?{query}")
    assert response.status_code == 400
    assert response.json["code"] == "InvalidParameterValue"
    assert response.json["description"].startswith(f"{param}: ")


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("proximity=500", "proximity"),
        ("postcode=45468&proximity=0", "proximity"),
        ("postcode=45468&proximity=50001", "proximity"),
        ("postcode=45468&proximity=viel", "proximity"),
        ("postcode=%3Cscript%3E", "postcode"),
    ],
)
def test_bad_location_filters_are_400(client, query, param):
    response = client.get(f"/hsds/service_at_locations?{query}")
    assert response.status_code == 400
    assert response.json["description"].startswith(f"{param}: ")


@pytest.mark.parametrize(
    ("lang", "words"), [("de", "gilt nur zusammen mit postcode"), ("en", "only works together with postcode")]
)
def test_the_message_is_in_the_readers_language(client, lang, words):
    response = client.get(f"/hsds/service_at_locations?proximity=500&lang={lang}")
    assert response.status_code == 400 and words in response.json["description"]


@pytest.mark.parametrize(
    "url", ["/hsds/services?search=a%01b", "/ogc/collections/offers/items?datetime=%7F", "/hsds/taxonomy_terms?%02=x"]
)
def test_control_characters_in_open_data_queries_are_refused_in_the_exception_format(client, url):
    """Found by schemathesis: the open-data APIs dropped such a parameter like a page and sent their data with 400."""
    response = client.get(url)
    assert response.status_code == 400
    assert set(response.json) == {"code", "description"} and response.json["code"] == "InvalidParameterValue"
