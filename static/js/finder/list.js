/* The server-rendered result list (#results): its buttons and links, the active item, the filter counts. */
import {countText, parseMeta} from "./meta.js";
import {fillCount} from "./state.js";

export function resultsMeta() {
  const node = document.querySelector("#results .results-meta");
  return parseMeta(node ? node.textContent : "");
}

export function updateCounts(counts) {
  document.querySelectorAll("[data-count]").forEach((span) => {
    const value = countText(counts, span.dataset.count);
    if (value !== null) {
      span.textContent = value;
    }
  });
}

/* The demo notice (when the page has one) names the demo offers among the list's matches; none: it steps aside. */
export function updateDemoNotice(count, template) {
  const notice = document.querySelector('[data-dismissible="demo"]');
  if (!notice || typeof count !== "number") {
    return;
  }
  notice.querySelector("span").textContent = fillCount(template, count);
  notice.classList.toggle("is-empty", count === 0);
}

export function markItem(key) {
  document.querySelectorAll("#results .result.is-active").forEach((el) => el.classList.remove("is-active"));
  const item = document.getElementById("result-" + key);
  if (item) {
    item.classList.add("is-active");
    item.scrollIntoView({block: "nearest"});
  }
}

/* Wires a freshly rendered list: "show on map" buttons, hover ↔ marker, pagination without reload. */
export function bindList({onShow, onHover, onPage}) {
  document.querySelectorAll("#results .show-on-map").forEach((button) => {
    button.addEventListener("click", () => onShow(button.dataset.key, [parseFloat(button.dataset.lat),
      parseFloat(button.dataset.lon)]));
  });
  document.querySelectorAll("#results .result").forEach((item) => {
    item.addEventListener("mouseenter", () => onHover(item.dataset.key, true));
    item.addEventListener("mouseleave", () => onHover(item.dataset.key, false));
  });
  document.querySelectorAll("#results .pagination a").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      onPage(link.href);
    });
  });
}

export function replaceResults(html) {
  const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("results");
  if (!fresh) {
    return false;
  }
  document.getElementById("results").replaceWith(document.adoptNode(fresh));
  return true;
}
