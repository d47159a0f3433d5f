"""Pure tests of the approximate district derivation (no database): tiling, nesting, names, agreement,
reproducibility."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import shapely

from mapfinder.districts import boundaries
from mapfinder.slugs import slugify

REPO_ROOT = Path(__file__).resolve().parents[1]

GEODATA = REPO_ROOT.parent / "shared" / "geodata"
SEEDS = REPO_ROOT / "geodata" / "municipalities" / "muelheim-an-der-ruhr" / "districts" / "seeds.csv"

BEZIRKE = {"rechtsruhr-sued", "rechtsruhr-nord", "linksruhr"}
STADTTEILE = {
    "altstadt-i": "rechtsruhr-sued",
    "altstadt-ii": "rechtsruhr-sued",
    "heissen": "rechtsruhr-sued",
    "menden-holthausen": "rechtsruhr-sued",
    "styrum": "rechtsruhr-nord",
    "duempten": "rechtsruhr-nord",
    "saarn": "linksruhr",
    "broich": "linksruhr",
    "speldorf": "linksruhr",
}
NAMED_QUARTERS = {
    "eppinghofen": "altstadt-ii",
    "winkhausen": "heissen",
    "fulerum": "heissen",
    "heimaterde": "heissen",
    "menden": "menden-holthausen",
    "holthausen": "menden-holthausen",
    "raadt": "menden-holthausen",
    "ickten": "menden-holthausen",
    "selbeck": "saarn",
    "mintard": "saarn",
    "lehn": "saarn",
    "oberduempten": "duempten",
    "broicher-mitte": "broich",
    "rumswinkel": "broich",
    "baakendorf": "speldorf",
    "blumenkamp": "speldorf",
}
TOLERANCE = 0.001  # 0.1 % of the area


@pytest.fixture(scope="module")
def city_limit():
    return boundaries.read_city_limit(GEODATA / "muelheim_city_boundary_dvg2_nrw.geojson")


@pytest.fixture(scope="module")
def seeds():
    return boundaries.read_seeds(SEEDS)


@pytest.fixture(scope="module")
def schools():
    return boundaries.read_labelled_schools(GEODATA / "schulen_muelheim.csv")


@pytest.fixture(scope="module")
def districts(city_limit, seeds, schools):
    return boundaries.derive_districts(city_limit, seeds, schools)


def by_level(districts, level):
    return {district.slug: district for district in districts if district.level == level}


@pytest.mark.parametrize("level", boundaries.LEVELS)
def test_level_tiles_the_city(districts, city_limit, level):
    geometries = [district.geometry for district in by_level(districts, level).values()]
    union = shapely.union_all(geometries)
    assert union.symmetric_difference(city_limit).area / city_limit.area < TOLERANCE
    overlap = sum(a.intersection(b).area for a, b in itertools.combinations(geometries, 2))
    assert overlap / city_limit.area < TOLERANCE


@pytest.mark.parametrize("level", boundaries.LEVELS)
def test_polygons_are_valid_non_empty_multipolygons(districts, level):
    for district in by_level(districts, level).values():
        assert district.geometry.geom_type == "MultiPolygon", district.slug
        assert district.geometry.is_valid and not district.geometry.is_empty, district.slug
        min_x, min_y, max_x, max_y = district.geometry.bounds
        assert 6.7 < min_x < max_x < 7.0 and 51.3 < min_y < max_y < 51.5, "expected lon/lat (EPSG:4326)"


@pytest.mark.parametrize(("child_level", "parent_level"), [("quarter", "stadtteil"), ("stadtteil", "bezirk")])
def test_children_nest_in_their_parent(districts, child_level, parent_level):
    parents = by_level(districts, parent_level)
    for child in by_level(districts, child_level).values():
        parent = parents[child.parent_slug].geometry
        assert child.geometry.difference(parent).area <= TOLERANCE * child.geometry.area, child.slug


def test_bezirke_and_stadtteile_have_the_official_names(districts):
    assert set(by_level(districts, "bezirk")) == BEZIRKE
    assert {slug: d.parent_slug for slug, d in by_level(districts, "stadtteil").items()} == STADTTEILE
    assert all(d.parent_slug is None for d in by_level(districts, "bezirk").values())


def test_named_quarters_exist_in_their_stadtteil(districts):
    quarters = by_level(districts, "quarter")
    assert {slug: quarters[slug].parent_slug for slug in NAMED_QUARTERS if slug in quarters} == NAMED_QUARTERS


def test_slugs_are_unique_across_levels_and_sorted(districts):
    slugs = [district.slug for district in districts]
    assert len(slugs) == len(set(slugs))
    assert [d.level for d in districts] == sorted((d.level for d in districts), key=boundaries.LEVELS.index)
    for level in boundaries.LEVELS:
        level_slugs = [d.slug for d in districts if d.level == level]
        assert level_slugs == sorted(level_slugs)
    assert all(d.slug == slugify(d.name) for d in districts)


def test_schools_fall_in_their_osm_stadtteil(districts, schools):
    agreement = boundaries.stadtteil_agreement(districts, schools)
    assert agreement.total == len(schools) >= 30
    assert agreement.share >= 0.9, agreement.mismatches


def test_leave_one_out_agreement_is_reported_for_every_school(city_limit, seeds, schools):
    agreement = boundaries.leave_one_out_agreement(city_limit, seeds, schools)
    assert agreement.total == len(schools)
    assert agreement.share >= 0.9, agreement.mismatches


def test_derivation_is_reproducible(city_limit, seeds, schools, districts):
    again = boundaries.derive_districts(city_limit, list(reversed(seeds)), list(reversed(schools)))
    assert [(d.slug, d.level, d.parent_slug) for d in again] == [(d.slug, d.level, d.parent_slug) for d in districts]
    assert [d.geometry.wkb for d in again] == [d.geometry.wkb for d in districts]


def test_vg250_city_limit_works_as_fallback(seeds, schools):
    limit = boundaries.read_city_limit(GEODATA / "muelheim_city_boundary_vg250.geojson")
    districts = boundaries.derive_districts(limit, seeds, schools)
    assert len(by_level(districts, "stadtteil")) == 9
    assert boundaries.stadtteil_agreement(districts, schools).share >= 0.9


def test_read_labelled_schools_skips_rows_without_stadtteil(schools):
    assert all(school.stadtteil for school in schools)
    assert not any("Oberhausen" in school.name for school in schools)


HEADER = "quarter,stadtteil,stadtbezirk,lon,lat,note\n"


@pytest.mark.parametrize(
    ("rows", "line", "field"),
    [
        ("Styrum-Nord,Styrum,Rechtsruhr-Nord,6.85,51.45,ok\nLehn,,Linksruhr,6.86,51.40,x\n", 3, "stadtteil"),
        ("Lehn,Saarn,Linksruhr,6.86,north,x\n", 2, "lat"),
        ("Lehn,Saarn,Linksruhr,6.86\n", 2, "lat"),
        ("Lehn,Saarn,Linksruhr,686,51.4,x\n", 2, "lon"),
    ],
)
def test_bad_seed_rows_raise_naming_line_and_field(tmp_path, rows, line, field):
    path = tmp_path / "seeds.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"line {line}: field '{field}'"):
        boundaries.read_seeds(path)


def test_seed_file_without_a_column_is_rejected(tmp_path):
    path = tmp_path / "seeds.csv"
    path.write_text("quarter,stadtteil,stadtbezirk,lon\nLehn,Saarn,Linksruhr,6.86\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 1: missing field\(s\) lat"):
        boundaries.read_seeds(path)


def test_contradictory_hierarchy_is_rejected(city_limit):
    seeds = [
        boundaries.Seed("Lehn", "Saarn", "Linksruhr", 6.86, 51.40),
        boundaries.Seed("Lehn", "Broich", "Linksruhr", 6.86, 51.42),
    ]
    with pytest.raises(ValueError, match="Lehn"):
        boundaries.derive_districts(city_limit, seeds)


def test_quarter_named_like_a_stadtteil_is_rejected(city_limit):
    seeds = [boundaries.Seed("Styrum", "Styrum", "Rechtsruhr-Nord", 6.85, 51.45)]
    with pytest.raises(ValueError, match="slug"):
        boundaries.derive_districts(city_limit, seeds)


def test_agreement_share():
    assert boundaries.Agreement(9, 10, ("x",)).share == pytest.approx(0.9)
    assert boundaries.Agreement(0, 0, ()).share == 1.0
