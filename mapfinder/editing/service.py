"""Create, update, publish and archive offers; one function per decision, each recording what changed."""

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..extensions import db
from ..models import (
    Category,
    Contact,
    CostKind,
    CostOption,
    Frequency,
    LifePhase,
    Offer,
    OfferAtPlace,
    OfferStatus,
    Organization,
    Phone,
    Place,
    RegistrationKind,
    Schedule,
)
from ..models.base import utcnow
from ..schedules import ScheduleRule
from .change_log import offer_snapshot, record_change
from .german_text import CostValues
from .validation import Checks

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Actor:
    """Who writes: a user (id) or a system source such as ``csv:offers.csv``."""

    source: str
    user_id: int | None = None


@dataclass(frozen=True)
class ContactInput:
    """A contact of an offer: name, role, e-mail and phone numbers."""

    email: str | None = None
    phones: tuple[str, ...] = ()
    name: str | None = None
    role: str | None = None


@dataclass
class OfferInput:
    """Every field of an offer a writer can set; records (phases, places…) already looked up."""

    title: str
    phases: list[LifePhase]
    categories: list[Category]
    places: list[Place]
    key: str | None = None
    description: str = ""
    organization: Organization | None = None
    min_age: int | None = None
    max_age: int | None = None
    languages: list[str] = field(default_factory=lambda: ["de"])
    schedules: list[ScheduleRule] = field(default_factory=list)
    costs: list[CostValues] = field(default_factory=list)
    registration_kind: str | None = None
    registration_note: str | None = None
    registration_url: str | None = None
    registration_phone: str | None = None
    contacts: list[ContactInput] = field(default_factory=list)
    website: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    is_demo: bool = False


def validate_offer(values: OfferInput) -> None:
    """Raise ``ValidationError`` with every broken rule of the input."""
    checks = Checks()
    checks.text("title", values.title, required=True)
    checks.text("description", values.description, max_length=10_000)
    checks.not_empty("phases", values.phases)
    checks.not_empty("categories", values.categories)
    checks.ages(values.min_age, values.max_age)
    checks.languages("languages", values.languages)
    checks.url("website", values.website)
    checks.url("registration_url", values.registration_url)
    for contact in values.contacts:
        checks.email("contacts", contact.email)
    checks.raise_if_any()


def save_offer(
    values: OfferInput, *, actor: Actor, offer: Offer | None = None, new_status: OfferStatus = OfferStatus.DRAFT
) -> Offer:
    """Create (with ``new_status``) or update an offer; an existing offer keeps its status (never republished)."""
    validate_offer(values)
    created = offer is None
    offer = offer or Offer(status=new_status)
    before = {} if created else offer_snapshot(offer)
    _apply_fields(offer, values)
    # Every save is a confirmation that the offer is right as it stands (freshness).
    offer.verified_at, offer.verified_by_id = utcnow(), actor.user_id
    db.session.add(offer)
    db.session.flush()
    record_change("offer", offer.id, "create" if created else "update", before, offer_snapshot(offer), actor)
    return offer


def _apply_fields(offer: Offer, values: OfferInput) -> None:
    for name in (
        "key",
        "title",
        "description",
        "organization",
        "min_age",
        "max_age",
        "languages",
        "website",
        "registration_note",
        "registration_url",
        "registration_phone",
        "starts_on",
        "ends_on",
        "is_demo",
    ):
        value = getattr(values, name)
        if name != "key" or value:
            setattr(offer, name, value)
    offer.registration_kind = RegistrationKind(values.registration_kind) if values.registration_kind else None
    offer.phases, offer.categories = list(values.phases), list(values.categories)
    set_places(offer, values.places)
    offer.schedules = [schedule_row(rule, position) for position, rule in enumerate(values.schedules)]
    offer.cost_options = [_cost_row(cost, position) for position, cost in enumerate(values.costs)]
    # Free when the first option is: "free, with BuT reduced" reads as free; a fee first is not.
    offer.is_free = bool(values.costs) and values.costs[0].kind == "free"
    offer.contacts = [_contact_row(contact, position) for position, contact in enumerate(values.contacts)]


def set_places(offer: Offer, places: list[Place]) -> None:
    """The offer's places; an OfferAtPlace whose place stays keeps its id, schedules and contacts."""
    kept = {at_place.place_id: at_place for at_place in offer.at_places if at_place.place_id is not None}
    by_object = {id(at_place.place): at_place for at_place in offer.at_places}
    wanted = list(dict.fromkeys(places))
    offer.at_places = [kept.get(place.id) or by_object.get(id(place)) or OfferAtPlace(place=place) for place in wanted]


def schedule_row(rule: ScheduleRule, position: int) -> Schedule:
    """A Schedule row from a parsed or entered rule."""
    return Schedule(
        position=position,
        freq=Frequency(rule.freq) if rule.freq else None,
        interval=rule.interval or 1,
        byday=",".join(rule.byday) or None,
        opens_at=rule.opens_at,
        closes_at=rule.closes_at,
        notes=rule.notes,
    )


def _cost_row(cost: CostValues, position: int) -> CostOption:
    amount = Decimal(cost.amount) if cost.amount is not None else None
    return CostOption(position=position, kind=CostKind(cost.kind), amount=amount, amount_description=cost.note)


def _contact_row(contact: ContactInput, position: int) -> Contact:
    return Contact(
        position=position,
        email=contact.email,
        name=contact.name,
        role=contact.role,
        languages=[],
        phones=[Phone(position=index, number=number) for index, number in enumerate(contact.phones)],
    )


def publish_offer(offer: Offer, *, actor: Actor) -> None:
    """Make an offer visible to readers."""
    _set_status(offer, OfferStatus.PUBLISHED, "publish", actor)


def archive_offer(offer: Offer, *, actor: Actor) -> None:
    """Withdraw an offer from readers; it stays in the database, and no re-import publishes it again."""
    _set_status(offer, OfferStatus.ARCHIVED, "archive", actor)


def _set_status(offer: Offer, status: OfferStatus, action: str, actor: Actor) -> None:
    before = offer.status.value
    offer.status = status
    db.session.flush()
    record_change("offer", offer.id, action, {"status": before}, {"status": status.value}, actor)
