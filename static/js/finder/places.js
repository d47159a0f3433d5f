/* Pure: the finder's institution layer — the query of /api/v1/places and its features as marker data. */

export const PLACE_LIMIT = 1000;

export function placesQuery({district, lang}) {
  const params = new URLSearchParams({limit: String(PLACE_LIMIT)});
  if (district) {
    params.set("district", district);
  }
  if (lang) {
    params.set("lang", lang);
  }
  return params.toString();
}

export function placeHref(placeId) {
  return "/places/" + encodeURIComponent(placeId);
}

/* A GeoJSON feature of /api/v1/places as marker data; null for an institution without a point. */
export function placeRecord(feature) {
  if (!feature || !feature.geometry || feature.geometry.type !== "Point") {
    return null;
  }
  const [lon, lat] = feature.geometry.coordinates;
  const properties = feature.properties || {};
  const kind = properties.school_form_label && properties.school_form !== properties.kind
    ? `${properties.kind_label} · ${properties.school_form_label}` : properties.kind_label;
  return {id: feature.id, latlng: [lat, lon], name: properties.name, kind: kind || "",
    colour: properties.colour || "#616161", href: placeHref(feature.id)};
}

export function placeRecords(collection) {
  return ((collection && collection.features) || []).map(placeRecord).filter(Boolean);
}
