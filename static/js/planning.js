/* Client-side sorting of the planning table; without JS the header links sort on the server. */
import {cellValue, compareCells, nextDirection} from "./planning/sort.js";

function sortBy(table, header) {
  const body = table.tBodies[0];
  const index = Array.prototype.indexOf.call(header.parentNode.children, header);
  const numeric = header.hasAttribute("data-numeric");
  const direction = nextDirection(header.getAttribute("aria-sort"));
  const options = {descending: direction === "descending", numeric, locale: document.documentElement.lang};
  const value = (row) => cellValue(row.cells[index].getAttribute("data-value"), numeric);
  const rows = Array.from(body.rows).sort((a, b) => compareCells(value(a), value(b), options));
  rows.forEach((row) => body.appendChild(row));
  table.querySelectorAll("thead th[aria-sort]").forEach((th) => th.removeAttribute("aria-sort"));
  header.setAttribute("aria-sort", direction);
}

const table = document.querySelector("table[data-sortable]");
if (table) {
  table.querySelectorAll("thead th[data-sort-key] a").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      sortBy(table, link.parentNode);
    });
  });
}
