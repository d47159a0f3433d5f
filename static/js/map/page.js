/* Draws every map of the page from its <script type="application/json" data-map-spec="element id"> block. */
import {renderMap} from "./render.js";
import {readSpec} from "./spec.js";

document.querySelectorAll("script[type='application/json'][data-map-spec]").forEach((block) => {
  const element = document.getElementById(block.dataset.mapSpec);
  if (element && window.L) {
    renderMap(element, readSpec(block.textContent));
  }
});
