/* Institutions as a map layer next to the offers, switched on by a checkbox; data from /api/v1/places. */
import {element} from "./dom.js";
import {placeRecords, placesQuery} from "./places.js";

export class PlaceLayer {
  constructor(map, {url, lang, texts}) {
    this.map = map;
    this.url = url;
    this.lang = lang;
    this.texts = texts;
    this.group = window.L.layerGroup();
    this.enabled = false;
    this.district = null;
    this.request = 0;
  }

  bind(checkbox, district) {
    this.district = district;
    checkbox.addEventListener("change", () => this.toggle(checkbox.checked));
    if (checkbox.checked) {
      this.toggle(true);
    }
  }

  toggle(on) {
    this.enabled = on;
    if (on) {
      this.map.addLayer(this.group);
      this.load();
    } else {
      this.map.removeLayer(this.group);
    }
  }

  follow(district) {
    this.district = district || null;
    if (this.enabled) {
      this.load();
    }
  }

  load() {
    const request = ++this.request;
    const query = placesQuery({district: this.district, lang: this.lang});
    return fetch(this.url + "?" + query, {credentials: "same-origin"})
      .then((response) => (response.ok ? response.json() : {features: []}))
      .then((collection) => {
        if (request === this.request) {
          this.draw(placeRecords(collection));
        }
      });
  }

  draw(records) {
    this.group.clearLayers();
    records.forEach((record) => {
      const marker = window.L.circleMarker(record.latlng, {
        radius: 7, color: "#1d2330", weight: 1.5, fillColor: record.colour, fillOpacity: 0.9,
      });
      marker.bindTooltip(() => element("span", "", record.name), {direction: "top"});
      marker.bindPopup(() => this.popup(record));
      this.group.addLayer(marker);
    });
  }

  popup(record) {
    const box = element("div");
    box.appendChild(element("span", "popup-title", record.name));
    box.appendChild(element("span", "", record.kind));
    box.appendChild(element("br"));
    const link = element("a", "", this.texts.institution);
    link.href = record.href;
    box.appendChild(link);
    return box;
  }
}
