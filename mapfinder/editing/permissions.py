"""Who may touch what: editors their organisation's offers and places, reviewers and admins everything. Checked in
the services, so every caller (form, command, future API) gets the same answer."""

from ..models import Offer, Place, User


class EditDenied(PermissionError):
    """The user may not change this record (the view answers 403; nothing was changed)."""


def may_edit(user: User | None, record: Offer | Place) -> bool:
    """Reviewers and admins everything; editors only their own organisation's records."""
    if user is None or not user.active:
        return False
    if user.can_review:
        return True
    return user.organization_id is not None and record.organization_id == user.organization_id


def require_edit(user: User | None, record: Offer | Place) -> None:
    """Raise ``EditDenied`` unless ``user`` may change ``record``."""
    if not may_edit(user, record):
        raise EditDenied(f"user {getattr(user, 'id', None)} may not edit {record!r}")


def require_reviewer(user: User | None) -> None:
    """Raise ``EditDenied`` unless ``user`` reviews (publishes, sends back, hands over)."""
    if user is None or not user.active or not user.can_review:
        raise EditDenied(f"user {getattr(user, 'id', None)} is not a reviewer")
