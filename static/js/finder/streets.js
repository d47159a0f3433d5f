/* Street suggestions for the address field: after two letters and a short pause, the known streets that start so
   (GET /api/v1/streets, this app's own endpoint) fill the field's native <datalist>; the latest answer wins. Without
   JavaScript the field is a plain text field, as before. Names are set as option values, never as markup. */
export const MIN_CHARS = 2;
export const PAUSE_MS = 250;

/* The street part of what was typed ("Kaiserstr" of "Kaiserstr, 45468"), or null while there is nothing to ask:
   fewer than two letters, or a house number (the reader has chosen the street). */
export function streetQuery(value) {
  const street = (value || "").split(",")[0].trim().replace(/\s+/g, " ");
  if (street.length < MIN_CHARS || /\d/.test(street)) {
    return null;
  }
  return street;
}

/* The datalist's options: one per street, its postcode (when known) as the option's label. */
export function fillOptions(datalist, streets) {
  const options = streets.map((street) => {
    const option = datalist.ownerDocument.createElement("option");
    option.value = street.name;
    if (street.postcode) {
      option.label = street.postcode;
    }
    return option;
  });
  datalist.replaceChildren(...options);
}

function fetchStreets(url) {
  return fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
    .then((response) => (response.ok ? response.json() : []));
}

export function bindStreetSuggestions(input, datalist, {url, load = fetchStreets, pause = PAUSE_MS}) {
  let timer = null;
  let asked = null;
  let latest = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const query = streetQuery(input.value);
    if (query === null || query === asked) {
      return;
    }
    timer = setTimeout(() => {
      asked = query;
      const request = ++latest;
      load(url + "?q=" + encodeURIComponent(query))
        .then((streets) => {
          if (request === latest && Array.isArray(streets)) {
            fillOptions(datalist, streets);
          }
        })
        .catch(() => { asked = null; });  // offline: ask again on the next keystroke
    }, pause);
  });
}
