import assert from "node:assert/strict";
import {test} from "node:test";

import {cellValue, compareCells, nextDirection} from "../planning/sort.js";

const sorted = (raws, options) =>
  raws.map((raw) => cellValue(raw, options.numeric)).sort((a, b) => compareCells(a, b, options));

test("numbers sort numerically, not as text", () => {
  assert.deepEqual(sorted(["10", "9", "0.5"], {numeric: true}), [0.5, 9, 10]);
  assert.deepEqual(sorted(["10", "9", "0.5"], {numeric: true, descending: true}), [10, 9, 0.5]);
});

test("empty cells stay last in both directions", () => {
  assert.deepEqual(sorted(["2", "", "1"], {numeric: true}), [1, 2, null]);
  assert.deepEqual(sorted(["2", null, "1"], {numeric: true, descending: true}), [2, 1, null]);
});

test("names sort by the reader's language", () => {
  assert.deepEqual(sorted(["Styrum", "Altstadt I", "Heißen"], {locale: "de"}), ["Altstadt I", "Heißen", "Styrum"]);
});

test("a second click reverses the order", () => {
  assert.equal(nextDirection(null), "ascending");
  assert.equal(nextDirection("ascending"), "descending");
  assert.equal(nextDirection("descending"), "ascending");
});
