"""Loads organizations and offers from the project's CSV data files (demo data uses the same format)."""

import logging
from pathlib import Path

from sqlalchemy import select

from ..editing import Actor, OfferInput, save_offer
from ..editing.german_text import parse_cost, parse_registration
from ..editing.service import ContactInput
from ..extensions import db
from ..models import Category, LifePhase, LocationType, Offer, OfferStatus, Organization, Place
from ..schedules import parse_schedule_text
from .records import Record, csv_records

logger = logging.getLogger(__name__)


def load_organizations(path: Path, *, is_demo: bool) -> int:
    """Upsert organizations by key; an organization of the base data never becomes demo data."""
    rows = [(record.text("key"), record) for record in csv_records(path)]
    for key, record in rows:
        organization = db.session.scalar(select(Organization).where(Organization.key == key))
        if organization is not None and is_demo and not organization.is_demo:
            continue  # demo data never overwrites an organization of the base data
        organization = organization or Organization(key=key, is_demo=is_demo)
        organization.is_demo = organization.is_demo and is_demo
        organization.name, organization.kind = record.text("name"), record.text("kind", required=False)
        organization.website = record.url("website")
        db.session.add(organization)
    db.session.flush()
    return len(rows)


class OfferLookups:
    """Code → row maps an offer file's references are checked against."""

    def __init__(self) -> None:
        self.phases = {row.code: row for row in db.session.scalars(select(LifePhase))}
        self.categories = {row.code: row for row in db.session.scalars(select(Category))}
        self.places = {row.key: row for row in db.session.scalars(select(Place))}
        self.organizations = {row.key: row for row in db.session.scalars(select(Organization))}


def load_offer_file(path: Path, *, is_demo: bool) -> int:
    """Upsert offers by key, published (the city's own data); every row is checked before any is written."""
    lookups = OfferLookups()
    rows = [offer_values(record, lookups) for record in csv_records(path)]
    actor = Actor(source=f"data file {path.name}")
    for values in rows:
        values.is_demo = is_demo
        upsert_offer(values, actor=actor, new_status=OfferStatus.PUBLISHED)
    db.session.flush()
    return len(rows)


def offer_values(record: Record, lookups: OfferLookups) -> OfferInput:
    """An offer row checked and turned into the write service's input (phases, categories, places as rows)."""
    min_age, max_age = record.integer("min_age", required=False), record.integer("max_age", required=False)
    if min_age is not None and max_age is not None and min_age > max_age:
        raise record.fail("max_age", f"max_age {max_age} is below min_age {min_age}")
    organization = record.text("organization", required=False)
    if organization and organization not in lookups.organizations:
        raise record.fail("organization", f"unknown organization {organization!r}")
    registration = parse_registration(record.text("registration", required=False))
    email, phone = record.text("contact_email", required=False), record.text("contact_phone", required=False)
    return OfferInput(
        key=record.text("key"),
        title=record.text("title"),
        description=record.text("description", required=False) or "",
        phases=[lookups.phases[c] for c in record.codes("phases", set(lookups.phases), required=True)],
        categories=[lookups.categories[c] for c in record.codes("categories", set(lookups.categories), required=True)],
        places=[lookups.places[c] for c in record.codes("places", set(lookups.places))],
        organization=lookups.organizations.get(organization),
        min_age=min_age,
        max_age=max_age,
        costs=parse_cost(record.text("cost", required=False), free=record.boolean("free", default=False)),
        languages=record.language_codes("languages") or ["de"],
        schedules=parse_schedule_text(record.text("schedule", required=False)),
        registration_kind=registration.kind if registration else None,
        registration_note=registration.note if registration else None,
        registration_url=record.text("registration_url", required=False),
        registration_phone=record.text("registration_phone", required=False),
        contacts=[ContactInput(email=email, phones=(phone,) if phone else ())] if email or phone else [],
        website=record.url("website"),
    )


def upsert_offer(values: OfferInput, *, actor: Actor, new_status: OfferStatus) -> Offer:
    """Insert (with ``new_status``) or update an offer by key; an existing offer keeps its editorial status, so a
    re-import never republishes an offer an editor archived. An offer without a place gets its organization's
    virtual (online) place."""
    offer = db.session.scalar(select(Offer).where(Offer.key == values.key))
    if not values.places:
        values.places = [online_place(values.organization)]
    return save_offer(values, actor=actor, offer=offer, new_status=new_status)


def online_place(organization: Organization | None) -> Place:
    """The virtual place of an organization's online offers (no address, no point), made on first use."""
    key = f"online-{organization.id if organization else 'ohne-traeger'}"
    place = db.session.scalar(select(Place).where(Place.key == key))
    if place is None:
        place = Place(
            key=key,
            name="Online",
            kind="online",
            location_type=LocationType.VIRTUAL,
            city="",
            organization=organization,
            languages=[],
        )
        db.session.add(place)
        db.session.flush()
    return place
