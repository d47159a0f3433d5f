"""The map specs of ``mapfinder.maps`` and ``gaps_map``: plain JSON data for static/js/map/render.js (no database)."""

import json

from mapfinder import gaps_map, maps


def test_a_spec_is_json_with_local_assets_and_no_code(app):
    with app.test_request_context():
        spec = maps.base_map(key="offer", label="Karte <Probe>", zoom_snap=0.25)
        maps.add_place_markers(spec, [{"lat": 51.4, "lon": 6.8, "label": "<b>Kita</b>", "colour": "#123456"}])
        parts = maps.render_parts(spec)
    assert parts["id"] == "map-offer" and parts["label"] == "Karte <Probe>"
    assert parts["assets"]["js"] == ["/static/vendor/leaflet/leaflet.js"]  # no markercluster unless asked for
    assert json.loads(json.dumps(parts["spec"])) == parts["spec"]
    assert spec["options"] == {"minZoom": 10, "maxZoom": 19, "zoomSnap": 0.25}
    assert spec["layers"] == [
        {"kind": "places", "records": [{"lat": 51.4, "lon": 6.8, "label": "<b>Kita</b>", "colour": "#123456"}]}
    ]


def test_no_records_and_no_outline_add_no_layer(app):
    with app.test_request_context():
        spec = maps.base_map()
        maps.add_place_markers(spec, [])
        maps.add_outline(spec, None, name="Stadtgrenze")
    assert spec["layers"] == [] and spec["fit"] is None


def test_geojson_layers_are_interactive_only_with_a_tooltip_or_highlight(app):
    square = {"type": "Polygon", "coordinates": [[[6.8, 51.4], [6.9, 51.4], [6.9, 51.5], [6.8, 51.4]]]}
    with app.test_request_context():
        spec = maps.base_map()
        maps.add_outline(spec, square, name="Stadtgrenze")
        maps.add_geojson(spec, square, name="boundary", style={"color": "#b4232a"})
        maps.add_geojson(spec, square, name="gaps", style={}, highlight={"weight": 3}, tooltip="label")
    assert [layer["interactive"] for layer in spec["layers"]] == [False, False, True]
    assert spec["layers"][0]["className"] == "city-limit"
    assert spec["layers"][2]["tooltip"] == "label" and spec["layers"][2]["highlight"] == {"weight": 3}


def test_bounds_of_any_geojson_are_south_west_north_east():
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [[[[6.8, 51.4], [6.95, 51.47]]]]}},
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [6.85, 51.35]}},
        ],
    }
    assert maps.geojson_bounds(collection) == [[51.35, 6.8], [51.47, 6.95]]
    assert maps.geojson_bounds({"type": "FeatureCollection", "features": []}) is None


def test_choropleth_features_carry_plain_labels_fill_by_score_and_dashed_approximate_outlines(app):
    """Fill by score, a solid dark outline on every district (the light classes stand apart from the background),
    and white dashes over the approximate boundaries only."""
    square = {"type": "Polygon", "coordinates": [[[6.8, 51.4], [6.9, 51.4], [6.9, 51.5], [6.8, 51.4]]]}
    features = (
        {"type": "Feature", "geometry": square, "properties": {"slug": "a", "name": "<A>", "approximate": True}},
        {"type": "Feature", "geometry": square, "properties": {"slug": "b", "name": "B", "approximate": False}},
    )
    with app.test_request_context():
        parts = gaps_map.gap_choropleth_parts(features, {"a": {"gap_score": 0.45, "rank": 1}})
    layer = parts["spec"]["layers"][0]
    first, second = (feature["properties"] for feature in layer["data"]["features"])
    assert first["label"] == "<A> · Lücken-Score 0,450 · Rang 1"  # text for textContent, German decimal mark
    assert first["style"] == {"fillColor": "#bd0026"}
    assert second["style"] == {"fillColor": gaps_map.NO_SCORE_COLOUR}
    assert layer["style"]["color"] == "#1d2330" and "dashArray" not in layer["style"]
    dashed = parts["spec"]["layers"][1]
    assert dashed["interactive"] is False and dashed["style"]["dashArray"]
    assert [f["geometry"] for f in dashed["data"]["features"]] == [square]
    assert parts["spec"]["fit"] == [[51.4, 6.8], [51.5, 6.9]]
