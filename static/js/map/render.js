/* Draws a Leaflet map from a spec (mapfinder/maps.py): basemap behind consent, GeoJSON layers, place markers, fit.
   Every text from the data is written with textContent. Needs the global L of static/vendor/leaflet. */
import {addTileConsent} from "../tile-consent.js";
import {bindMarkerKeys} from "./marker-keys.js";
import {bindPopupKeys} from "./popup-keys.js";
import {registerMap} from "./registry.js";
import {featureStyle, mapOptions, placeMarkerStyle, placesView, tooltipText, zoomControlOptions} from "./spec.js";

function textSpan(content) {
  const span = document.createElement("span");
  span.textContent = content;
  return span;
}

function geojsonLayer(map, layer) {
  const options = {interactive: layer.interactive, style: (feature) => featureStyle(layer.style, feature)};
  if (layer.className) {
    options.className = layer.className;
  }
  const group = window.L.geoJSON(layer.data, options);
  if (layer.highlight) {
    group.on("mouseover", (event) => event.layer.setStyle(layer.highlight));
    group.on("mouseout", (event) => group.resetStyle(event.layer));
  }
  if (layer.tooltip) {
    group.bindTooltip((path) => textSpan(tooltipText(path.feature, layer.tooltip)), {sticky: true});
  }
  group.addTo(map);
}

function placesLayer(map, layer) {
  layer.records.forEach((record) => {
    window.L.circleMarker([record.lat, record.lon], placeMarkerStyle(record)).addTo(map)
      .bindTooltip(textSpan(record.label));
  });
  const view = placesView(layer.records);
  if (view && view.bounds) {
    map.fitBounds(view.bounds, view.options);
  } else if (view) {
    map.setView(view.center, view.zoom);
  }
}

/* Permanent area labels (a name and a short figure), never interactive: the map reads without hovering. */
function labelsLayer(map, layer) {
  layer.records.forEach((record) => {
    const label = textSpan(record.text);
    if (record.detail) {
      label.appendChild(document.createElement("br"));
      label.appendChild(textSpan(record.detail));
    }
    const icon = window.L.divIcon({className: "area-label", html: label, iconSize: null});
    window.L.marker([record.lat, record.lon], {icon, interactive: false, keyboard: false}).addTo(map);
  });
}

const LAYERS = {geojson: geojsonLayer, places: placesLayer, labels: labelsLayer};

export function renderMap(element, spec) {
  const map = window.L.map(element, mapOptions(spec));
  window.L.control.zoom(zoomControlOptions(spec)).addTo(map);
  bindPopupKeys(map, spec.texts || {});
  bindMarkerKeys(map);
  if (spec.tiles) {
    addTileConsent(map, spec.tiles);
  }
  spec.layers.filter((layer) => LAYERS[layer.kind]).forEach((layer) => LAYERS[layer.kind](map, layer));
  if (spec.fit) {
    map.fitBounds(spec.fit);
  }
  registerMap(spec.key, map);
  return map;
}
