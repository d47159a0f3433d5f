"""The place form on top of the write path's ``save_place``: permissions, the form's rules, geocoding on save (an
address outside the city or not found is refused with the reason), and a point dragged on the map kept as ``manual``."""

import logging

from flask_babel import get_locale
from geoalchemy2.shape import from_shape, to_shape
from shapely.geometry import Point
from sqlalchemy import func, select

from ..districts import assign_places_to_districts
from ..extensions import db
from ..geocoding import outcome
from ..geocoding.city_limit import is_inside_city
from ..i18n import _
from ..models import BarrierFree, GeocodeStatus, Place, PlaceKind, User
from ..models.base import utcnow
from ..municipality import current_municipality
from ..slugs import slugify
from .change_log import record_change
from .permissions import require_edit
from .places import save_place
from .validation import Checks, ValidationError
from .workflow import actor_of

logger = logging.getLogger(__name__)
FIELDS = ("name", "kind", "street", "postcode", "accessibility_detail", "phone", "email", "website")
# A dragged marker closer than this (degrees, about 1 m) to the stored point is no correction.
_MOVED = 1e-5


def place_data(place: Place | None) -> dict:
    """The form's values of a place."""
    if place is None:
        return {name: "" for name in FIELDS} | {"barrier_free": "unknown", "lat": None, "lon": None}
    point = to_shape(place.geom) if place.geom is not None else None
    return {name: getattr(place, name) or "" for name in FIELDS} | {
        "barrier_free": place.barrier_free.value,
        "lat": point.y if point else None,
        "lon": point.x if point else None,
    }


def place_kinds() -> list[PlaceKind]:
    """The kinds of institution (data: Kita, Familienzentrum, Grundschule …) for the form's choice."""
    return list(db.session.scalars(select(PlaceKind).order_by(PlaceKind.position)))


def edit_place(data: dict, *, user: User, place: Place | None = None) -> Place:
    """Create or change a place; raises ``ValidationError`` (the caller rolls back) when a rule or geocoding fails."""
    _validate(data)
    if place is not None:
        require_edit(user, place)
    values = {name: data.get(name) or None for name in FIELDS}
    values |= {
        "key": place.key if place else _new_key(data["name"]),
        "barrier_free": BarrierFree(data.get("barrier_free") or "unknown"),
    }
    if place is None:
        values["organization_id"] = user.organization_id
    manual = _manual_point(data)
    moved = manual is not None and (place is None or _moved(place, manual))
    if place is not None and not moved and (place.street, place.postcode) != (values["street"], values["postcode"]):
        place.geocode_status = GeocodeStatus.PENDING  # a new address: the hand-set point no longer applies
    place, result = save_place(values, actor=actor_of(user), geocode=not moved)
    if moved:
        _set_manual(place, *manual, user=user)
    elif result is not None and result.status not in (GeocodeStatus.OK, GeocodeStatus.MANUAL):
        raise ValidationError({"street": reason_text(result.reason)})
    return place


def _validate(data: dict) -> None:
    checks = Checks()
    checks.text("name", data.get("name"), required=True)
    if not data.get("kind") or not db.session.scalar(select(PlaceKind.id).where(PlaceKind.code == data["kind"])):
        checks.fail("kind", _("Bitte ausfüllen."))
    checks.text("street", data.get("street"), required=True)
    if not (data.get("postcode") or "").isdigit() or len(data.get("postcode") or "") != 5:
        checks.fail("postcode", _("Bitte eine fünfstellige Postleitzahl angeben."))
    checks.email("email", data.get("email"))
    checks.url("website", data.get("website"))
    if data.get("barrier_free") not in (None, "", *(member.value for member in BarrierFree)):
        checks.fail("barrier_free", _("Bitte ausfüllen."))
    checks.raise_if_any()


def _new_key(name: str) -> str:
    base = slugify(name)[:60] or "ort"
    taken = db.session.scalar(select(func.count()).where(Place.key.like(f"{base}%")))
    return base if not taken else f"{base}-{taken + 1}"


def _manual_point(data: dict) -> tuple[float, float] | None:
    try:
        lon, lat = float(data.get("lon")), float(data.get("lat"))
    except (TypeError, ValueError):
        return None
    return lon, lat


def _moved(place: Place, point: tuple[float, float]) -> bool:
    if place.geom is None:
        return True
    current = to_shape(place.geom)
    return abs(current.x - point[0]) > _MOVED or abs(current.y - point[1]) > _MOVED


def _set_manual(place: Place, lon: float, lat: float, *, user: User) -> None:
    """Store a point set by hand (never overwritten by geocoding) when it lies in the city."""
    if not is_inside_city(lon, lat, current_municipality().slug):
        raise ValidationError({"street": reason_text(outcome.OUTSIDE_CITY)})
    before = to_shape(place.geom) if place.geom is not None else None
    place.geom = from_shape(Point(lon, lat), srid=4326)
    place.geocode_status, place.geocode_precision, place.geocode_provider = GeocodeStatus.MANUAL, "manual", "manual"
    place.geocode_reason, place.geocoded_at = None, utcnow()
    db.session.flush()
    assign_places_to_districts([place.id])
    record_change(
        "place",
        place.id,
        "locate",
        {"point": [before.x, before.y] if before else None},
        {"point": [lon, lat]},
        actor_of(user),
    )


def reason_text(reason: str | None) -> str:
    """The geocoder's reason in the reader's language."""
    if reason == outcome.OUTSIDE_CITY:
        return _(
            "Diese Adresse liegt außerhalb von %(city)s und wurde deshalb nicht übernommen.",
            city=current_municipality().name_in(str(get_locale())),
        )
    if reason in (outcome.NOT_FOUND, outcome.NOT_KNOWN_OFFLINE, outcome.EMPTY_QUERY):
        return _(
            "Zu dieser Adresse wurde kein Punkt gefunden. Bitte prüfen Sie die Schreibweise oder setzen Sie "
            "den Punkt auf der Karte."
        )
    if reason and reason.startswith("Only the"):
        return _(
            "Die Adresse wurde nur ungefähr gefunden. Bitte Hausnummer prüfen oder den Punkt auf der Karte setzen."
        )
    return _(
        "Die Adresssuche ist gerade nicht erreichbar. Bitte später noch einmal speichern oder den Punkt auf "
        "der Karte setzen."
    )
