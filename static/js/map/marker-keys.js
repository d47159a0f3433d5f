/* One tab stop for all markers of a map (a roving tabindex): Tab reaches one marker, the arrow keys move to the
   others in reading order, Home and End to the first and last; Enter opens a marker as before. Without it every
   marker and cluster was a tab stop of its own before the result list. */
const STEPS = {ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1};

/* The index the key moves to among `count` markers; null for a key that is not ours. */
export function nextIndex(key, index, count, {rtl = false} = {}) {
  if (!count) {
    return null;
  }
  if (key === "Home" || key === "End") {
    return key === "Home" ? 0 : count - 1;
  }
  let step = STEPS[key];
  if (step === undefined) {
    return null;
  }
  if (rtl && (key === "ArrowLeft" || key === "ArrowRight")) {
    step = -step;
  }
  return (index + step + count) % count;
}

/* Positions [{top, left}] in reading order: by rows of 20 px from the top, then from the line's start. */
export function readingOrder(boxes, {rtl = false} = {}) {
  const row = (box) => Math.floor(box.top / 20);
  return boxes.map((box, index) => ({box, index}))
    .sort((a, b) => row(a.box) - row(b.box) || (rtl ? b.box.left - a.box.left : a.box.left - b.box.left))
    .map((entry) => entry.index);
}

function markerIcons(pane) {
  return [...pane.querySelectorAll(".leaflet-marker-icon[tabindex]")];
}

function ordered(pane, rtl) {
  const icons = markerIcons(pane);
  return readingOrder(icons.map((el) => el.getBoundingClientRect()), {rtl}).map((index) => icons[index]);
}

export function bindMarkerKeys(map) {
  const pane = map.getPane("markerPane");
  const rtl = () => document.documentElement.dir === "rtl";
  let current = null;
  let frame = 0;
  const refresh = () => {
    const icons = ordered(pane, rtl());
    if (!icons.includes(current)) {
      current = icons[0] || null;
    }
    icons.forEach((el) => { el.tabIndex = el === current ? 0 : -1; });
  };
  const schedule = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(refresh);
  };
  map.on("layeradd layerremove zoomend moveend", schedule);
  pane.addEventListener("focusin", (event) => {
    const icon = event.target.closest(".leaflet-marker-icon[tabindex]");
    if (icon) {
      current = icon;
      refresh();
    }
  });
  pane.addEventListener("keydown", (event) => {
    const icons = ordered(pane, rtl());
    const next = nextIndex(event.key, icons.indexOf(event.target), icons.length, {rtl: rtl()});
    if (next !== null && icons.includes(event.target)) {
      event.preventDefault();
      icons[next].focus();
    }
  });
  schedule();
}
