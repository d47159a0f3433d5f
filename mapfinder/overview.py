"""Figures for the start page: what the database holds, per life phase and per Stadtteil."""
from dataclasses import dataclass

from sqlalchemy import func, select

from .extensions import db
from .models import District, DistrictLevel, LifePhase, Offer, OfferStatus, Place
from .models.offers import offer_phases, offer_places


@dataclass(frozen=True)
class Overview:
    """Counts a reader sees before choosing filters."""

    offers: int
    places: int
    demo_offers: int
    approximate_districts: bool
    offers_by_phase: list[tuple[LifePhase, int]]
    stadtteile: list[tuple[District, int]]


def build_overview() -> Overview:
    """Count published offers, places, and offers per phase and per Stadtteil."""
    published = Offer.status == OfferStatus.PUBLISHED
    return Overview(
        offers=db.session.scalar(select(func.count(Offer.id)).where(published)),
        places=db.session.scalar(select(func.count(Place.id))),
        demo_offers=db.session.scalar(select(func.count(Offer.id)).where(published, Offer.is_demo)),
        approximate_districts=bool(db.session.scalar(select(func.bool_or(District.approximate)))),
        offers_by_phase=_offers_by_phase(published),
        stadtteile=_offers_by_stadtteil(published),
    )


def _offers_by_phase(published) -> list[tuple[LifePhase, int]]:
    query = (
        select(LifePhase, func.count(func.distinct(Offer.id)))
        .outerjoin(offer_phases, offer_phases.c.life_phase_id == LifePhase.id)
        .outerjoin(Offer, (Offer.id == offer_phases.c.offer_id) & published)
        .group_by(LifePhase.id)
        .order_by(LifePhase.position)
    )
    return [tuple(row) for row in db.session.execute(query)]


def _offers_by_stadtteil(published) -> list[tuple[District, int]]:
    query = (
        select(District, func.count(func.distinct(Offer.id)))
        .outerjoin(Place, Place.stadtteil_id == District.id)
        .outerjoin(offer_places, offer_places.c.place_id == Place.id)
        .outerjoin(Offer, (Offer.id == offer_places.c.offer_id) & published)
        .where(District.level == DistrictLevel.STADTTEIL)
        .group_by(District.id)
        .order_by(District.name)
    )
    return [tuple(row) for row in db.session.execute(query)]
