"""Records committed for real (for the live server, or for a process's other sessions), and their removal."""

from geoalchemy2.shape import from_shape
from shapely.geometry import Point
from sqlalchemy import delete, select

from mapfinder.extensions import db
from mapfinder.models import (
    ChangeLog,
    GeocodeStatus,
    LoginAttempt,
    Offer,
    OfferStatus,
    Organization,
    Place,
    User,
)


def organization_with_offer(prefix: str, tag: str, name: str, **offer_fields):
    """An organisation named ``Familienzentrum <name>``, its place "Haus <name>" (with a point) and a published offer
    there titled "Elterncafé <name> <tag>", keyed ``<prefix>-…-<tag>``; added to the session, not committed."""
    organization = Organization(key=f"{prefix}-{tag}", name=f"Familienzentrum {name}")
    place = Place(
        key=f"{prefix}-place-{tag}",
        name=f"Haus {name}",
        kind="familienzentrum",
        street=f"{name}weg 3",
        postcode="45468",
        organization=organization,
        geom=from_shape(Point(6.8827, 51.4305), srid=4326),
        geocode_status=GeocodeStatus.OK,
    )
    offer = Offer(
        key=f"{prefix}-offer-{tag}",
        title=f"Elterncafé {name} {tag}",
        description="Offenes Treffen für Eltern.",
        status=OfferStatus.PUBLISHED,
        organization=organization,
        **offer_fields,
    )
    offer.places = [place]
    db.session.add_all([organization, place, offer])
    return organization, place, offer


def remove_organization_with_offer(prefix: str, tag: str) -> None:
    """Delete what ``organization_with_offer`` committed, with the offer's change log and the accounts (and their
    log-in attempts) whose address holds ``tag``; call in an app context."""
    offer_ids = select(Offer.id).where(Offer.key == f"{prefix}-offer-{tag}")
    db.session.execute(delete(ChangeLog).where(ChangeLog.entity == "offer", ChangeLog.entity_id.in_(offer_ids)))
    db.session.execute(delete(Offer).where(Offer.key == f"{prefix}-offer-{tag}"))
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email.like(f"%{tag}%")))
    db.session.execute(delete(User).where(User.email.like(f"%{tag}%")))
    db.session.execute(delete(Place).where(Place.key == f"{prefix}-place-{tag}"))
    db.session.execute(delete(Organization).where(Organization.key == f"{prefix}-{tag}"))
    db.session.commit()
