"""Gap indicators on a constructed district of known geometry: each equals its hand-computed value.

The test square is 1 km × 1 km in EPSG:25832 (E 400000–401000, N 5650000–5651000), far from Mülheim so no real
district or offer touches it; it is stored in EPSG:4326 like every district and transformed back by the service.
Tolerances: buffers are 64-gons (16 segments per quarter), whose area is 0.16 % below the circle's, hence rel=3e-3
for reach shares; distances are exact in the grid up to the 4326 round trip (< 1 m).
"""

import math

import pytest
from sqlalchemy import func, select, text

from mapfinder import gaps
from mapfinder.models import District, DistrictLevel, OfferStatus

EAST, NORTH, SIDE = 400000, 5650000, 1000
BANDS = {"0-2": 300, "3-5": 300, "6-17": 1200, "18-64": 5000, "65-": 1000}


def lonlat(session, east: float, north: float) -> tuple[float, float]:
    """A point given in UTM 32N metres as (lon, lat)."""
    point = func.ST_Transform(func.ST_SetSRID(func.ST_MakePoint(east, north), 25832), 4326)
    row = session.execute(select(func.ST_X(point), func.ST_Y(point))).one()
    return row[0], row[1]


@pytest.fixture()
def square(session):
    """The test square as a Stadtteil with known, non-estimated population and age bands."""
    envelope = func.ST_MakeEnvelope(EAST, NORTH, EAST + SIDE, NORTH + SIDE, 25832)
    district = District(
        slug="testquadrat",
        name="Testquadrat",
        level=DistrictLevel.STADTTEIL,
        approximate=False,
        geom=func.ST_Multi(func.ST_Transform(envelope, 4326)),
        source="test",
        population=7800,
        population_estimated=False,
        population_source="test",
        population_by_age=dict(BANDS),
        age_bands_estimated=False,
    )
    session.add(district)
    session.flush()
    return district


def place_at(session, make, east_offset: float, north_offset: float, **fields):
    """A place at metres from the square's south-west corner."""
    lon, lat = lonlat(session, EAST + east_offset, NORTH + north_offset)
    return make.place(lon=lon, lat=lat, **fields)


def square_row(query: gaps.GapQuery | None = None) -> gaps.GapRow:
    """The test square's row of a freshly computed table."""
    table = gaps.gap_table(query or gaps.GapQuery(walk_m=300))
    return next(row for row in table.rows if row.slug == "testquadrat")


def test_offer_at_centre_gives_every_indicator(session, make, square):
    centre = place_at(session, make, 500, 500)
    for _ in range(3):
        make.offer(places=[centre])
    for index, (social_index, startchancen) in enumerate(((3, False), (7, True), (8, False))):
        place_at(
            session, make, 100 + 100 * index, 900, kind="schule", social_index=social_index, startchancen=startchancen
        )
    row = square_row()
    assert row.offers == 3
    assert row.residents == pytest.approx(300 * 2 / 3 + 300 + 1200 / 12)  # ages 1–6 spread over the bands: 600
    assert row.per_1000 == pytest.approx(5.0)
    assert row.reach_share == pytest.approx(math.pi * 300**2 / SIDE**2, rel=3e-3)  # 0.2827
    assert row.nearest_m == 0
    assert row.need_index == pytest.approx(6.0)
    assert (row.schools, row.startchancen_schools) == (3, 1)
    assert row.residents_interpolated and not row.residents_estimated and not row.boundary_approximate


def test_offer_at_a_corner_reaches_a_quarter_circle(session, make, square):
    make.offer(places=[place_at(session, make, 0, 0)])
    row = square_row()
    assert row.reach_share == pytest.approx(math.pi * 300**2 / 4 / SIDE**2, rel=3e-3)  # 0.0707
    assert row.nearest_m == pytest.approx(math.hypot(500, 500), abs=1)  # 707


def test_offer_outside_reaches_across_the_boundary(session, make, square):
    make.offer(places=[place_at(session, make, 500, -100)])
    segment = 300**2 * math.acos(100 / 300) - 100 * math.sqrt(300**2 - 100**2)  # circular segment: 82,502 m²
    row = square_row()
    assert row.offers == 0 and row.per_1000 == 0
    assert row.reach_share == pytest.approx(segment / SIDE**2, rel=3e-3)
    assert row.nearest_m == pytest.approx(600, abs=1)


def test_only_published_offers_of_the_phase_and_category_count(session, make, square):
    centre = place_at(session, make, 500, 500)
    make.offer(places=[centre], categories=("familie",))
    make.offer(places=[centre], categories=("sprache",))
    make.offer(places=[centre], phases=("jugend",))
    make.offer(places=[centre], status=OfferStatus.DRAFT)
    assert square_row().offers == 2
    assert square_row(gaps.GapQuery(category="familie", walk_m=300)).offers == 1


def test_an_offer_at_two_places_in_one_district_counts_once(session, make, square):
    make.offer(places=[place_at(session, make, 200, 200), place_at(session, make, 800, 800)])
    assert square_row().offers == 1


def test_phase_covering_whole_bands_is_not_interpolated(square):
    row = square_row(gaps.GapQuery(phase="lebenslang", walk_m=300))
    assert row.residents == pytest.approx(5000 + 1000)
    assert not row.residents_interpolated


