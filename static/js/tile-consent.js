/* Two-click consent for a third-party basemap: nothing is requested from the tile host before the reader agrees.
   The choice is remembered per tile host in localStorage. */
(function () {
  "use strict";
  var STORE = "mapfinder-tiles-consent:";

  function remembered(host) {
    try { return window.localStorage.getItem(STORE + host) === "yes"; } catch (e) { return false; }
  }
  function remember(host, yes) {
    try {
      if (yes) { window.localStorage.setItem(STORE + host, "yes"); } else { window.localStorage.removeItem(STORE + host); }
    } catch (e) { /* private mode: consent lasts for this page only */ }
  }
  function button(text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.addEventListener("click", function (ev) { L.DomEvent.stopPropagation(ev); onClick(); });
    return b;
  }

  window.mapfinderTileConsent = function (map, config) {
    var layer = null;
    var box = L.DomUtil.create("div", "tile-consent leaflet-bar");
    L.DomEvent.disableClickPropagation(box);
    var control = L.control({position: "bottomleft"});
    control.onAdd = function () { return box; };
    control.addTo(map);

    function showLayer() {
      layer = L.tileLayer(config.url, {attribution: config.attribution, maxZoom: 19}).addTo(map);
      layer.bringToBack();
      box.replaceChildren(button(config.texts.revoke, function () { remember(config.host, false); hideLayer(); }));
    }
    function hideLayer() {
      if (layer) { map.removeLayer(layer); layer = null; }
      box.replaceChildren(button(config.texts.show, askConsent));
    }
    function askConsent() {
      var text = document.createElement("p");
      text.textContent = config.texts.explain;
      box.replaceChildren(text,
        button(config.texts.accept, function () { remember(config.host, true); showLayer(); }),
        button(config.texts.cancel, hideLayer));
      box.querySelector("button").focus();
    }
    if (remembered(config.host)) { showLayer(); } else { hideLayer(); }
  };
})();
