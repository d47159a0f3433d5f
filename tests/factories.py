"""Factories that build valid records with defaults, so a test states only what it is about."""
import itertools

from geoalchemy2.shape import from_shape
from shapely.geometry import Point
from sqlalchemy import select

from mapfinder.districts import assign_places_to_districts
from mapfinder.models import Category, GeocodeStatus, LifePhase, Offer, OfferStatus, Place

_numbers = itertools.count(1)


class Factories:
    """``make.place(...)``, ``make.offer(...)``: flushed records in the test's transaction."""

    def __init__(self, session):
        self.session = session

    def place(self, *, lon: float | None = 6.8827, lat: float | None = 51.4305, **fields) -> Place:
        """A geocoded place (by default in Eppinghofen), assigned to its districts."""
        number = next(_numbers)
        fields = {"key": f"test-place-{number}", "name": f"Testort {number}", "kind": "familienzentrum", **fields}
        place = Place(**fields)
        if lon is not None and lat is not None:
            place.geom = from_shape(Point(lon, lat), srid=4326)
            place.geocode_status = GeocodeStatus.OK
        self.session.add(place)
        self.session.flush()
        assign_places_to_districts([place.id])
        self.session.refresh(place)
        return place

    def offer(self, *, phases=("fruehe-kindheit",), categories=("familie",), places=None, **fields) -> Offer:
        """A published offer with the given phase and category codes, at the given places (default: a new one)."""
        number = next(_numbers)
        fields = {"key": f"test-offer-{number}", "title": f"Testangebot {number}", "status": OfferStatus.PUBLISHED,
                  **fields}
        offer = Offer(**fields)
        offer.phases = list(self.session.scalars(select(LifePhase).where(LifePhase.code.in_(phases))))
        offer.categories = list(self.session.scalars(select(Category).where(Category.code.in_(categories))))
        offer.places = list(places) if places is not None else [self.place()]
        self.session.add(offer)
        self.session.flush()
        return offer
