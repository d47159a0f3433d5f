"""View models of the editing pages: what the dashboard, the forms, the review screen and the history show."""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..catalog import city_outline
from ..extensions import db
from ..i18n import _, language_name, translated_label
from ..maps import add_outline, add_place_markers, base_map, render_parts
from ..models import (
    Category,
    ChangeLog,
    LifePhase,
    Offer,
    OfferRevision,
    OfferStatus,
    Organization,
    Place,
    RevisionState,
    User,
)
from ..schedules import format_schedules
from .forms import CONTACT_ROWS, COST_ROWS, SCHEDULE_ROWS
from .offer_data import data_from_offer, schedule_rule
from .translations import translation_status
from .workflow import pending_revision, proposed_changes

LANGUAGE_CHOICES = ("de", "en", "tr", "ar", "uk", "ru", "pl", "ro", "bg", "fa", "ku", "sq", "it", "es", "fr")


@dataclass
class OfferRow:
    """One line of the dashboard."""

    offer: Offer
    pending: bool
    translations: dict[str, str]


def translation_locales() -> list[str]:
    """Every interface language except German, the source."""
    return [code for code in current_app.config["LANGUAGES"] if code != "de"]


def dashboard(user: User, *, organization_key: str | None = None) -> dict:
    """An editor's organisation (a reviewer's chosen one): offers with status and translations, places, and what
    waits for review."""
    organization = user.organization
    if user.can_review and organization_key:
        organization = db.session.scalar(select(Organization).where(Organization.key == organization_key))
    offers = _offers_of(organization) if organization else []
    pending_ids = _pending_offer_ids()
    locales = translation_locales()
    return {
        "organization": organization,
        "organizations": organizations() if user.can_review else [],
        "offers": [OfferRow(offer, offer.id in pending_ids, translation_status(offer, locales)) for offer in offers],
        "places": _places_of(organization) if organization else [],
        "waiting": _waiting(None if user.can_review else organization, pending_ids),
        "locales": locales,
    }


def _offers_of(organization: Organization) -> list[Offer]:
    query = (
        select(Offer)
        .where(Offer.organization_id == organization.id)
        .order_by(Offer.title)
        .options(selectinload(Offer.translations))
    )
    return list(db.session.scalars(query))


def _places_of(organization: Organization) -> list[Place]:
    return list(db.session.scalars(select(Place).where(Place.organization_id == organization.id).order_by(Place.name)))


def organizations() -> list[Organization]:
    return list(db.session.scalars(select(Organization).order_by(Organization.name)))


def _pending_offer_ids() -> set[int]:
    return set(db.session.scalars(select(OfferRevision.offer_id).where(OfferRevision.state == RevisionState.PENDING)))


def _waiting(organization: Organization | None, pending_ids: set[int]) -> list[Offer]:
    """Submitted offers and offers with a pending change (of one organisation, or all for reviewers)."""
    query = select(Offer).where(or_(Offer.status == OfferStatus.REVIEW, Offer.id.in_(pending_ids)))
    if organization is not None:
        query = query.where(Offer.organization_id == organization.id)
    return list(db.session.scalars(query.order_by(Offer.updated_at)))


def offer_form(user: User, offer: Offer | None, data: dict, errors: dict | None = None) -> dict:
    """Everything the offer form shows: the values (kept on error), the choices, the state of the offer."""
    organization_id = offer.organization_id if offer else user.organization_id
    revision = pending_revision(offer) if offer else None
    return {
        "offer": offer,
        "data": data,
        "errors": errors or {},
        "revision": revision,
        "phases": list(db.session.scalars(select(LifePhase).order_by(LifePhase.position))),
        "categories": list(db.session.scalars(select(Category).order_by(Category.position))),
        "places": _place_choices(user, organization_id, data.get("places") or []),
        "organizations": organizations() if user.can_review else [],
        "language_choices": LANGUAGE_CHOICES,
        "schedule_rows": _padded(data.get("schedules"), SCHEDULE_ROWS),
        "cost_rows": _padded(data.get("costs"), COST_ROWS),
        "contact_rows": _padded(data.get("contacts"), CONTACT_ROWS),
    }


def _padded(rows: list | None, empty: int) -> list[dict]:
    """The filled rows and some empty ones to add more (without JavaScript)."""
    return [*(rows or []), *({} for _ in range(empty))]


def _place_choices(user: User, organization_id: int | None, chosen: list[int]) -> list[Place]:
    condition = Place.id.in_(chosen or [0])
    if organization_id is not None:
        condition = or_(condition, Place.organization_id == organization_id)
    if user.can_review and organization_id is None:
        condition = Place.id.is_not(None)
    return list(db.session.scalars(select(Place).where(condition).order_by(Place.name).limit(500)))


