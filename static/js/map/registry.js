/* Where page modules find a drawn Leaflet map: whenMap(key) resolves with it. For scripts that are not modules the
   map is also published as window.mapfinderMaps[key] and announced by a "mapfinder:map" event on document. */
const resolvers = new Map();
const ready = new Map();

function entry(key) {
  if (!ready.has(key)) {
    ready.set(key, new Promise((resolve) => resolvers.set(key, resolve)));
  }
  return ready.get(key);
}

export function whenMap(key) {
  return entry(key);
}

export function registerMap(key, map) {
  entry(key);
  resolvers.get(key)(map);
  (window.mapfinderMaps = window.mapfinderMaps || {})[key] = map;
  document.dispatchEvent(new CustomEvent("mapfinder:map", {detail: {key, map}}));
}
