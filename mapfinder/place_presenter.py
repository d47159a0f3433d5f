"""The one presenter of institutions: a place → the entry the directory, the API and the finder's layer show,
localised once (kind and school form labels in the reader's language; the name where it is translated)."""

import logging
from dataclasses import dataclass

from geoalchemy2.shape import to_shape
from sqlalchemy import select

from . import catalog
from .extensions import db
from .models import Place, PlaceKind
from .presenters import place_name

logger = logging.getLogger(__name__)
FALLBACK_COLOUR = "#616161"


@dataclass(frozen=True)
class KindInfo:
    """A kind of institution in one locale: label, plain-language explanation and its one extra question."""

    code: str
    label: str
    explanation: str | None
    topic_title: str | None
    topic_text: str | None
    colour: str
    parent: str | None
    listed: bool
    links_kita_portal: bool


@dataclass(frozen=True)
class KindVocabulary:
    """Every kind of institution in one locale, in the taxonomy's order."""

    locale: str
    kinds: dict[str, KindInfo]

    @classmethod
    def load(cls, locale: str) -> "KindVocabulary":
        """The kinds labelled and explained in ``locale`` (German where a text is missing)."""
        kinds = db.session.scalars(select(PlaceKind).order_by(PlaceKind.position))
        return cls(locale, {kind.code: kind_info(kind, locale) for kind in kinds})

    def label(self, code: str | None) -> str | None:
        """The label of a kind; an unknown code is shown as it is."""
        if not code:
            return None
        return self.kinds[code].label if code in self.kinds else code

    def options(self) -> list[tuple[KindInfo, int]]:
        """The kinds one can filter by, each with its depth (a school form below its kind)."""
        listed = [kind for kind in self.kinds.values() if kind.listed]
        top = [kind for kind in listed if not kind.parent]
        return [
            pair for kind in top for pair in [(kind, 0)] + [(child, 1) for child in listed if child.parent == kind.code]
        ]


def kind_info(kind: PlaceKind, locale: str) -> KindInfo:
    """One kind in ``locale``."""
    by_locale = {translation.locale: translation for translation in kind.translations}

    def text(field: str) -> str | None:
        # The reader's language, else the German source (never another language's text, never the code).
        for candidate in (by_locale.get(locale), by_locale.get("de")):
            if candidate is not None and getattr(candidate, field):
                return getattr(candidate, field)
        return None

    return KindInfo(
        code=kind.code,
        label=text("label") or kind.code,
        explanation=text("explanation"),
        topic_title=text("topic_title"),
        topic_text=text("topic_text"),
        colour=kind.colour,
        parent=kind.parent.code if kind.parent else None,
        listed=kind.listed,
        links_kita_portal=kind.links_kita_portal,
    )


@dataclass(frozen=True)
class PlaceEntry:
    """An institution as a list, a map marker or an API feature shows it, in one locale."""

    id: int
    name: str
    kind: str
    kind_label: str
    school_form: str | None
    school_form_label: str | None
    colour: str
    address: str
    district: str | None
    district_slug: str | None
    lon: float | None
    lat: float | None
    offers: int
    barrier_free: str
    languages: list[str]
    is_demo: bool
    # False for a kind a partner's file named that the kinds' data does not know (no explanation, no filter).
    kind_known: bool = True

    @property
    def has_point(self) -> bool:
        """False for an institution not (yet) geocoded: listed, but flagged and left off the map."""
        return self.lon is not None


def present_place(place: Place, vocabulary: KindVocabulary, *, offers: int = 0) -> PlaceEntry:
    """One institution in the vocabulary's locale."""
    point = to_shape(place.geom) if place.geom is not None else None
    kind = vocabulary.kinds.get(place.kind)
    return PlaceEntry(
        id=place.id,
        name=place_name(place, vocabulary.locale),
        kind=place.kind,
        kind_label=vocabulary.label(place.kind),
        school_form=place.school_form,
        school_form_label=vocabulary.label(place.school_form),
        colour=kind.colour if kind else FALLBACK_COLOUR,
        address=place.address,
        district=catalog.district_name(place.stadtteil, vocabulary.locale) if place.stadtteil else None,
        district_slug=place.stadtteil.slug if place.stadtteil else None,
        lon=point.x if point else None,
        lat=point.y if point else None,
        offers=offers,
        barrier_free=place.barrier_free.value,
        languages=list(place.languages or []),
        is_demo=place.is_demo,
        kind_known=kind is not None,
    )
