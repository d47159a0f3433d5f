import assert from "node:assert/strict";
import {test} from "node:test";

import {fillCount, filterQuery, nearValue, pageUrl, paramsFromEntries, pointsQuery} from "../finder/state.js";

test("form entries become parameters without empty values, repeated keys kept in order", () => {
  const params = paramsFromEntries([["q", ""], ["phase", "geburt"], ["phase", "jugend"], ["free", "true"]]);
  assert.equal(params.toString(), "phase=geburt&phase=jugend&free=true");
});

test("the page URL has no dangling question mark without filters", () => {
  assert.equal(pageUrl("/", new URLSearchParams()), "/");
  assert.equal(pageUrl("/", new URLSearchParams("district=styrum")), "/?district=styrum");
});

test("special characters in a search survive the round trip through the URL", () => {
  const params = paramsFromEntries([["q", "Eltern & Kind #1"]]);
  assert.equal(new URLSearchParams(pageUrl("/", params).split("?")[1]).get("q"), "Eltern & Kind #1");
});

test("the points query drops list-only parameters and adds the resolved point, zoom and bbox", () => {
  const params = new URLSearchParams("phase=jugend&address=Hauptstr+1&page=3&near=1,2&radius=1000");
  const query = pointsQuery(params, {near: [51.43, 6.88], zoom: 13, bbox: "6.8,51.4,6.9,51.5"});
  assert.deepEqual([...query.entries()], [
    ["phase", "jugend"], ["radius", "1000"], ["near", "51.43,6.88"], ["zoom", "13"], ["bbox", "6.8,51.4,6.9,51.5"],
  ]);
  assert.equal(params.get("page"), "3", "the form's parameters are left alone");
});

test("the counts' query is the list's filters with the resolved point instead of the address, nothing more", () => {
  const params = new URLSearchParams("lang=ar&phase=jugend&address=Hauptstr+1&page=3&radius=1000");
  assert.equal(filterQuery(params, [51.43, 6.88]).toString(), "lang=ar&phase=jugend&radius=1000&near=51.43%2C6.88");
  assert.equal(filterQuery(params).toString(), "lang=ar&phase=jugend&radius=1000");
});

test("without a resolved point or bbox the points query has neither", () => {
  const query = pointsQuery(new URLSearchParams("near=1,2"), {zoom: 12});
  assert.equal(query.toString(), "zoom=12");
});

test("count templates and the located point", () => {
  assert.equal(fillCount("{count} Orte auf der Karte", 42), "42 Orte auf der Karte");
  assert.equal(nearValue(51.4275123, 6.88251), "51.42751,6.88251");
});
