"""The "near an address" search when the geocoder cannot place the address: a rough position from what the app
knows offline (a known point on the street, the postcode area, a district), said plainly in the reader's language and
drawn with its uncertainty; when nothing matches, the page says the radius was not applied and suggests streets.
The geocoder is the loopback stand-in (tests/geocoder_standin.py) answering nothing or failing."""

import json
import re

from .geocoder_standin import standin, standin_server, use_geocoder  # noqa: F401 (fixtures)

HERE = (6.9101, 51.4402)  # a point on "Probierweg", a street only the test's place knows
FAR = (6.8320, 51.4050)  # Speldorf, some 6 km away


def _finder(client, query: str, lang: str = "de", status: int = 200) -> str:
    response = client.get(f"/?{query}&lang={lang}")
    assert response.status_code == status
    return response.get_data(as_text=True)


def _meta(html: str) -> dict:
    return json.loads(re.search(r'class="results-meta">(.*?)</script>', html, re.S).group(1))


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]*">(?:<[^>]+>)?([^<]+)', html)


def _offers(make):
    near = make.offer(title="Nahes Probiercafé", places=[make.place(street="Probierweg 12", lon=HERE[0], lat=HERE[1])])
    far = make.offer(title="Fernes Probiercafé", places=[make.place(street="Weitweg 3", lon=FAR[0], lat=FAR[1])])
    return near, far


def test_a_street_the_geocoder_does_not_know_falls_back_to_a_known_point_on_it(client, make, use_geocoder):
    standin = use_geocoder("nominatim")
    standin.answer("empty")
    _offers(make)
    html = _finder(client, "address=Probierweg+99&radius=2000&q=Probiercaf%C3%A9")
    assert standin.requests, "the configured geocoder was asked first"
    assert "Die Entfernungen sind ungefähr: gemessen von einem bekannten Punkt der Straße „Probierweg“." in html
    assert _titles(html) == ["Nahes Probiercafé"], "the radius applies around the rough point"
    meta = _meta(html)
    assert meta["near"] == [HERE[1], HERE[0]] and meta["nearUncertainty"] == 400


def test_an_unavailable_geocoder_falls_back_to_the_postcode_area(client, make, use_geocoder):
    standin = use_geocoder("nominatim", retries=0)
    standin.fail_first(503, times=5)
    _offers(make)
    html = _finder(client, "address=Unbekannte+Gasse+7%2C+45468&q=Probiercaf%C3%A9")
    assert "gemessen von der Mitte des Postleitzahlgebiets 45468" in html
    meta = _meta(html)
    assert meta["near"] and 300 < meta["nearUncertainty"] < 3000
    assert _titles(html)[0] == "Nahes Probiercafé", "sorted by distance from the postcode area's centre"


def test_a_district_name_is_a_rough_position_too(client, make, use_geocoder):
    use_geocoder("nominatim").answer("empty")
    html = _finder(client, "address=Styrum")
    assert "gemessen von der Mitte von Styrum" in html and _meta(html)["nearUncertainty"] == 1500


def test_the_offline_gazetteer_falls_back_to_the_street_as_well(client, make):
    _offers(make)
    html = _finder(client, "address=Probierweg+1&q=Probiercaf%C3%A9", lang="tr")
    assert "Tam adresi bilmiyoruz" in html and "„Probierweg“" in html


def test_an_unplaceable_address_says_the_radius_was_not_applied_and_suggests_streets(client, make, use_geocoder):
    use_geocoder("nominatim").answer("empty")
    _offers(make)
    html = _finder(client, "address=Probirweg+5&radius=2000&q=Probiercaf%C3%A9")
    assert "Die Adresse „Probirweg 5“ konnte nicht gefunden werden. Der Umkreis wurde deshalb nicht angewendet" in html
    assert sorted(_titles(html)) == ["Fernes Probiercafé", "Nahes Probiercafé"], "the whole city, not an empty list"
    suggestion = re.search(r'<p class="street-suggestions">.*?</p>', html, re.S).group(0)
    assert ">Probierweg</a>" in suggestion and "address=Probierweg" in suggestion and "radius=2000" in suggestion
    assert _meta(html)["near"] is None


def test_the_not_found_message_is_in_the_readers_language(client, make, use_geocoder):
    use_geocoder("nominatim").answer("empty")
    html = _finder(client, "address=Qxzq+5", lang="ar")
    assert "تعذّر العثور على العنوان" in html
    assert "street-suggestions" not in html, "nothing resembles the query: no suggestions"
