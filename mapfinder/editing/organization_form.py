"""The organisation profile form on top of the write path's ``save_organization``: editors change their own
organisation, reviewers any."""

from ..models import Organization, User
from .permissions import EditDenied
from .places import save_organization
from .validation import Checks
from .workflow import actor_of

FIELDS = ("name", "description", "website", "email", "phone")


def organization_data(organization: Organization) -> dict:
    """The form's values of an organisation."""
    return {name: getattr(organization, name) or "" for name in FIELDS}


def edit_organization(organization: Organization, data: dict, *, user: User) -> Organization:
    """Save the profile; ``EditDenied`` for another organisation's editor, ``ValidationError`` for bad values."""
    if not (user.can_review or user.organization_id == organization.id):
        raise EditDenied(f"user {user.id} may not edit {organization!r}")
    checks = Checks()
    checks.email("email", data.get("email"))
    checks.text("description", data.get("description"), max_length=10_000)
    checks.text("phone", data.get("phone"), max_length=60)
    checks.raise_if_any()
    values = {"key": organization.key, **{name: (data.get(name) or "").strip() or None for name in FIELDS}}
    values["description"] = values["description"] or ""
    return save_organization(values, actor=actor_of(user))
