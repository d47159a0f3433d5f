"""The editorial workflow on top of the write service: draft → review → published → archived, pending revisions of
published offers (readers keep the published version until a reviewer approves), optimistic locking, restore.

Every function takes the acting user and checks permissions itself; the caller commits."""

import logging

from sqlalchemy import select

from ..extensions import db
from ..i18n import _
from ..models import ChangeLog, Offer, OfferRevision, OfferStatus, RevisionState, User
from ..models.base import utcnow
from .change_log import changed_fields, record_change
from .notifications import notify_decision
from .offer_data import data_from_offer, input_from_data
from .permissions import EditDenied, may_edit, require_edit, require_reviewer
from .service import Actor, archive_offer, publish_offer, save_offer, validate_offer
from .validation import ValidationError

logger = logging.getLogger(__name__)


class EditConflict(Exception):
    """The offer changed since the form was opened; nothing was saved."""


def actor_of(user: User) -> Actor:
    """The change-log author for a signed-in user."""
    return Actor(source="web", user_id=user.id)


def load_offer_for_update(offer_id: int) -> Offer | None:
    """The offer, its row locked until commit so two saves cannot interleave."""
    return db.session.get(Offer, offer_id, with_for_update=True)


def pending_revision(offer: Offer) -> OfferRevision | None:
    """The change of a published offer that waits for review."""
    return db.session.scalar(
        select(OfferRevision).where(OfferRevision.offer_id == offer.id, OfferRevision.state == RevisionState.PENDING)
    )


def check_version(offer: Offer, expected: int | None) -> None:
    """Refuse a write based on an older version of the offer."""
    if expected is not None and expected != offer.version:
        raise EditConflict(f"offer {offer.id} is at version {offer.version}, the form was at {expected}")


def edit_offer(data: dict, *, user: User, offer: Offer | None = None, expected_version: int | None = None) -> Offer:
    """Create a draft or change an offer. A published offer changed by an editor gets a pending revision instead:
    readers keep seeing the published version until a reviewer approves."""
    data = _with_organization(dict(data), user, offer)
    values = input_from_data(data)
    validate_offer(values)
    _check_places(values.places, user, offer)
    if offer is None:
        return _apply(save_offer(values, actor=actor_of(user)), data, user, created=True)
    require_edit(user, offer)
    check_version(offer, expected_version)
    if offer.status is OfferStatus.PUBLISHED and not user.can_review:
        _propose(offer, data, user)
        return offer
    return _apply(save_offer(values, actor=actor_of(user), offer=offer), data, user)


def offer_problems(data: dict) -> dict[str, str]:
    """The rule violations of form data (to show them together with the form's own reading errors)."""
    try:
        validate_offer(input_from_data(data))
    except ValidationError as error:
        return error.errors
    return {}


def _with_organization(data: dict, user: User, offer: Offer | None) -> dict:
    """Editors write for their organisation; only reviewers hand an offer to another one."""
    if not user.can_review:
        data["organization"] = offer.organization.key if offer and offer.organization else user.organization.key
    return data


def _check_places(places, user: User, offer: Offer | None) -> None:
    """Editors attach their organisation's places, or keep places the offer already has."""
    if user.can_review:
        return
    kept = {at_place.place_id for at_place in offer.at_places} if offer else set()
    foreign = [place for place in places if place.organization_id != user.organization_id and place.id not in kept]
    if foreign:
        raise ValidationError({"places": _("Nur Orte der eigenen Organisation können gewählt werden.")})


def _apply(offer: Offer, data: dict, user: User, *, created: bool = False) -> Offer:
    """Record an applied version (for restore) linked to the change-log entry just written."""
    offer.version = 1 if created else offer.version + 1
    db.session.flush()
    entry = _last_change(offer)
    db.session.add(
        OfferRevision(
            offer_id=offer.id,
            state=RevisionState.APPLIED,
            data=data_from_offer(offer),
            author_id=user.id,
            decided_by_id=user.id,
            decided_at=utcnow(),
            change_id=entry.id if entry else None,
        )
    )
    db.session.flush()
    return offer


def _last_change(offer: Offer) -> ChangeLog | None:
    return db.session.scalar(
        select(ChangeLog)
        .where(ChangeLog.entity == "offer", ChangeLog.entity_id == offer.id)
        .order_by(ChangeLog.id.desc())
        .limit(1)
    )


def _propose(offer: Offer, data: dict, user: User) -> OfferRevision:
    """Create or replace the pending revision; the offer itself stays as readers see it."""
    current = data_from_offer(offer)
    revision = pending_revision(offer) or OfferRevision(offer_id=offer.id, state=RevisionState.PENDING)
    revision.data, revision.author_id, revision.created_at = data, user.id, utcnow()
    db.session.add(revision)
    offer.version += 1
    offer.review_comment = None
    record_change("offer", offer.id, "propose", current, {**current, **data}, actor_of(user))
    db.session.flush()
    return revision


