"""`flask geodata import-population`: a real table replaces the estimates it covers, and says so."""

from sqlalchemy import select

from mapfinder.models import District


def test_imported_figures_replace_estimates(cli, session, tmp_path):
    table = tmp_path / "einwohner.csv"
    table.write_text(
        "district,population,age_0_2,age_3_5,age_6_17,age_18_64,age_65_plus\nSpeldorf,20123,500,510,2100,12000,5013\n",
        encoding="utf-8",
    )
    result = cli.invoke(args=["geodata", "import-population", str(table)])
    assert result.exit_code == 0, result.output
    speldorf = session.scalar(select(District).where(District.slug == "speldorf"))
    assert (speldorf.population, speldorf.population_estimated, speldorf.age_bands_estimated) == (20123, False, False)
    assert speldorf.population_by_age["65-"] == 5013


def test_an_unknown_district_is_named_and_nothing_is_imported(cli, session, tmp_path):
    table = tmp_path / "einwohner.csv"
    table.write_text("district,population\nSpeldorf,20123\nAtlantis,5\n", encoding="utf-8")
    result = cli.invoke(args=["geodata", "import-population", str(table)])
    assert result.exit_code != 0
    assert "einwohner.csv: line 3, field 'district': unknown district 'Atlantis'" in result.output
    assert session.scalar(select(District).where(District.slug == "speldorf")).population_estimated is True
