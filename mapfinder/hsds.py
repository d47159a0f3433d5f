"""Open Referral HSDS 3.0: offers as services, their places as service_at_locations → locations, providers as
organizations, life phases and categories as two taxonomies. Only visible offers (``search.visible_offer``).

Ids are stable UUIDs (``hsds_ids.py``); the list filters of the API reference are in ``hsds_filters.py``. German is
the source language of every text (``language`` of the taxonomy terms says so).
"""

import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import current_app
from geoalchemy2.shape import to_shape
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from .extensions import db
from .hsds_filters import HsdsFilters, location_conditions, service_conditions
from .hsds_ids import NAMESPACE, TAXONOMIES, id_of, taxonomy_of, uid
from .i18n import language_name
from .models import Category, Contact, LifePhase, Offer, OfferAtPlace, Organization, Place, Schedule
from .search import visible_offer

logger = logging.getLogger(__name__)

__all__ = ["NAMESPACE", "TAXONOMIES", "HsdsFilters", "uid"]

MAX_PER_PAGE = 1000


@dataclass(frozen=True)
class Page:
    """HSDS's Page object around one page of ``contents``."""

    contents: list[dict]
    total_items: int
    page_number: int
    per_page: int

    def as_dict(self) -> dict:
        total_pages = max(1, math.ceil(self.total_items / self.per_page))
        return {
            "total_items": self.total_items,
            "total_pages": total_pages,
            "page_number": self.page_number,
            "size": len(self.contents),
            "first_page": self.page_number == 1,
            "last_page": self.page_number >= total_pages,
            "empty": not self.contents,
            "contents": self.contents,
        }


def _clean(record: dict) -> dict:
    """HSDS types have no null: a missing value is left out."""
    return {key: value for key, value in record.items() if value is not None}


# ---- reading ---------------------------------------------------------------------------------------------------


def _service_options():
    at_place = selectinload(Offer.at_places)
    place = at_place.selectinload(OfferAtPlace.place)
    return (
        selectinload(Offer.phases),
        selectinload(Offer.categories),
        selectinload(Offer.organization),
        selectinload(Offer.schedules),
        selectinload(Offer.cost_options),
        selectinload(Offer.contacts).selectinload(Contact.phones),
        at_place.selectinload(OfferAtPlace.schedules),
        at_place.selectinload(OfferAtPlace.contacts).selectinload(Contact.phones),
        place,
    )


def _visible_offers(*, organization_id: int | None = None) -> Select:
    query = select(Offer).where(visible_offer())
    if organization_id is not None:
        query = query.where(Offer.organization_id == organization_id)
    return query


def _page(query: Select, order, page: int, per_page: int, present: Callable, options=()) -> Page:
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.options(*options).order_by(order).limit(per_page).offset((page - 1) * per_page))
    return Page([present(row) for row in rows], total, page, per_page)


def services(*, page: int = 1, per_page: int = 50, filters: HsdsFilters | None = None, full: bool = False) -> Page:
    """One page of services (one-to-one fields, or fully nested with ``full``) matching ``filters``."""
    query = _visible_offers().where(*service_conditions(filters or HsdsFilters()))
    return _page(query, Offer.id, page, per_page, lambda offer: service_record(offer, full=full), _service_options())


def find_service(service_id: str) -> dict | None:
    """One fully nested service by its UUID, or None."""
    offer_id = id_of(service_id, "service", select(Offer.id).where(visible_offer()))
    if offer_id is None:
        return None
    offer = db.session.scalar(select(Offer).where(Offer.id == offer_id).options(*_service_options()))
    return service_record(offer, full=True)


def organizations(*, page: int = 1, per_page: int = 50, search: str | None = None) -> Page:
    """One page of organizations; ``search``: every word in the name or description."""
    query = select(Organization)
    for word in (search or "").split():
        query = query.where(
            Organization.name.icontains(word, autoescape=True)
            | Organization.description.icontains(word, autoescape=True)
        )
    return _page(query, Organization.id, page, per_page, organization_record)


def find_organization(organization_id: str) -> dict | None:
    """One organization with its services (one-to-one fields), or None."""
    organization = _by_uuid(Organization, "organization", organization_id)
    if organization is None:
        return None
    record = organization_record(organization)
    offers = db.session.scalars(_visible_offers(organization_id=organization.id).order_by(Offer.id))
    record["services"] = [service_record(offer, full=False) for offer in offers]
    return record


def _at_places() -> Select:
    return (
        select(OfferAtPlace)
        .join(Offer, Offer.id == OfferAtPlace.offer_id)
        .join(Place, Place.id == OfferAtPlace.place_id)
        .where(visible_offer())
    )


def _at_place_options():
    return (
        selectinload(OfferAtPlace.place),
        selectinload(OfferAtPlace.schedules),
        selectinload(OfferAtPlace.contacts).selectinload(Contact.phones),
    )


