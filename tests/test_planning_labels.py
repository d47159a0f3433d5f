"""The planning page reads on a phone and in every locale: permanent area labels on the map, one plain reason per top
row (saying when it rests on an estimate), badges once per column, a clear "no need figure" and right plurals."""

import json
import re

from mapfinder.gaps import GapRow
from mapfinder.gaps_reasons import reason


def _page(client, query: str) -> str:
    response = client.get(f"/planning?{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _spec(html: str) -> dict:
    return json.loads(re.search(r'data-map-spec="map-planning">(.*?)</script>', html, re.S).group(1))


def _labels(spec: dict) -> list[dict]:
    return next(layer["records"] for layer in spec["layers"] if layer["kind"] == "labels")


def _gaps(spec: dict) -> dict:
    return next(layer for layer in spec["layers"] if layer.get("name") == "gaps")


def test_every_area_has_a_permanent_label_with_rank_and_score_in_the_readers_number_format(client):
    german = _labels(_spec(_page(client, "level=stadtteil&phase=fruehe-kindheit&lang=de")))
    assert len(german) == 9 and {label["text"] for label in german} >= {"Styrum", "Heißen", "Altstadt I"}
    scored = [label["detail"] for label in german if label["detail"] != "–"]
    assert scored and all(re.fullmatch(r"\d+\. · \d,\d\d", detail) for detail in scored), scored


def test_labels_and_tooltips_use_the_readers_script_and_decimal_mark(client):
    spec = _spec(_page(client, "level=stadtteil&phase=fruehe-kindheit&lang=en"))
    details = [label["detail"] for label in _labels(spec) if label["detail"] != "–"]
    assert all(re.fullmatch(r"\d+\. · \d\.\d\d", detail) for detail in details), details
    tooltips = [f["properties"]["label"] for f in _gaps(spec)["data"]["features"]]
    assert any(re.search(r"Gap score \d\.\d{3}", tip) for tip in tooltips), tooltips


def test_arabic_labels_name_the_areas_in_arabic(client):
    labels = _labels(_spec(_page(client, "level=stadtteil&phase=fruehe-kindheit&lang=ar")))
    assert any(re.search(r"[\u0600-\u06ff]", label["text"]) for label in labels), labels


def test_each_top_row_says_why_it_ranks_there_and_when_it_rests_on_an_estimate(client):
    html = _page(client, "level=stadtteil&phase=fruehe-kindheit&lang=de")
    reasons = re.findall(r'<span class="planning-reason" data-reason>(.*?)</span>', html, re.S)
    assert len(reasons) == 3
    assert all("Mitte" in text for text in reasons)
    assert all("geschätzten Einwohnerzahl" in text for text in reasons), "the demo population is an estimate"


def test_badges_appear_once_per_column_not_on_every_cell(client):
    html = _page(client, "level=stadtteil&phase=fruehe-kindheit&lang=de")
    table = html[html.index('id="planning-table"') :]
    head, rest = table.split("<tbody>", 1)
    body = rest.split("</tbody>")[0]
    assert head.count("planning-badge-estimated") == 2 and "planning-badge-estimated" not in body
    assert head.count("planning-badge-approximate") == 1 and "planning-badge-approximate" not in body


def test_areas_without_a_school_say_there_is_no_need_figure_and_why(client):
    html = _page(client, "level=quarter&phase=fruehe-kindheit&lang=de")
    assert "data-no-need" in html and "kein Bedarfswert: keine Schule mit Sozialindex im Gebiet" in html
    tooltips = [f["properties"]["label"] for f in _gaps(_spec(html))["data"]["features"]]
    assert any("kein Bedarfswert" in tip for tip in tooltips)


def test_plurals_are_right_in_the_answer_and_the_table(client):
    html = _page(client, "level=quarter&phase=fruehe-kindheit&lang=de")
    assert "(1 Schule)" in html and not re.search(r"\b1 (Schulen|Angebote|Startchancen-Schulen)\b", html)


def test_plurals_follow_the_languages_rules(client):
    russian = _page(client, "level=quarter&phase=fruehe-kindheit&lang=ru")
    assert "1 школа" in russian and not re.search(r"\b1 школ\b", russian)


def _row(**fields) -> GapRow:
    values = dict(
        slug="x", name="X", offers=1, residents=500.0, per_1000=2.0, reach_share=0.5, nearest_m=300,
        need_index=5.0, schools=1, startchancen_schools=0, population=1000, population_source="s",
        population_estimated=False, age_bands_estimated=False, residents_interpolated=False,
        boundary_approximate=False, gap_score=0.3, rank=1,
    )  # fmt: skip
    return GapRow(**(values | fields))


def test_the_reason_names_the_driver(app):
    middle = {"need": 4.0, "per_1000": 3.0, "reach": 0.6}
    with app.test_request_context("/?lang=de"):
        assert reason(_row(), middle).startswith("Hoher Bedarf bei wenig Angebot: Sozialindex Ø 5,0")
        assert reason(_row(per_1000=4.0, reach_share=0.9), middle).startswith("Vor allem hoher Bedarf")
        assert reason(_row(need_index=3.0), middle).startswith("Vor allem wenig Angebot: 2,0 Angebote je 1.000")
        both_middle = reason(_row(need_index=3.0, per_1000=4.0, reach_share=0.9, population_estimated=True), middle)
        assert both_middle.startswith("Bedarf und Angebot") and both_middle.endswith("geschätzten Einwohnerzahl.")
