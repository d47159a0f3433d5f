"""Creating and updating places (Einrichtungen) and organizations through the one write path: validated, geocoded
when the address changes (a hand-set point is kept), assigned to districts, and recorded in the change log."""

from datetime import UTC, datetime

from geoalchemy2.shape import from_shape
from shapely.geometry import Point
from sqlalchemy import select

from ..extensions import db
from ..geocoding import PlaceResult, geocode_place
from ..models import GeocodeStatus, Organization, Place
from .change_log import record_change
from .validation import Checks

# Values that describe where a known point came from (base data files), not fields of the place.
_POINT_KEYS = ("point", "precision", "provider")


def validate_place(values: dict) -> None:
    """Raise ``ValidationError`` with every broken rule of a place's values."""
    checks = Checks()
    checks.text("name", values.get("name"), required=True)
    checks.text("street", values.get("street"))
    checks.languages("languages", values.get("languages") or [])
    checks.url("website", values.get("website"))
    checks.email("email", values.get("email"))
    checks.raise_if_any()


def place_snapshot(place: Place) -> dict:
    """The fields of a place a reader sees, as JSON values."""
    return {
        "name": place.name,
        "kind": place.kind,
        "street": place.street,
        "postcode": place.postcode,
        "city": place.city,
        "barrier_free": place.barrier_free.value if place.barrier_free else None,
        "accessibility_detail": place.accessibility_detail,
        "languages": list(place.languages or []),
        "phone": place.phone,
        "email": place.email,
        "website": place.website,
        "opening_hours": [
            f"{s.byday or ''} {s.opens_at or ''}-{s.closes_at or ''} {s.notes or ''}".strip()
            for s in place.opening_hours
        ],
    }


def save_place(values: dict, *, actor, geocode: bool = True) -> tuple[Place, PlaceResult | None]:
    """Insert or update a place by its key. A known point (``point``) is stored unless set by hand; otherwise the
    address is geocoded when it is new or changed. Returns the place and what geocoding did (None: nothing)."""
    validate_place(values)
    values = dict(values)
    point, precision, provider = (values.pop(key, None) for key in _POINT_KEYS)
    place = db.session.scalar(select(Place).where(Place.key == values["key"]))
    created = place is None
    place = place or Place(key=values["key"])
    before = {} if created else place_snapshot(place)
    address_changed = not created and (place.street, place.postcode, place.city) != (
        values.get("street", place.street),
        values.get("postcode", place.postcode),
        values.get("city", place.city),
    )
    for name, value in values.items():
        setattr(place, name, value)
    place.verified_at = datetime.now(UTC)  # every save confirms the place as it stands (freshness)
    place.geocode_status = place.geocode_status or GeocodeStatus.PENDING
    db.session.add(place)
    db.session.flush()
    result = _locate(
        place, point, precision, provider, geocode=geocode and (created or address_changed or place.geom is None)
    )
    record_change("place", place.id, "create" if created else "update", before, place_snapshot(place), actor)
    return place, result


def _locate(place: Place, point: Point | None, precision, provider, *, geocode: bool) -> PlaceResult | None:
    if point is not None:
        if place.geocode_status is not GeocodeStatus.MANUAL or place.geom is None:
            place.geom = from_shape(point, srid=4326)
            place.geocode_status, place.geocode_precision, place.geocode_provider = (
                GeocodeStatus.OK,
                precision,
                provider,
            )
            place.geocoded_at = place.geocoded_at or datetime.now(UTC)
        return None
    return geocode_place(place) if geocode and place.location_type.value == "physical" else None


def save_organization(values: dict, *, actor) -> Organization | None:
    """Insert or update an organization by key; the change is logged."""
    checks = Checks()
    checks.text("name", values.get("name"), required=True)
    checks.url("website", values.get("website"))
    checks.raise_if_any()
    organization = db.session.scalar(select(Organization).where(Organization.key == values["key"]))
    created = organization is None
    organization = organization or Organization(key=values["key"])
    before = {} if created else _organization_snapshot(organization)
    for name, value in values.items():
        setattr(organization, name, value)
    db.session.add(organization)
    db.session.flush()
    record_change(
        "organization",
        organization.id,
        "create" if created else "update",
        before,
        _organization_snapshot(organization),
        actor,
    )
    return organization


def _organization_snapshot(organization: Organization) -> dict:
    return {
        "name": organization.name,
        "kind": organization.kind,
        "description": organization.description,
        "website": organization.website,
        "email": organization.email,
        "phone": organization.phone,
    }
