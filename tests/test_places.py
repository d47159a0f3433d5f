"""Institutions: kinds as data, the real schools, the directory's filters, the institution page, the API, bad input."""

import re

import pytest
from flask_babel import refresh
from sqlalchemy import select

from mapfinder.editing.service import schedule_row
from mapfinder.importers.places import school_form_of
from mapfinder.models import BarrierFree, LocationType, Network, OfferStatus, Place, PlaceKind
from mapfinder.schedules import parse_schedule_text

LANGUAGES = ("de", "en", "tr", "ar", "uk", "ru", "pl", "ro", "bg")
_LISTED = re.compile(r'data-place-id="(\d+)"')


def listed(response) -> set[int]:
    """Ids of the institutions in the directory's list."""
    return {int(place_id) for place_id in _LISTED.findall(response.get_data(as_text=True))}


def api_ids(response) -> set[int]:
    return {feature["id"] for feature in response.get_json()["features"]}


def page(client, url: str):
    """A response in the language of ``url``'s lang; the test's app context outlives requests and flask-babel
    caches the locale on it."""
    refresh()
    return client.get(url)


def opening_hours(text: str):
    return [schedule_row(rule, position) for position, rule in enumerate(parse_schedule_text(text))]


# --- kinds and the real data -------------------------------------------------------------------------------------


def test_every_kind_in_use_is_data_with_a_label_and_explanation_in_every_language(session):
    kinds = {kind.code: kind for kind in session.scalars(select(PlaceKind))}
    used = set(session.scalars(select(Place.kind).where(Place.location_type == LocationType.PHYSICAL)))
    used |= set(session.scalars(select(Place.school_form).where(Place.school_form.isnot(None))))
    assert used <= set(kinds), f"kinds without data: {used - set(kinds)}"
    for code in used:
        texts = {translation.locale: translation for translation in kinds[code].translations}
        assert set(texts) == set(LANGUAGES), code
        assert all(texts[locale].label and texts[locale].explanation for locale in LANGUAGES), code
    assert kinds["gymnasium"].parent.code == "weiterfuehrende-schule"
    assert kinds["kita"].links_kita_portal and not kinds["grundschule"].links_kita_portal


def test_the_schools_of_the_state_list_have_their_school_form_and_never_count_as_demo(session):
    schools = session.scalars(select(Place).where(Place.key.like("school-%"))).all()
    assert len(schools) == 40
    real_schools = [school for school in schools if school.kind != "behoerde"]
    assert all(school.school_form and school.school_number and not school.is_demo for school in real_schools)
    by_name = {school.name: school for school in schools}
    assert by_name["Städt. Gymnasium Heißen"].school_form == "gymnasium"
    assert by_name["Städt. Gymnasium Heißen"].kind == "weiterfuehrende-schule"
    assert by_name["Städt. Gem. Grundschule Am Sunderplatz"].kind == "grundschule"
    schulamt = by_name["Schulamt für die Stadt Mülheim an der Ruhr"]
    assert (schulamt.kind, schulamt.school_form, schulamt.school_number) == ("behoerde", None, None)


def test_school_form_comes_from_the_state_list_else_from_the_name():
    assert school_form_of("Förderschule Grund-/Hauptschule", "Rembergschule") == "foerderschule"
    assert school_form_of("Freie Waldorfschule", "Freie Waldorfschule Mülheim") == "waldorfschule"
    assert school_form_of(None, "Luisenschule Gymnasium der Stadt") == "gymnasium"
    assert school_form_of("", "Hölterschule Städt. Gemeinschaftsgrundschule") == "grundschule"
    assert school_form_of("", "Schulamt") is None


def test_the_vhs_and_the_university_are_real_institutions(session):
    vhs, hrw = (session.scalar(select(Place).where(Place.key == key)) for key in ("vhs", "hrw"))
    assert (vhs.kind, vhs.is_demo) == ("volkshochschule", False)
    assert (hrw.kind, hrw.is_demo) == ("hochschule", False)
    demo = session.scalars(select(Place).where(Place.key == "fz-innenstadt")).one()
    assert demo.is_demo


# --- the directory -----------------------------------------------------------------------------------------------


