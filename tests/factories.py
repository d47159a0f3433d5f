"""Factories that build valid records with defaults, so a test states only what it is about."""
import itertools

from geoalchemy2.shape import from_shape
from shapely.geometry import Point
from sqlalchemy import select

from mapfinder.districts import assign_places_to_districts
from mapfinder.editing.german_text import parse_cost
from mapfinder.editing.service import schedule_row
from mapfinder.models import (
    Category, Contact, CostKind, CostOption, GeocodeStatus, LifePhase, Offer, OfferStatus, Organization, Phone, Place,
)
from mapfinder.schedules import parse_schedule_text

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

    def offer(self, *, phases=("fruehe-kindheit",), categories=("familie",), places=None, schedule: str | None = None,
              cost: str | None = None, contact_email: str | None = None, contact_phone: str | None = None,
              **fields) -> Offer:
        """A published offer with the given phase and category codes, at the given places (default: a new one);
        ``schedule`` and ``cost`` are German text as partners write it, read into rules and options."""
        number = next(_numbers)
        fields = {"key": f"test-offer-{number}", "title": f"Testangebot {number}", "status": OfferStatus.PUBLISHED,
                  **fields}
        offer = Offer(**fields)
        offer.schedules = [schedule_row(rule, index) for index, rule in enumerate(parse_schedule_text(schedule))]
        offer.cost_options = [CostOption(position=index, kind=CostKind(option.kind), amount=option.amount,
                                         amount_description=option.note)
                              for index, option in enumerate(parse_cost(cost, free=fields.get("is_free", False)))]
        if contact_email or contact_phone:
            offer.contacts = [Contact(email=contact_email, languages=[],
                                      phones=[Phone(number=contact_phone)] if contact_phone else [])]
        offer.phases = list(self.session.scalars(select(LifePhase).where(LifePhase.code.in_(phases))))
        offer.categories = list(self.session.scalars(select(Category).where(Category.code.in_(categories))))
        offer.places = list(places) if places is not None else [self.place()]
        self.session.add(offer)
        self.session.flush()
        return offer

    def organization(self, **fields) -> Organization:
        """An organization (Träger) with a unique key."""
        number = next(_numbers)
        organization = Organization(**{"key": f"test-org-{number}", "name": f"Testträger {number}", **fields})
        self.session.add(organization)
        self.session.flush()
        return organization
