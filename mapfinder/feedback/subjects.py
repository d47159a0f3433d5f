"""What a report is about: an offer, a place, a network, a district, or the portal as a whole."""

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..models import District, Network, Offer, ReportSubject
from ..place_search import find_institution
from ..search import visible_offer


@dataclass(frozen=True)
class Subject:
    """The subject of a report, as the form shows it and the report stores it."""

    type: ReportSubject
    id: int | None = None
    title: str = ""
    organization_id: int | None = None
    # A slug for networks and districts (their public pages are addressed by it).
    slug: str | None = None


GENERAL = Subject(ReportSubject.GENERAL)


def find_subject(kind: str, subject_id: int | None) -> Subject | None:
    """The subject a reader reports on, or None when it does not exist (or readers cannot see it)."""
    if kind == ReportSubject.GENERAL.value:
        return GENERAL
    finder = _FINDERS.get(kind)
    return finder(subject_id) if finder and subject_id else None


def _offer(offer_id: int) -> Subject | None:
    offer = db.session.scalar(select(Offer).where(Offer.id == offer_id, visible_offer()))
    if offer is None:
        return None
    return Subject(ReportSubject.OFFER, offer.id, offer.title, offer.organization_id)


def _place(place_id: int) -> Subject | None:
    place = find_institution(place_id)
    if place is None:
        return None
    return Subject(ReportSubject.PLACE, place.id, place.name, place.organization_id)


def _network(network_id: int) -> Subject | None:
    network = db.session.get(Network, network_id)
    if network is None:
        return None
    return Subject(ReportSubject.NETWORK, network.id, network.name, slug=network.slug)


def _district(district_id: int) -> Subject | None:
    district = db.session.get(District, district_id)
    if district is None:
        return None
    return Subject(ReportSubject.DISTRICT, district.id, district.name, slug=district.slug)


_FINDERS = {
    ReportSubject.OFFER.value: _offer,
    ReportSubject.PLACE.value: _place,
    ReportSubject.NETWORK.value: _network,
    ReportSubject.DISTRICT.value: _district,
}
