"""How exact a provider's answer is (house number / street / postcode / city), read from its raw answer (pure)."""

HOUSE_NUMBER, STREET, POSTCODE, CITY = "house_number", "street", "postcode", "city"
PRECISIONS = (HOUSE_NUMBER, STREET, POSTCODE, CITY)
_STREET_KINDS = {"road", "street", "residential", "pedestrian", "living_street", "service", "footway", "square"}
_POSTCODE_KINDS = {"postcode", "postal_code"}


def nominatim_precision(raw: dict) -> str:
    """Precision of a Nominatim result (jsonv2/json with addressdetails)."""
    address = raw.get("address") or {}
    kind = raw.get("addresstype") or raw.get("type")
    if address.get("house_number"):
        return HOUSE_NUMBER
    if kind in _POSTCODE_KINDS:
        return POSTCODE
    if raw.get("class") == "highway" or kind in _STREET_KINDS or address.get("road"):
        return STREET
    return CITY


def photon_precision(feature: dict) -> str:
    """Precision of a Photon GeoJSON feature."""
    properties = feature.get("properties") or {}
    kind = properties.get("type")
    if properties.get("housenumber"):
        return HOUSE_NUMBER
    if kind in _POSTCODE_KINDS or properties.get("osm_value") in _POSTCODE_KINDS:
        return POSTCODE
    if kind == "street" or properties.get("street") or properties.get("osm_key") == "highway":
        return STREET
    return CITY


def from_place_precision(precision: str | None) -> str:
    """The precision a known place lends the gazetteer: official coordinates count as house-number exact."""
    if precision in {"official", HOUSE_NUMBER}:
        return HOUSE_NUMBER
    # Hand-placed, demo or unknown points are trusted no further than the street.
    return STREET
