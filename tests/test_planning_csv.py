"""The planning table for spreadsheets: German Excel opens it as columns with decimal commas and umlauts intact;
the API keeps its machine-readable CSV."""

import csv
import io

from mapfinder.planning_csv import spreadsheet_value


def _rows(response) -> list[list[str]]:
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_german_planning_csv_is_for_german_spreadsheets(client):
    response = client.get("/planning.csv?level=stadtteil&phase=grundschule&walk_m=500")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Type"].endswith("charset=utf-8")
    rows = _rows(response)
    header, body = rows[0], rows[1:]
    assert header[:5] == ["Rang", "Stadtteil", "Angebote", "Einwohner:innen der Altersgruppe", "Angebote je 1.000"]
    assert "Lücken-Score" in header and "Fläche in 500 m erreichbar" in header
    assert body and all(len(row) == len(header) for row in body)
    api = client.get("/api/v1/gaps?level=stadtteil&phase=grundschule&walk_m=500").get_json()["rows"]
    assert len(body) == len(api)
    by_name = {row[1]: row for row in body}
    scored = next(record for record in api if record["gap_score"] not in (None, 0) and "." in str(record["gap_score"]))
    cell = by_name[scored["name"]][header.index("Lücken-Score")]
    assert cell == str(scored["gap_score"]).replace(".", ",") and "." not in cell
    assert {row[header.index("geschätzt")] for row in body} <= {"ja", "nein"}


def test_english_planning_csv_has_english_headers_and_decimal_points(client):
    text = client.get("/planning.csv?phase=grundschule&lang=en").data.decode("utf-8")
    header = next(csv.reader(io.StringIO(text[1:])))
    assert header[0] == "Rank" and "Gap score" in header


def test_spreadsheet_values_follow_the_locale(app):
    with app.test_request_context("/?lang=de"):
        assert spreadsheet_value(0.094, "de") == "0,094" and spreadsheet_value(1234.5, "de") == "1234,5"
        assert spreadsheet_value(None, "de") == "" and spreadsheet_value(True, "de") == "ja"
        assert spreadsheet_value(0.094, "en") == "0.094"


def test_api_csv_stays_machine_readable(client):
    text = client.get("/api/v1/gaps?format=csv&walk_m=500").get_data(as_text=True)
    assert not text.startswith("\ufeff") and text.startswith("rank,slug,name,")
