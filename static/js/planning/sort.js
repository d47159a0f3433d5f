/* Pure: ordering the planning table's rows by one column; empty cells always last. */

export function cellValue(raw, numeric) {
  if (raw === null || raw === undefined || raw === "") {
    return null;
  }
  return numeric ? parseFloat(raw) : raw;
}

export function compareCells(a, b, {descending = false, numeric = false, locale} = {}) {
  if (a === null) {
    return b === null ? 0 : 1;
  }
  if (b === null) {
    return -1;
  }
  const order = numeric ? a - b : a.localeCompare(b, locale);
  return descending ? -order : order;
}

/* A click sorts ascending, a second click on the same column descending. */
export function nextDirection(ariaSort) {
  return ariaSort === "ascending" ? "descending" : "ascending";
}
