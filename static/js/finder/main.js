/* The finder with JavaScript: the form updates list and map without a reload, the URL follows, and the map draws
   districts and the compact points of /api/v1/offers/points. Data is written with textContent only. */
import {whenMap} from "../map/registry.js";
import {DistrictLayer} from "./district-layer.js";
import {bindList, markItem, replaceResults, resultsMeta, updateCounts} from "./list.js";
import {NearLayer} from "./near-layer.js";
import {OfferMarkers} from "./offer-markers.js";
import {byCode} from "./points.js";
import {fillCount, nearValue, pageUrl, paramsFromEntries, pointsQuery} from "./state.js";

const byId = (id) => document.getElementById(id);

function createFinder(map, form, config) {
  const state = {complete: false, request: 0, pendingKey: null, moveTimer: null, typeTimer: null};
  const offers = new OfferMarkers(map, {categories: byCode(config.categories), texts: config.texts, onSelect: markItem});
  const near = new NearLayer(map, config.texts);
  const districts = new DistrictLayer(map);

  const formParams = () => paramsFromEntries(new FormData(form).entries());

  function drawNear(meta) {
    near.draw(meta.near || null, parseInt(byId("f-radius").value, 10));
  }

  function fitResults() {
    const layers = offers.layers().concat(near.layers());
    if (!layers.length) {
      return;
    }
    const bounds = window.L.featureGroup(layers).getBounds();
    // No animation: a click on "show on map" right after a refresh must not race a running zoom.
    if (bounds.isValid()) {
      map.fitBounds(bounds, {padding: [30, 30], maxZoom: 16, animate: false});
    }
  }

  function showMarker(key, latlng) {
    markItem(key);
    if (offers.has(key)) {
      offers.open(key);
      return;
    }
    state.pendingKey = key;
    map.setView(latlng, 17);
  }

  function render(data, fit) {
    offers.show(data);
    state.complete = Boolean(data.points) && !data.bbox;
    byId("map-status").textContent = fillCount(config.texts.shown, data.numberMatched);
    if (fit) {
      fitResults();
    }
    if (state.pendingKey && offers.has(state.pendingKey)) {
      const key = state.pendingKey;
      state.pendingKey = null;
      showMarker(key);
    }
  }

  function loadPoints({fit = false, bbox = false} = {}) {
    const query = pointsQuery(formParams(), {
      near: resultsMeta().near, zoom: map.getZoom(), bbox: bbox ? map.getBounds().pad(0.3).toBBoxString() : null,
    });
    const request = ++state.request;
    return fetch(config.apiPoints + "?" + query, {credentials: "same-origin"})
      .then((response) => (response.ok ? response.json() : {points: [], numberMatched: 0}))
      .then((data) => {
        if (request === state.request) {
          render({...data, bbox}, fit);
        }
      });
  }

  function afterResults({fit}) {
    const meta = resultsMeta();
    updateCounts(meta.counts);
    bindResults();
    drawNear(meta);
    districts.select(meta.district);
    loadPoints({fit});
  }

  function loadResults(url, options) {
    return fetch(url, {headers: {Accept: "text/html"}, credentials: "same-origin"})
      .then((response) => response.text())
      .then((html) => {
        if (replaceResults(html)) {
          afterResults(options);
        }
      });
  }

  function refresh({push}) {
    const params = formParams();
    const url = pageUrl(config.page, params);
    if (push) {
      history.pushState(null, "", url);
    } else {
      history.replaceState(null, "", url);
    }
    loadResults(config.results + "?" + params, {fit: true});
  }

  function bindResults() {
    bindList({
      onShow: showMarker,
      onHover: (key, on) => offers.highlight(key, on),
      onPage: (href) => {
        history.pushState(null, "", href);
        loadResults(config.results + new URL(href).search, {fit: false});
        byId("results-heading").scrollIntoView();
      },
    });
  }

  function locate() {
    const status = byId("map-status");
    if (!navigator.geolocation) {
      status.textContent = config.texts.noLocation;
      return;
    }
    status.textContent = config.texts.locating;
    navigator.geolocation.getCurrentPosition((position) => {
      byId("f-near").value = nearValue(position.coords.latitude, position.coords.longitude);
      byId("f-address").value = "";
      refresh({push: true});
    }, () => { status.textContent = config.texts.noLocation; }, {timeout: 10000});
  }

  function bindForm() {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      refresh({push: true});
    });
    form.addEventListener("change", (event) => {
      if (event.target.name === "address") {
        byId("f-near").value = "";
      }
      if (event.target.name !== "q") {
        refresh({push: true});
      }
    });
    byId("f-q").addEventListener("input", () => {
      clearTimeout(state.typeTimer);
      state.typeTimer = setTimeout(() => refresh({push: false}), 450);
    });
    byId("f-locate").addEventListener("click", locate);
    window.addEventListener("popstate", () => window.location.reload());
  }

  function onMove() {
    districts.updateLabels();
    if (state.complete) {
      return;
    }
    clearTimeout(state.moveTimer);
    state.moveTimer = setTimeout(() => loadPoints({bbox: true}), 250);
  }

  return {
    start() {
      document.querySelectorAll(".js-only").forEach((el) => { el.hidden = false; });
      if (window.matchMedia("(max-width: 47.99rem)").matches) {
        document.querySelector(".filter-panel").open = false;
      }
      map.on("moveend", onMove);
      byId("fit-results").addEventListener("click", fitResults);
      bindForm();
      bindResults();
      districts.load(config.apiDistricts + "?lang=" + encodeURIComponent(config.lang), () => resultsMeta().district);
      drawNear(resultsMeta());
      loadPoints({fit: true});
    },
  };
}

const finderForm = byId("finder-form");
const configBlock = byId("finder-config");
if (finderForm && configBlock && document.querySelector("[data-map-spec='map-finder']")) {
  const config = JSON.parse(configBlock.textContent);
  whenMap("finder").then((map) => createFinder(map, finderForm, config).start());
}
