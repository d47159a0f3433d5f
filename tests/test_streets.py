"""Street suggestions for the address field: the service (prefix, umlaut/ß tolerance, limit, nothing asked) over
real places in PostGIS, and GET /api/v1/streets (JSON, 400 for bad input)."""

import string

import pytest

from mapfinder.geocoding import suggest_streets
from mapfinder.geocoding.streets import MAX_SUGGESTIONS, street_key, written_out


def names(query: str) -> list[str]:
    return [street.name for street in suggest_streets(query)]


@pytest.fixture()
def streets(make):
    make.place(street="Kaiserstraße 12", postcode="45468")
    make.place(street="Kaiserstr. 3", postcode="45468")
    make.place(street="Kaiserplatz 1", postcode="45479")
    make.place(street="Zwölfmühlenweg 4", postcode="45476")
    make.place(street="Friedrich-Quaxbert-Str. 9", postcode=None)
    make.place(street="Nirgendwogasse 1", lon=None, lat=None)  # no point: the near search cannot place it


def test_street_keys_ignore_case_accents_umlaut_spellings_and_strasse():
    assert street_key("Zwölfmühlenweg") == street_key("zwoelfmuehlenweg") == street_key("ZWOLFMUHLENWEG")
    assert street_key("Kaiserstraße") == street_key("kaiserstrasse") == street_key("Kaiserstr.")
    assert street_key("Friedrich-Quaxbert-Str.") == street_key("friedrich quaxbert strasse")
    assert written_out("Friedrich-Quaxbert-Str.") == "Friedrich-Quaxbert-Straße"
    assert written_out("Kaiserstr.") == "Kaiserstraße"


def test_known_streets_are_suggested_by_prefix(streets):
    assert names("Kais") == ["Kaiserplatz", "Kaiserstraße"]
    assert names("kaiserstrasse") == ["Kaiserstraße"]  # "strasse" finds "straße"; "Kaiserstr. 3" is the same street
    assert names("Kaiserstr") == ["Kaiserstraße"]
    assert names("Zwoelfm") == names("zwolfmuh") == names("Zwölf") == ["Zwölfmühlenweg"]
    assert names("Quaxbert") == ["Friedrich-Quaxbert-Straße"]  # a later word of the name
    assert names("aiser") == [] and names("Nirgendwo") == []


def test_each_street_comes_with_the_postcode_of_its_places(streets):
    found = {street.name: street.postcode for street in suggest_streets("Kaiser")}
    assert found == {"Kaiserstraße": "45468", "Kaiserplatz": "45479"}
    assert suggest_streets("Friedrich-Quax")[0].postcode is None


def test_at_most_ten_streets_and_nothing_for_an_empty_query(make):
    for letter in string.ascii_lowercase[: MAX_SUGGESTIONS + 2]:
        make.place(street=f"Quaxo{letter}weg 1")
    found = names("Quaxo")
    assert len(found) == MAX_SUGGESTIONS and found == sorted(found)
    assert names("") == names("  ") == names(" - ") == []


def test_the_endpoint_answers_json(client, streets):
    response = client.get("/api/v1/streets?q=Kaiserstrasse")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.json == [{"name": "Kaiserstraße", "postcode": "45468"}]
    assert client.get("/api/v1/streets").json == []


@pytest.mark.parametrize(
    "query, message",
    [("q=" + "a" * 201, "höchstens 200 Zeichen"), ("q=Kai%00ser", "Steuerzeichen")],
)
def test_bad_input_is_a_400_naming_q(client, query, message):
    response = client.get(f"/api/v1/streets?{query}")
    assert response.status_code == 400
    assert response.json["error"]["param"] == "q" and message in response.json["error"]["message"]


def test_the_message_is_in_the_readers_language(client):
    response = client.get("/api/v1/streets?lang=en&q=" + "a" * 201)
    assert response.status_code == 400 and "200" in response.json["error"]["message"]
    assert "Suchtext" not in response.json["error"]["message"]


def test_a_new_place_s_street_is_suggested_at_once(streets, make):
    assert names("Quellenweg") == []  # asked once: the known streets are now remembered for this data version
    make.place(street="Quellenweg 7", postcode="45470")
    assert names("Quellenweg") == ["Quellenweg"]
