/* Popups by keyboard (every map of the app): focus moves into an opened popup, Escape closes it, Tab past its last
   control or Shift+Tab before its first closes it too, and focus returns to what opened it (a marker, a list button).
   Leaflet's close button gets a name in the reader's language. */
const FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex='0']";

function focusables(container) {
  return [...container.querySelectorAll(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
}

/* The first control of the content (the "Details" link), else the close button. */
export function firstStop(stops) {
  const content = stops.filter((el) => !el.classList.contains("leaflet-popup-close-button"));
  return content[0] || stops[0] || null;
}

/* What a key press inside a popup does: "close" (and return focus) or null (the browser's own). */
export function keyAction(event, stops) {
  if (event.key === "Escape") {
    return "close";
  }
  if (event.key !== "Tab" || !stops.length) {
    return null;
  }
  const edge = event.shiftKey ? stops[0] : stops[stops.length - 1];
  return event.target === edge ? "close" : null;
}

function returnTarget(container) {
  const active = document.activeElement;
  return active && active !== document.body && !container.contains(active) ? active : null;
}

function focusInto(popup) {
  const stop = firstStop(focusables(popup.getElement()));
  if (stop) {
    stop.focus({preventScroll: true});
  }
}

function bindKeys(map, popup, returns) {
  const container = popup.getElement();
  container.addEventListener("keydown", (event) => {
    if (keyAction(event, focusables(container)) === "close") {
      event.preventDefault();
      event.stopPropagation();
      map.closePopup(popup);
    }
  });
  container.dataset.keys = "bound";
  returns.set(popup, null);
}

function restoreFocus(popup, returns) {
  const target = returns.get(popup);
  const active = document.activeElement;
  const lost = !active || active === document.body || popup.getElement().contains(active);
  if (target && target.isConnected && lost) {
    target.focus({preventScroll: true});
  }
}

export function bindPopupKeys(map, texts = {}) {
  const returns = new WeakMap();
  map.on("popupopen", (event) => {
    const popup = event.popup;
    const container = popup.getElement();
    if (!container.dataset.keys) {
      bindKeys(map, popup, returns);
    }
    returns.set(popup, returnTarget(container));
    const close = container.querySelector(".leaflet-popup-close-button");
    if (close && texts.closePopup) {
      close.setAttribute("aria-label", texts.closePopup);
      close.title = texts.closePopup;
    }
    focusInto(popup);
  });
  map.on("popupclose", (event) => restoreFocus(event.popup, returns));
}
