"""/api/v1/districts, /phases, /categories and the map's compact points."""

from flask_babel import refresh


def test_districts_are_a_feature_collection_with_their_facts(client):
    body = client.get("/api/v1/districts").json
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 48
    levels = {f["properties"]["level"] for f in body["features"]}
    assert levels == {"bezirk", "stadtteil", "quarter"}
    styrum = next(f for f in body["features"] if f["properties"]["slug"] == "styrum")
    assert styrum["geometry"]["type"] in ("MultiPolygon", "Polygon")
    assert styrum["properties"]["parent"] == "rechtsruhr-nord"
    assert styrum["properties"]["approximate"] is True
    assert {"name", "population", "population_estimated"} <= set(styrum["properties"])


def test_phases_in_order_with_ages_and_labels_in_lang(client):
    phases = client.get("/api/v1/phases?lang=de").json
    assert [p["order"] for p in phases] == sorted(p["order"] for p in phases)
    birth = phases[0]
    assert birth["code"] == "geburt" and birth["label"] == "Rund um die Geburt"
    assert {"colour", "min_age", "max_age"} <= set(birth)
    refresh()  # flask-babel caches the locale on the test's long-lived app context
    assert client.get("/api/v1/phases?lang=en").json[0]["label"] != "Rund um die Geburt"


def test_categories_with_colour_and_label(client):
    categories = client.get("/api/v1/categories").json
    assert len(categories) == 12
    assert all(c["colour"].startswith("#") and c["label"] and "order" in c for c in categories)


def test_map_points_are_compact_rows(client):
    body = client.get("/api/v1/offers/points?phase=geburt&zoom=12").json
    assert body["numberMatched"] == len(body["points"]) > 0
    offer_id, place_id, lon, lat, category, title, feature_id = body["points"][0]
    assert isinstance(offer_id, int) and 6.7 < lon < 7.0 and 51.3 < lat < 51.5 and title
    assert len({point[6] for point in body["points"]}) == len(body["points"])  # one id per offer at a place


def test_map_points_become_grid_clusters_when_many(client, monkeypatch):
    from mapfinder import search

    monkeypatch.setattr(search, "MAX_MAP_POINTS", 10)
    body = client.get("/api/v1/offers/points?zoom=12").json
    assert "points" not in body
    assert sum(count for _lon, _lat, count in body["clusters"]) == body["numberMatched"]


def test_map_points_reject_bad_zoom(client):
    assert client.get("/api/v1/offers/points?zoom=99").status_code == 400
