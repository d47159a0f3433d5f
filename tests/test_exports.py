"""Exports: the finder's current result as CSV and XLSX, the finder's count, in the reader's language."""

import csv
import io

import pytest
from openpyxl import load_workbook

FILTERS = ["", "phase=fruehe-kindheit", "district=styrum", "phase=jugend&free=true", "category=sprache&language=tr"]


def finder_count(client, query: str) -> int:
    """``numberMatched`` of the API for the same filters."""
    return client.get(f"/api/v1/offers?{query}").json["numberMatched"]


def read_csv(client, query: str) -> list[list[str]]:
    response = client.get(f"/export.csv?{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def read_xlsx(client, query: str) -> list[tuple]:
    response = client.get(f"/export.xlsx?{query}")
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))


@pytest.mark.parametrize("query", FILTERS)
def test_csv_has_the_finders_count(client, query):
    rows = read_csv(client, query)
    assert rows[0][:2] == ["Nr.", "Titel"]
    assert len(rows) - 1 == finder_count(client, query) > 0


@pytest.mark.parametrize("query", FILTERS)
def test_xlsx_has_the_finders_count(client, query):
    rows = read_xlsx(client, query)
    assert rows[0][:2] == ("Nr.", "Titel")
    assert len(rows) - 1 == finder_count(client, query) > 0


def test_export_is_in_the_readers_language(client):
    rows = read_csv(client, "phase=fruehe-kindheit&lang=tr")
    phases_column = rows[0].index(rows[0][3])
    assert any("Erken çocukluk" in row[phases_column] for row in rows[1:])


def test_cells_that_look_like_formulas_are_neutralised(client, make):
    offer = make.offer(title='=HYPERLINK("http://evil.example","klick")', phases=("lebenslang",))
    rows = read_xlsx(client, "q=HYPERLINK")
    assert any(row[-1] == offer.id and row[0] == offer.at_places[0].id and row[1].startswith("'=") for row in rows[1:])
    assert any(row[1].startswith("'=") for row in read_csv(client, "q=HYPERLINK")[1:])


def test_a_bad_filter_is_a_400_not_a_500(client):
    response = client.get("/export.csv?phase=Not!A!Code")
    assert response.status_code == 400 and b"phase" in response.data
