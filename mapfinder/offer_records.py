"""An offer at a place as a plain record, the one input of the presenter.

Two sources make the same record: a row of the read model (``offer_search`` + its display document, for every
listing: no ORM objects, no per-row queries) and the ORM objects (for pages that show one offer). A test holds the
two equal, so a listing and an offer page cannot disagree.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

import orjson

from .models import CostKind, Offer, OfferAtPlace, Place, RegistrationKind, TranslationStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TranslationRecord:
    """One locale's title and description of an offer (what ``localized.localize`` reads)."""

    locale: str
    title: str
    description: str
    status: TranslationStatus


@dataclass(frozen=True)
class ScheduleRecord:
    """A schedule rule with the attributes the schedule formatter reads."""

    freq: str | None
    interval: int
    byday: str | None
    bymonthday: str | None
    opens_at: time | None
    closes_at: time | None
    dtstart: date | None
    until: date | None
    count: int | None
    valid_from: date | None
    valid_to: date | None
    notes: str | None


@dataclass(frozen=True)
class CostRecord:
    """One cost option."""

    kind: CostKind
    amount: Decimal | None
    currency: str
    amount_description: str | None


@dataclass(frozen=True)
class ContactRecord:
    """A contact with its phone numbers."""

    email: str | None
    phones: list[str]
    name: str | None
    role: str | None


@dataclass(frozen=True)
class OfferRecord:
    """Everything the presenter shows of one offer at one place, in every language; ``id`` is the OfferAtPlace's."""

    id: int
    offer_id: int
    place_id: int
    lon: float | None
    lat: float | None
    distance_m: float | None
    title: str
    description: str
    translations: list[TranslationRecord]
    place_name: str
    place_names: dict[str, str]
    address: str
    is_virtual: bool
    stadtteil_id: int | None
    phases: list[str]
    categories: list[str]
    min_age: int | None
    max_age: int | None
    free: bool
    barrier_free: str
    languages: list[str]
    schedules: list[ScheduleRecord]
    costs: list[CostRecord]
    contacts: list[ContactRecord]
    registration_kind: RegistrationKind | None
    registration_url: str | None
    registration_phone: str | None
    registration_note: str | None
    website: str | None
    note: str | None
    is_demo: bool
    # Set by the ORM source only: (slug, name in each locale) of the Stadtteil; the read model names it by id.
    district_names: dict[str, str] = field(default_factory=dict)
    district_slug: str | None = None


def record_from_search(row) -> OfferRecord:
    """A read-model row (``offer_search`` columns, ``lon``, ``lat``, ``distance_m`` and ``doc``, its JSON text) as a
    record."""
    doc = orjson.loads(row.doc) if isinstance(row.doc, str) else row.doc
    return OfferRecord(
        id=row.id,
        offer_id=row.offer_id,
        place_id=row.place_id,
        lon=row.lon,
        lat=row.lat,
        distance_m=None if row.distance_m is None else float(row.distance_m),
        title=doc["title"],
        description=doc["description"] or "",
        translations=[
            TranslationRecord(t["locale"], t["title"], t["description"] or "", TranslationStatus(t["status"]))
            for t in doc["translations"]
        ],
        place_name=doc["place_name"],
        place_names=doc["place_names"],
        address=_address(doc["location_type"], doc["street"], doc["postcode"], doc["city"]),
        is_virtual=doc["location_type"] == "virtual",
        stadtteil_id=row.stadtteil_id,
        phases=list(row.phases),
        categories=list(row.categories),
        min_age=row.min_age,
        max_age=row.max_age,
        free=row.is_free,
        barrier_free=row.barrier_free,
        languages=list(doc["languages"] or []),
        schedules=[_schedule(item) for item in doc["schedules"]],
        costs=[
            CostRecord(
                CostKind(item["kind"]),
                None if item["amount"] is None else Decimal(str(item["amount"])),
                item["currency"],
                item["amount_description"],
            )
            for item in doc["costs"]
        ],
        contacts=[ContactRecord(item["email"], item["phones"], item["name"], item["role"]) for item in doc["contacts"]],
        registration_kind=RegistrationKind(doc["registration_kind"]) if doc["registration_kind"] else None,
        registration_url=doc["registration_url"],
        registration_phone=doc["registration_phone"],
        registration_note=doc["registration_note"],
        website=doc["website"],
        note=doc["note"],
        is_demo=row.is_demo,
    )