def test_directory_filters_by_kind_and_by_school_form(client, make):
    kita, centre = make.place(kind="kita"), make.place(kind="familienzentrum")
    gymnasium = make.place(kind="weiterfuehrende-schule", school_form="gymnasium")
    realschule = make.place(kind="weiterfuehrende-schule", school_form="realschule")
    assert kita.id in listed(client.get("/places?kind=kita")) - listed(client.get("/places?kind=familienzentrum"))
    assert centre.id in listed(client.get("/places?kind=familienzentrum"))
    secondary = listed(client.get("/places?kind=weiterfuehrende-schule"))
    assert {gymnasium.id, realschule.id} <= secondary and kita.id not in secondary
    only_gymnasien = listed(client.get("/places?kind=gymnasium"))
    assert gymnasium.id in only_gymnasien and realschule.id not in only_gymnasien


def test_directory_filters_by_district_at_every_level(client, make):
    here = make.place(kind="jugendzentrum")
    elsewhere = make.place(kind="jugendzentrum", lon=6.8600, lat=51.3950)
    assert here.stadtteil_id != elsewhere.stadtteil_id
    for district in (here.bezirk, here.stadtteil, here.quarter):
        if district is None:
            continue
        ids = listed(client.get(f"/places?kind=jugendzentrum&district={district.slug}"))
        assert here.id in ids and elsewhere.id not in ids, district.slug


def test_directory_filters_by_life_phase_of_the_visible_offers_held_there(client, make):
    youth, family, draft_only = (make.place(kind="stadtteilzentrum") for _ in range(3))
    make.offer(phases=("jugend",), places=[youth])
    make.offer(phases=("fruehe-kindheit",), places=[family])
    make.offer(phases=("jugend",), places=[draft_only], status=OfferStatus.DRAFT)
    ids = listed(client.get("/places?kind=stadtteilzentrum&phase=jugend"))
    assert youth.id in ids and family.id not in ids and draft_only.id not in ids


def test_an_institution_without_a_point_is_listed_and_flagged(client, make):
    place = make.place(kind="beratungsstelle", lon=None, lat=None, name="Beratung ohne Punkt")
    response = page(client, "/places?kind=beratungsstelle&lang=de")
    body = response.get_data(as_text=True)
    assert place.id in listed(response)
    item = body.split(f'data-place-id="{place.id}"', 1)[1].split("</li>", 1)[0]
    assert "ohne Kartenposition" in item
    assert "Einrichtungen ohne Kartenposition stehen nur in der Liste." in body


def test_directory_pages_hold_fifty_institutions(client, make):
    created = {make.place(kind="einrichtung", name=f"Ort {number:03d}").id for number in range(51)}
    first, second = client.get("/places?kind=einrichtung"), client.get("/places?kind=einrichtung&page=2")
    assert len(listed(first)) == 50 and len(listed(second)) == 1
    assert listed(first) | listed(second) == created
    assert 'rel="next"' in first.get_data(as_text=True)


def test_the_kind_is_explained_in_the_readers_language(client):
    german = page(client, "/places?kind=familienzentrum&lang=de").get_data(as_text=True)
    ukrainian = page(client, "/places?kind=familienzentrum&lang=uk").get_data(as_text=True)
    assert "Kurz erklärt: Familienzentrum" in german and "Ein Familienzentrum ist eine Kita" in german
    assert "Коротко: Сімейний центр" in ukrainian and "Сімейний центр — це дитячий садок" in ukrainian
    primary = page(client, "/places?kind=grundschule&lang=en").get_data(as_text=True)
    assert "What is the Offener Ganztag (all-day school)?" in primary


def test_the_kita_kind_links_the_portal_only_when_configured(app, client, monkeypatch):
    assert "kita.example.org" not in client.get("/places?kind=kita").get_data(as_text=True)
    monkeypatch.setitem(app.config, "KITA_PORTAL_URL", "https://kita.example.org/anmeldung")
    assert 'href="https://kita.example.org/anmeldung"' in client.get("/places?kind=kita").get_data(as_text=True)
    assert "kita.example.org" not in client.get("/places?kind=bibliothek").get_data(as_text=True)


# --- the institution page ----------------------------------------------------------------------------------------


