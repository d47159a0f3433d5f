"""District pages: every district lists exactly its own offers, and "also nearby" only offers just outside it."""

import re

import pytest
from sqlalchemy import select, text

from mapfinder.models import District
from mapfinder.pages.district import NEARBY_METRES

_OFFER_ID = re.compile(r'class="offer-item" data-offer-id="(\d+)"')
_NEARBY_HEADING = 'id="nearby-heading"'
_INSTITUTIONS_HEADING = 'id="institutions-heading"'


def listed_offers(page: str) -> tuple[set[int], set[int]]:
    """(offers in the district's own list, offers under "also nearby") of a rendered page."""
    own, rest = page.split(_NEARBY_HEADING, 1)
    nearby = rest.split(_INSTITUTIONS_HEADING, 1)[0]
    return {int(i) for i in _OFFER_ID.findall(own)}, {int(i) for i in _OFFER_ID.findall(nearby)}


def offers_covered(session, slug: str, ids: set[int]) -> set[int]:
    """Of ``ids``, the offers with at least one place inside the district's polygon (PostGIS, not our columns)."""
    rows = session.execute(
        text("""
        SELECT DISTINCT op.offer_id FROM offer_places op JOIN places p ON p.id = op.place_id
        JOIN districts d ON d.slug = :slug
        WHERE op.offer_id = ANY(:ids) AND ST_Covers(d.geom, p.geom)"""),
        {"slug": slug, "ids": list(ids)},
    )
    return {row[0] for row in rows}


def offers_strictly_inside(session, slug: str) -> set[int]:
    """Published offers with a place in the polygon's interior (no boundary ties)."""
    rows = session.execute(
        text("""
        SELECT DISTINCT o.id FROM offers o JOIN offer_places op ON op.offer_id = o.id
        JOIN places p ON p.id = op.place_id JOIN districts d ON d.slug = :slug
        WHERE o.status = 'published' AND ST_Contains(d.geom, p.geom)"""),
        {"slug": slug},
    )
    return {row[0] for row in rows}


def offers_nearby_outside(session, slug: str, ids: set[int]) -> set[int]:
    """Of ``ids``, offers with a place outside the polygon but within the nearby distance, in metres."""
    rows = session.execute(
        text("""
        SELECT DISTINCT op.offer_id FROM offer_places op JOIN places p ON p.id = op.place_id
        JOIN districts d ON d.slug = :slug
        WHERE op.offer_id = ANY(:ids) AND NOT ST_Contains(d.geom, p.geom)
          AND ST_DWithin(p.geom::geography, d.geom::geography, :metres)"""),
        {"slug": slug, "ids": list(ids), "metres": NEARBY_METRES},
    )
    return {row[0] for row in rows}


def test_every_district_page_lists_its_own_offers_and_nothing_outside(client, session):
    slugs = session.scalars(select(District.slug).order_by(District.slug)).all()
    assert len(slugs) == 48
    for slug in slugs:
        response = client.get(f"/districts/{slug}")
        assert response.status_code == 200, slug
        own, nearby = listed_offers(response.get_data(as_text=True))
        assert offers_covered(session, slug, own) == own, f"{slug}: listed offers outside the boundary"
        assert offers_strictly_inside(session, slug) <= own, f"{slug}: offers inside missing from the page"
        assert offers_nearby_outside(session, slug, nearby) == nearby, f"{slug}: 'nearby' not within reach outside"
        assert not own & nearby


@pytest.mark.parametrize("slug", ["styrum", "eppinghofen", "linksruhr"])
def test_known_district_pages_have_offers_map_and_figures(client, session, slug):
    district = session.scalar(select(District).where(District.slug == slug))
    page = client.get(f"/districts/{slug}").get_data(as_text=True)
    own, _ = listed_offers(page)
    assert own, slug
    assert 'data-map-spec="map-district"' in page and "leaflet.js" in page
    assert "angenähert" in page
    figures = page.split('class="key-figures"', 1)[1].split("</dl>", 1)[0]
    assert f"{district.population:,}".replace(",", ".") in figures
    assert ("geschätzt" in figures) == district.population_estimated
    assert "Beispieldaten (Demo)" in page


def place_outside(session, slug: str, metres: int) -> tuple[float, float]:
    """A point on the district's boundary pushed ``metres`` outwards (a vertex of its geography buffer)."""
    lon, lat = session.execute(
        text("""
        SELECT ST_X(pt), ST_Y(pt) FROM (
          SELECT ST_PointN(ST_ExteriorRing(ST_GeometryN(ST_Buffer(geom::geography, :m)::geometry, 1)), 1) AS pt
          FROM districts WHERE slug = :slug) AS s"""),
        {"slug": slug, "m": metres},
    ).one()
    return lon, lat


def test_an_offer_just_outside_is_nearby_and_one_far_away_is_not(client, session, make):
    close_lon, close_lat = place_outside(session, "styrum", 250)
    far_lon, far_lat = place_outside(session, "styrum", 2500)
    close = make.offer(title="Knapp draußen", places=[make.place(lon=close_lon, lat=close_lat)])
    far = make.offer(title="Weit draußen", places=[make.place(lon=far_lon, lat=far_lat)])
    own, nearby = listed_offers(client.get("/districts/styrum").get_data(as_text=True))
    assert close.id in nearby and close.id not in own
    assert far.id not in nearby and far.id not in own


def test_a_new_offer_inside_is_listed_under_its_phase_and_category(client, make):
    offer = make.offer(title="Babymassage im Test", phases=("geburt",), categories=("gesundheit",))
    page = client.get("/districts/eppinghofen").get_data(as_text=True)
    section = page.split("Rund um die Geburt", 1)[1].split("</details>", 1)[0]
    assert "Gesundheit" in section and "Babymassage im Test" in section
    assert f'data-offer-id="{offer.id}"' in section


def test_networks_of_parent_districts_and_city_wide_ones_are_shown(client):
    page = client.get("/districts/styrum-nord").get_data(as_text=True)
    networks = page.split('id="networks-heading"', 1)[1]
    assert "Bildungspartnerschaft Styrum" in networks
    assert "Bildungspartnerschaft Eppinghofen" not in networks
    assert "Netzwerk Frühe Hilfen" in networks and "stadtweit" in networks
    assert "fruehe-hilfen@example.org" in networks


def test_unknown_district_is_a_helpful_404(client):
    response = client.get("/districts/atlantis")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "atlantis" in page and 'href="/districts/styrum"' in page


def test_district_index_lists_every_district_with_counts(client, session):
    page = client.get("/districts").get_data(as_text=True)
    for slug in session.scalars(select(District.slug)):
        assert f'href="/districts/{slug}"' in page
    assert "angenähert" in page


def test_kita_portal_link_appears_only_when_configured(app, client, monkeypatch):
    assert "Kita-Portal" not in client.get("/districts/eppinghofen").get_data(as_text=True)
    monkeypatch.setitem(app.config, "KITA_PORTAL_URL", "https://kita.example.org/")
    page = client.get("/districts/eppinghofen").get_data(as_text=True)
    assert 'href="https://kita.example.org/"' in page and "Kita-Portal" in page


def test_district_page_speaks_the_readers_language(client):
    page = client.get("/districts/styrum?lang=tr").get_data(as_text=True)
    assert '<html lang="tr"' in page
    assert "Erken" in page or "çocuk" in page.lower()
