import assert from "node:assert/strict";
import {test} from "node:test";

import {byCode, clusterSize, glyph, gridRecord, offerHref, pointRecord, resultKey, zoomInFrom} from "../finder/points.js";

test("a point row becomes a marker at latitude, longitude with the list item's key", () => {
  const record = pointRecord([17, 4, 6.8825, 51.4275, "familie", "Elterncafé"]);
  assert.deepEqual(record, {offerId: 17, key: "17-4", latlng: [51.4275, 6.8825], category: "familie",
    title: "Elterncafé"});
  assert.equal(resultKey(17, 4), "17-4");
});

test("a grid cluster row has its count and a size that grows with it", () => {
  assert.deepEqual(gridRecord([6.9, 51.4, 99]), {latlng: [51.4, 6.9], count: 99, size: 36});
  assert.equal(gridRecord([6.9, 51.4, 100]).size, 44);
  assert.equal(gridRecord([6.9, 51.4, 1000]).size, 54);
});

test("markercluster icons grow at 10 and 100 offers", () => {
  assert.deepEqual([9, 10, 99, 100].map(clusterSize), [32, 38, 38, 46]);
});

test("a marker without a known category gets the neutral glyph", () => {
  assert.deepEqual(glyph({icon: "family", colour: "#123456", label: "Familie"}), {icon: "family", colour: "#123456"});
  assert.deepEqual(glyph(undefined), {icon: "", colour: "#4a5263"});
});

test("links, zoom steps and lookups", () => {
  assert.equal(offerHref("12/../x"), "/offers/12%2F..%2Fx");
  assert.equal(zoomInFrom(12), 14);
  assert.equal(zoomInFrom(17), 18);
  assert.deepEqual(byCode([{code: "a", n: 1}, {code: "b", n: 2}]).b, {code: "b", n: 2});
});