def review_page(offer: Offer, locale: str) -> dict:
    """A submitted offer (every filled field) or a pending change (what it would change), in the reader's words."""
    revision = pending_revision(offer)
    changes = proposed_changes(offer, revision) if revision else {}
    fields = {name: value for name, value in data_from_offer(offer).items() if value not in (None, "", [])}
    describe = _Describer(locale)
    return {
        "offer": offer,
        "revision": revision,
        "changes": {name: [describe(name, old), describe(name, new)] for name, (old, new) in changes.items()},
        "fields": {name: describe(name, value) for name, value in fields.items()},
        "author": db.session.get(User, revision.author_id) if revision and revision.author_id else None,
    }


class _Describer:
    """Form data values as a reviewer reads them: labels instead of codes, schedules in words, places by name."""

    def __init__(self, locale: str):
        self.locale = locale

    def __call__(self, name: str, value):
        if value in (None, "", []):
            return None
        if name in ("phases", "categories"):
            model = LifePhase if name == "phases" else Category
            items = db.session.scalars(select(model).where(model.code.in_(value)))
            return ", ".join(sorted(translated_label(item, locale=self.locale) for item in items))
        if name == "places":
            return ", ".join(db.session.scalars(select(Place.name).where(Place.id.in_(value)).order_by(Place.name)))
        if name == "schedules":
            rules = format_schedules([schedule_rule(row) for row in value], self.locale)
            return "\n".join(" ".join(filter(None, [rule.text, rule.note and f"({rule.note})"])) for rule in rules)
        if name == "costs":
            return "\n".join(self._cost(row) for row in value)
        if name == "registration_kind":
            return registration_label(value)
        if name == "organization":
            return db.session.scalar(select(Organization.name).where(Organization.key == value)) or value
        if name == "languages":
            return ", ".join(language_name(code) for code in value)
        return value

    @staticmethod
    def _cost(row: dict) -> str:
        amount = f"{row['amount']} €" if row.get("amount") else None
        return " ".join(filter(None, [cost_label(row["kind"]), amount, row.get("note") and f"({row['note']})"]))


def cost_label(kind: str) -> str:
    """The label of a cost kind in the reader's language."""
    return {"free": _("kostenlos"), "fee": _("Gebühr"), "reduced": _("ermäßigt")}.get(kind, kind)


def registration_label(kind: str) -> str:
    """The label of a registration kind in the reader's language."""
    return {
        "not_needed": _("ohne Anmeldung"),
        "recommended": _("Anmeldung erwünscht"),
        "required": _("Anmeldung erforderlich"),
    }.get(kind, kind)


def readable(value) -> str:
    """A stored value as plain text: lists joined, rows of the form (schedules, costs, contacts) in one line each."""
    if value in (None, "", [], {}):
        return "–"
    if isinstance(value, dict):
        return " ".join(readable(item) for item in value.values() if item not in (None, "", [], {}))
    if isinstance(value, list):
        separator = "; " if any(isinstance(item, (dict, list)) for item in value) else ", "
        return separator.join(readable(item) for item in value)
    return str(value)


def history(offer: Offer) -> dict:
    """Every change of the offer, newest first, with its author and the version it can be restored to."""
    entries = list(
        db.session.scalars(
            select(ChangeLog)
            .where(ChangeLog.entity == "offer", ChangeLog.entity_id == offer.id)
            .order_by(ChangeLog.id.desc())
        )
    )
    restorable = dict(
        db.session.execute(
            select(OfferRevision.change_id, OfferRevision.id).where(
                OfferRevision.offer_id == offer.id,
                OfferRevision.state == RevisionState.APPLIED,
                OfferRevision.change_id.is_not(None),
            )
        ).all()
    )
    authors = {
        user.id: user
        for user in db.session.scalars(
            select(User).where(User.id.in_({entry.user_id for entry in entries if entry.user_id}))
        )
    }
    latest = max(restorable) if restorable else None
    return {
        "offer": offer,
        "entries": [
            {
                "entry": entry,
                "author": authors.get(entry.user_id),
                "revision_id": restorable.get(entry.id) if entry.id != latest else None,
            }
            for entry in entries
        ],
    }


def place_map(data: dict) -> dict:
    """A small map with the place's point; ``static/js/edit/place-marker.js`` makes it draggable."""
    spec = base_map(
        tiles=current_app.config["MAP_TILES"],
        key="place-edit",
        location=(data["lat"], data["lon"]) if data.get("lat") else None,
        zoom_start=16 if data.get("lat") else None,
        label=_("Lage auf der Karte"),
    )
    add_outline(spec, city_outline(), name=_("Stadtgrenze"))
    if data.get("lat"):
        add_place_markers(spec, [{"lat": data["lat"], "lon": data["lon"], "label": data.get("name") or ""}])
    return render_parts(spec)
