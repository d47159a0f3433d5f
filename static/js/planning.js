// Client-side sorting of the planning table; without JS the header links sort on the server.
(function () {
  "use strict";
  var table = document.querySelector("table[data-sortable]");
  if (!table) { return; }
  var body = table.tBodies[0];

  function cellValue(row, index, numeric) {
    var raw = row.cells[index].getAttribute("data-value");
    if (raw === null || raw === "") { return null; }
    return numeric ? parseFloat(raw) : raw;
  }

  function compare(a, b, descending, numeric) {
    if (a === null) { return b === null ? 0 : 1; }
    if (b === null) { return -1; }
    var order = numeric ? a - b : a.localeCompare(b, document.documentElement.lang);
    return descending ? -order : order;
  }

  function sortBy(header) {
    var index = Array.prototype.indexOf.call(header.parentNode.children, header);
    var numeric = header.hasAttribute("data-numeric");
    var descending = header.getAttribute("aria-sort") === "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      return compare(cellValue(a, index, numeric), cellValue(b, index, numeric), descending, numeric);
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("thead th[aria-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  table.querySelectorAll("thead th[data-sort-key] a").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      sortBy(link.parentNode);
    });
  });
})();
