"""Geocoding through geopy's real Nominatim and Photon clients against the stand-in, and the offline gazetteer."""

import pytest
from geoalchemy2.shape import to_shape
from sqlalchemy import func, select

from mapfinder.geocoding import geocode_address, geocode_place, outcome
from mapfinder.models import GeocodeCache, GeocodeStatus

from .geocoder_standin import standin, standin_server, use_geocoder  # noqa: F401 (fixtures)

SUNDERWEG = "Sunderweg 90, 45472 Mülheim an der Ruhr"
EPPINGHOFEN = (6.8827, 51.4305)
ONLINE = ["nominatim", "photon"]


def _cached(session, query: str) -> GeocodeCache | None:
    return session.scalar(select(GeocodeCache).where(GeocodeCache.query == query))


@pytest.mark.parametrize("provider", ONLINE)
def test_a_hit_records_point_precision_and_provider(session, use_geocoder, provider):
    standin = use_geocoder(provider)
    standin.answer("hit", lon=EPPINGHOFEN[0], lat=EPPINGHOFEN[1])
    result = geocode_address(SUNDERWEG)
    assert result.found and not result.from_cache
    assert (result.lon, result.lat) == pytest.approx(EPPINGHOFEN)
    assert (result.precision, result.provider, result.reason) == ("house_number", provider, None)
    [request] = standin.requests
    assert request.path == {"nominatim": "/search", "photon": "/api"}[provider]
    assert request.user_agent.startswith("mapfinder")
    entry = _cached(session, "sunderweg 90, 45472 mülheim an der ruhr")
    assert entry.provider == provider and entry.precision == "house_number" and entry.created_at is not None


def test_nominatim_is_bounded_to_the_city_and_germany(session, use_geocoder):
    standin = use_geocoder("nominatim")
    geocode_address("Sunderweg 90")
    params = standin.requests[0].params
    assert params["q"] == "Sunderweg 90, Mülheim an der Ruhr"
    assert params["countrycodes"] == "de" and params["bounded"] == "1" and params["addressdetails"] == "1"
    west, south, east, north = map(float, params["viewbox"].split(","))
    assert 6.7 < west < 6.85 < 6.9 < east < 7.0 and 51.3 < south < 51.4 < 51.45 < north < 51.5


def test_photon_is_bounded_to_the_city(session, use_geocoder):
    standin = use_geocoder("photon")
    geocode_address(SUNDERWEG)
    west, south, east, north = map(float, standin.requests[0].params["bbox"].split(","))
    assert west < 6.85 < 6.9 < east and south < 51.4 < 51.45 < north


@pytest.mark.parametrize("provider", ONLINE)
@pytest.mark.parametrize("precision", ["street", "postcode", "city"])
def test_precision_is_read_from_the_answer(session, use_geocoder, provider, precision):
    use_geocoder(provider).answer("hit", precision=precision)
    assert geocode_address(f"Sunderweg 9{len(precision)}").precision == precision


@pytest.mark.parametrize("provider", ONLINE)
def test_a_miss_is_cached_with_its_reason(session, use_geocoder, provider):
    standin = use_geocoder(provider)
    standin.answer("empty")
    first, second = geocode_address("Nirgendweg 1"), geocode_address("nirgendweg 1, Mülheim")
    assert not first.found and first.reason == outcome.NOT_FOUND and not first.from_cache
    assert second.reason == outcome.NOT_FOUND and second.from_cache
    assert len(standin.requests) == 1
    assert _cached(session, "nirgendweg 1, mülheim an der ruhr").reason == outcome.NOT_FOUND


def test_a_cached_miss_is_asked_again_after_miss_days(session, use_geocoder):
    standin = use_geocoder("nominatim", miss_days=0)
    standin.answer("empty")
    geocode_address("Nirgendweg 1")
    assert not geocode_address("Nirgendweg 1").from_cache
    assert len(standin.requests) == 2


@pytest.mark.parametrize("provider", ONLINE)
def test_a_timeout_is_reported_and_not_cached(session, use_geocoder, provider):
    standin = use_geocoder(provider, timeout=0.3, retries=1)
    standin.delay = 1.0
    result = geocode_address(SUNDERWEG)
    assert not result.found and result.reason == outcome.TIMED_OUT
    assert len(standin.requests) == 2  # one retry
    assert session.scalar(select(func.count(GeocodeCache.id))) == 0


