"""Geocoding: addresses into points in the municipality, through one configured provider (gazetteer, Nominatim, Photon).

``geocode_address`` is the service's public entry point; it needs an app context (config and ``db.session``).
"""

from .outcome import GeocodeOutcome
from .places import PlaceResult, geocode_place, pending_place_ids
from .service import geocode_in_municipality

__all__ = ["GeocodeOutcome", "PlaceResult", "geocode_address", "geocode_place", "pending_place_ids"]


def geocode_address(query: str) -> GeocodeOutcome:
    """A point for a one-line address in the municipality, or the reason there is none; cached, rate-limited,
    city-bounded."""
    return geocode_in_municipality(query)