def test_institution_page_shows_kind_address_hours_access_languages_and_offers_by_phase(client, make, session):
    organization = make.organization(name="Träger der Testeinrichtung")
    place = make.place(
        kind="familienzentrum",
        name="Familienzentrum Am Langen Namen der nie abgeschnitten wird",
        street="Teststraße 1",
        postcode="45468",
        organization_id=organization.id,
        opening_hours=opening_hours("Mo–Fr 9:00–12:00"),
        barrier_free=BarrierFree.YES,
        accessibility_detail="Rampe am Seiteneingang",
        languages=["de", "tr"],
    )
    young = make.offer(title="Krabbelgruppe Test", phases=("fruehe-kindheit",), places=[place])
    teens = make.offer(title="Jugendtreff Test", phases=("jugend",), places=[place])
    hidden = make.offer(title="Entwurf Test", phases=("jugend",), places=[place], status=OfferStatus.DRAFT)
    network = Network(slug="test-netz", name="Testnetzwerk Familie", organizations=[organization])
    session.add(network)
    session.flush()
    body = page(client, f"/places/{place.id}?lang=de").get_data(as_text=True)
    assert "Familienzentrum Am Langen Namen der nie abgeschnitten wird" in body
    assert "Kurz erklärt: Familienzentrum" in body and "Teststraße 1, 45468" in body
    assert "Mo.–Fr. 09:00–12:00" in body
    assert "Rampe am Seiteneingang" in body and "Türkisch" in body
    assert "Träger der Testeinrichtung" in body
    assert f'/offers/{young.id}"' in body and f'/offers/{teens.id}"' in body and f'/offers/{hidden.id}"' not in body
    early, youth = body.index("Frühe Kindheit</h3>"), body.index("Jugend</h3>")
    assert early < body.index("Krabbelgruppe Test") < youth < body.index("Jugendtreff Test")
    assert 'href="/networks/test-netz"' in body
    assert 'data-map-spec="map-place"' in body


def test_institution_page_speaks_the_readers_language(client, make):
    place = make.place(kind="bibliothek", opening_hours=opening_hours("Mo–Fr 9:00–12:00"))
    body = page(client, f"/places/{place.id}?lang=uk").get_data(as_text=True)
    assert "Коротко: Бібліотека" in body and "пн–пт 09:00–12:00" in body and "Mo.–Fr." not in body


def test_a_school_shows_its_public_facts_but_never_its_social_index(client, session):
    school = session.scalar(select(Place).where(Place.school_form == "gymnasium", Place.pupils.isnot(None)))
    body = page(client, f"/places/{school.id}?lang=de").get_data(as_text=True)
    assert "Schulform" in body and "Gymnasium" in body and "Kurz erklärt: Weiterführende Schule" in body
    assert f"{school.pupils:,}".replace(",", ".") in body or str(school.pupils) in body
    assert "Sozialindex" not in body and "social" not in body.lower()


def test_a_school_page_in_english_explains_the_offener_ganztag(client, session):
    school = session.scalar(select(Place).where(Place.kind == "grundschule"))
    body = page(client, f"/places/{school.id}?lang=en").get_data(as_text=True)
    assert "What is the Offener Ganztag (all-day school)?" in body and "In brief: Primary school" in body


# --- links from other pages --------------------------------------------------------------------------------------


def test_district_offer_and_network_pages_link_the_institution(client, make, session):
    organization = make.organization()
    place = make.place(kind="kita", organization_id=organization.id)
    offer = make.offer(places=[place])
    session.add(Network(slug="link-netz", name="Linknetz", organizations=[organization]))
    session.flush()
    link = f'href="/places/{place.id}"'
    assert link in client.get(f"/districts/{place.stadtteil.slug}").get_data(as_text=True)
    assert link in client.get(f"/offers/{offer.id}").get_data(as_text=True)
    assert link in client.get("/networks/link-netz").get_data(as_text=True)


def test_the_finder_offers_the_institution_layer(client):
    body = client.get("/").get_data(as_text=True)
    assert 'id="show-places"' in body and '"apiPlaces": "/api/v1/places"' in body


# --- the API -----------------------------------------------------------------------------------------------------


