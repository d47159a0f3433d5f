"""The offline provider: answers from the addresses of places that already have a point (schools, VHS, demo places)."""

import logging

from sqlalchemy import case, func, select

from ..extensions import db
from ..models import GeocodeStatus, Place
from .normalise import house_number_digits, parse_address, same_address
from .precision import HOUSE_NUMBER, from_place_precision
from .providers import Answer, BBox

logger = logging.getLogger(__name__)


class Gazetteer:
    """Known addresses only: a query matches a place with the same street, house number and (if given) postcode."""

    name = "gazetteer"
    # Its answers live in the places table already, and new places make a cached miss stale.
    cacheable = False

    def lookup(self, query: str, bbox: BBox | None = None) -> Answer | None:
        """The point of the known place at this address, None when no place with a point has it."""
        asked = parse_address(query)
        digits = house_number_digits(asked.number)
        if digits is None:
            return None
        for place in db.session.execute(_candidates(digits)):
            if same_address(asked, parse_address(f"{place.street}, {place.postcode or ''}")):
                return Answer(place.lon, place.lat, _precision(place), place.name)
        return None


def _candidates(digits: str):
    """Places with a point whose street holds the house number; hand-set points first, as they are checked."""
    manual_first = case((Place.geocode_status == GeocodeStatus.MANUAL, 0), else_=1)
    return (
        select(
            Place.name,
            Place.street,
            Place.postcode,
            Place.geocode_status,
            Place.geocode_precision,
            func.ST_X(Place.geom).label("lon"),
            func.ST_Y(Place.geom).label("lat"),
        )
        .where(Place.geom.is_not(None), Place.street.contains(digits))
        .order_by(manual_first, Place.id)
    )


def _precision(place) -> str:
    if place.geocode_status is GeocodeStatus.MANUAL:
        return HOUSE_NUMBER
    return from_place_precision(place.geocode_precision)