@pytest.mark.parametrize("field", ["population_estimated", "age_bands_estimated"])
def test_estimated_population_or_bands_flag_the_residents(session, square, field):
    setattr(square, field, True)
    session.flush()
    record = gaps.row_record(square_row(), gaps.GapQuery(walk_m=300))
    assert record[field] and record["residents_estimated"]


def test_approximate_boundary_is_flagged(session, square):
    square.approximate = True
    session.flush()
    assert square_row().boundary_approximate


def test_district_without_residents_or_offers_has_empty_figures(session, square):
    square.population_by_age = None
    session.flush()
    row = square_row(gaps.GapQuery(category="sprache", walk_m=100))
    assert (row.residents, row.per_1000, row.gap_score, row.rank) == (None, None, None, None)


def test_table_is_cached_until_the_data_changes(session, make, square):
    query = gaps.GapQuery(walk_m=300)
    first = gaps.gap_table(query)
    assert gaps.gap_table(query).cached
    version = gaps.data_version()
    make.offer(places=[place_at(session, make, 500, 500)])
    assert gaps.data_version() != version
    fresh = gaps.gap_table(query)
    assert not fresh.cached
    offers = {table: next(r.offers for r in table.rows if r.slug == "testquadrat") for table in (first, fresh)}
    assert offers[fresh] == offers[first] + 1


def test_population_change_bumps_the_data_version(session, square):
    version = gaps.data_version()
    session.execute(text("UPDATE districts SET population = population + 1 WHERE slug = 'testquadrat'"))
    assert gaps.data_version() != version


def make_row(**fields) -> gaps.GapRow:
    """A row with neutral defaults for the scoring tests."""
    defaults = dict(
        slug="x",
        name="X",
        offers=0,
        residents=100.0,
        per_1000=0.0,
        reach_share=0.0,
        nearest_m=None,
        need_index=9.0,
        schools=1,
        startchancen_schools=0,
        population=100,
        population_source=None,
        population_estimated=False,
        age_bands_estimated=False,
        residents_interpolated=False,
        boundary_approximate=False,
    )
    return gaps.GapRow(**{**defaults, **fields})


def test_gap_score_follows_the_documented_formula():
    assert gaps.gap_score(make_row(need_index=9, per_1000=0, reach_share=0), 10) == 1.0
    assert gaps.gap_score(make_row(need_index=1, per_1000=0, reach_share=0), 10) == 0.0
    # need (5 − 1) / 8 = 0.5; supply ½ · 5/10 + ½ · 0.5 = 0.5 → 0.25
    assert gaps.gap_score(make_row(need_index=5, per_1000=5, reach_share=0.5), 10) == 0.25
    assert gaps.gap_score(make_row(need_index=None), 10) is None


def test_rank_puts_the_largest_gap_first_and_unscored_last():
    rows = [
        make_row(slug="a", name="A", need_index=3),
        make_row(slug="b", name="B", need_index=None),
        make_row(slug="c", name="C", need_index=8),
    ]
    ranked = gaps.rank_rows(rows)
    assert [(row.slug, row.rank) for row in ranked] == [("c", 1), ("a", 2), ("b", None)]


def test_sort_rows_keeps_missing_values_last():
    rows = (make_row(slug="a", nearest_m=300), make_row(slug="b", nearest_m=None), make_row(slug="c", nearest_m=5))
    assert [row.slug for row in gaps.sort_rows(rows, key="nearest_m")] == ["c", "a", "b"]
    assert [row.slug for row in gaps.sort_rows(rows, key="nearest_m", descending=True)] == ["a", "c", "b"]
    assert [row.slug for row in gaps.sort_rows(rows, key="no-such-column")] == ["a", "b", "c"]


@pytest.mark.parametrize(
    "args, param",
    [
        ({"level": "land"}, "level"),
        ({"phase": "mondphase"}, "phase"),
        ({"category": "zauberei"}, "category"),
        ({"walk_m": "abc"}, "walk_m"),
        ({"walk_m": "50"}, "walk_m"),
        ({"walk_m": "99999"}, "walk_m"),
        ({"walk_m": "-300"}, "walk_m"),
    ],
)
def test_bad_parameters_are_refused_by_name(session, args, param):
    with pytest.raises(gaps.ParameterError) as error:
        gaps.parse_gap_query(args)
    assert error.value.param == param


def test_defaults_are_stadtteil_early_childhood_800_m(session):
    assert gaps.parse_gap_query({}) == gaps.GapQuery("stadtteil", "fruehe-kindheit", None, 800)


def test_demo_data_answers_where_early_childhood_offers_are_scarcest(session):
    table = gaps.gap_table(gaps.GapQuery(level="stadtteil", phase="fruehe-kindheit"))
    top = [row for row in table.rows if row.rank][:3]
    assert [row.rank for row in top] == [1, 2, 3]
    assert top[0].gap_score >= top[1].gap_score >= top[2].gap_score > 0
    assert all(row.need_index is not None and row.boundary_approximate for row in top)
    assert len(table.rows) == 9


def test_a_transaction_bumps_the_counter_once_but_every_write_changes_the_key(session, make):
    counter, _, stamp = gaps.data_version()
    keys = [stamp]
    for _ in range(2):
        make.offer()
        now = gaps.data_version()
        assert now[0] == counter + 1
        keys.append(now[2])
    assert len(set(keys)) == 3
