import assert from "node:assert/strict";
import {test} from "node:test";

import {countText, parseMeta} from "../finder/meta.js";

test("the result list's JSON block is read, and a missing or broken one is empty", () => {
  assert.deepEqual(parseMeta('{"district": "styrum", "near": [51.4, 6.8]}'), {district: "styrum", near: [51.4, 6.8]});
  assert.deepEqual(parseMeta(""), {});
  assert.deepEqual(parseMeta("{broken"), {});
  assert.deepEqual(parseMeta("null"), {});
});

test("filter counts: a choice without matches shows 0, an unknown kind is left alone", () => {
  const counts = {phase: {geburt: 4, jugend: 0}};
  assert.equal(countText(counts, "phase:geburt"), "4");
  assert.equal(countText(counts, "phase:senioren"), "0");
  assert.equal(countText(counts, "category:familie"), null);
  assert.equal(countText(undefined, "phase:geburt"), null);
});
