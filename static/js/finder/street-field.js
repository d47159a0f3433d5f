/* Entry point of the address field's street suggestions (independent of the map: they work while it loads). */
import {bindStreetSuggestions} from "./streets.js";

const input = document.getElementById("f-address");
const datalist = document.getElementById("known-streets");
if (input && datalist && input.dataset.streets) {
  bindStreetSuggestions(input, datalist, {url: input.dataset.streets});
}
