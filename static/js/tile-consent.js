/* Two-click consent for a third-party basemap: nothing is requested from the tile host before the reader agrees.
   The choice is remembered per tile host in localStorage. A basemap served by this app's proxy needs no consent. */
const STORE = "mapfinder-tiles-consent:";

export function consentKey(host) {
  return STORE + host;
}

/* localStorage, or a stand-in that remembers nothing (private mode: consent lasts for this page only). */
function storage() {
  try {
    return window.localStorage;
  } catch (error) {
    return null;
  }
}

export function hasConsent(store, host) {
  try {
    return Boolean(store) && store.getItem(consentKey(host)) === "yes";
  } catch (error) {
    return false;
  }
}

export function rememberConsent(store, host, yes) {
  try {
    if (yes) {
      store.setItem(consentKey(host), "yes");
    } else {
      store.removeItem(consentKey(host));
    }
  } catch (error) {
    /* no storage: nothing to remember */
  }
}

function button(text, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.addEventListener("click", (event) => {
    window.L.DomEvent.stopPropagation(event);
    onClick();
  });
  return b;
}

/* The basemap from this app's tile proxy: same origin, so no third party is asked and no consent is needed. */
function addProxiedTiles(map, config) {
  window.L.tileLayer(config.url, {attribution: config.attribution, maxZoom: 19}).addTo(map).bringToBack();
}

export function addTileConsent(map, config, store = storage()) {
  if (config.proxied) {
    addProxiedTiles(map, config);
    return;
  }
  const L = window.L;
  let layer = null;
  const box = L.DomUtil.create("div", "tile-consent leaflet-bar");
  L.DomEvent.disableClickPropagation(box);
  const control = L.control({position: "bottomleft"});
  control.onAdd = () => box;
  control.addTo(map);

  function showLayer() {
    layer = L.tileLayer(config.url, {attribution: config.attribution, maxZoom: 19}).addTo(map);
    layer.bringToBack();
    box.replaceChildren(button(config.texts.revoke, () => {
      rememberConsent(store, config.host, false);
      hideLayer();
    }));
  }
  function hideLayer() {
    if (layer) {
      map.removeLayer(layer);
      layer = null;
    }
    box.replaceChildren(button(config.texts.show, askConsent));
  }
  function askConsent() {
    const text = document.createElement("p");
    text.textContent = config.texts.explain;
    box.replaceChildren(text,
      button(config.texts.accept, () => {
        rememberConsent(store, config.host, true);
        showLayer();
      }),
      button(config.texts.cancel, hideLayer));
    box.querySelector("button").focus();
  }
  if (hasConsent(store, config.host)) {
    showLayer();
  } else {
    hideLayer();
  }
}