def submit_offer(offer: Offer, *, user: User, expected_version: int | None = None) -> None:
    """Hand a draft to the reviewers."""
    require_edit(user, offer)
    check_version(offer, expected_version)
    if offer.status is not OfferStatus.DRAFT:
        return
    offer.status, offer.review_comment = OfferStatus.REVIEW, None
    offer.version += 1
    db.session.flush()
    record_change("offer", offer.id, "submit", {"status": "draft"}, {"status": "review"}, actor_of(user))


def publish(offer: Offer, *, user: User, expected_version: int | None = None) -> None:
    """Approve: a pending revision becomes the offer, or a draft/submitted offer goes public; it counts as checked."""
    require_reviewer(user)
    check_version(offer, expected_version)
    revision = pending_revision(offer)
    if revision is not None:
        _approve(offer, revision, user)
    elif offer.status in (OfferStatus.DRAFT, OfferStatus.REVIEW):
        publish_offer(offer, actor=actor_of(user))
        offer.version += 1
    offer.verified_at, offer.verified_by_id, offer.review_comment = utcnow(), user.id, None
    db.session.flush()
    notify_decision(offer, recipient=_author(offer, revision), published=True)


def _approve(offer: Offer, revision: OfferRevision, user: User) -> None:
    save_offer(input_from_data(revision.data), actor=actor_of(user), offer=offer)
    offer.version += 1
    db.session.flush()
    entry = _last_change(offer)
    revision.state, revision.decided_by_id, revision.decided_at = RevisionState.APPLIED, user.id, utcnow()
    revision.change_id = entry.id if entry and entry.action == "update" else None


def send_back(offer: Offer, *, user: User, comment: str, expected_version: int | None = None) -> None:
    """Return a submitted offer or a pending change to the editor with a comment (shown and mailed to them)."""
    require_reviewer(user)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Bitte schreiben Sie, was geändert werden soll.")})
    check_version(offer, expected_version)
    revision = pending_revision(offer)
    recipient = _author(offer, revision)
    if revision is not None:
        revision.state, revision.decided_by_id, revision.decided_at = RevisionState.REJECTED, user.id, utcnow()
        revision.comment = comment
    elif offer.status is OfferStatus.REVIEW:
        offer.status = OfferStatus.DRAFT
    offer.review_comment = comment
    offer.version += 1
    db.session.flush()
    record_change("offer", offer.id, "send_back", {"comment": None}, {"comment": comment}, actor_of(user))
    notify_decision(offer, recipient=recipient, published=False, comment=comment)


def _author(offer: Offer, revision: OfferRevision | None) -> User | None:
    """Who should hear about a decision: the author of the change, else whoever submitted the offer."""
    if revision is not None and revision.author is not None:
        return revision.author
    user_id = db.session.scalar(
        select(ChangeLog.user_id)
        .where(
            ChangeLog.entity == "offer",
            ChangeLog.entity_id == offer.id,
            ChangeLog.action.in_(["submit", "create"]),
            ChangeLog.user_id.is_not(None),
        )
        .order_by(ChangeLog.id.desc())
        .limit(1)
    )
    return db.session.get(User, user_id) if user_id else None


def archive(offer: Offer, *, user: User, expected_version: int | None = None) -> None:
    """Withdraw an offer (editors their own); a pending change is dropped with it."""
    require_edit(user, offer)
    check_version(offer, expected_version)
    revision = pending_revision(offer)
    if revision is not None:
        revision.state, revision.decided_by_id, revision.decided_at = RevisionState.REJECTED, user.id, utcnow()
    archive_offer(offer, actor=actor_of(user))
    offer.version += 1
    db.session.flush()


def restore(offer: Offer, revision_id: int, *, user: User, expected_version: int | None = None) -> Offer:
    """Bring back an earlier applied version; it goes through the same rules as an edit (pending for editors)."""
    revision = db.session.get(OfferRevision, revision_id)
    if revision is None or revision.offer_id != offer.id or revision.state is not RevisionState.APPLIED:
        raise EditDenied(f"revision {revision_id} is no earlier version of offer {offer.id}")
    return edit_offer(revision.data, user=user, offer=offer, expected_version=expected_version)


def proposed_changes(offer: Offer, revision: OfferRevision) -> dict:
    """``{field: [published, proposed]}`` of a pending revision, for the review screen."""
    return changed_fields(data_from_offer(offer), revision.data)


__all__ = [
    "EditConflict",
    "EditDenied",
    "archive",
    "edit_offer",
    "may_edit",
    "pending_revision",
    "proposed_changes",
    "publish",
    "require_edit",
    "require_reviewer",
    "restore",
    "send_back",
    "submit_offer",
]
