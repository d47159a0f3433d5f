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
