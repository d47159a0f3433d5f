"""`flask demo generate`: a reproducible synthetic data set of N offers for benchmarks (flagged as demo)."""

import logging
import random

from geoalchemy2.shape import to_shape
from shapely.geometry import Point
from shapely.prepared import prep
from sqlalchemy import delete, insert, select

from ..districts import assign_places_to_districts
from ..extensions import db
from ..models import (
    BarrierFree,
    Category,
    District,
    DistrictLevel,
    GeocodeStatus,
    LifePhase,
    Offer,
    OfferStatus,
    Place,
)
from ..models.offers import offer_categories, offer_phases, offer_places
from ..municipality import current_municipality
from ..read_model import bulk_refresh

logger = logging.getLogger(__name__)
PREFIX = "synthetic-"
OFFERS_PER_PLACE = 3
_STEMS = ("Treffpunkt", "Kurs", "Beratung", "Gruppe", "Sprechstunde", "Werkstatt", "Café", "Programm")
_TOPICS = ("Familie", "Sprache", "Bewegung", "Lesen", "Musik", "Beruf", "Gesundheit", "Medien", "Natur", "Kochen")
_LANGUAGES = ("de", "en", "tr", "ar", "uk", "ru", "pl", "ro", "bg")


def generate_offers(count: int, *, seed: int) -> int:
    """Replace the synthetic set with ``count`` offers at ``count / 3`` places spread over the Stadtteile."""
    rng = random.Random(seed)
    with bulk_refresh():  # the read model is rebuilt once, not per inserted batch
        _remove_previous()
        place_ids = _insert_places(rng, max(1, count // OFFERS_PER_PLACE))
        _insert_offers(rng, count, place_ids)
        assign_places_to_districts(place_ids)
    logger.info("generated %d synthetic offers at %d places", count, len(place_ids))
    return count


def _remove_previous() -> None:
    db.session.execute(delete(Offer).where(Offer.key.startswith(PREFIX)))
    db.session.execute(delete(Place).where(Place.key.startswith(PREFIX)))


def _random_points(rng: random.Random, count: int) -> list[tuple[str, Point]]:
    """Points uniformly over the city, by rejection sampling in each Stadtteil's bounding box."""
    stadtteile = db.session.scalars(
        select(District).where(District.level == DistrictLevel.STADTTEIL).order_by(District.slug)
    ).all()
    shapes = [(district.slug, to_shape(district.geom)) for district in stadtteile]
    weights = [shape.area for _, shape in shapes]
    prepared = {slug: prep(shape) for slug, shape in shapes}
    points = []
    for slug, shape in rng.choices(shapes, weights=weights, k=count):
        min_x, min_y, max_x, max_y = shape.bounds
        while not prepared[slug].contains(point := Point(rng.uniform(min_x, max_x), rng.uniform(min_y, max_y))):
            pass
        points.append((slug, point))
    return points


def _insert_places(rng: random.Random, count: int) -> list[int]:
    city = current_municipality().name
    rows = [
        {
            "key": f"{PREFIX}place-{index}",
            "name": f"Synthetischer Ort {index} ({slug})",
            "kind": "synthetisch",
            "geom": f"SRID=4326;{point.wkt}",
            "geocode_status": GeocodeStatus.OK,
            "geocode_precision": "demo",
            "geocode_provider": "synthetic",
            "city": city,
            "is_demo": True,
            "barrier_free": rng.choice(list(BarrierFree)),
            "languages": ["de"],
        }
        for index, (slug, point) in enumerate(_random_points(rng, count))
    ]
    return list(db.session.scalars(insert(Place).returning(Place.id), rows))


def _insert_offers(rng: random.Random, count: int, place_ids: list[int]) -> None:
    phases = db.session.scalars(select(LifePhase).order_by(LifePhase.position)).all()
    category_ids = db.session.scalars(select(Category.id).order_by(Category.position)).all()
    picks = [rng.choice(phases) for _ in range(count)]
    rows = [_offer_row(rng, index, phase) for index, phase in enumerate(picks)]
    offer_ids = list(db.session.scalars(insert(Offer).returning(Offer.id), rows))
    _link(offer_phases, "life_phase_id", [(oid, phase.id) for oid, phase in zip(offer_ids, picks)])
    _link(offer_categories, "category_id", [(oid, rng.choice(category_ids)) for oid in offer_ids])
    _link(
        offer_places,
        "place_id",
        [(oid, place_ids[i // OFFERS_PER_PLACE % len(place_ids)]) for i, oid in enumerate(offer_ids)],
    )


def _offer_row(rng: random.Random, index: int, phase: LifePhase) -> dict:
    title = f"{rng.choice(_STEMS)} {rng.choice(_TOPICS)} {index}"
    return {
        "key": f"{PREFIX}offer-{index}",
        "title": title,
        "is_demo": True,
        "status": OfferStatus.PUBLISHED,
        "description": f"Synthetisches Angebot für Messungen: {title}.",
        "min_age": phase.min_age,
        "max_age": phase.max_age,
        "is_free": rng.random() < 0.6,
        "languages": sorted({"de", rng.choice(_LANGUAGES)}),
    }


def _link(table, column: str, pairs: list[tuple[int, int]]) -> None:
    if pairs:
        db.session.execute(insert(table), [{"offer_id": offer_id, column: other} for offer_id, other in pairs])
