"""The finder and the offer page without JavaScript, and the map specs they embed."""

import json
import re

from flask_babel import refresh

from mapfinder.maps import base_map, render_parts, resolve_tiles
from mapfinder.models import BarrierFree, RegistrationKind

EVIL = "<img src=x onerror=alert(1)>"


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status
    return response.get_data(as_text=True)


def test_finder_lists_filtered_results_from_the_url(client, make):
    offer = make.offer(
        title="Krabbelgruppe Finderprobe", phases=("geburt",), places=[make.place(lon=6.8656, lat=51.4537)]
    )
    html = page(client, "/?phase=geburt&district=styrum&q=Finderprobe")
    assert "Krabbelgruppe Finderprobe" in html and f"/offers/{offer.id}" in html
    assert 'value="geburt" checked' in html and 'value="styrum" selected' in html
    assert "1 Ergebnis" in html


def test_finder_shows_counts_per_phase_and_category(client):
    html = page(client, "/?district=styrum")
    assert re.search(r'data-count="phase:geburt">\d+<', html)
    assert re.search(r'data-count="category:familie">\d+<', html)


def test_near_address_sorts_by_distance_and_shows_it(client, make, monkeypatch):
    from mapfinder.pages import finder
    from mapfinder.pages.finder import NearPoint

    monkeypatch.setattr(finder, "locate_address", lambda address, **_: NearPoint(51.4537, 6.8656, address))
    make.offer(title="Nahprobe", places=[make.place(lon=6.8660, lat=51.4540)])
    html = page(client, "/?address=Augustastra%C3%9Fe+100&q=Nahprobe")
    assert "Sortiert nach Entfernung von: Augustastraße 100" in html
    assert re.search(r'class="badge distance">\d+ m<', html)


def test_unknown_address_is_said_not_hidden(client, monkeypatch):
    from mapfinder.pages import finder
    from mapfinder.pages.finder import NearPoint

    monkeypatch.setattr(finder, "locate_address", lambda address, **_: NearPoint(None, None, address, "nicht gefunden"))
    assert "nicht gefunden" in page(client, "/?address=Nirgendwo+1")


def test_bad_filter_gives_400_with_the_message_on_the_page(client):
    html = page(client, "/?age=300", status=400)
    assert "Das Alter muss" in html


def test_titles_from_the_database_are_escaped(client, make):
    offer = make.offer(title=EVIL, places=[make.place(name=EVIL)])
    for html in (page(client, f"/?q={offer.title[:4]}"), page(client, f"/offers/{offer.id}")):
        assert EVIL not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_pages_reference_no_foreign_host(client, make):
    offer = make.offer()
    for html in (page(client, "/"), page(client, f"/offers/{offer.id}")):
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assets = [s for s in sources if s.endswith((".js", ".css"))]
        # served by this app: its static files and the data colours (/colours.css), never another host
        assert assets and all(s.startswith("/") and not s.startswith("//") for s in assets), assets
        assert "/colours.css" in assets
        assert "cdn" not in html.lower()


def test_offer_page_shows_every_field(client, make):
    place = make.place(street="Augustastraße 100", postcode="45476", barrier_free=BarrierFree.YES, phone="0208 1234")
    offer = make.offer(
        title="Elternkurs Feldprobe",
        description="Ein Kurs.",
        min_age=1,
        max_age=3,
        is_free=True,
        languages=["de", "tr"],
        schedule="dienstags 10:00–11:30",
        registration_kind=RegistrationKind.REQUIRED,
        registration_note="telefonisch",
        contact_email="kurs@example.org",
        contact_phone="0208 5678",
        places=[place],
        is_demo=True,
    )
    html = page(client, f"/offers/{offer.id}")
    for text in (
        "Elternkurs Feldprobe",
        "Ein Kurs.",
        "1 bis 3 Jahre",
        "kostenlos",
        "Türkisch",
        "Dienstag 10:00–11:30",
        "Anmeldung erforderlich",
        "telefonisch",
        "mailto:kurs@example.org",
        "Augustastraße 100",
        "Dieses Angebot ist ein Beispiel (Demo)",
        "openstreetmap.org/directions",
        'class="map-canvas"',
        'data-map-spec="map-offer"',
    ):
        assert text in html, text


def test_unpublished_or_unknown_offer_is_404(client, make):
    from mapfinder.models import OfferStatus

    assert client.get(f"/offers/{make.offer(status=OfferStatus.DRAFT).id}").status_code == 404
    assert client.get("/offers/999999999").status_code == 404


def test_results_fragment_is_the_list_only(client):
    html = page(client, "/results?phase=jugend")
    assert html.lstrip().startswith('<div id="results"') and "<html" not in html


def test_base_map_serves_assets_locally_and_has_no_tiles_by_default(app):
    with app.test_request_context():
        parts = render_parts(base_map(cluster=True))
    assets = parts["assets"]["js"] + parts["assets"]["css"]
    assert "/static/vendor/leaflet/leaflet.js" in assets
    assert any("markercluster" in asset for asset in assets)
    assert all(asset.startswith("/static/") for asset in assets)
    assert parts["spec"]["tiles"] is None and "http" not in json.dumps(parts["spec"])


def test_configured_direct_tiles_wait_for_consent(app, monkeypatch):
    monkeypatch.setitem(app.config, "TILE_PROXY", False)  # the proxy (tests/test_tile_proxy.py) needs no consent
    with app.test_request_context():
        refresh()
        parts = render_parts(base_map(tiles="osm"))
    tiles = parts["spec"]["tiles"]
    assert tiles["url"].startswith("https://tile.openstreetmap.org/") and tiles["host"] == "tile.openstreetmap.org"
    assert (
        tiles["texts"]["accept"] == "Einverstanden, Karte laden"
        and "tile.openstreetmap.org" in tiles["texts"]["explain"]
    )
    assert resolve_tiles("none") is None
    assert resolve_tiles("basemapde")["host"] == "sgx.geodatenzentrum.de"
    assert resolve_tiles("https://tiles.example.org/{z}/{x}/{y}.png")["host"] == "tiles.example.org"


def test_a_bad_parameter_is_named_and_the_other_filters_still_apply(client):
    refresh()
    whole = client.get("/api/v1/offers?phase=jugend&limit=1").json["numberMatched"]
    refresh()
    response = client.get("/?phase=jugend&age=200")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'role="alert"' in page and "120" in page  # the age message names the allowed range
    assert f'<h2 id="results-heading">{whole} Ergebnisse</h2>' in page  # still filtered by the valid phase
    assert re.search(r'value="jugend"[^>]*checked', page)
