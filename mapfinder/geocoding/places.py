"""Geocoding places: the point, its provider, precision and time on the place, then its districts."""

import logging
from dataclasses import dataclass

from geoalchemy2.shape import from_shape
from shapely.geometry import Point
from sqlalchemy import select

from ..districts import assign_places_to_districts
from ..extensions import db
from ..models import GeocodeStatus, LocationType, Place
from ..models.base import utcnow
from . import outcome
from .outcome import GeocodeOutcome
from .precision import HOUSE_NUMBER, STREET
from .service import geocode_in_municipality

logger = logging.getLogger(__name__)
# A postcode area or the city centre would put a place in an arbitrary district: no point is better.
PLACE_PRECISIONS = {HOUSE_NUMBER, STREET}


@dataclass(frozen=True)
class PlaceResult:
    """What geocoding did to one place."""

    key: str
    status: GeocodeStatus
    from_cache: bool = False
    reason: str | None = None


def pending_place_ids(limit: int | None = None) -> list[int]:
    """Places still without a point (pending or failed before), oldest first; hand-set ones never."""
    query = (
        select(Place.id)
        .where(
            Place.geom.is_(None),
            Place.location_type == LocationType.PHYSICAL,
            Place.geocode_status.in_([GeocodeStatus.PENDING, GeocodeStatus.FAILED]),
        )
        .order_by(Place.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def geocode_place(place: Place) -> PlaceResult:
    """Geocode a place's address and assign its districts; a hand-set point is left alone."""
    if place.geocode_status is GeocodeStatus.MANUAL:
        return PlaceResult(place.key, GeocodeStatus.MANUAL)
    result = geocode_in_municipality(place.address)
    record_outcome(place, result)
    db.session.flush()
    assign_places_to_districts([place.id])
    return PlaceResult(place.key, place.geocode_status, result.from_cache, place.geocode_reason)


def record_outcome(place: Place, result: GeocodeOutcome) -> None:
    """Store the point with provider, precision and time, or clear it and store why there is none."""
    place.geocode_provider, place.geocoded_at = result.provider, utcnow()
    if result.found and result.precision in PLACE_PRECISIONS:
        place.geom = from_shape(Point(result.lon, result.lat), srid=4326)
        place.geocode_status, place.geocode_precision, place.geocode_reason = GeocodeStatus.OK, result.precision, None
        return
    reason = result.reason or outcome.TOO_COARSE.format(precision=(result.precision or "").replace("_", " "))
    place.geom, place.geocode_status, place.geocode_precision, place.geocode_reason = (
        None,
        GeocodeStatus.FAILED,
        None,
        reason,
    )
    logger.info("place %s not geocoded: %s", place.key, reason)
