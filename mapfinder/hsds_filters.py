"""The filters of the HSDS 3.0 API reference as SQL conditions: ``search``, ``organization_id``, ``taxonomy_term_id``,
``taxonomy_id`` and ``modified_after`` on services and services at locations, ``postcode`` and ``proximity`` (metres
from the centroid of the postcode) on services at locations.

Ids arrive as well-formed UUIDs (the view checks them); an id that names no record matches nothing. The centroid of a
postcode is the centre of the geocoded places with that postcode (the app has no postcode areas); a postcode without
any matches nothing.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import aliased

from .hsds_ids import id_of, taxonomy_of
from .models import Category, LifePhase, Offer, Organization, Place

_TERM_MODELS = {"phase": LifePhase, "category": Category}


@dataclass(frozen=True)
class HsdsFilters:
    """What a list of services or services at locations is narrowed by (None: not at all)."""

    search: str | None = None
    organization_id: str | None = None
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    modified_after: datetime | None = None
    postcode: str | None = None
    proximity: int | None = None


def service_conditions(filters: HsdsFilters) -> list[ColumnElement[bool]]:
    """Conditions on ``Offer`` for the service filters."""
    conditions = []
    if filters.search:
        conditions.append(_text_matches(filters.search, Offer.title, Offer.description))
    if filters.organization_id:
        organization = id_of(filters.organization_id, "organization", select(Organization.id))
        conditions.append(Offer.organization_id == organization if organization is not None else false())
    if filters.taxonomy_term_id:
        conditions.append(_has_term(filters.taxonomy_term_id))
    if filters.taxonomy_id:
        conditions.append(_has_taxonomy(filters.taxonomy_id))
    if filters.modified_after:
        conditions.append(Offer.updated_at >= filters.modified_after)
    return conditions


def location_conditions(filters: HsdsFilters) -> list[ColumnElement[bool]]:
    """Conditions on ``Offer`` joined with its ``Place`` for services at locations: the service filters (text also in
    the place's name, modified also when the place changed), postcode and proximity."""
    plain = HsdsFilters(
        organization_id=filters.organization_id,
        taxonomy_term_id=filters.taxonomy_term_id,
        taxonomy_id=filters.taxonomy_id,
    )
    conditions = service_conditions(plain)
    if filters.search:
        conditions.append(_text_matches(filters.search, Offer.title, Offer.description, Place.name))
    if filters.modified_after:
        conditions.append(or_(Offer.updated_at >= filters.modified_after, Place.updated_at >= filters.modified_after))
    if filters.postcode and filters.proximity:
        conditions.append(_near_postcode(filters.postcode, filters.proximity))
    elif filters.postcode:
        conditions.append(Place.postcode == filters.postcode)
    return conditions


def _text_matches(text: str, *columns) -> ColumnElement[bool]:
    """Every word of ``text`` in one of ``columns`` (case-insensitive, ``%`` and ``_`` taken literally)."""
    words = text.split()
    return and_(*(or_(*(column.icontains(word, autoescape=True) for column in columns)) for word in words))


def _has_term(term_id: str) -> ColumnElement[bool]:
    for entity, model in _TERM_MODELS.items():
        found = id_of(term_id, entity, select(model.id))
        if found is not None:
            related = Offer.phases if entity == "phase" else Offer.categories
            return related.any(model.id == found)
    return false()


def _has_taxonomy(taxonomy_id: str) -> ColumnElement[bool]:
    entity = taxonomy_of(taxonomy_id)
    if entity == "phase":
        return Offer.phases.any()
    if entity == "category":
        return Offer.categories.any()
    return false()


def _near_postcode(postcode: str, metres: int) -> ColumnElement[bool]:
    same_postcode = aliased(Place)
    centroid = (
        select(func.geography(func.ST_Centroid(func.ST_Collect(same_postcode.geom))))
        .where(same_postcode.postcode == postcode, same_postcode.geom.is_not(None))
        .scalar_subquery()
    )
    return func.coalesce(func.ST_DWithin(func.geography(Place.geom), centroid, metres), false())
