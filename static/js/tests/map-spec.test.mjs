import assert from "node:assert/strict";
import {test} from "node:test";

import {
  featureStyle, mapOptions, placeMarkerStyle, placesView, readSpec, tooltipText, zoomControlOptions,
} from "../map/spec.js";

test("a spec from the server gets defaults and becomes Leaflet map options", () => {
  const spec = readSpec('{"key": "offer", "center": [51.4, 6.8], "zoom": 12, "options": {"maxZoom": 19}}');
  assert.deepEqual(spec.layers, []);
  assert.equal(spec.fit, null);
  assert.deepEqual(mapOptions(spec), {center: [51.4, 6.8], zoom: 12, zoomControl: false, maxZoom: 19});
});

test("one place is centred at street level, several are fitted with a margin", () => {
  assert.equal(placesView([]), null);
  assert.deepEqual(placesView([{lat: 51.4, lon: 6.8}]), {center: [51.4, 6.8], zoom: 15});
  assert.deepEqual(placesView([{lat: 51.4, lon: 6.8}, {lat: 51.5, lon: 6.9}]),
    {bounds: [[51.4, 6.8], [51.5, 6.9]], options: {padding: [30, 30], maxZoom: 16}});
});

test("place markers take the record's colour or the default blue", () => {
  assert.equal(placeMarkerStyle({colour: "#5e35b1"}).fillColor, "#5e35b1");
  assert.equal(placeMarkerStyle({colour: null}).fillColor, "#0b5cad");
  assert.equal(placeMarkerStyle({}).radius, 9);
});

test("a feature's own style wins over the layer's (choropleth fill, dashed approximate outline)", () => {
  const base = {color: "#1d2330", weight: 1.5, fillOpacity: 0.75};
  const feature = {properties: {style: {fillColor: "#bd0026", dashArray: "6 4"}}};
  assert.deepEqual(featureStyle(base, feature), {...base, fillColor: "#bd0026", dashArray: "6 4"});
  assert.deepEqual(featureStyle(base, {type: "Polygon"}), base);
  assert.deepEqual(featureStyle(base, undefined), base);
});

test("tooltips are plain text, markup included as characters", () => {
  assert.equal(tooltipText({properties: {label: "<b>Styrum</b> · Rang 1"}}, "label"), "<b>Styrum</b> · Rang 1");
  assert.equal(tooltipText({properties: {}}, "label"), "");
  assert.equal(tooltipText({properties: {rank: 0}}, "rank"), "0");
});

test("the zoom buttons are named in the reader's language, Leaflet's own names only without texts", () => {
  const spec = readSpec('{"center": [51.4, 6.8], "zoom": 12, "texts": {"zoomIn": "Vergrößern", "zoomOut": "Verkleinern"}}');
  assert.deepEqual(zoomControlOptions(spec), {position: "topleft", zoomInTitle: "Vergrößern", zoomOutTitle: "Verkleinern"});
  assert.deepEqual(zoomControlOptions(readSpec("{}")), {position: "topleft"});
});
