/* The reader's point ("near" an address or the browser's location) and the search radius around it. */
export class NearLayer {
  constructor(map, texts) {
    this.texts = texts;
    this.group = window.L.layerGroup();
    map.addLayer(this.group);
  }

  draw(near, radius) {
    const L = window.L;
    this.group.clearLayers();
    if (!near) {
      return;
    }
    this.group.addLayer(L.marker(near, {
      icon: L.divIcon({className: "near-marker", iconSize: [16, 16]}), title: this.texts.yourLocation,
      keyboard: false, interactive: false,
    }));
    if (radius) {
      this.group.addLayer(L.circle(near, {radius, color: "#0b5cad", weight: 1.5, fillOpacity: 0.05, interactive: false}));
    }
  }

  layers() {
    return this.group.getLayers();
  }
}