def service_at_locations(*, page: int = 1, per_page: int = 50, filters: HsdsFilters | None = None) -> Page:
    """One page of service_at_locations matching ``filters``, each with its location."""
    query = _at_places().where(*location_conditions(filters or HsdsFilters()))
    return _page(query, OfferAtPlace.id, page, per_page, service_at_location_record, _at_place_options())


def find_service_at_location(record_id: str) -> dict | None:
    """One service_at_location by its UUID, or None."""
    row_id = id_of(record_id, "service_at_location", _at_places().with_only_columns(OfferAtPlace.id))
    if row_id is None:
        return None
    at_place = db.session.scalar(select(OfferAtPlace).where(OfferAtPlace.id == row_id).options(*_at_place_options()))
    return service_at_location_record(at_place)


def taxonomies() -> Page:
    """The two taxonomies: life phases and categories."""
    records = [taxonomy_record(entity) for entity in TAXONOMIES]
    return Page(records, len(records), 1, max(1, len(records)))


def taxonomy_terms(
    *, page: int = 1, per_page: int = 50, search: str | None = None, taxonomy_id: str | None = None
) -> Page:
    """The life phases and categories as taxonomy terms, optionally of one taxonomy and with every word of
    ``search`` in the name or code. No term has a parent."""
    terms = all_terms()
    if taxonomy_id:
        entity = taxonomy_of(taxonomy_id)
        terms = [term for term in terms if entity and term["taxonomy_id"] == uid("taxonomy", entity)]
    for word in (search or "").casefold().split():
        terms = [term for term in terms if word in term["name"].casefold() or word in term["code"]]
    start = (page - 1) * per_page
    return Page(terms[start : start + per_page], len(terms), page, per_page)


def all_terms() -> list[dict]:
    """Every taxonomy term, phases first."""
    phases = db.session.scalars(
        select(LifePhase).options(selectinload(LifePhase.translations)).order_by(LifePhase.position)
    )
    categories = db.session.scalars(
        select(Category).options(selectinload(Category.translations)).order_by(Category.position)
    )
    return [term_record("phase", item) for item in phases] + [term_record("category", item) for item in categories]


def _by_uuid(model, entity: str, record_id: str):
    found = id_of(record_id, entity, select(model.id))
    return db.session.get(model, found) if found is not None else None


# ---- records ---------------------------------------------------------------------------------------------------


def service_record(offer: Offer, *, full: bool) -> dict:
    """An offer as an HSDS service; ``full`` nests locations, schedules, contacts, costs, languages, terms."""
    service_id = uid("service", offer.id)
    record = _clean(
        {
            "id": service_id,
            "name": offer.title,
            "description": offer.description or None,
            "status": "active",
            "organization_id": uid("organization", offer.organization_id) if offer.organization_id else None,
            "url": offer.website or None,
            "minimum_age": offer.min_age,
            "maximum_age": offer.max_age,
            "application_process": offer.registration_note or None,
            "last_modified": offer.updated_at.isoformat() if offer.updated_at else None,
        }
    )
    if full:
        record.update(
            {
                "organization": organization_record(offer.organization) if offer.organization else None,
                "service_at_locations": [service_at_location_record(at_place) for at_place in offer.at_places],
                "schedules": [schedule_record(schedule, service_id=service_id) for schedule in offer.schedules],
                "contacts": [contact_record(contact, service_id=service_id) for contact in offer.contacts],
                "cost_options": [cost_record(option, service_id) for option in offer.cost_options],
                "languages": [language_record(code, service_id=service_id) for code in offer.languages or []],
                "attributes": [
                    attribute_record(service_id, entity, item)
                    for entity, items in (("phase", offer.phases), ("category", offer.categories))
                    for item in items
                ],
                "phones": [],
                "service_areas": [],
                "funding": [],
                "required_documents": [],
                "metadata": [],
            }
        )
        record = _clean(record)
    return record


def organization_record(organization: Organization) -> dict:
    """A provider as an HSDS organization."""
    return _clean(
        {
            "id": uid("organization", organization.id),
            "name": organization.name,
            "description": organization.description or organization.name,
            "email": organization.email or None,
            "website": organization.website or None,
        }
    )


def service_at_location_record(at_place: OfferAtPlace) -> dict:
    """An offer at one place, with the place as its location."""
    record_id = uid("service_at_location", at_place.id)
    return _clean(
        {
            "id": record_id,
            "service_id": uid("service", at_place.offer_id),
            "location_id": uid("location", at_place.place_id),
            "description": at_place.note or None,
            "schedules": [schedule_record(item, service_at_location_id=record_id) for item in at_place.schedules],
            "contacts": [contact_record(item, service_at_location_id=record_id) for item in at_place.contacts],
            "location": location_record(at_place.place),
        }
    )


