/* Pure helpers that turn a map spec (JSON from mapfinder/maps.py) into Leaflet options; no DOM, no Leaflet. */

export const PLACE_MARKER = {radius: 9, color: "#1d2330", weight: 2, fillOpacity: 0.9};
export const PLACE_COLOUR = "#0b5cad";

export function readSpec(text) {
  const spec = JSON.parse(text);
  return {layers: [], options: {}, fit: null, tiles: null, ...spec};
}

/* Leaflet's own zoom control is replaced by one labelled in the reader's language (zoomControlOptions). */
export function mapOptions(spec) {
  return {center: spec.center, zoom: spec.zoom, zoomControl: false, ...spec.options};
}

/* The zoom buttons' names (title and aria-label) from the spec's translated texts; Leaflet's English otherwise. */
export function zoomControlOptions(spec) {
  const texts = spec.texts || {};
  const options = {position: "topleft"};
  if (texts.zoomIn) {
    options.zoomInTitle = texts.zoomIn;
  }
  if (texts.zoomOut) {
    options.zoomOutTitle = texts.zoomOut;
  }
  return options;
}

export function placeMarkerStyle(record) {
  return {...PLACE_MARKER, fillColor: record.colour || PLACE_COLOUR};
}

/* How a map shows its place markers: several are fitted, a single one is centred at street level. */
export function placesView(records) {
  if (!records.length) {
    return null;
  }
  if (records.length === 1) {
    return {center: [records[0].lat, records[0].lon], zoom: 15};
  }
  return {bounds: records.map((r) => [r.lat, r.lon]), options: {padding: [30, 30], maxZoom: 16}};
}

/* A layer's style for every feature, overridden by the feature's own properties.style. */
export function featureStyle(base, feature) {
  const own = (feature && feature.properties && feature.properties.style) || {};
  return {...base, ...own};
}

export function tooltipText(feature, field) {
  const value = feature && feature.properties ? feature.properties[field] : undefined;
  return value === undefined || value === null ? "" : String(value);
}
