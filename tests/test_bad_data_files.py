"""A malformed data file is refused with file, record and field named, and nothing of it is loaded."""

import csv
import shutil

import pytest
from sqlalchemy import func, select

from mapfinder.models import Category, LifePhase, Offer

from .conftest import GEODATA_DIR


@pytest.fixture()
def geodata_copy(app, tmp_path, monkeypatch):
    """A writable copy of geodata/ that the app loads from."""
    copy = tmp_path / "geodata"
    shutil.copytree(GEODATA_DIR, copy)
    monkeypatch.setitem(app.config, "GEODATA_DIR", str(copy))
    return copy


def _state(session) -> tuple:
    return (
        session.scalar(select(func.count(Offer.id))),
        session.scalar(select(func.max(Offer.updated_at))),
        sorted(session.scalars(select(LifePhase.colour))),
    )


def _load(cli):
    return cli.invoke(args=["geodata", "load", "--demo"])


def _set_field(path, line: int, field: str, value: str) -> None:
    """Rewrite one field of one CSV line (line 2 is the first record), quoting as the csv module does."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[line - 1][rows[0].index(field)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_unknown_phase_code_in_an_offer_is_named(cli, session, geodata_copy):
    _set_field(geodata_copy / "demo" / "offers.csv", 2, "phases", "mondphase")
    before = _state(session)
    result = _load(cli)
    assert result.exit_code != 0
    assert "offers.csv: line 2, field 'phases': unknown code(s): mondphase" in result.output
    assert _state(session) == before


def test_missing_german_label_in_the_taxonomy_is_named_and_nothing_changes(cli, session, geodata_copy):
    phases = geodata_copy / "taxonomy" / "phases.toml"
    phases.write_text(phases.read_text(encoding="utf-8").replace('de = "Jugend"', 'xx = "Jugend"', 1), encoding="utf-8")
    before = _state(session)
    result = _load(cli)
    assert result.exit_code != 0
    assert "phases.toml: record jugend, field 'labels': a German label (labels.de) is required" in result.output
    assert _state(session) == before


def test_a_file_in_the_wrong_encoding_is_named(cli, session, geodata_copy):
    places = geodata_copy / "demo" / "places.csv"
    places.write_bytes(places.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    before = _state(session)
    result = _load(cli)
    assert result.exit_code != 0
    assert "places.csv: line" in result.output and "field '(encoding)': not UTF-8 text" in result.output
    assert _state(session) == before


def test_a_place_with_a_broken_coordinate_is_named(cli, session, geodata_copy):
    places = geodata_copy / "demo" / "places.csv"
    _set_field(places, 3, "lat", "north")
    result = _load(cli)
    assert result.exit_code != 0
    assert "places.csv: line 3, field 'lat': not a number: 'north'" in result.output


def test_a_category_colour_that_is_not_a_colour_is_named(cli, session, geodata_copy):
    categories = geodata_copy / "taxonomy" / "categories.toml"
    text = categories.read_text(encoding="utf-8")
    first = text.index('colour = "')
    categories.write_text(text[:first] + 'colour = "red"' + text[text.index("\n", first) :], encoding="utf-8")
    colours_before = sorted(session.scalars(select(Category.colour)))
    result = _load(cli)
    assert result.exit_code != 0
    assert "categories.toml: record beratung, field 'colour': not a #rrggbb colour: 'red'" in result.output
    assert sorted(session.scalars(select(Category.colour))) == colours_before
