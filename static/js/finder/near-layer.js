/* The reader's point ("near" an address or the browser's location) and the search radius around it; a rough point
   (the offline fallback: a street, a postcode area) gets a dashed circle of how far off it may be. */
export class NearLayer {
  constructor(map, texts) {
    this.texts = texts;
    this.group = window.L.layerGroup();
    map.addLayer(this.group);
  }

  draw(near, radius, uncertainty = 0) {
    const L = window.L;
    this.group.clearLayers();
    if (!near) {
      return;
    }
    this.group.addLayer(L.marker(near, {
      icon: L.divIcon({className: uncertainty ? "near-marker approximate" : "near-marker", iconSize: [16, 16]}),
      title: uncertainty ? this.texts.approximateLocation : this.texts.yourLocation,
      keyboard: false, interactive: false,
    }));
    if (radius) {
      this.group.addLayer(L.circle(near, {radius, color: "#0b5cad", weight: 1.5, fillOpacity: 0.05, interactive: false}));
    }
    if (uncertainty) {
      this.group.addLayer(L.circle(near, {
        radius: uncertainty, className: "near-uncertainty", color: "#6b4f00", weight: 1.5, dashArray: "6 6",
        fill: false, interactive: false,
      }));
    }
  }

  layers() {
    return this.group.getLayers();
  }
}
