import assert from "node:assert/strict";
import {test} from "node:test";

import {
  byCode, clusterSize, glyph, gridRecord, offerHref, pointRecord, popupHref, popupLines, resultKey, zoomInFrom,
} from "../finder/points.js";

test("a point row becomes a marker at latitude, longitude with the list item's key", () => {
  const record = pointRecord([17, 4, 6.8825, 51.4275, "familie", "Elterncafé", 23]);
  assert.deepEqual(record, {offerId: 17, key: "17-4", latlng: [51.4275, 6.8825], category: "familie",
    title: "Elterncafé", id: 23});
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

test("popup details come from the feature's own URL in the reader's language", () => {
  assert.equal(popupHref(23, "ar"), "/offers/popup/23?lang=ar");
  assert.equal(popupHref(23, ""), "/offers/popup/23");
});

test("a popup shows place and address, then the next time (or the rule when there is no next date)", () => {
  const lines = popupLines({place: "Familienzentrum", address: "Eduardstraße 12", next: "Nächster Termin: Mo., 09:30"});
  assert.deepEqual(lines, [
    {kind: "address", text: "Familienzentrum, Eduardstraße 12"},
    {kind: "time", text: "Nächster Termin: Mo., 09:30"},
  ]);
  assert.deepEqual(popupLines({place: "Online", address: "", next: null, schedule: "vormittags"}),
    [{kind: "address", text: "Online"}, {kind: "time", text: "vormittags"}]);
  assert.deepEqual(popupLines(null), []);
});
