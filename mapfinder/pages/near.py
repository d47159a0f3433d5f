"""Where "near" is for the finder: an exact point, a rough one (offline fallback) with how far off it may be, or
the reason there is none, with street names the reader may have meant."""

import logging
from dataclasses import dataclass

from flask_babel import get_locale

from ..i18n import _
from ..municipality import current_municipality

logger = logging.getLogger(__name__)
# An online geocoder's coarse answers: how far off they may be (a city-wide answer places nothing).
_PRECISION_UNCERTAINTY_M = {"street": 400, "postcode": 1500}


@dataclass(frozen=True)
class NearPoint:
    """Where "near" is: a point and where it came from (an address or the browser), or why it is missing."""

    lat: float | None
    lon: float | None
    label: str | None = None
    problem: str | None = None
    approximate: str | None = None  # a sentence saying the point is rough, and from what
    uncertainty_m: int = 0
    suggestions: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        """True when there is a point to measure from."""
        return self.lat is not None and self.lon is not None


def locate_address(address: str, *, radius: int | None = None) -> NearPoint:
    """Geocode the reader's address; when the geocoder cannot (offline, outage, no match), fall back to a rough
    position; when that fails too, say so plainly, say that no radius was applied, and suggest streets."""
    from ..geocoding import approximate_address, geocode_address  # the finder runs while geocoding is configured

    outcome = geocode_address(address)
    if outcome.found and outcome.precision == "house_number":
        return NearPoint(outcome.lat, outcome.lon, address)
    if outcome.found and outcome.precision in _PRECISION_UNCERTAINTY_M:
        note = _approximate_note(outcome.precision, address)
        return NearPoint(outcome.lat, outcome.lon, address, None, note, _PRECISION_UNCERTAINTY_M[outcome.precision])
    logger.info("address not placed exactly: %r (%s); trying the offline fallback", address, outcome.reason)
    rough = approximate_address(address)
    if rough is not None:
        note = _approximate_note(rough.kind, rough.name)
        return NearPoint(rough.lat, rough.lon, address, None, note, rough.uncertainty_m)
    return _not_found(address, radius=radius)


def _approximate_note(kind: str, name: str) -> str:
    notes = {
        "street": _(
            "Die genaue Adresse kennen wir nicht. Die Entfernungen sind ungefähr: gemessen von einem bekannten Punkt "
            "der Straße „%(name)s“.",
            name=name,
        ),
        "postcode": _(
            "Die genaue Adresse kennen wir nicht. Die Entfernungen sind ungefähr: gemessen von der Mitte des "
            "Postleitzahlgebiets %(name)s.",
            name=name,
        ),
        "district": _(
            "Die genaue Adresse kennen wir nicht. Die Entfernungen sind ungefähr: gemessen von der Mitte von %(name)s.",
            name=name,
        ),
    }
    return notes[kind]


def _not_found(address: str, *, radius: int | None) -> NearPoint:
    from ..geocoding import similar_streets

    city = current_municipality().short_name_in(str(get_locale()))
    if radius:
        problem = _(
            "Die Adresse „%(address)s“ konnte nicht gefunden werden. Der Umkreis wurde deshalb nicht angewendet: "
            "Die Liste zeigt Angebote in ganz %(city)s.",
            address=address,
            city=city,
        )
    else:
        problem = _(
            "Die Adresse „%(address)s“ konnte nicht gefunden werden. Die Liste ist deshalb nicht nach Entfernung "
            "sortiert.",
            address=address,
        )
    return NearPoint(None, None, address, problem, suggestions=tuple(similar_streets(address)))
