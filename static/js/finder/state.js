/* Pure: the finder's filters as URL parameters, for the page URL, the list fragment and the map points. */

/* Parameters that shape the list but not the map: the address is resolved by the server into `near`. */
export const LIST_ONLY = ["address", "page", "near"];

export function paramsFromEntries(entries) {
  const params = new URLSearchParams();
  for (const [key, value] of entries) {
    if (value !== "") {
      params.append(key, value);
    }
  }
  return params;
}

export function pageUrl(path, params) {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/* The filters as the list resolved them (for the filter counts and the map points): the list's own parameters
   left out, the point the server resolved the address to put in. */
export function filterQuery(params, near = null) {
  const query = new URLSearchParams(params);
  LIST_ONLY.forEach((name) => query.delete(name));
  if (near) {
    query.set("near", near.join(","));
  }
  return query;
}

/* The query of /api/v1/offers/points: the filters, the point the server resolved, the zoom and maybe a bbox. */
export function pointsQuery(params, {near = null, zoom, bbox = null}) {
  const query = filterQuery(params, near);
  query.set("zoom", String(zoom));
  if (bbox) {
    query.set("bbox", bbox);
  }
  return query;
}

export function fillCount(template, count) {
  return template.replace("{count}", String(count));
}

export function nearValue(latitude, longitude) {
  return `${latitude.toFixed(5)},${longitude.toFixed(5)}`;
}

/* The view a URL shows: path and query; a #fragment (a skip link's target) is the same view. */
export function viewOf(href) {
  const url = new URL(href, "http://localhost");
  return url.pathname + url.search;
}
