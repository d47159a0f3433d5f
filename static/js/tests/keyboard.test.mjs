import assert from "node:assert/strict";
import {test} from "node:test";

import {keepFiltersOpen} from "../finder/filter-panel.js";
import {markerName} from "../finder/points.js";
import {viewOf} from "../finder/state.js";
import {nextIndex, readingOrder} from "../map/marker-keys.js";
import {firstStop, keyAction} from "../map/popup-keys.js";

const control = (name) => ({name, classList: {contains: (cls) => name === "close" && cls === "leaflet-popup-close-button"}});

test("a popup's first stop is its first link, the close button only when there is nothing else", () => {
  const [details, close] = [control("details"), control("close")];
  assert.equal(firstStop([details, close]), details);
  assert.equal(firstStop([close]), close);
  assert.equal(firstStop([]), null);
});

test("Escape closes a popup; Tab closes it only when leaving past its last or before its first control", () => {
  const [details, close] = [control("details"), control("close")];
  const stops = [details, close];
  assert.equal(keyAction({key: "Escape", target: details}, stops), "close");
  assert.equal(keyAction({key: "Tab", shiftKey: false, target: details}, stops), null);
  assert.equal(keyAction({key: "Tab", shiftKey: false, target: close}, stops), "close");
  assert.equal(keyAction({key: "Tab", shiftKey: true, target: details}, stops), "close");
  assert.equal(keyAction({key: "Tab", shiftKey: true, target: close}, stops), null);
  assert.equal(keyAction({key: "Enter", target: details}, stops), null);
});

test("a marker is named by the offer and its category, never by the icon's glyph", () => {
  assert.equal(markerName({title: "Elterncafé"}, {label: "Eltern & Familie", icon: "family"}), "Elterncafé – Eltern & Familie");
  assert.equal(markerName({title: "Elterncafé"}, undefined), "Elterncafé");
});

test("a jump to a #fragment is the same view; another query is not", () => {
  assert.equal(viewOf("http://x/?phase=jugend#main"), viewOf("http://x/?phase=jugend"));
  assert.notEqual(viewOf("http://x/?phase=jugend"), viewOf("http://x/?phase=geburt"));
});

function fakePanel() {
  const listeners = {};
  const summary = {tabIndex: 0, removeAttribute(name) { if (name === "tabindex") this.tabIndex = 0; }};
  return {open: false, summary, querySelector: () => summary,
    addEventListener: (type, fn) => { listeners[type] = fn; }, fire: (type) => listeners[type]()};
}

test("from 48rem on the filter panel stays open and its summary is no tab stop; on a phone it stays as it is", () => {
  const wide = {matches: true, addEventListener: (type, fn) => { wide.change = fn; }};
  const panel = fakePanel();
  keepFiltersOpen(panel, wide);
  assert.equal(panel.open, true);
  assert.equal(panel.summary.tabIndex, -1);
  panel.open = false;
  panel.fire("toggle");
  assert.equal(panel.open, true);
  wide.matches = false;
  wide.change();
  panel.open = false;
  panel.fire("toggle");
  assert.equal(panel.open, false);
  assert.equal(panel.summary.tabIndex, 0);
});

test("arrow keys move through the markers and wrap; Home and End jump; right and left swap on RTL pages", () => {
  assert.equal(nextIndex("ArrowRight", 0, 3), 1);
  assert.equal(nextIndex("ArrowDown", 2, 3), 0);
  assert.equal(nextIndex("ArrowUp", 0, 3), 2);
  assert.equal(nextIndex("Home", 2, 3), 0);
  assert.equal(nextIndex("End", 0, 3), 2);
  assert.equal(nextIndex("ArrowRight", 0, 3, {rtl: true}), 2);
  assert.equal(nextIndex("Enter", 0, 3), null);
  assert.equal(nextIndex("ArrowRight", 0, 0), null);
});

test("markers are in reading order: rows from the top, each from the line's start", () => {
  const boxes = [{top: 100, left: 50}, {top: 12, left: 300}, {top: 5, left: 10}, {top: 104, left: 10}];
  assert.deepEqual(readingOrder(boxes), [2, 1, 3, 0]);
  assert.deepEqual(readingOrder(boxes, {rtl: true}), [1, 2, 0, 3]);
});

test("the filter panel counts the filters set inside it, not the search or the address above it", async () => {
  const {activeFilters} = await import("../finder/filter-panel.js");
  assert.equal(activeFilters([["q", "Kurs"], ["address", "Kaiserstraße 1"], ["near", ""], ["radius", ""]]), 0);
  assert.equal(activeFilters([["phase", "jugend"], ["phase", "geburt"], ["district", "styrum"], ["age", "3"],
    ["free", "true"], ["radius", "1000"], ["language", ""], ["lang", "ar"]]), 6);
});