@pytest.mark.parametrize("provider", ONLINE)
def test_429_then_success_is_retried(session, use_geocoder, provider):
    standin = use_geocoder(provider)
    standin.fail_first(429, retry_after="0")
    result = geocode_address(SUNDERWEG)
    assert result.found and len(standin.requests) == 2


def test_503_then_success_is_retried_with_growing_waits(session, use_geocoder):
    standin = use_geocoder("nominatim", backoff=0.1)
    standin.fail_first(503, times=2)
    assert geocode_address(SUNDERWEG).found
    first, second, third = (request.at for request in standin.requests)
    assert second - first >= 0.09 and third - second >= 0.19  # 0.1 s, then 0.2 s


def test_persistent_rate_limit_gives_up_with_reason(session, use_geocoder):
    standin = use_geocoder("nominatim", retries=2)
    standin.fail_first(429, times=5, retry_after="0")
    result = geocode_address(SUNDERWEG)
    assert result.reason == outcome.RATE_LIMITED and len(standin.requests) == 3


@pytest.mark.parametrize("provider", ONLINE)
def test_a_point_outside_the_city_is_rejected_and_not_stored(session, use_geocoder, make, provider):
    standin = use_geocoder(provider)
    standin.answer("outside")
    place = make.place(lon=None, lat=None, street="Marktstraße 1", postcode="45468")
    result = geocode_place(place)
    assert result.status is GeocodeStatus.FAILED and result.reason == outcome.OUTSIDE_CITY
    assert place.geom is None and place.geocode_reason == outcome.OUTSIDE_CITY and place.bezirk_id is None
    entry = _cached(session, "marktstrasse 1, 45468 mülheim an der ruhr")
    assert entry.geom is None and entry.reason == outcome.OUTSIDE_CITY
    assert geocode_address("Marktstraße 1, 45468 Mülheim an der Ruhr").from_cache
    assert len(standin.requests) == 1


@pytest.mark.parametrize("provider", ONLINE)
def test_a_cache_hit_sends_no_request(session, use_geocoder, provider):
    standin = use_geocoder(provider)
    first = geocode_address(SUNDERWEG)
    standin.requests.clear()
    second = geocode_address("sunderweg 90 , 45472 Muelheim a.d. Ruhr")
    assert second.from_cache and (second.lon, second.lat) == (first.lon, first.lat)
    assert second.provider == provider and standin.requests == []


def test_a_point_cached_by_one_provider_serves_another(session, use_geocoder):
    use_geocoder("nominatim")
    geocode_address(SUNDERWEG)
    standin = use_geocoder("photon")
    standin.requests.clear()
    assert geocode_address(SUNDERWEG).from_cache and standin.requests == []


@pytest.mark.parametrize("provider", ONLINE)
def test_the_rate_limit_spaces_requests(session, use_geocoder, provider):
    standin = use_geocoder(provider, min_delay=0.2)
    for number in range(4):
        geocode_address(f"Teststraße {number + 1}")
    arrivals = [request.at for request in standin.requests]
    assert len(arrivals) == 4
    # The limiter spaces the sends; arrival times jitter on a busy machine, so the span is what is checked.
    assert arrivals[-1] - arrivals[0] >= 3 * 0.2 * 0.95


def test_a_hand_set_point_is_kept(session, use_geocoder, make):
    standin = use_geocoder("nominatim")
    place = make.place(street="Sunderweg 90", postcode="45472")
    place.geocode_status, before = GeocodeStatus.MANUAL, to_shape(place.geom)
    result = geocode_place(place)
    assert result.status is GeocodeStatus.MANUAL and standin.requests == []
    assert to_shape(place.geom).equals(before) and place.geocode_status is GeocodeStatus.MANUAL


def test_a_geocoded_place_gets_its_districts_and_provenance(session, use_geocoder, make):
    use_geocoder("photon").answer("hit", lon=EPPINGHOFEN[0], lat=EPPINGHOFEN[1], precision="street")
    place = make.place(lon=None, lat=None, street="Eppinghofer Straße 50", postcode="45468")
    geocode_place(place)
    session.refresh(place)
    assert place.geocode_status is GeocodeStatus.OK and place.geocode_provider == "photon"
    assert place.geocode_precision == "street" and place.geocoded_at is not None
    assert place.bezirk is not None and place.stadtteil.name == "Altstadt II"


