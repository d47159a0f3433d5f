/* The finder with JavaScript: the form updates list and map without a reload, the URL follows, and the map draws
   districts and the compact points of /api/v1/offers/points. Data is written with textContent only. */
import {whenMap} from "../map/registry.js";
import {DistrictLayer} from "./district-layer.js";
import {bindFilterCount, keepFiltersOpen} from "./filter-panel.js";
import {bindForm, formParams, locate} from "./form.js";
import {bindList, markItem, replaceResults, resultsMeta, updateCounts, updateDemoNotice} from "./list.js";
import {NearLayer} from "./near-layer.js";
import {OfferMarkers} from "./offer-markers.js";
import {PlaceLayer} from "./place-layer.js";
import {byCode} from "./points.js";
import {fillCount, filterQuery, pageUrl, pointsQuery, viewOf} from "./state.js";

const byId = (id) => document.getElementById(id);
const MOVE_PAUSE_MS = 250;

class Finder {
  constructor(map, form, config) {
    this.map = map;
    this.form = form;
    this.config = config;
    this.complete = false;  // all matching points are on the map: panning needs no new request
    this.request = 0;
    this.countsRequest = 0;
    this.pendingKey = null;  // "show on map" for a marker that the next points request will bring
    this.moveTimer = null;
    this.view = viewOf(window.location.href);  // path and query the page shows (a #fragment is no other view)
    this.offers = new OfferMarkers(map, {categories: byCode(config.categories), texts: config.texts,
      onSelect: markItem});
    this.near = new NearLayer(map, config.texts);
    this.districts = new DistrictLayer(map);
    this.places = new PlaceLayer(map, {url: config.apiPlaces, lang: config.lang, texts: config.texts});
  }

  start() {
    const panel = document.querySelector(".filter-panel");
    keepFiltersOpen(panel);
    bindFilterCount(panel, this.form);
    // Back and forward reload the page for another view; a skip link's jump to #main is a popstate too.
    window.addEventListener("popstate", () => {
      if (viewOf(window.location.href) !== this.view) {
        window.location.reload();
      }
    });
    this.map.on("moveend", () => this.onMove());
    byId("fit-results").addEventListener("click", () => this.fitResults());
    bindForm(this.form, {
      onRefresh: (options) => this.refresh(options),
      onLocate: () => locate(this.config.texts, () => this.refresh({push: true})),
    });
    this.bindResults();
    const districtsUrl = this.config.apiDistricts + "?lang=" + encodeURIComponent(this.config.lang);
    this.districts.load(districtsUrl, () => resultsMeta().district);
    const placesToggle = byId("show-places");
    if (placesToggle && this.config.apiPlaces) {
      this.places.bind(placesToggle, resultsMeta().district);
    }
    this.drawNear(resultsMeta());
    // The page's head has already asked for the first points (a preload): fetching its URL takes that answer.
    const preloaded = byId("first-points");
    this.loadPoints({fit: true, url: preloaded ? preloaded.href : null});
  }

  refresh({push}) {
    const params = formParams(this.form);
    const url = pageUrl(this.config.page, params);
    this.go(url, {push});
    this.loadResults(this.config.results + "?" + params, {fit: true});
  }

  go(url, {push}) {
    if (push) {
      history.pushState(null, "", url);
    } else {
      history.replaceState(null, "", url);
    }
    this.view = viewOf(window.location.href);
  }

  loadResults(url, options) {
    return fetch(url, {headers: {Accept: "text/html"}, credentials: "same-origin"})
      .then((response) => response.text())
      .then((html) => {
        if (replaceResults(html)) {
          this.afterResults(options);
        }
      });
  }

  afterResults({fit, counts = true}) {
    const meta = resultsMeta();
    if (counts) {
      this.loadCounts(meta.near);
    }
    this.bindResults();
    this.drawNear(meta);
    this.districts.select(meta.district);
    this.places.follow(meta.district);
    this.loadPoints({fit});
  }

  bindResults() {
    bindList({
      onShow: (key, latlng) => this.showMarker(key, latlng),
      onHover: (key, on) => this.offers.highlight(key, on),
      onPage: (href) => {
        this.go(href, {push: true});
        this.loadResults(this.config.results + new URL(href).search, {fit: false, counts: false});
        byId("results-heading").scrollIntoView();
      },
    });
  }

  /* The filter counts come after the list (which answers without them), for the point the list resolved. */
  loadCounts(near) {
    const request = ++this.countsRequest;
    return fetch(this.config.counts + "?" + filterQuery(formParams(this.form), near), {credentials: "same-origin"})
      .then((response) => response.json())
      .then((counts) => {
        if (request === this.countsRequest) {
          updateCounts(counts);
          updateDemoNotice(counts.demo, this.config.texts.demoNotice);
        }
      })
      .catch(() => {});  // the counts stay as they were; the list and the map are current
  }

  loadPoints({fit = false, bbox = false, url = null} = {}) {
    const target = url || this.config.apiPoints + "?" + pointsQuery(formParams(this.form), {
      near: resultsMeta().near, zoom: this.map.getZoom(),
      bbox: bbox ? this.map.getBounds().pad(0.3).toBBoxString() : null,
    });
    const request = ++this.request;
    return fetch(target, {credentials: "same-origin"})
      .then((response) => (response.ok ? response.json() : {points: [], numberMatched: 0}))
      .then((data) => {
        if (request === this.request) {
          this.render({...data, bbox}, fit);
        }
      });
  }

  render(data, fit) {
    this.offers.show(data);
    this.complete = Boolean(data.points) && !data.bbox;
    byId("map-status").textContent = fillCount(this.config.texts.shown, data.numberMatched);
    if (fit) {
      this.fitResults();
    }
    if (this.pendingKey && this.offers.has(this.pendingKey)) {
      const key = this.pendingKey;
      this.pendingKey = null;
      this.showMarker(key);
    }
  }

  showMarker(key, latlng) {
    markItem(key);
    if (this.offers.has(key)) {
      this.offers.open(key);
      return;
    }
    this.pendingKey = key;
    this.map.setView(latlng, 17);
  }

  fitResults() {
    const layers = this.offers.layers().concat(this.near.layers());
    if (!layers.length) {
      return;
    }
    const bounds = window.L.featureGroup(layers).getBounds();
    // No animation: a click on "show on map" right after a refresh must not race a running zoom.
    if (bounds.isValid()) {
      this.map.fitBounds(bounds, {padding: [30, 30], maxZoom: 16, animate: false});
    }
  }

  drawNear(meta) {
    this.near.draw(meta.near || null, parseInt(byId("f-radius").value, 10), meta.nearUncertainty || 0);
  }

  onMove() {
    this.districts.updateLabels();
    if (this.complete) {
      return;
    }
    clearTimeout(this.moveTimer);
    this.moveTimer = setTimeout(() => this.loadPoints({bbox: true}), MOVE_PAUSE_MS);
  }
}

const finderForm = byId("finder-form");
const configBlock = byId("finder-config");
if (finderForm && configBlock && document.querySelector("[data-map-spec='map-finder']")) {
  const config = JSON.parse(configBlock.textContent);
  whenMap("finder").then((map) => new Finder(map, finderForm, config).start());
}
