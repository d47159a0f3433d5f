/* Pure: rows of /api/v1/offers/points ([offer, place, lon, lat, category, title, feature id] or grid clusters
   [lon, lat, count]) as marker data. */

export const NO_CATEGORY_COLOUR = "#4a5263";
export const MAX_ZOOM_IN = 18;

export function resultKey(offerId, placeId) {
  return `${offerId}-${placeId}`;
}

export function pointRecord(row) {
  const [offerId, placeId, lon, lat, category, title, id] = row;
  return {offerId, key: resultKey(offerId, placeId), latlng: [lat, lon], category, title, id};
}

export function gridRecord(row) {
  const [lon, lat, count] = row;
  return {latlng: [lat, lon], count, size: gridSize(count)};
}

/* Icon sizes grow with the number of offers behind a cluster (markercluster's own, and the server's grid). */
export function clusterSize(count) {
  return count < 10 ? 32 : count < 100 ? 38 : 46;
}

export function gridSize(count) {
  return count < 100 ? 36 : count < 1000 ? 44 : 54;
}

export function glyph(category) {
  return category ? {icon: category.icon, colour: category.colour} : {icon: "", colour: NO_CATEGORY_COLOUR};
}

/* What a screen reader announces for an offer's marker: its title and category (never the icon's glyph). */
export function markerName(record, category) {
  return category && category.label ? `${record.title} – ${category.label}` : String(record.title);
}

export function offerHref(offerId) {
  return "/offers/" + encodeURIComponent(offerId);
}

/* The popup details of one offer at a place (address, next time), fetched when its popup opens. */
export function popupHref(featureId, lang) {
  const query = lang ? "?lang=" + encodeURIComponent(lang) : "";
  return "/offers/popup/" + encodeURIComponent(featureId) + query;
}

/* The lines a popup adds below its title, in order, leaving out what the details do not have. */
export function popupLines(details) {
  if (!details) {
    return [];
  }
  const lines = [];
  if (details.place || details.address) {
    lines.push({kind: "address", text: [details.place, details.address].filter(Boolean).join(", ")});
  }
  if (details.next || details.schedule) {
    lines.push({kind: "time", text: details.next || details.schedule});
  }
  return lines;
}

export function zoomInFrom(zoom) {
  return Math.min(zoom + 2, MAX_ZOOM_IN);
}

export function byCode(items) {
  return Object.fromEntries(items.map((item) => [item.code, item]));
}
