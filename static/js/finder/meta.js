/* Pure: the JSON block of the result list (templates/_results.html) and the filter counts it carries. */

export function parseMeta(text) {
  if (!text) {
    return {};
  }
  try {
    return JSON.parse(text) || {};
  } catch (error) {
    return {};
  }
}

/* The count shown beside a filter choice (data-count="kind:code"); null when the list says nothing of that kind. */
export function countText(counts, dataCount) {
  const [kind, code] = dataCount.split(":");
  if (!counts || !Object.prototype.hasOwnProperty.call(counts, kind)) {
    return null;
  }
  return String(counts[kind][code] || 0);
}
