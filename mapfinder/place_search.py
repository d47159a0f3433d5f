"""Institution search: a ``PlaceFilters`` object becomes one ``Select`` of places, built from small ``_filter_*``
helpers, for the directory, its map, the API and the finder's institution layer.

Only physical places are institutions (an online offer's virtual place is not). A place without a point is listed
like any other and flagged by its presenter; only map layers need a point. "Places of a life phase" are those where a
visible offer of that phase is held, by the one visibility rule of the offer search (``search.visible_offer``).
"""

import logging
from dataclasses import dataclass, replace

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from .extensions import db
from .i18n import _
from .models import District, DistrictLevel, LifePhase, LocationType, Offer, OfferAtPlace, Place, PlaceKind
from .models.offers import offer_phases
from .parameters import ParameterError
from .search import visible_offer

logger = logging.getLogger(__name__)
MAX_LIMIT = 1000
# The directory's map shows every matching place up to this many.
MAX_MAP_PLACES = 2000
# Alphabetical whatever the database's collation: "Astrid" before "AWO".
_BY_NAME = (func.lower(Place.name), Place.id)


@dataclass(frozen=True)
class PlaceFilters:
    """What the directory and the API filter institutions by; empty fields filter nothing."""

    kinds: tuple[str, ...] = ()
    district: str | None = None
    phases: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = None  # (min lon, min lat, max lon, max lat)
    limit: int = 50
    offset: int = 0

    @property
    def active(self) -> bool:
        """True when at least one filter narrows the list."""
        return bool(self.kinds or self.district or self.phases or self.bbox)


@dataclass(frozen=True)
class PlaceResult:
    """A page of places (with what their presenters need loaded), the total, and their visible offers' counts."""

    places: list[Place]
    number_matched: int
    offer_counts: dict[int, int]


def institutions() -> Select:
    """Every institution: the places with an address (virtual places of online offers are none)."""
    return select(Place).where(Place.location_type == LocationType.PHYSICAL)


def build_place_query(filters: PlaceFilters) -> Select:
    """The filtered places, unordered and unpaged."""
    query = institutions()
    for helper in (_filter_kinds, _filter_district, _filter_phases, _filter_bbox):
        query = helper(query, filters)
    return query


def _filter_kinds(query: Select, filters: PlaceFilters) -> Select:
    # A school form is a kind too: "gymnasium" finds the Gymnasien among the secondary schools.
    if not filters.kinds:
        return query
    return query.where(or_(Place.kind.in_(filters.kinds), Place.school_form.in_(filters.kinds)))


def _filter_district(query: Select, filters: PlaceFilters) -> Select:
    if not filters.district:
        return query
    district = select(District.id, District.level).where(District.slug == filters.district).subquery()
    by_level = or_(
        and_(district.c.level == DistrictLevel.BEZIRK, Place.bezirk_id == district.c.id),
        and_(district.c.level == DistrictLevel.STADTTEIL, Place.stadtteil_id == district.c.id),
        and_(district.c.level == DistrictLevel.QUARTER, Place.quarter_id == district.c.id),
    )
    return query.where(exists(select(district.c.id).where(by_level)))


def _filter_phases(query: Select, filters: PlaceFilters) -> Select:
    if not filters.phases:
        return query
    held_here = (
        select(OfferAtPlace.place_id)
        .join(Offer, Offer.id == OfferAtPlace.offer_id)
        .join(offer_phases, offer_phases.c.offer_id == Offer.id)
        .join(LifePhase, LifePhase.id == offer_phases.c.life_phase_id)
        .where(visible_offer(), LifePhase.code.in_(filters.phases))
    )
    return query.where(Place.id.in_(held_here))


def _filter_bbox(query: Select, filters: PlaceFilters) -> Select:
    if not filters.bbox:
        return query
    return query.where(Place.geom.op("&&")(func.ST_MakeEnvelope(*filters.bbox, 4326)))


def _with_details(query: Select) -> Select:
    return query.options(
        selectinload(Place.stadtteil).selectinload(District.translations), selectinload(Place.translations)
    )


