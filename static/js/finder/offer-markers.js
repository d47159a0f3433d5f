/* The finder's offer markers on the Leaflet map: clustered points, the server's grid clusters, popups and tooltips. */
import {element} from "./dom.js";
import {clusterSize, glyph, gridRecord, markerName, offerHref, pointRecord, popupHref, popupLines, zoomInFrom} from "./points.js";
import {fillCount} from "./state.js";

export class OfferMarkers {
  constructor(map, {categories, texts, onSelect}) {
    const L = window.L;
    this.map = map;
    this.categories = categories;
    this.texts = texts;
    this.onSelect = onSelect;
    this.markers = {};
    this.cluster = L.markerClusterGroup({
      chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45,
      iconCreateFunction: (group) => this.clusterIcon(group.getChildCount()),
    });
    this.grid = L.layerGroup();
    map.addLayer(this.cluster);
    map.addLayer(this.grid);
  }

  /* Replaces the markers with the answer of /api/v1/offers/points. */
  show(data) {
    this.cluster.clearLayers();
    this.grid.clearLayers();
    this.markers = {};
    if (data.points) {
      this.cluster.addLayers(data.points.map((row) => this.offerMarker(pointRecord(row))));
    }
    (data.clusters || []).forEach((row) => this.grid.addLayer(this.gridMarker(gridRecord(row))));
  }

  has(key) {
    return Boolean(this.markers[key]);
  }

  layers() {
    return this.cluster.getLayers().concat(this.grid.getLayers());
  }

  highlight(key, on) {
    const marker = this.markers[key];
    const el = marker && marker.getElement();
    if (el) {
      el.classList.toggle("is-active", on);
    }
  }

  open(key) {
    const marker = this.markers[key];
    this.cluster.zoomToShowLayer(marker, () => marker.openPopup());
  }

  /* The glyph is decoration (hidden from screen readers); the marker is named by the offer and its category. */
  icon(record) {
    const category = this.categories[record.category];
    const {icon, colour} = glyph(category);
    const box = element("span", "marker-box");
    const span = element("span", "marker-glyph");
    span.dataset.icon = icon;
    span.style.background = colour;
    span.setAttribute("aria-hidden", "true");
    box.append(span, element("span", "visually-hidden", markerName(record, category)));
    return window.L.divIcon({className: "offer-marker", html: box, iconSize: [30, 30], iconAnchor: [15, 15]});
  }

  clusterIcon(count) {
    const span = element("span", "", String(count));
    span.appendChild(element("span", "visually-hidden", " " + this.texts.offers));
    const size = clusterSize(count);
    return window.L.divIcon({className: "grid-cluster", html: span, iconSize: [size, size]});
  }

  popup(record) {
    const box = element("div");
    box.appendChild(element("span", "popup-title", record.title));
    const category = this.categories[record.category];
    if (category) {
      box.appendChild(element("span", "", category.label));
      box.appendChild(element("br"));
    }
    const details = element("div", "popup-details");
    box.appendChild(details);
    const link = element("a", "", this.texts.details);
    link.href = offerHref(record.offerId);
    box.appendChild(link);
    return box;
  }

  /* Address and next time, fetched when the popup opens (once per marker), so the points stay compact. */
  fillPopup(marker, record) {
    const target = marker.getPopup().getElement()?.querySelector(".popup-details");
    if (!target || record.id === undefined) {
      return;
    }
    record.details ??= fetch(popupHref(record.id, document.documentElement.lang), {headers: {Accept: "application/json"}})
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null);
    record.details.then((details) => {
      const popup = marker.getPopup();
      // update() takes the content out and puts it back, which drops the keyboard focus: give it back.
      const focused = popup.getElement()?.contains(document.activeElement) ? document.activeElement : null;
      target.replaceChildren(...popupLines(details).map((line) => {
        const p = element("p", "popup-" + line.kind);
        p.appendChild(element("bdi", "", line.text));
        return p;
      }));
      popup.update();
      if (focused && focused.isConnected) {
        focused.focus({preventScroll: true});
      }
    });
  }

  offerMarker(record) {
    const marker = window.L.marker(record.latlng, {
      icon: this.icon(record), title: record.title, keyboard: true, riseOnHover: true,
    });
    // One content element per marker: filling in the details and update() must not build a fresh, empty one.
    marker.bindPopup(() => (record.box ??= this.popup(record)));
    marker.bindTooltip(() => element("span", "", record.title), {direction: "top", offset: [0, -12]});
    marker.on("click", () => this.onSelect(record.key));
    marker.on("popupopen", () => {
      this.onSelect(record.key);
      this.fillPopup(marker, record);
    });
    this.markers[record.key] = marker;
    return marker;
  }

  gridMarker(record) {
    const span = element("span");
    span.appendChild(element("span", "", String(record.count))).setAttribute("aria-hidden", "true");
    span.appendChild(element("span", "visually-hidden", fillCount(this.texts.clustered, record.count)));
    const marker = window.L.marker(record.latlng, {
      icon: window.L.divIcon({className: "grid-cluster", html: span, iconSize: [record.size, record.size]}),
      title: fillCount(this.texts.clustered, record.count), keyboard: true,
    });
    marker.on("click", () => this.map.setView(record.latlng, zoomInFrom(this.map.getZoom())));
    return marker;
  }
}
