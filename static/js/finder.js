/* The finder with JavaScript: the form updates list and map without a reload, the URL follows, and the map
   draws districts and the compact points of /api/v1/offers/points. Data is written with textContent only. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("finder-config").textContent);
  var form = document.getElementById("finder-form");
  var map = (window.mapfinderMaps || {}).finder;
  var categories = {};
  config.categories.forEach(function (c) { categories[c.code] = c; });
  var cluster = L.markerClusterGroup({
    chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45, iconCreateFunction: clusterIcon
  });
  var gridLayer = L.layerGroup();
  var nearLayer = L.layerGroup();
  var districtLayer = null;
  var districtLabels = {stadtteil: L.layerGroup(), quarter: L.layerGroup()};
  var markers = {};
  var state = {complete: false, request: 0, pendingKey: null, moveTimer: null, typeTimer: null};

  function text(tag, className, content) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (content !== undefined) { el.textContent = content; }
    return el;
  }
  function fill(template, count) { return template.replace("{count}", String(count)); }
  function meta() {
    var node = document.querySelector("#results .results-meta");
    return node ? JSON.parse(node.textContent) : {};
  }

  /* ---- the form and the URL ---- */
  function formParams() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) { if (value !== "") { params.append(key, value); } });
    return params;
  }
  function refresh(options) {
    var params = formParams();
    var url = config.page + (params.toString() ? "?" + params : "");
    if (options.push) { history.pushState(null, "", url); } else { history.replaceState(null, "", url); }
    loadResults(config.results + "?" + params, {fit: true});
  }
  function loadResults(url, options) {
    fetch(url, {headers: {"Accept": "text/html"}, credentials: "same-origin"})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("results");
        if (!fresh) { return; }
        document.getElementById("results").replaceWith(document.adoptNode(fresh));
        afterResults(options);
      });
  }
  function afterResults(options) {
    var m = meta();
    Object.keys(m.counts || {}).forEach(function (kind) {
      document.querySelectorAll("[data-count^='" + kind + ":']").forEach(function (span) {
        span.textContent = String(m.counts[kind][span.dataset.count.split(":")[1]] || 0);
      });
    });
    bindList();
    drawNear(m);
    styleDistricts(m.district);
    loadPoints({fit: options.fit});
  }
  function bindForm() {
    form.addEventListener("submit", function (ev) { ev.preventDefault(); refresh({push: true}); });
    form.addEventListener("change", function (ev) {
      if (ev.target.name === "address") { document.getElementById("f-near").value = ""; }
      if (ev.target.name !== "q") { refresh({push: true}); }
    });
    document.getElementById("f-q").addEventListener("input", function () {
      clearTimeout(state.typeTimer);
      state.typeTimer = setTimeout(function () { refresh({push: false}); }, 450);
    });
    document.getElementById("f-locate").addEventListener("click", locate);
    window.addEventListener("popstate", function () { window.location.reload(); });
  }
  function locate() {
    var status = document.getElementById("map-status");
    if (!navigator.geolocation) { status.textContent = config.texts.noLocation; return; }
    status.textContent = config.texts.locating;
    navigator.geolocation.getCurrentPosition(function (position) {
      document.getElementById("f-near").value =
        position.coords.latitude.toFixed(5) + "," + position.coords.longitude.toFixed(5);
      document.getElementById("f-address").value = "";
      refresh({push: true});
    }, function () { status.textContent = config.texts.noLocation; }, {timeout: 10000});
  }

  /* ---- the list, linked to the map ---- */
  function bindList() {
    document.querySelectorAll("#results .js-only").forEach(function (el) { el.hidden = false; });
    document.querySelectorAll("#results .show-on-map").forEach(function (button) {
      button.addEventListener("click", function () { showMarker(button.dataset.key, button); });
    });
    document.querySelectorAll("#results .result").forEach(function (item) {
      item.addEventListener("mouseenter", function () { markMarker(item.dataset.key, true); });
      item.addEventListener("mouseleave", function () { markMarker(item.dataset.key, false); });
    });
    document.querySelectorAll("#results .pagination a").forEach(function (link) {
      link.addEventListener("click", function (ev) {
        ev.preventDefault();
        history.pushState(null, "", link.href);
        loadResults(config.results + new URL(link.href).search, {fit: false});
        document.getElementById("results-heading").scrollIntoView();
      });
    });
  }
  function markMarker(key, on) {
    var marker = markers[key];
    var el = marker && marker.getElement();
    if (el) { el.classList.toggle("is-active", on); }
  }
  function markItem(key) {
    document.querySelectorAll("#results .result.is-active").forEach(function (el) { el.classList.remove("is-active"); });
    var item = document.getElementById("result-" + key);
    if (item) {
      item.classList.add("is-active");
      item.scrollIntoView({block: "nearest"});
    }
  }
  function showMarker(key, button) {
    var marker = markers[key];
    markItem(key);
    if (marker) {
      cluster.zoomToShowLayer(marker, function () { marker.openPopup(); });
      return;
    }
    state.pendingKey = key;
    map.setView([parseFloat(button.dataset.lat), parseFloat(button.dataset.lon)], 17);
  }

  /* ---- markers ---- */
  function glyph(category) {
    var span = text("span", "marker-glyph");
    span.dataset.icon = category ? category.icon : "";
    span.style.background = category ? category.colour : "#4a5263";
    return span;
  }
  function offerIcon(code) {
    return L.divIcon({className: "offer-marker", html: glyph(categories[code]), iconSize: [30, 30], iconAnchor: [15, 15]});
  }
  function clusterIcon(group) {
    var count = group.getChildCount();
    var span = text("span", "", String(count));
    span.appendChild(text("span", "visually-hidden", " " + config.texts.offers));
    var size = count < 10 ? 32 : count < 100 ? 38 : 46;
    return L.divIcon({className: "grid-cluster", html: span, iconSize: [size, size]});
  }
  function popupFor(offerId, title, code) {
    var box = text("div");
    box.appendChild(text("span", "popup-title", title));
    if (categories[code]) { box.appendChild(text("span", "", categories[code].label)); box.appendChild(text("br")); }
    var link = text("a", "", config.texts.details);
    link.href = "/offers/" + encodeURIComponent(offerId);
    box.appendChild(link);
    return box;
  }
  function offerMarker(row) {
    var offerId = row[0], key = row[0] + "-" + row[1], title = row[5], code = row[4];
    var marker = L.marker([row[3], row[2]], {icon: offerIcon(code), title: title, keyboard: true, riseOnHover: true});
    marker.bindPopup(function () { return popupFor(offerId, title, code); });
    marker.bindTooltip(function () { return text("span", "", title); }, {direction: "top", offset: [0, -12]});
    marker.on("click", function () { markItem(key); });
    marker.on("popupopen", function () { markItem(key); });
    markers[key] = marker;
    return marker;
  }
  function gridMarker(row) {
    var count = row[2];
    var size = count < 100 ? 36 : count < 1000 ? 44 : 54;
    var span = text("span", "", String(count));
    var marker = L.marker([row[1], row[0]], {
      icon: L.divIcon({className: "grid-cluster", html: span, iconSize: [size, size]}),
      title: fill(config.texts.clustered, count), keyboard: true
    });
    marker.on("click", function () { map.setView([row[1], row[0]], Math.min(map.getZoom() + 2, 18)); });
    return marker;
  }
  function render(data, fit) {
    cluster.clearLayers();
    gridLayer.clearLayers();
    markers = {};
    state.complete = Boolean(data.points) && !data.bbox;
    if (data.points) { cluster.addLayers(data.points.map(offerMarker)); }
    (data.clusters || []).forEach(function (row) { gridLayer.addLayer(gridMarker(row)); });
    document.getElementById("map-status").textContent = fill(config.texts.shown, data.numberMatched);
    if (fit) { fitResults(); }
    if (state.pendingKey && markers[state.pendingKey]) {
      var key = state.pendingKey;
      state.pendingKey = null;
      showMarker(key);
    }
  }
  function loadPoints(options) {
    var params = formParams();
    var m = meta();
    ["address", "page", "near"].forEach(function (name) { params.delete(name); });
    if (m.near) { params.set("near", m.near.join(",")); }
    params.set("zoom", String(map.getZoom()));
    if (options.bbox) { params.set("bbox", map.getBounds().pad(0.3).toBBoxString()); }
    var request = ++state.request;
    return fetch(config.apiPoints + "?" + params, {credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : {points: [], numberMatched: 0}; })
      .then(function (data) {
        if (request !== state.request) { return; }
        data.bbox = Boolean(options.bbox);
        render(data, options.fit);
      });
  }
  function fitResults() {
    var layers = cluster.getLayers().concat(gridLayer.getLayers(), nearLayer.getLayers());
    if (!layers.length) { return; }
    var bounds = L.featureGroup(layers).getBounds();
    // No animation: a click on "show on map" right after a refresh must not race a running zoom.
    if (bounds.isValid()) { map.fitBounds(bounds, {padding: [30, 30], maxZoom: 16, animate: false}); }
  }
  function onMove() {
    updateLabels();
    if (state.complete) { return; }
    clearTimeout(state.moveTimer);
    state.moveTimer = setTimeout(function () { loadPoints({bbox: true, fit: false}); }, 250);
  }

  /* ---- near point and districts ---- */
  function drawNear(m) {
    nearLayer.clearLayers();
    if (!m.near) { return; }
    var radius = parseInt(document.getElementById("f-radius").value, 10);
    var point = L.marker(m.near, {
      icon: L.divIcon({className: "near-marker", iconSize: [16, 16]}), title: config.texts.yourLocation,
      keyboard: false, interactive: false
    });
    nearLayer.addLayer(point);
    if (radius) {
      nearLayer.addLayer(L.circle(m.near, {radius: radius, color: "#0b5cad", weight: 1.5, fillOpacity: 0.05,
                                           interactive: false}));
    }
  }
  var LEVEL_STYLE = {
    bezirk: {color: "#3b4352", weight: 2.5, dashArray: null, fillOpacity: 0},
    stadtteil: {color: "#5a6475", weight: 1.5, dashArray: "6 4", fillOpacity: 0},
    quarter: {color: "#8a93a3", weight: 0.8, dashArray: "2 4", fillOpacity: 0}
  };
  function styleDistricts(selected) {
    if (!districtLayer) { return; }
    districtLayer.eachLayer(function (layer) {
      var p = layer.feature.properties;
      var style = L.extend({}, LEVEL_STYLE[p.level], {fill: true, fillColor: "#0b5cad"});
      if (p.slug === selected) { style = L.extend(style, {color: "#0b5cad", weight: 3.5, dashArray: null, fillOpacity: 0.12}); }
      layer.setStyle(style);
      if (p.slug === selected) { layer.bringToFront(); }
    });
  }
  function labelFor(feature) {
    var p = feature.properties;
    if (!districtLabels[p.level] || !p.label_point) { return; }
    var tooltip = L.tooltip({permanent: true, direction: "center", className: "district-label", interactive: false})
      .setLatLng([p.label_point[1], p.label_point[0]]).setContent(text("span", "", p.name));
    districtLabels[p.level].addLayer(tooltip);
  }
  function updateLabels() {
    var zoom = map.getZoom();
    toggleLayer(districtLabels.stadtteil, zoom >= 12 && zoom < 15);
    toggleLayer(districtLabels.quarter, zoom >= 15);
  }
  function toggleLayer(layer, on) {
    if (on && !map.hasLayer(layer)) { map.addLayer(layer); }
    if (!on && map.hasLayer(layer)) { map.removeLayer(layer); }
  }
  function loadDistricts() {
    fetch(config.apiDistricts + "?lang=" + encodeURIComponent(config.lang), {credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        collection.features.sort(function (a, b) { return levelRank(b) - levelRank(a); });
        districtLayer = L.geoJSON(collection, {interactive: false, onEachFeature: labelFor}).addTo(map);
        districtLayer.bringToBack();
        styleDistricts(meta().district);
        updateLabels();
      });
  }
  function levelRank(feature) { return {bezirk: 0, stadtteil: 1, quarter: 2}[feature.properties.level] || 0; }

  /* ---- start ---- */
  function start() {
    if (!map || !form) { return; }
    document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
    if (window.matchMedia("(max-width: 47.99rem)").matches) { document.querySelector(".filter-panel").open = false; }
    map.addLayer(cluster);
    map.addLayer(gridLayer);
    map.addLayer(nearLayer);
    map.on("moveend", onMove);
    document.getElementById("fit-results").addEventListener("click", fitResults);
    bindForm();
    bindList();
    loadDistricts();
    var m = meta();
    drawNear(m);
    loadPoints({fit: true});
  }
  start();
})();