def test_a_postcode_level_answer_is_too_coarse_for_a_place(session, use_geocoder, make):
    use_geocoder("nominatim").answer("hit", precision="postcode")
    place = make.place(lon=None, lat=None, street="Unbekannte Straße 3", postcode="45468")
    result = geocode_place(place)
    assert result.status is GeocodeStatus.FAILED and "postcode" in result.reason and place.geom is None


def test_gazetteer_answers_a_known_school_offline(session, use_geocoder):
    standin = use_geocoder("gazetteer")
    result = geocode_address("Sunderweg 90, 45472 Mülheim an der Ruhr")
    assert result.found and result.provider == "gazetteer" and result.precision == "house_number"
    assert (result.lon, result.lat) == pytest.approx((6.9458235, 51.4272928))
    assert geocode_address("Schildberg 55").found
    assert standin.requests == []


def test_gazetteer_misses_an_unknown_address_and_a_wrong_postcode(session, use_geocoder):
    use_geocoder("gazetteer")
    unknown = geocode_address("Nirgendweg 7, 45472 Mülheim an der Ruhr")
    assert not unknown.found and unknown.reason == outcome.NOT_KNOWN_OFFLINE
    assert not geocode_address("Sunderweg 90, 45479 Mülheim an der Ruhr").found
    assert not geocode_address("Sunderweg 91, 45472 Mülheim an der Ruhr").found


def test_an_empty_address_is_a_miss_without_a_request(session, use_geocoder):
    standin = use_geocoder("nominatim")
    assert geocode_address("   ").reason == outcome.EMPTY_QUERY and standin.requests == []


def test_cli_address_prints_point_precision_provider(cli, use_geocoder):
    use_geocoder("gazetteer")
    result = cli.invoke(args=["geocode", "address", SUNDERWEG])
    assert result.exit_code == 0, result.output
    assert "latitude:  51.4272928" in result.output and "longitude: 6.9458235" in result.output
    assert "precision: house_number" in result.output and "provider:  gazetteer" in result.output


def test_cli_address_names_the_reason_of_a_miss(cli, use_geocoder):
    use_geocoder("nominatim").answer("empty")
    result = cli.invoke(args=["geocode", "address", "Nirgendweg 1"])
    assert result.exit_code != 0 and outcome.NOT_FOUND in result.output


def test_cli_pending_geocodes_places_without_a_point(cli, session, use_geocoder, make):
    standin = use_geocoder("nominatim")
    standin.answer("empty", when="Nirgendweg")
    found = make.place(lon=None, lat=None, street="Eppinghofer Straße 50", postcode="45468")
    missing = make.place(lon=None, lat=None, street="Nirgendweg 1", postcode="45468")
    manual = make.place(lon=None, lat=None, street="Handweg 1", geocode_status=GeocodeStatus.MANUAL)
    result = cli.invoke(args=["geocode", "pending"])
    assert result.exit_code == 0, result.output
    assert "geocode: 2 places: 1 done, 0 from cache, 1 failed" in result.output
    assert f"1 × {outcome.NOT_FOUND} ({missing.key})" in result.output
    for place in (found, missing, manual):
        session.refresh(place)
    assert found.geocode_status is GeocodeStatus.OK and found.bezirk_id is not None
    assert missing.geocode_status is GeocodeStatus.FAILED and missing.geocode_reason == outcome.NOT_FOUND
    assert manual.geocode_status is GeocodeStatus.MANUAL
    again = cli.invoke(args=["geocode", "pending"])
    assert "geocode: 1 places: 0 done, 1 from cache, 1 failed" in again.output


def test_cli_pending_honours_the_limit(cli, use_geocoder, make):
    use_geocoder("nominatim")
    for number in range(3):
        make.place(lon=None, lat=None, street=f"Teststraße {number + 1}", postcode="45468")
    result = cli.invoke(args=["geocode", "pending", "--limit", "2"])
    assert "geocode: 2 places: 2 done" in result.output
