"""A place belongs to the districts whose polygons contain it, at every level."""

from sqlalchemy import text


def test_a_place_in_styrum_is_in_styrum_and_its_bezirk(make):
    place = make.place(lon=6.8606838, lat=51.4541699)  # a Styrum school's official point
    assert place.stadtteil.slug == "styrum"
    assert place.bezirk.slug == "rechtsruhr-nord"
    assert place.quarter.parent_id == place.stadtteil_id


def test_a_place_in_eppinghofen_is_in_the_quarter_and_altstadt_ii(make):
    place = make.place(lon=6.8817517, lat=51.4312782)
    assert (place.quarter.slug, place.stadtteil.slug, place.bezirk.slug) == (
        "eppinghofen",
        "altstadt-ii",
        "rechtsruhr-sued",
    )


def test_a_place_outside_the_city_gets_no_district(make):
    place = make.place(lon=6.8500, lat=51.4950)  # Oberhausen
    assert (place.bezirk_id, place.stadtteil_id, place.quarter_id) == (None, None, None)


def test_a_place_without_point_gets_no_district(make):
    place = make.place(lon=None, lat=None)
    assert place.stadtteil_id is None


def test_assigned_district_really_contains_the_place(make, session):
    place = make.place(lon=6.9100, lat=51.3900)
    contains = session.scalar(
        text("SELECT ST_Covers(d.geom, p.geom) FROM places p JOIN districts d ON d.id = p.quarter_id WHERE p.id = :id"),
        {"id": place.id},
    )
    assert contains is True
