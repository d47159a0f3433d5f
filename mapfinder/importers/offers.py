"""Loads organizations and offers from the project's CSV data files (demo data uses the same format)."""
import logging
from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from ..models import Category, LifePhase, Offer, OfferStatus, Organization, Place
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
    """Upsert offers by key; every row is checked before any is written."""
    lookups = OfferLookups()
    rows = [offer_values(record, lookups) for record in csv_records(path)]
    for values in rows:
        upsert_offer(values, is_demo=is_demo)
    db.session.flush()
    return len(rows)


def offer_values(record: Record, lookups: OfferLookups) -> dict:
    """An offer row checked and turned into model values (phases, categories, places as rows)."""
    min_age, max_age = record.integer("min_age", required=False), record.integer("max_age", required=False)
    if min_age is not None and max_age is not None and min_age > max_age:
        raise record.fail("max_age", f"max_age {max_age} is below min_age {min_age}")
    organization = record.text("organization", required=False)
    if organization and organization not in lookups.organizations:
        raise record.fail("organization", f"unknown organization {organization!r}")
    return {
        "key": record.text("key"),
        "title": record.text("title"),
        "description": record.text("description", required=False) or "",
        "phases": [lookups.phases[c] for c in record.codes("phases", set(lookups.phases), required=True)],
        "categories": [lookups.categories[c] for c in record.codes("categories", set(lookups.categories), required=True)],
        "places": [lookups.places[c] for c in record.codes("places", set(lookups.places))],
        "organization": lookups.organizations.get(organization),
        "min_age": min_age,
        "max_age": max_age,
        "is_free": record.boolean("free", default=False),
        "cost": record.text("cost", required=False),
        "languages": record.language_codes("languages") or ["de"],
        "schedule": record.text("schedule", required=False),
        "registration": record.text("registration", required=False),
        "contact_email": record.text("contact_email", required=False),
        "contact_phone": record.text("contact_phone", required=False),
    }


def upsert_offer(values: dict, *, is_demo: bool) -> Offer:
    """Insert or update an offer by key, published."""
    offer = db.session.scalar(select(Offer).where(Offer.key == values["key"])) or Offer()
    for field, value in values.items():
        setattr(offer, field, value)
    offer.is_demo, offer.status = is_demo, OfferStatus.PUBLISHED
    db.session.add(offer)
    return offer