def _address(location_type: str, street: str | None, postcode: str | None, city: str | None) -> str:
    """The postal address in one line (``Place.address`` for plain values)."""
    if location_type == "virtual":
        return ""
    return ", ".join(part for part in (street, f"{postcode or ''} {city or ''}".strip()) if part)


def _schedule(item: dict) -> ScheduleRecord:
    return ScheduleRecord(
        freq=item["freq"],
        interval=item["interval"] or 1,
        byday=item["byday"],
        bymonthday=item["bymonthday"],
        opens_at=_time(item["opens_at"]),
        closes_at=_time(item["closes_at"]),
        dtstart=_date(item["dtstart"]),
        until=_date(item["until"]),
        count=item["count"],
        valid_from=_date(item["valid_from"]),
        valid_to=_date(item["valid_to"]),
        notes=item["notes"],
    )


def _time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def record_from_models(row, offer: Offer, place: Place, at_place: OfferAtPlace | None) -> OfferRecord:
    """The same record from loaded ORM objects (``row`` gives id, lon, lat and distance)."""
    schedules = at_place.schedules if at_place and at_place.schedules else offer.schedules
    contacts = at_place.contacts if at_place and at_place.contacts else offer.contacts
    stadtteil = place.stadtteil
    return OfferRecord(
        id=row.id,
        offer_id=offer.id,
        place_id=place.id,
        lon=row.lon,
        lat=row.lat,
        distance_m=row.distance_m,
        title=offer.title,
        description=offer.description or "",
        translations=[TranslationRecord(t.locale, t.title, t.description or "", t.status) for t in offer.translations],
        place_name=place.name,
        place_names={t.locale: t.name for t in place.translations},
        address=place.address,
        is_virtual=place.location_type.value == "virtual",
        stadtteil_id=place.stadtteil_id,
        phases=[phase.code for phase in offer.phases],
        categories=[category.code for category in offer.categories],
        min_age=offer.min_age,
        max_age=offer.max_age,
        free=offer.is_free,
        barrier_free=place.barrier_free.value,
        languages=list(offer.languages or []),
        schedules=[_schedule_of(item) for item in schedules],
        costs=[
            CostRecord(item.kind, item.amount, item.currency, item.amount_description) for item in offer.cost_options
        ],
        contacts=[
            ContactRecord(item.email, [phone.number for phone in item.phones], item.name, item.role)
            for item in contacts
        ],
        registration_kind=offer.registration_kind,
        registration_url=offer.registration_url,
        registration_phone=offer.registration_phone,
        registration_note=offer.registration_note,
        website=offer.website,
        note=at_place.note if at_place else None,
        is_demo=offer.is_demo,
        district_names={"de": stadtteil.name, **{t.locale: t.name for t in stadtteil.translations}}
        if stadtteil
        else {},
        district_slug=stadtteil.slug if stadtteil else None,
    )


def _schedule_of(item) -> ScheduleRecord:
    return ScheduleRecord(
        freq=item.freq.value if item.freq else None,
        interval=item.interval or 1,
        byday=item.byday,
        bymonthday=item.bymonthday,
        opens_at=item.opens_at,
        closes_at=item.closes_at,
        dtstart=item.dtstart,
        until=item.until,
        count=item.count,
        valid_from=item.valid_from,
        valid_to=item.valid_to,
        notes=item.notes,
    )
