"""Kinds of institution are data the city edits: a changed text is loaded, a broken file is refused with file, record
and field named, and a place file naming a kind that does not exist is refused."""

import csv
import shutil

import pytest
from flask_babel import refresh
from sqlalchemy import select

from mapfinder.models import PlaceKind

from .conftest import GEODATA_DIR


@pytest.fixture()
def geodata_copy(app, tmp_path, monkeypatch):
    """A writable copy of geodata/ that the app loads from."""
    copy = tmp_path / "geodata"
    shutil.copytree(GEODATA_DIR, copy)
    monkeypatch.setitem(app.config, "GEODATA_DIR", str(copy))
    return copy


def _replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _kind_labels(session) -> list[str]:
    return sorted(t.label for kind in session.scalars(select(PlaceKind)) for t in kind.translations)


def test_an_edited_explanation_is_shown_after_loading(cli, client, session, geodata_copy):
    kinds = geodata_copy / "taxonomy" / "place_kinds.toml"
    _replace(kinds, 'de = "Bibliothek"', 'de = "Stadtbücherei"')
    result = cli.invoke(args=["geodata", "load", "--demo"])
    assert result.exit_code == 0, result.output
    refresh()
    body = client.get("/places?kind=bibliothek&lang=de").get_data(as_text=True)
    assert "Kurz erklärt: Stadtbücherei" in body


def test_a_kind_without_a_german_label_is_refused_and_nothing_changes(cli, session, geodata_copy):
    _replace(geodata_copy / "taxonomy" / "place_kinds.toml", 'de = "Jugendzentrum"', 'xx = "Jugendzentrum"')
    before = _kind_labels(session)
    result = cli.invoke(args=["geodata", "load", "--demo"])
    assert result.exit_code != 0
    assert "place_kinds.toml: record jugendzentrum, field 'labels': a German label (labels.de) is required" in (
        result.output
    )
    assert _kind_labels(session) == before


def test_a_sub_kind_of_an_unknown_kind_is_refused(cli, session, geodata_copy):
    _replace(geodata_copy / "taxonomy" / "place_kinds.toml", 'parent = "weiterfuehrende-schule"', 'parent = "uni"')
    result = cli.invoke(args=["geodata", "load", "--demo"])
    assert result.exit_code != 0
    assert "place_kinds.toml: record hauptschule, field 'parent': unknown kind 'uni'" in result.output


def test_a_place_of_an_unknown_kind_is_refused(cli, session, geodata_copy):
    places = geodata_copy / "demo" / "places.csv"
    with places.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("kind")] = "schloss"
    with places.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    result = cli.invoke(args=["geodata", "load", "--demo"])
    assert result.exit_code != 0
    assert "places.csv: line 2, field 'kind': unknown kind 'schloss'" in result.output
