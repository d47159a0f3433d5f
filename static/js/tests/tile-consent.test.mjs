import assert from "node:assert/strict";
import {test} from "node:test";

import {consentKey, hasConsent, rememberConsent} from "../tile-consent.js";

function memoryStorage() {
  const items = new Map();
  return {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
    items,
  };
}

test("consent is remembered per tile host and can be taken back", () => {
  const store = memoryStorage();
  assert.equal(hasConsent(store, "tile.openstreetmap.org"), false);
  rememberConsent(store, "tile.openstreetmap.org", true);
  assert.equal(hasConsent(store, "tile.openstreetmap.org"), true);
  assert.equal(hasConsent(store, "sgx.geodatenzentrum.de"), false, "another host needs its own consent");
  rememberConsent(store, "tile.openstreetmap.org", false);
  assert.equal(hasConsent(store, "tile.openstreetmap.org"), false);
  assert.equal(store.items.size, 0);
});

test("without usable storage there is no consent and nothing breaks", () => {
  const broken = {getItem() { throw new Error("denied"); }, setItem() { throw new Error("denied"); }};
  assert.equal(hasConsent(broken, "h"), false);
  assert.equal(hasConsent(null, "h"), false);
  assert.doesNotThrow(() => rememberConsent(broken, "h", true));
  assert.doesNotThrow(() => rememberConsent(null, "h", true));
  assert.equal(consentKey("h"), "mapfinder-tiles-consent:h");
});
