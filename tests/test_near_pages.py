"""Nearest-first pages within a radius: read through an index-ordered scan that stops at the page's end, yet in
exactly the order of the distance the reader sees (spheroid metres), then title and id — across ties at one place,
deep pages, and where the sphere the index measures on and the spheroid disagree."""

import pytest
from sqlalchemy import text

from mapfinder import search

LAT, LON = 51.42, 6.90
TOKEN = "Nahtest"


def titles(client, query: str) -> list[str]:
    response = client.get(f"/api/v1/offers?near={LAT},{LON}&q={TOKEN}&{query}")
    assert response.status_code == 200, response.data[:300]
    return [feature["properties"]["title"] for feature in response.json["features"]]


def sphere_and_spheroid(session, lon: float, lat: float) -> tuple[float, float]:
    return session.execute(
        text(
            "SELECT ST_MakePoint(:lon, :lat)::geography <-> ST_MakePoint(:x, :y)::geography,"
            " ST_Distance(ST_MakePoint(:lon, :lat)::geography, ST_MakePoint(:x, :y)::geography)"
        ),
        {"lon": lon, "lat": lat, "x": LON, "y": LAT},
    ).one()


@pytest.fixture
def around(make):
    """One offer 300 m north, four at one place 600 m east (a tie), one 1.2 km south, one 9 km away."""

    def offer(title: str, lon: float, lat: float, place=None):
        return make.offer(title=f"{TOKEN} {title}", places=[place or make.place(lon=lon, lat=lat)])

    offer("Nord", LON, LAT + 0.0027)
    shared = make.place(lon=LON + 0.0087, lat=LAT)
    for title in ("B", "D", "A", "C"):
        offer(f"Ost {title}", 0, 0, place=shared)
    offer("Süd", LON, LAT - 0.0108)
    offer("Weit", LON + 0.13, LAT)


def test_pages_walk_the_distance_order_with_ties_by_title(client, around):
    expected = [f"{TOKEN} {name}" for name in ("Nord", "Ost A", "Ost B", "Ost C", "Ost D", "Süd")]
    assert titles(client, "radius=2000&limit=50") == expected
    walked = [title for offset in range(0, 6, 2) for title in titles(client, f"radius=2000&limit=2&offset={offset}")]
    assert walked == expected
    assert titles(client, "radius=2000&limit=3&offset=1") == expected[1:4]


def test_radius_still_decides_what_is_listed(client, around):
    within = [f"{TOKEN} {name}" for name in ("Nord", "Ost A", "Ost B", "Ost C", "Ost D")]
    assert titles(client, "radius=700&limit=50") == within
    assert titles(client, "radius=10000&limit=50")[-1] == f"{TOKEN} Weit"


def test_the_shown_spheroid_distance_orders_the_page_where_the_sphere_disagrees(client, make, session):
    # About 2.8 km away: 0.1 % farther north than east along the ground of a sphere, yet nearer on the spheroid (its
    # meridians are curved less sharply here than its parallels), so the index's first row is not the page's.
    east = (LON + 0.04, LAT)
    north = (LON, LAT + 0.04 * 0.6239 * 1.001)
    east_sphere, east_spheroid = sphere_and_spheroid(session, *east)
    north_sphere, north_spheroid = sphere_and_spheroid(session, *north)
    assert east_sphere < north_sphere - 1 and north_spheroid < east_spheroid  # the premise of this test
    make.offer(title=f"{TOKEN} Ost", places=[make.place(lon=east[0], lat=east[1])])
    make.offer(title=f"{TOKEN} Nord", places=[make.place(lon=north[0], lat=north[1])])
    assert titles(client, "radius=5000&limit=1") == [f"{TOKEN} Nord"]
    assert titles(client, "radius=5000&limit=1&offset=1") == [f"{TOKEN} Ost"]


def test_the_margin_covers_how_far_sphere_and_spheroid_part():
    # Sphere and spheroid metres differ by less than 0.6 % anywhere; the page's rows must lie within the margin.
    assert search.SPHERE_MARGIN >= (1 + 0.006) / (1 - 0.006)
    assert search.RADIUS_REACH >= 1 / (1 - 0.006)
    assert search.RADIUS_SURELY_WITHIN <= 1 / (1 + 0.006)