def location_record(place: Place) -> dict:
    """A place as an HSDS location (a virtual one for online offers), with its address."""
    location_id = uid("location", place.id)
    virtual = place.location_type.value == "virtual"
    record = {
        "id": location_id,
        "location_type": "virtual" if virtual else "physical",
        "name": place.name,
        "url": place.website or None,
        "languages": [language_record(code, location_id=location_id) for code in place.languages or []],
        "addresses": [] if virtual or not place.street else [address_record(place, location_id)],
    }
    record.update(_coordinates(place))
    return _clean(record)


def _coordinates(place: Place) -> dict:
    if place.geom is None:
        return {}
    shape = to_shape(place.geom)
    return {"latitude": round(shape.y, 6), "longitude": round(shape.x, 6)}


def address_record(place: Place, location_id: str) -> dict:
    """The place's street address."""
    return {
        "id": uid("address", place.id),
        "location_id": location_id,
        "address_1": place.street,
        "city": place.city or "",
        "state_province": current_app.config.get("HSDS_STATE_PROVINCE", ""),
        "postal_code": place.postcode or "",
        "country": current_app.config.get("HSDS_COUNTRY", "DE"),
        "address_type": "physical",
    }


def schedule_record(schedule: Schedule, **owner: str) -> dict:
    """A schedule row as HSDS iCal fields."""
    return _clean(
        {
            "id": uid("schedule", schedule.id),
            **owner,
            "freq": schedule.freq.value if schedule.freq else None,
            "interval": schedule.interval if schedule.freq else None,
            "byday": schedule.byday or None,
            "bymonthday": schedule.bymonthday or None,
            "opens_at": _time(schedule.opens_at),
            "closes_at": _time(schedule.closes_at),
            "dtstart": _date(schedule.dtstart),
            "until": _date(schedule.until),
            "count": schedule.count,
            "valid_from": _date(schedule.valid_from),
            "valid_to": _date(schedule.valid_to),
            "notes": schedule.notes or None,
        }
    )


def contact_record(contact: Contact, **owner: str) -> dict:
    """A contact with its phones."""
    contact_id = uid("contact", contact.id)
    return _clean(
        {
            "id": contact_id,
            **owner,
            "name": contact.name or None,
            "title": contact.role or None,
            "email": contact.email or None,
            "phones": [
                _clean(
                    {
                        "id": uid("phone", phone.id),
                        "contact_id": contact_id,
                        "number": phone.number,
                        "type": phone.kind.value,
                        "description": phone.description or None,
                    }
                )
                for phone in contact.phones
            ],
        }
    )


def cost_record(option, service_id: str) -> dict:
    """A cost option (``option`` is free / fee / reduced)."""
    return _clean(
        {
            "id": uid("cost_option", option.id),
            "service_id": service_id,
            "option": option.kind.value,
            "amount": float(option.amount) if option.amount is not None else None,
            "currency": option.currency if option.amount is not None else None,
            "amount_description": option.amount_description or None,
        }
    )


def language_record(code: str, **owner: str) -> dict:
    """A language by its ISO 639-1 code, named in itself."""
    owner_key = next(iter(owner.values()), "")
    return {"id": uid("language", f"{owner_key}:{code}"), **owner, "code": code, "name": _language_name(code)}


def _language_name(code: str) -> str:
    try:
        return language_name(code)
    except ValueError:
        return code


def attribute_record(service_id: str, entity: str, item) -> dict:
    """The link of a service to one taxonomy term (a life phase or a category)."""
    term = term_record(entity, item)
    return {
        "id": uid("attribute", f"{service_id}:{term['id']}"),
        "link_id": service_id,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def taxonomy_record(entity: str) -> dict:
    """One of the two taxonomies."""
    name, description = TAXONOMIES[entity]
    return {"id": uid("taxonomy", entity), "name": name, "description": description}


def term_record(entity: str, item) -> dict:
    """A life phase or category as a taxonomy term (German label, the source language)."""
    label = next((t.label for t in item.translations if t.locale == "de"), item.code)
    return {
        "id": uid(entity, item.id),
        "code": item.code,
        "name": label,
        "description": label,
        "taxonomy": TAXONOMIES[entity][0],
        "taxonomy_id": uid("taxonomy", entity),
        "language": "de",
    }


def _time(value) -> str | None:
    return value.strftime("%H:%M") if value else None


def _date(value) -> str | None:
    return value.isoformat() if value else None


def export_records() -> Iterable[tuple[str, list[dict]]]:
    """Everything, for files: (name, records) per HSDS object list, services fully nested."""
    offers = db.session.scalars(_visible_offers().options(*_service_options()).order_by(Offer.id))
    yield "services", [service_record(offer, full=True) for offer in offers]
    yield (
        "organizations",
        [organization_record(item) for item in db.session.scalars(select(Organization).order_by(Organization.id))],
    )
    at_places = db.session.scalars(_at_places().options(*_at_place_options()).order_by(OfferAtPlace.id))
    yield "service_at_locations", [service_at_location_record(item) for item in at_places]
    yield "taxonomies", [taxonomy_record(entity) for entity in TAXONOMIES]
    yield "taxonomy_terms", all_terms()
