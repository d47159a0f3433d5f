/* District outlines from /api/v1/districts, the chosen one highlighted, names shown by level and zoom. */
import {element} from "./dom.js";
import {deepestFirst, districtStyle, labelLatLng, visibleLabels} from "./districts.js";

export class DistrictLayer {
  constructor(map) {
    this.map = map;
    this.layer = null;
    this.labels = {stadtteil: window.L.layerGroup(), quarter: window.L.layerGroup()};
  }

  load(url, selected) {
    return fetch(url, {credentials: "same-origin"})
      .then((response) => response.json())
      .then((collection) => {
        const features = deepestFirst(collection.features);
        this.layer = window.L.geoJSON({type: "FeatureCollection", features}, {
          interactive: false, onEachFeature: (feature) => this.addLabel(feature),
        }).addTo(this.map);
        this.layer.bringToBack();
        this.select(selected());
        this.updateLabels();
      });
  }

  select(slug) {
    if (!this.layer) {
      return;
    }
    this.layer.eachLayer((path) => {
      const properties = path.feature.properties;
      path.setStyle(districtStyle(properties, slug));
      if (properties.slug === slug) {
        path.bringToFront();
      }
    });
  }

  addLabel(feature) {
    const properties = feature.properties;
    const latlng = labelLatLng(properties);
    if (!this.labels[properties.level] || !latlng) {
      return;
    }
    const tooltip = window.L.tooltip({permanent: true, direction: "center", className: "district-label", interactive: false})
      .setLatLng(latlng).setContent(element("span", "", properties.name));
    this.labels[properties.level].addLayer(tooltip);
  }

  updateLabels() {
    const visible = visibleLabels(this.map.getZoom());
    Object.keys(this.labels).forEach((level) => this.toggle(this.labels[level], visible[level]));
  }

  toggle(layer, on) {
    if (on && !this.map.hasLayer(layer)) {
      this.map.addLayer(layer);
    }
    if (!on && this.map.hasLayer(layer)) {
      this.map.removeLayer(layer);
    }
  }
}
