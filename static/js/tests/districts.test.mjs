import assert from "node:assert/strict";
import {test} from "node:test";

import {deepestFirst, districtStyle, labelLatLng, LEVEL_STYLE, visibleLabels} from "../finder/districts.js";

test("each level has its own outline, and the chosen district is highlighted and filled", () => {
  const plain = districtStyle({level: "stadtteil", slug: "styrum"}, "broich");
  assert.equal(plain.dashArray, LEVEL_STYLE.stadtteil.dashArray);
  assert.equal(plain.fillOpacity, 0);
  const chosen = districtStyle({level: "stadtteil", slug: "styrum"}, "styrum");
  assert.equal(chosen.color, "#0b5cad");
  assert.equal(chosen.dashArray, null);
  assert.ok(chosen.fillOpacity > 0 && chosen.weight > plain.weight);
});

test("quarters are drawn first so that Bezirk outlines lie on top", () => {
  const features = ["bezirk", "quarter", "stadtteil"].map((level) => ({properties: {level}}));
  assert.deepEqual(deepestFirst(features).map((f) => f.properties.level), ["quarter", "stadtteil", "bezirk"]);
  assert.equal(features[0].properties.level, "bezirk", "the input is not reordered");
});

test("names of Stadtteile show at city zoom, names of quarters when zoomed in", () => {
  assert.deepEqual(visibleLabels(11), {stadtteil: false, quarter: false});
  assert.deepEqual(visibleLabels(12), {stadtteil: true, quarter: false});
  assert.deepEqual(visibleLabels(15), {stadtteil: false, quarter: true});
});

test("a label point [lon, lat] is placed at latitude, longitude", () => {
  assert.deepEqual(labelLatLng({label_point: [6.85, 51.45]}), [51.45, 6.85]);
  assert.equal(labelLatLng({}), null);
});
