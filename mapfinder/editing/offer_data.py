"""An offer as the editing form sees it: a plain JSON-ready dict (``data``) that a pending revision stores, the
history restores and the form shows; turned into an ``OfferInput`` by looking its codes and ids up."""

from datetime import date, time
from decimal import Decimal

from sqlalchemy import select

from ..extensions import db
from ..i18n import _
from ..models import Category, Frequency, LifePhase, Offer, Organization, Place
from ..schedules import ScheduleRule
from .german_text import CostValues
from .service import ContactInput, OfferInput
from .validation import Checks

# How often a schedule row repeats: weekly, every other week, or the n-th weekday of a month (-1: the last).
RHYTHMS = ("weekly", "biweekly", "monthly-1", "monthly-2", "monthly-3", "monthly-4", "monthly--1")
TEXT_FIELDS = (
    "title",
    "description",
    "registration_kind",
    "registration_note",
    "registration_url",
    "registration_phone",
    "website",
)


def empty_data() -> dict:
    """The data of a new offer."""
    return {
        "title": "",
        "description": "",
        "organization": None,
        "phases": [],
        "categories": [],
        "min_age": None,
        "max_age": None,
        "languages": ["de"],
        "places": [],
        "schedules": [],
        "costs": [],
        "contacts": [],
        "registration_kind": None,
        "registration_note": None,
        "registration_url": None,
        "registration_phone": None,
        "website": None,
        "starts_on": None,
        "ends_on": None,
    }


def data_from_offer(offer: Offer) -> dict:
    """The offer's current fields as form data."""
    data = {name: getattr(offer, name) for name in TEXT_FIELDS}
    data.update(
        registration_kind=offer.registration_kind.value if offer.registration_kind else None,
        organization=offer.organization.key if offer.organization else None,
        phases=sorted(phase.code for phase in offer.phases),
        categories=sorted(category.code for category in offer.categories),
        min_age=offer.min_age,
        max_age=offer.max_age,
        languages=list(offer.languages or []),
        places=[at_place.place_id for at_place in offer.at_places],
        schedules=[_schedule_data(schedule) for schedule in offer.schedules],
        costs=[
            {
                "kind": cost.kind.value,
                "amount": str(cost.amount) if cost.amount is not None else None,
                "note": cost.amount_description,
            }
            for cost in offer.cost_options
        ],
        contacts=[
            {
                "name": contact.name,
                "role": contact.role,
                "email": contact.email,
                "phones": [phone.number for phone in contact.phones],
            }
            for contact in offer.contacts
        ],
        starts_on=offer.starts_on.isoformat() if offer.starts_on else None,
        ends_on=offer.ends_on.isoformat() if offer.ends_on else None,
    )
    return data


def _schedule_data(schedule) -> dict:
    days, rhythm = schedule.days, "weekly"
    if schedule.freq is Frequency.MONTHLY and days:
        ordinal = days[0][:-2] or "1"
        rhythm, days = f"monthly-{ordinal}", [day[-2:] for day in days]
    elif schedule.interval == 2:
        rhythm = "biweekly"
    return {
        "rhythm": rhythm,
        "days": days,
        "opens": _clock(schedule.opens_at),
        "closes": _clock(schedule.closes_at),
        "note": schedule.notes,
    }


def _clock(moment: time | None) -> str | None:
    return f"{moment:%H:%M}" if moment else None


def input_from_data(data: dict) -> OfferInput:
    """The write service's input for form data; unknown codes or places raise ``ValidationError``."""
    checks = Checks()
    values = OfferInput(
        title=data.get("title") or "",
        description=data.get("description") or "",
        phases=_lookup(LifePhase, LifePhase.code, data.get("phases"), "phases", checks),
        categories=_lookup(Category, Category.code, data.get("categories"), "categories", checks),
        places=_lookup(Place, Place.id, data.get("places"), "places", checks),
        organization=_organization(data.get("organization"), checks),
        min_age=data.get("min_age"),
        max_age=data.get("max_age"),
        languages=list(data.get("languages") or []),
        schedules=[schedule_rule(row) for row in data.get("schedules") or []],
        costs=[
            CostValues(row["kind"], Decimal(row["amount"]) if row.get("amount") else None, row.get("note") or None)
            for row in data.get("costs") or []
        ],
        contacts=[
            ContactInput(
                email=row.get("email") or None,
                phones=tuple(row.get("phones") or ()),
                name=row.get("name") or None,
                role=row.get("role") or None,
            )
            for row in data.get("contacts") or []
        ],
        starts_on=_date(data.get("starts_on")),
        ends_on=_date(data.get("ends_on")),
        **{name: data.get(name) or None for name in TEXT_FIELDS if name not in ("title", "description")},
    )
    checks.raise_if_any()
    return values


def schedule_rule(row: dict) -> ScheduleRule:
    """A schedule row of the form as a rule (days as iCal codes; monthly days carry their ordinal)."""
    rhythm, days = row.get("rhythm") or "weekly", list(row.get("days") or [])
    freq = ("MONTHLY" if rhythm.startswith("monthly") else "WEEKLY") if days else None
    if rhythm.startswith("monthly"):
        days = [f"{rhythm.split('-', 1)[1]}{day}" for day in days]
    return ScheduleRule(
        freq=freq,
        byday=days,
        interval=2 if rhythm == "biweekly" else 1,
        opens_at=_time(row.get("opens")),
        closes_at=_time(row.get("closes")),
        notes=row.get("note") or None,
    )


def _lookup(model, column, wanted, field: str, checks: Checks) -> list:
    wanted = list(dict.fromkeys(wanted or []))
    if not wanted:
        return []
    found = {
        getattr(record, column.key): record for record in db.session.scalars(select(model).where(column.in_(wanted)))
    }
    missing = [str(value) for value in wanted if value not in found]
    if missing:
        checks.fail(field, _("Unbekannter Eintrag: %(values)s", values=", ".join(missing)))
    return [found[value] for value in wanted if value in found]


def _organization(key: str | None, checks: Checks) -> Organization | None:
    if not key:
        return None
    organization = db.session.scalar(select(Organization).where(Organization.key == key))
    if organization is None:
        checks.fail("organization", _("Unbekannter Eintrag: %(values)s", values=key))
    return organization


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None
