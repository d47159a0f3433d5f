import assert from "node:assert/strict";
import {test} from "node:test";

import {PLACE_LIMIT, placeHref, placeRecord, placeRecords, placesQuery} from "../finder/places.js";

const feature = (id, coordinates, properties = {}) => ({
  type: "Feature", id, geometry: coordinates ? {type: "Point", coordinates} : null,
  properties: {name: "VHS", kind: "volkshochschule", kind_label: "Volkshochschule (VHS)", colour: "#6d4c41", ...properties},
});

test("the layer asks for every institution of the finder's district, labelled in the reader's language", () => {
  assert.equal(placesQuery({district: "styrum", lang: "uk"}), `limit=${PLACE_LIMIT}&district=styrum&lang=uk`);
  assert.equal(placesQuery({district: null, lang: "de"}), `limit=${PLACE_LIMIT}&lang=de`);
});

test("a feature becomes a marker at latitude, longitude linking the institution's page", () => {
  assert.deepEqual(placeRecord(feature(41, [6.8847, 51.4398])), {
    id: 41, latlng: [51.4398, 6.8847], name: "VHS", kind: "Volkshochschule (VHS)", colour: "#6d4c41",
    href: "/places/41"});
});

test("a school shows its school form beside its kind", () => {
  const school = feature(7, [6.9, 51.4], {kind: "weiterfuehrende-schule", kind_label: "Weiterführende Schule",
    school_form: "gymnasium", school_form_label: "Gymnasium"});
  assert.equal(placeRecord(school).kind, "Weiterführende Schule · Gymnasium");
  const primary = feature(8, [6.9, 51.4], {kind: "grundschule", kind_label: "Grundschule", school_form: "grundschule",
    school_form_label: "Grundschule"});
  assert.equal(placeRecord(primary).kind, "Grundschule");
});

test("an institution without a point stays off the map; ids are escaped in links", () => {
  assert.equal(placeRecord(feature(9, null)), null);
  assert.deepEqual(placeRecords({features: [feature(9, null), feature(10, [6.9, 51.4])]}).map((r) => r.id), [10]);
  assert.deepEqual(placeRecords(undefined), []);
  assert.equal(placeHref("1/../x"), "/places/1%2F..%2Fx");
});
