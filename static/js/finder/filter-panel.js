/* The filter panel (<details>, closed in the HTML): on a phone the reader opens it; from 48rem on finder.css shows
   the form anyway, and this keeps the element open there too, so its state matches what is shown and its summary,
   which toggles nothing there, is no tab stop. Nothing moves after load (no layout shift). */
export const WIDE = "(min-width: 48rem)";

export function keepFiltersOpen(panel, wide = window.matchMedia(WIDE)) {
  const summary = panel.querySelector("summary");
  const apply = () => {
    if (wide.matches) {
      panel.open = true;
      summary.tabIndex = -1;
    } else {
      summary.removeAttribute("tabindex");
    }
  };
  panel.addEventListener("toggle", () => {
    if (wide.matches && !panel.open) {
      panel.open = true;
    }
  });
  wide.addEventListener("change", apply);
  apply();
}

/* The filters inside the panel that are set (search and address, above it, do not count). */
const PANEL_FILTERS = new Set(["phase", "category", "district", "age", "language", "radius", "free", "barrier_free"]);

export function activeFilters(entries) {
  let count = 0;
  for (const [name, value] of entries) {
    if (PANEL_FILTERS.has(name) && String(value).trim() !== "") {
      count += 1;
    }
  }
  return count;
}

/* Keeps the number on the panel's summary in step with the form (hidden at zero, as the server renders it). */
export function bindFilterCount(panel, form) {
  const badge = panel.querySelector("[data-filter-count]");
  if (!badge) {
    return;
  }
  const update = () => {
    const count = activeFilters(new FormData(form).entries());
    badge.lastChild.textContent = String(count);
    badge.hidden = count === 0;
  };
  form.addEventListener("change", update);
  form.addEventListener("reset", () => setTimeout(update, 0));
}
