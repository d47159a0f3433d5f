/* Pure: rows of /api/v1/offers/points ([offer, place, lon, lat, category, title] or grid clusters [lon, lat, count])
   as marker data. */

export const NO_CATEGORY_COLOUR = "#4a5263";
export const MAX_ZOOM_IN = 18;

export function resultKey(offerId, placeId) {
  return `${offerId}-${placeId}`;
}

export function pointRecord(row) {
  const [offerId, placeId, lon, lat, category, title] = row;
  return {offerId, key: resultKey(offerId, placeId), latlng: [lat, lon], category, title};
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

export function zoomInFrom(zoom) {
  return Math.min(zoom + 2, MAX_ZOOM_IN);
}

export function byCode(items) {
  return Object.fromEntries(items.map((item) => [item.code, item]));
}
