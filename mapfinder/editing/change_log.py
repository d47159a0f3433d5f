"""Recording who changed which fields, old → new, in the change log (history, freshness, newsletter)."""

from ..extensions import db
from ..models import ChangeLog, Offer
from ..schedules import to_rrule


def offer_snapshot(offer: Offer) -> dict:
    """The fields of an offer a reader sees, as JSON values, for comparing before and after a write."""
    return {
        "title": offer.title,
        "description": offer.description,
        "status": offer.status.value if offer.status else None,
        "phases": sorted(phase.code for phase in offer.phases),
        "categories": sorted(category.code for category in offer.categories),
        "places": sorted(place.key for place in offer.places),
        "organization": offer.organization.key if offer.organization else None,
        "min_age": offer.min_age,
        "max_age": offer.max_age,
        "languages": list(offer.languages or []),
        "schedules": [_schedule_text(schedule) for schedule in offer.schedules],
        "costs": [
            [cost.kind.value, str(cost.amount) if cost.amount is not None else None, cost.amount_description]
            for cost in offer.cost_options
        ],
        "registration": [
            offer.registration_kind.value if offer.registration_kind else None,
            offer.registration_note,
            offer.registration_url,
            offer.registration_phone,
        ],
        "contacts": [[contact.email, [phone.number for phone in contact.phones]] for contact in offer.contacts],
        "website": offer.website,
        "starts_on": offer.starts_on.isoformat() if offer.starts_on else None,
        "ends_on": offer.ends_on.isoformat() if offer.ends_on else None,
    }


def _schedule_text(schedule) -> str:
    hours = "–".join(f"{moment:%H:%M}" for moment in (schedule.opens_at, schedule.closes_at) if moment)
    return " ".join(part for part in (to_rrule(schedule), hours, schedule.notes) if part)


def changed_fields(before: dict, after: dict) -> dict:
    """``{field: [old, new]}`` for every field whose value differs."""
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def record_change(entity: str, entity_id: int, action: str, before: dict, after: dict, actor) -> ChangeLog | None:
    """One change-log row, or none when an update changed nothing."""
    changes = changed_fields(before, after)
    if action == "update" and not changes:
        return None
    entry = ChangeLog(
        entity=entity, entity_id=entity_id, action=action, changes=changes, source=actor.source, user_id=actor.user_id
    )
    db.session.add(entry)
    return entry
