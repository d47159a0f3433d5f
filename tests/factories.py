"""Factories that build valid records with defaults, so a test states only what it is about."""

import itertools

from geoalchemy2.shape import from_shape
from shapely.geometry import MultiPolygon, Point, box
from sqlalchemy import select

from mapfinder.districts import assign_places_to_districts
from mapfinder.editing.german_text import parse_cost
from mapfinder.editing.service import schedule_row
from mapfinder.models import (
    Category,
    ChangeLog,
    Contact,
    CostKind,
    CostOption,
    District,
    DistrictLevel,
    GeocodeStatus,
    LifePhase,
    Network,
    Offer,
    OfferStatus,
    OfferTranslation,
    Organization,
    Phone,
    Place,
    Role,
    Schedule,
    TranslationStatus,
    User,
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

    def offer(
        self,
        *,
        phases=("fruehe-kindheit",),
        categories=("familie",),
        places=None,
        schedule: str | None = None,
        cost: str | None = None,
        contact_email: str | None = None,
        contact_phone: str | None = None,
        **fields,
    ) -> Offer:
        """A published offer with the given phase and category codes, at the given places (default: a new one);
        ``schedule`` and ``cost`` are German text as partners write it, read into rules and options."""
        number = next(_numbers)
        fields = {
            "key": f"test-offer-{number}",
            "title": f"Testangebot {number}",
            "status": OfferStatus.PUBLISHED,
            **fields,
        }
        offer = Offer(**fields)
        offer.schedules = [schedule_row(rule, index) for index, rule in enumerate(parse_schedule_text(schedule))]
        offer.cost_options = [
            CostOption(position=index, kind=CostKind(option.kind), amount=option.amount, amount_description=option.note)
            for index, option in enumerate(parse_cost(cost, free=fields.get("is_free", False)))
        ]
        if contact_email or contact_phone:
            offer.contacts = [
                Contact(
                    email=contact_email, languages=[], phones=[Phone(number=contact_phone)] if contact_phone else []
                )
            ]
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

    def district(self, *, bounds=(6.95, 51.35, 6.96, 51.36), level=DistrictLevel.QUARTER, **fields) -> District:
        """A district with a square boundary (by default outside every real one)."""
        number = next(_numbers)
        fields = {
            "slug": f"test-district-{number}",
            "name": f"Testquartier {number}",
            "level": level,
            "source": "test",
            **fields,
        }
        district = District(geom=from_shape(MultiPolygon([box(*bounds)]), srid=4326), **fields)
        self.session.add(district)
        self.session.flush()
        return district

    def network(self, *, organizations=(), **fields) -> Network:
        """A network with the given member organizations."""
        number = next(_numbers)
        network = Network(**{"slug": f"test-network-{number}", "name": f"Testnetzwerk {number}", **fields})
        network.organizations = list(organizations)
        self.session.add(network)
        self.session.flush()
        return network

    def translation(
        self, offer: Offer, locale: str = "tr", *, status=TranslationStatus.HUMAN, **fields
    ) -> OfferTranslation:
        """A translation of an offer's title and description."""
        translation = OfferTranslation(
            locale=locale, status=status, **{"title": f"{offer.title} ({locale})", "description": "", **fields}
        )
        offer.translations.append(translation)
        self.session.flush()
        return translation

    def user(
        self,
        *,
        password: str = "correct horse battery staple",
        role: str | Role = Role.EDITOR,
        organization: Organization | None = None,
        **fields,
    ) -> User:
        """An account with a known password; an editor (the default) gets a new organisation unless one is given."""
        number = next(_numbers)
        role = Role(role)
        if organization is None and role is Role.EDITOR:
            organization = self.organization()
        user = User(**{"email": f"user{number}@example.org", "role": role, "organization": organization, **fields})
        user.set_password(password)
        self.session.add(user)
        self.session.flush()
        return user

    def schedule(self, owner, text: str) -> list[Schedule]:
        """Schedules read from German text, attached to an offer, an offer at a place, or a place."""
        rows = [schedule_row(rule, index) for index, rule in enumerate(parse_schedule_text(text))]
        (owner.opening_hours if isinstance(owner, Place) else owner.schedules).extend(rows)
        self.session.flush()
        return rows

    def change(self, record, action: str, changes: dict, *, at) -> ChangeLog:
        """A change-log row for an offer or network at a given time (``changes``: ``{field: [old, new]}``)."""
        entity = "network" if isinstance(record, Network) else "offer"
        entry = ChangeLog(
            entity=entity, entity_id=record.id, action=action, changes=changes, source="test", changed_at=at
        )
        self.session.add(entry)
        self.session.flush()
        return entry
