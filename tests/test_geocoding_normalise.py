"""The pure parts of geocoding: address normalisation, precision from a provider's answer, settings (no database)."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from mapfinder.geocoding.cache import is_fresh_miss
from mapfinder.geocoding.normalise import CityNames, is_city, normalise_address, parse_address, same_address, with_city
from mapfinder.geocoding.precision import nominatim_precision, photon_precision
from mapfinder.geocoding.providers import GeocoderSettings, build_geocoder
from mapfinder.municipality import read_profile

from .conftest import GEODATA_DIR

# The configured municipality's names, read from its data folder as the app reads them.
CITY = read_profile(GEODATA_DIR / "municipalities" / "muelheim-an-der-ruhr").city_names


@pytest.mark.parametrize(
    "spelling",
    [
        "Sunderweg 90, 45472 Mülheim an der Ruhr",
        "sunderweg  90 ,45472 Muelheim a.d. Ruhr",
        "Sunderweg 90, 45472 Mülheim/Ruhr",
        "SUNDERWEG 90, 45472 Mülheim",
        "Sunderweg 90, 45472 Mulheim a. d. Ruhr",
        "Sunderweg 90, 45472 Mülheim a.d.Ruhr",
        "Sunderweg 90, 45472 Muelheim / Ruhr",
    ],
)
def test_spellings_of_one_address_share_a_cache_key(spelling):
    assert normalise_address(spelling, CITY) == "sunderweg 90, 45472 mülheim an der ruhr"


def test_a_street_named_after_the_city_is_not_the_city():
    assert parse_address("Mülheimer Straße 5, 46045 Oberhausen", CITY).city == "oberhausen"
    assert is_city("Muelheim a.d. Ruhr", CITY) and is_city("Mülheim", CITY) and not is_city("Oberhausen", CITY)


def test_strasse_abbreviations_and_house_number_suffixes_are_unified():
    assert normalise_address("Kaiserstr. 12 a", CITY) == normalise_address(
        "Kaiserstraße 12a, Mülheim an der Ruhr", CITY
    )
    assert parse_address("Aktienstraße 45-47").number == "45-47"


def test_parse_splits_street_number_postcode_city():
    parts = parse_address("Friedrich-Ebert-Straße 18, 45468 Mülheim an der Ruhr", CITY)
    assert (parts.street, parts.number, parts.postcode, parts.city) == (
        "friedrich ebert strasse",
        "18",
        "45468",
        "mülheim an der ruhr",
    )
    assert parse_address("Marktstraße 1, 46045 Oberhausen", CITY).city == "oberhausen"


def test_the_city_is_added_only_when_missing():
    assert with_city("Sunderweg 90", CITY) == "Sunderweg 90, Mülheim an der Ruhr"
    assert with_city("Sunderweg 90, 45472 Mülheim", CITY) == "Sunderweg 90, 45472 Mülheim"


def test_another_city_is_data_not_code():
    other = CityNames("Neustadt an der Weinstraße", ("Neustadt", "Neustadt/Weinstr.", "Neustadt a. d. W."))
    assert normalise_address("Marktplatz 1, 67433 Neustadt/Weinstr.", other) == (
        "marktplatz 1, 67433 neustadt an der weinstrasse"
    )
    assert with_city("Marktplatz 1", other) == "Marktplatz 1, Neustadt an der Weinstraße"
    assert parse_address("Marktplatz 1, Mülheim", other).city == "mülheim"


@pytest.mark.parametrize("spelling", ["Castrop-Rauxel", "castrop rauxel", "Castrop–Rauxel", "Castrop/Rx."])
def test_a_hyphenated_city_and_abbreviated_aliases_are_one_city(spelling):
    city = CityNames("Castrop-Rauxel", ("Castrop/Rx.",))
    assert normalise_address(f"Marktstr. 1, 44575 {spelling}", city) == "marktstrasse 1, 44575 castrop rauxel"
    assert with_city("Marktstraße 1", city) == "Marktstraße 1, Castrop-Rauxel"


def test_same_address_ignores_dashes_and_a_missing_postcode_but_not_a_different_one():
    known = parse_address("Schloß-Straße 3, 45468")
    assert same_address(parse_address("Schloßstraße 3"), known)
    assert not same_address(parse_address("Schloßstraße 3, 45479"), known)
    assert not same_address(parse_address("Schloßstraße 4"), known)


@pytest.mark.parametrize(
    ("raw", "precision"),
    [
        (
            {"class": "building", "type": "house", "address": {"house_number": "90", "road": "Sunderweg"}},
            "house_number",
        ),
        ({"class": "amenity", "type": "school", "address": {"road": "Sunderweg"}}, "street"),
        ({"class": "highway", "type": "residential", "address": {}}, "street"),
        (
            {"class": "place", "type": "postcode", "addresstype": "postcode", "address": {"postcode": "45472"}},
            "postcode",
        ),
        (
            {"class": "boundary", "type": "administrative", "addresstype": "city", "address": {"city": "Mülheim"}},
            "city",
        ),
    ],
)
def test_nominatim_precision(raw, precision):
    assert nominatim_precision(raw) == precision


@pytest.mark.parametrize(
    ("properties", "precision"),
    [
        ({"type": "house", "housenumber": "90", "street": "Sunderweg"}, "house_number"),
        ({"type": "street", "name": "Sunderweg"}, "street"),
        ({"type": "other", "osm_value": "postcode", "postcode": "45472"}, "postcode"),
        ({"type": "city", "name": "Mülheim an der Ruhr"}, "city"),
    ],
)
def test_photon_precision(properties, precision):
    assert photon_precision({"properties": properties}) == precision


def test_a_miss_is_fresh_for_its_provider_and_for_miss_days_only():
    now = datetime(2026, 1, 31, tzinfo=UTC)
    assert is_fresh_miss("nominatim", now - timedelta(days=29), provider="nominatim", miss_days=30, now=now)
    assert not is_fresh_miss("nominatim", now - timedelta(days=31), provider="nominatim", miss_days=30, now=now)
    assert not is_fresh_miss("nominatim", now, provider="photon", miss_days=30, now=now)


def test_the_geocoder_url_gives_scheme_and_domain_with_path():
    settings = GeocoderSettings(provider="nominatim", url="http://geo.example.org:8080/nominatim/", user_agent="t")
    geocoder = build_geocoder(settings)
    assert geocoder.api == "http://geo.example.org:8080/nominatim/search"
    assert build_geocoder(GeocoderSettings(provider="photon", url="https://photon.example.org")).api == (
        "https://photon.example.org/api"
    )


def test_an_unknown_provider_is_a_configuration_error():
    with pytest.raises(ValueError, match="MAPFINDER_GEOCODER"):
        GeocoderSettings.from_config({"GEOCODER": "google"})