def search_places(filters: PlaceFilters) -> PlaceResult:
    """One page of matching places by name, the total and their offer counts; unknown codes raise ``ParameterError``."""
    check_known(filters)
    query = build_place_query(filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = _with_details(query.order_by(*_BY_NAME).limit(filters.limit).offset(filters.offset))
    places = list(db.session.scalars(page))
    return PlaceResult(places, total, offer_counts([place.id for place in places]))


def located_places(filters: PlaceFilters) -> list[Place]:
    """Every matching place with a point (up to ``MAX_MAP_PLACES``), for a map."""
    query = build_place_query(filters).where(Place.geom.isnot(None)).order_by(*_BY_NAME)
    return list(db.session.scalars(query.limit(MAX_MAP_PLACES)))


def offer_counts(place_ids: list[int]) -> dict[int, int]:
    """Visible offers held at each of the places."""
    if not place_ids:
        return {}
    query = (
        select(OfferAtPlace.place_id, func.count(func.distinct(Offer.id)))
        .join(Offer, Offer.id == OfferAtPlace.offer_id)
        .where(visible_offer(), OfferAtPlace.place_id.in_(place_ids))
        .group_by(OfferAtPlace.place_id)
    )
    return dict(db.session.execute(query).all())


def count_demo(filters: PlaceFilters) -> int:
    """Matching places flagged as demo data."""
    return db.session.scalar(
        select(func.count()).select_from(build_place_query(filters).where(Place.is_demo.is_(True)).subquery())
    )


def check_known(filters: PlaceFilters) -> None:
    """Raise ``ParameterError`` for a kind, district or phase that does not exist."""
    unknown = unknown_filters(filters)
    if unknown:
        raise unknown[0]


def unknown_filters(filters: PlaceFilters) -> list[ParameterError]:
    """Every kind, phase or district of the filters that does not exist, one error per parameter."""
    errors = [
        error
        for error in (
            _unknown_codes("kind", filters.kinds, PlaceKind, _("Unbekannte Art von Einrichtung: %(code)s")),
            _unknown_codes("phase", filters.phases, LifePhase, _("Unbekannter Code: %(code)s")),
        )
        if error
    ]
    if filters.district and not db.session.scalar(select(District.id).where(District.slug == filters.district)):
        errors.append(
            ParameterError(
                "district", _("Unbekannter Bezirk, Stadtteil oder Quartier: %(slug)s", slug=filters.district)
            )
        )
    return errors


_FILTER_FIELDS = {"kind": "kinds", "phase": "phases"}


def without(filters: PlaceFilters, params: set[str]) -> PlaceFilters:
    """The filters with the named request parameters left out (reset to their defaults)."""
    defaults = PlaceFilters()
    fields = {_FILTER_FIELDS.get(param, param) for param in params}
    return replace(filters, **{name: getattr(defaults, name) for name in fields if hasattr(defaults, name)})


def _unknown_codes(param: str, codes: tuple[str, ...], model, message: str) -> ParameterError | None:
    known = set(db.session.scalars(select(model.code).where(model.code.in_(codes)))) if codes else set()
    unknown = [code for code in codes if code not in known]
    return ParameterError(param, message % {"code": ", ".join(unknown)}) if unknown else None


def find_institution(place_id: int) -> Place | None:
    """One institution with everything its page shows, or None (also for an online offer's virtual place)."""
    query = (
        institutions()
        .where(Place.id == place_id)
        .options(
            selectinload(Place.opening_hours),
            selectinload(Place.organization),
            selectinload(Place.translations),
            selectinload(Place.bezirk),
            selectinload(Place.quarter),
            selectinload(Place.stadtteil).selectinload(District.translations),
        )
    )
    return db.session.scalar(query)


def places_of_organizations(organization_ids: list[int]) -> dict[int, list[Place]]:
    """The institutions of each organization, by name (a network page links its members' places)."""
    if not organization_ids:
        return {}
    query = institutions().where(Place.organization_id.in_(organization_ids)).order_by(*_BY_NAME)
    places: dict[int, list[Place]] = {}
    for place in db.session.scalars(query):
        places.setdefault(place.organization_id, []).append(place)
    return places
