"""The municipality is data: its record (from its folder) names the city on pages, in the geocoder and in new rows."""

from pathlib import Path

import pytest
from flask_babel import refresh
from sqlalchemy import select

from config import TestConfig
from mapfinder import create_app
from mapfinder.geocoding import geocode_address, outcome
from mapfinder.importers.municipality import CONTENT_MODELS, load_municipality
from mapfinder.models import GeocodeCache, Municipality, Organization, Place
from mapfinder.municipality import current_municipality, read_profile

from .conftest import GEODATA_DIR, REFERENCE_DIR
from .geocoder_standin import standin, standin_server, use_geocoder  # noqa: F401 (fixtures)

SECOND = Path(__file__).parent / "fixtures" / "municipalities" / "neustadt-an-der-weinstrasse"


@pytest.fixture()
def second_city(app, session, monkeypatch):
    """The fixture folder's municipality stored as `flask geodata load` stores one, and configured."""
    record = load_municipality(read_profile(SECOND), SECOND)  # its city limit file lies beside it
    monkeypatch.setitem(app.config, "MUNICIPALITY", record.slug)
    return record


def page(client, url: str) -> str:
    refresh()
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_loaded_record_is_the_folders_profile(session):
    record = session.scalar(select(Municipality).where(Municipality.slug == "muelheim-an-der-ruhr"))
    assert record is not None and record.outline is not None and record.network_name == "MH/0/25"
    assert current_municipality() == read_profile(GEODATA_DIR / "municipalities" / "muelheim-an-der-ruhr")


def test_pages_name_the_configured_city_in_the_readers_script(client):
    assert "Bildungsangebote in Mülheim an der Ruhr finden" in page(client, "/?lang=de")
    arabic = page(client, "/?lang=ar")
    assert "ابحث عن الخدمات التعليمية في مولهايم آن دير رور" in arabic and "كل أنحاء مولهايم" in arabic
    assert "Мюльгайм" in page(client, "/?lang=uk")


def test_a_second_municipality_changes_the_pages_without_code(client, second_city):
    german = page(client, "/?lang=de")
    assert "Bildungsangebote in Neustadt an der Weinstraße finden" in german and "ganz Neustadt" in german
    assert "Bildungsnetz NW · Angebotskarte" in german and "<title>Angebotskarte Bildungsnetz NW</title>" in german
    assert "in Mülheim" not in german and "ganz Mülheim" not in german and "MH/0/25" not in german
    assert "integreat" not in german  # no Integreat region configured for this city
    assert "نويشتات آن دير فاينشتراسه" in page(client, "/?lang=ar")
    assert "Statistisches Landesamt (Beispiel)" in page(client, "/about")
    district = page(client, "/districts/eppinghofen?lang=de")
    assert 'href="https://kita.neustadt.example.org/"' in district
    assert "Kita-Portal der Stadt Neustadt an der Weinstraße" in district


def test_a_second_municipality_changes_the_geocoders_city(session, second_city, use_geocoder):
    server = use_geocoder("nominatim")
    server.answer("hit", lon=8.14, lat=49.35)
    found = geocode_address("Hauptstraße 1")
    server.answer("hit", lon=6.8827, lat=51.4305)  # in the first city: outside this one's limit
    elsewhere = geocode_address("Hauptstr. 1, 67433 Neustadt/Weinstr.")
    first, second = server.requests
    assert first.params["q"] == "Hauptstraße 1, Neustadt an der Weinstraße"
    assert second.params["q"] == "Hauptstr. 1, 67433 Neustadt/Weinstr."
    assert "neustadt-an-der-weinstrasse" in first.user_agent
    west, south, east, north = map(float, first.params["viewbox"].split(","))
    assert (west, south, east, north) == pytest.approx((8.05, 49.30, 8.25, 49.40))
    assert found.found and not elsewhere.found and elsewhere.reason == outcome.OUTSIDE_CITY
    keys = set(session.scalars(select(GeocodeCache.query).where(GeocodeCache.query.like("hauptstrasse 1%"))))
    assert keys == {"hauptstrasse 1, neustadt an der weinstrasse", "hauptstrasse 1, 67433 neustadt an der weinstrasse"}


def test_the_environment_overrides_the_portal_links(app, client, monkeypatch):
    assert 'href="https://integreat.app/muelheim"' in page(client, "/")
    monkeypatch.setitem(app.config, "INTEGREAT_URL", "")
    assert "integreat-link" not in page(client, "/")


def test_new_content_belongs_to_the_only_municipality(session, make):
    mine = session.scalar(select(Municipality.id).where(Municipality.slug == "muelheim-an-der-ruhr"))
    place = make.place()
    organization = Organization(key="test-org", name="Träger")
    session.add(organization)
    session.flush()
    session.refresh(organization)
    assert (place.municipality_id, organization.municipality_id) == (mine, mine)
    assert place.city == "Mülheim an der Ruhr"
    for model in CONTENT_MODELS:  # the base and demo data loaded by `flask geodata load`
        assert session.scalar(select(model.id).where(model.municipality_id.is_(None)).limit(1)) is None, model


def test_load_assigns_rows_written_before_the_record_existed(session, make):
    place = make.place()
    session.execute(Place.__table__.update().where(Place.id == place.id).values(municipality_id=None))
    record = load_municipality(read_profile(GEODATA_DIR / "municipalities" / "muelheim-an-der-ruhr"), REFERENCE_DIR)
    assert session.scalar(select(Place.municipality_id).where(Place.id == place.id)) == record.id


def test_a_malformed_profile_is_refused_with_file_and_field(tmp_path):
    folder = tmp_path / "kaputt"
    folder.mkdir()
    (folder / "municipality.toml").write_text(
        'slug = "kaputt"\nname = "Kaputt"\nshort_name = "K"\nnetwork_name = "N"\n[map]\ncentre = [1]\nzoom = 12\n'
        "bounds = [0, 0, 1, 1]\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"municipality.toml: \[map\], field 'centre'"):
        read_profile(folder)


class _NoDatabaseConfig(TestConfig):
    SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2"


def test_without_the_database_the_city_comes_from_its_folder():
    app = create_app(_NoDatabaseConfig)
    response = app.test_client().get("/about?lang=uk")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Stadt Mülheim an der Ruhr (Zensus 2022)" in html and "Мюльгайм" in html
