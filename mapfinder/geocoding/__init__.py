"""Geocoding: addresses into points in the municipality, through one configured provider (gazetteer, Nominatim, Photon).

``geocode_address`` is the service's public entry point; it needs an app context (config and ``db.session``).
"""

from pathlib import Path

from .fallback import ApproximatePoint, approximate_point, similar_streets
from .outcome import GeocodeOutcome
from .places import PlaceResult, geocode_place, pending_place_ids
from .service import geocode_in_municipality
from .streets import StreetSuggestion, suggest_streets

__all__ = [
    "ApproximatePoint",
    "GeocodeOutcome",
    "PlaceResult",
    "StreetSuggestion",
    "approximate_address",
    "geocode_address",
    "geocode_place",
    "pending_place_ids",
    "similar_streets",
    "suggest_streets",
]


def geocode_address(query: str) -> GeocodeOutcome:
    """A point for a one-line address in the municipality, or the reason there is none; cached, rate-limited,
    city-bounded."""
    return geocode_in_municipality(query)


def approximate_address(query: str) -> ApproximatePoint | None:
    """A rough position (known point on the street, postcode area, district) for "near" searches only."""
    from flask import current_app

    from ..municipality import current_municipality

    return approximate_point(query, current_municipality(), Path(current_app.config["REFERENCE_DATA_DIR"]))
