"""The planning page, its CSV and ``/api/v1/gaps``: same rows everywhere, honest labels, 400 for bad parameters."""

import csv
import io

import pytest
from flask_babel import refresh
from sqlalchemy import func

from mapfinder.gaps import CSV_FIELDS
from mapfinder.models import District, DistrictLevel


def csv_text(value) -> str:
    """How a JSON value is written in the CSV."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


@pytest.mark.parametrize("url", ["/api/v1/gaps?format=csv&walk_m=500"])
def test_csv_equals_json(client, url):
    rows = client.get("/api/v1/gaps?walk_m=500").get_json()["rows"]
    response = client.get(url)
    assert response.mimetype == "text/csv"
    parsed = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert parsed == [{field: csv_text(row[field]) for field in CSV_FIELDS} for row in rows]


def test_api_returns_rows_with_flags_and_the_query(client):
    body = client.get("/api/v1/gaps?level=quarter&phase=grundschule&category=bildung&walk_m=500").get_json()
    assert body["query"] == {"level": "quarter", "phase": "grundschule", "category": "bildung", "walk_m": 500}
    assert body["data_version"]["version"] >= 0
    row = body["rows"][0]
    for key in (
        "slug",
        "name",
        "phase",
        "offers",
        "per_1000",
        "reach_share",
        "nearest_m",
        "need_index",
        "population_estimated",
        "age_bands_estimated",
        "residents_estimated",
        "boundary_approximate",
    ):
        assert key in row
    assert row["phase"] == "grundschule" and row["level"] == "quarter"
    assert len(body["rows"]) == 36


@pytest.mark.parametrize(
    "query, param",
    [
        ("level=land", "level"),
        ("phase=mondphase", "phase"),
        ("category=zauberei", "category"),
        ("walk_m=zehn", "walk_m"),
        ("walk_m=0", "walk_m"),
        ("format=xml", "format"),
        ("format=csv&phase=mondphase", "phase"),
    ],
)
def test_bad_parameters_give_400_naming_the_parameter(client, query, param):
    response = client.get(f"/api/v1/gaps?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["param"] == param
    assert response.get_json()["error"]["message"]


def test_page_with_a_bad_parameter_explains_it(client):
    response = client.get("/planning?walk_m=zehn")
    assert response.status_code == 400
    assert "Gehentfernung" in response.get_data(as_text=True)


def test_page_shows_answer_map_table_method_and_honest_labels(client):
    page = client.get("/planning").get_data(as_text=True)
    for expected in (
        "im Verhältnis zum Bedarf am knappsten",
        "Lücken-Score",
        "geschätzt",
        "Grenze angenähert",
        "angenähert (aus Referenzpunkten abgeleitet)",
        "EPSG:25832",
        "ST_PointOnSurface",
        "Beispieldaten (Demo)",
        "Zensus 2011",
        "Tabelle als CSV herunterladen",
        "Legende",
        "planning.js",
        "aria-sort",
        'data-map-spec="map-planning"',
    ):
        assert expected in page, expected
    assert "cdn" not in page.lower()


def test_page_sorts_on_the_server_without_javascript(client):
    page = client.get("/planning?sort=name&dir=asc").get_data(as_text=True)
    body = page[page.index("<tbody>") :]
    positions = [body.index(f'data-value="{name}"') for name in ("Altstadt I", "Heißen", "Styrum")]
    assert positions == sorted(positions)
    assert 'data-sort-key="name" data-numeric' not in page


def test_page_in_english_keeps_the_parameters(client):
    response = client.get("/planning?lang=en&level=bezirk&phase=jugend")
    assert response.status_code == 200
    assert 'name="lang" value="en"' in response.get_data(as_text=True)


def test_district_names_are_escaped_in_page_and_map(client, session):
    envelope = func.ST_MakeEnvelope(400000, 5650000, 401000, 5651000, 25832)
    session.add(
        District(
            slug="boese",
            name="<script>alert(1)</script>",
            level=DistrictLevel.STADTTEIL,
            geom=func.ST_Multi(func.ST_Transform(envelope, 4326)),
            source="test",
        )
    )
    session.flush()
    page = client.get("/planning").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page


def test_planning_names_districts_in_the_readers_script(client):
    refresh()
    page = client.get("/planning?phase=fruehe-kindheit&lang=uk").get_data(as_text=True)
    assert "Штирум" in page and "Еппінггофен" not in page  # Stadtteil level: Styrum, not the quarter
