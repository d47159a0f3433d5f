/* The filter form: changes refresh list and map (typing waits a moment), and "use my location" fills `near`. */
import {nearValue, paramsFromEntries} from "./state.js";

const byId = (id) => document.getElementById(id);
const TYPING_PAUSE_MS = 450;

export function formParams(form) {
  return paramsFromEntries(new FormData(form).entries());
}

/* onRefresh({push}) runs after every change; push is false while the reader is still typing a search. */
export function bindForm(form, {onRefresh, onLocate}) {
  let typing = null;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    onRefresh({push: true});
  });
  form.addEventListener("change", (event) => {
    if (event.target.name === "address") {
      byId("f-near").value = "";
    }
    if (event.target.name !== "q") {
      onRefresh({push: true});
    }
  });
  byId("f-q").addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => onRefresh({push: false}), TYPING_PAUSE_MS);
  });
  byId("f-locate").addEventListener("click", onLocate);
}

/* Asks the browser for the reader's position; on success `near` holds it and the address is cleared. */
export function locate(texts, onFound) {
  const status = byId("map-status");
  if (!navigator.geolocation) {
    status.textContent = texts.noLocation;
    return;
  }
  status.textContent = texts.locating;
  navigator.geolocation.getCurrentPosition((position) => {
    byId("f-near").value = nearValue(position.coords.latitude, position.coords.longitude);
    byId("f-address").value = "";
    onFound();
  }, () => { status.textContent = texts.noLocation; }, {timeout: 10000});
}
