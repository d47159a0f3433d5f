/* The place form's map: the place's point as a draggable marker; dragging it (or clicking the map) writes the
   coordinates into the form's latitude and longitude fields, which the server stores as a hand-set point. */
import {whenMap} from "../map/registry.js";

export function roundCoordinate(value) {
  return Math.round(value * 1e6) / 1e6;
}

function fieldsOf(form) {
  return {lat: form.querySelector("input[name='lat']"), lon: form.querySelector("input[name='lon']")};
}

function start(block) {
  const point = JSON.parse(block.textContent);
  const fields = fieldsOf(block.closest("form"));
  whenMap(point.map).then((map) => {
    const L = window.L;
    let marker = null;
    const place = (latlng) => {
      fields.lat.value = roundCoordinate(latlng.lat);
      fields.lon.value = roundCoordinate(latlng.lng);
    };
    const put = (latlng) => {
      if (!marker) {
        marker = L.marker(latlng, {draggable: true, keyboard: true, title: point.label, alt: point.label}).addTo(map);
        marker.on("dragend", () => place(marker.getLatLng()));
      } else {
        marker.setLatLng(latlng);
      }
    };
    if (point.lat !== null && point.lon !== null) {
      put([point.lat, point.lon]);
    }
    map.on("click", (event) => { put(event.latlng); place(event.latlng); });
  });
}

const block = document.getElementById("place-point");
if (block) {
  start(block);
}
