/* Pure: how district outlines and their name labels look at each level and zoom. */

export const LEVEL_STYLE = {
  bezirk: {color: "#3b4352", weight: 2.5, dashArray: null, fillOpacity: 0},
  stadtteil: {color: "#5a6475", weight: 1.5, dashArray: "6 4", fillOpacity: 0},
  quarter: {color: "#8a93a3", weight: 0.8, dashArray: "2 4", fillOpacity: 0},
};
export const SELECTED_STYLE = {color: "#0b5cad", weight: 3.5, dashArray: null, fillOpacity: 0.12};
const LEVEL_RANK = {bezirk: 0, stadtteil: 1, quarter: 2};

export function districtStyle(properties, selected) {
  const style = {...LEVEL_STYLE[properties.level], fill: true, fillColor: "#0b5cad"};
  return properties.slug === selected ? {...style, ...SELECTED_STYLE} : style;
}

export function levelRank(feature) {
  return LEVEL_RANK[feature.properties.level] || 0;
}

/* Quarters first, Bezirke last, so the coarser outlines are drawn on top. */
export function deepestFirst(features) {
  return [...features].sort((a, b) => levelRank(b) - levelRank(a));
}

/* Which levels show their names: Stadtteile at city zoom, quarters when zoomed in. */
export function visibleLabels(zoom) {
  return {stadtteil: zoom >= 12 && zoom < 15, quarter: zoom >= 15};
}

export function labelLatLng(properties) {
  const point = properties.label_point;
  return point ? [point[1], point[0]] : null;
}