def test_api_returns_geojson_with_labels_in_lang(client, make):
    place = make.place(kind="jugendzentrum", name="API-Jugendzentrum")
    unplaced = make.place(kind="jugendzentrum", lon=None, lat=None)
    make.offer(places=[place])
    response = page(client, "/api/v1/places?kind=jugendzentrum&lang=tr&limit=1000")
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    data = response.get_json()
    features = {feature["id"]: feature for feature in data["features"]}
    assert data["type"] == "FeatureCollection" and data["numberMatched"] == len(features)
    feature = features[place.id]
    assert feature["geometry"]["type"] == "Point" and feature["properties"]["kind_label"] == "Gençlik merkezi"
    assert feature["properties"]["offers"] == 1 and feature["properties"]["url"] == f"/places/{place.id}"
    assert features[unplaced.id]["geometry"] is None


def test_api_filters_by_district_phase_bbox_and_pages(client, make):
    here = make.place(kind="sportstaette")
    far = make.place(kind="sportstaette", lon=6.8600, lat=51.3950)
    make.offer(phases=("lebenslang",), places=[far])
    by_district = api_ids(client.get(f"/api/v1/places?kind=sportstaette&district={here.stadtteil.slug}"))
    assert here.id in by_district and far.id not in by_district
    assert far.id in api_ids(client.get("/api/v1/places?kind=sportstaette&phase=lebenslang"))
    assert here.id not in api_ids(client.get("/api/v1/places?kind=sportstaette&phase=lebenslang"))
    box = api_ids(client.get("/api/v1/places?kind=sportstaette&bbox=6.85,51.39,6.87,51.40"))
    assert far.id in box and here.id not in box
    page = client.get("/api/v1/places?kind=sportstaette&limit=1&offset=1").get_json()
    assert page["numberReturned"] == 1 and page["numberMatched"] > 1


@pytest.mark.parametrize(
    "query, param",
    [
        ("kind=schloss", "kind"),
        ("district=atlantis", "district"),
        ("phase=mondphase", "phase"),
        ("limit=0", "limit"),
        ("limit=1001", "limit"),
        ("offset=-1", "offset"),
        ("bbox=1,2,3", "bbox"),
        ("kind=<script>", "kind"),
    ],
)
def test_api_bad_input_is_a_400_naming_the_parameter(client, query, param):
    response = client.get(f"/api/v1/places?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["param"] == param and response.get_json()["error"]["message"]


def test_api_error_messages_speak_lang(client):
    message = page(client, "/api/v1/places?kind=schloss&lang=uk").get_json()["error"]["message"]
    assert message == "Невідомий тип закладу: schloss"


# --- bad input on pages ------------------------------------------------------------------------------------------


def test_unknown_kind_or_district_is_a_400_in_the_readers_language_keeping_the_other_filters(client, make):
    place = make.place(kind="bibliothek")
    response = page(client, f"/places?kind=schloss&district={place.stadtteil.slug}&lang=pl")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Nieznany rodzaj placówki: schloss" in body
    assert place.id in listed(response)
    response = page(client, "/places?district=atlantis&lang=en")
    assert response.status_code == 400 and "atlantis" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/places/999999999", "/places/abc", "/places/-1", "/places/1.5"])
def test_unknown_institution_is_a_404_in_the_readers_language(client, path):
    response = page(client, f"{path}?lang=tr")
    assert response.status_code == 404
    assert "Bu kurum burada (artık) yer almıyor." in response.get_data(as_text=True)


def test_an_online_offers_virtual_place_has_no_institution_page(client, session):
    virtual = session.scalar(select(Place).where(Place.location_type == LocationType.VIRTUAL))
    assert virtual is not None
    assert client.get(f"/places/{virtual.id}").status_code == 404
    assert virtual.id not in listed(client.get("/places?page=1"))


def test_a_place_of_a_kind_the_data_does_not_know_is_still_shown(client, make):
    place = make.place(kind="sternwarte", name="Sternwarte Test")
    response = client.get(f"/places/{place.id}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Sternwarte Test" in body and "kind=sternwarte" not in body
    api = client.get(f"/api/v1/places?district={place.quarter.slug if place.quarter else place.stadtteil.slug}")
    feature = next(f for f in api.get_json()["features"] if f["id"] == place.id)
    assert (feature["properties"]["kind"], feature["properties"]["kind_label"]) == ("sternwarte", "sternwarte")


def test_api_pages_of_fifty_by_default(client):
    data = client.get("/api/v1/places").get_json()
    assert data["numberMatched"] > 50 and data["numberReturned"] == 50
