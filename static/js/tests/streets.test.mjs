import assert from "node:assert/strict";
import {test} from "node:test";

import {bindStreetSuggestions, fillOptions, streetQuery} from "../finder/streets.js";

test("streets are asked for from two letters on, without a house number, before the first comma", () => {
  assert.equal(streetQuery(""), null);
  assert.equal(streetQuery(" K "), null);
  assert.equal(streetQuery("Ka"), "Ka");
  assert.equal(streetQuery("  Kaiser   str "), "Kaiser str");
  assert.equal(streetQuery("Kaiserstraße, 45468"), "Kaiserstraße");
  assert.equal(streetQuery("Kaiserstraße 12"), null);
});

function fakeDatalist() {
  const ownerDocument = {createElement: () => ({value: "", label: ""})};
  return {ownerDocument, options: [], replaceChildren(...children) { this.options = children; }};
}

test("each street becomes an option with its postcode as label", () => {
  const datalist = fakeDatalist();
  fillOptions(datalist, [{name: "Kaiserstraße", postcode: "45468"}, {name: "Am Rathaus", postcode: null}]);
  assert.deepEqual(datalist.options.map((o) => [o.value, o.label]), [["Kaiserstraße", "45468"], ["Am Rathaus", ""]]);
});

test("typing waits for a pause, asks once per query, and only the latest answer fills the list", async () => {
  let listener = null;
  const input = {value: "", addEventListener: (type, fn) => { listener = fn; }};
  const datalist = fakeDatalist();
  const asked = [];
  const answers = {};
  const load = (url) => { asked.push(url); return new Promise((resolve) => { answers[url] = resolve; }); };
  bindStreetSuggestions(input, datalist, {url: "/api/v1/streets", load, pause: 5});
  for (const value of ["K", "Ka", "Kai"]) {
    input.value = value;
    listener();
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(asked, ["/api/v1/streets?q=Kai"]);
  input.value = "Kais";
  listener();
  await new Promise((resolve) => setTimeout(resolve, 20));
  answers["/api/v1/streets?q=Kais"]([{name: "Kaiserstraße", postcode: "45468"}]);
  answers["/api/v1/streets?q=Kai"]([{name: "Kaiserplatz", postcode: null}]);  // late and stale
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(datalist.options.map((o) => o.value), ["Kaiserstraße"]);
  input.value = "Kais";
  listener();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(asked.length, 2, "the same query is not asked again");
});
