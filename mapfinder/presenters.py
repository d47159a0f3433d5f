"""The one presenter: "an offer at a place" → the record every output shows (finder list, API feature, map, district
page, referral sheet, exports), localised once, with the same fallback rule everywhere: titles, place and district
names, taxonomy labels, schedules, cost, registration and contacts in the reader's language; German free text marked.
"""

import logging
from dataclasses import dataclass, field, replace

from babel.numbers import format_currency
from flask_babel import force_locale

from . import catalog
from .i18n import _
from .localized import SOURCE_LOCALE, LocalizedText, localize
from .models import CostKind, Offer, OfferAtPlace, Place, RegistrationKind
from .offer_records import CostRecord, OfferRecord, record_from_models
from .schedules.formatting import FormattedSchedule, format_schedule
from .search import ResultRow, SearchResult

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Vocabulary:
    """Taxonomy labels and Stadtteil names (by id: slug, name) of one locale, looked up once per page."""

    locale: str
    phases: dict[str, dict]
    categories: dict[str, dict]
    districts: dict[int, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, locale: str) -> "Vocabulary":
        """Phases, categories and districts labelled in ``locale`` (one statement)."""
        snapshot = catalog.vocabulary_snapshot(locale)
        return cls.of(snapshot)

    @classmethod
    def of(cls, snapshot: "catalog.VocabularySnapshot") -> "Vocabulary":
        """The vocabulary of a snapshot already read."""
        return cls(
            snapshot.locale,
            {item["code"]: item for item in snapshot.phases},
            {item["code"]: item for item in snapshot.categories},
            {item["id"]: (item["slug"], item["name"]) for item in snapshot.districts.values()},
        )


@dataclass(frozen=True)
class Registration:
    """Whether one must sign up (a translated label), and how: link, phone, the partner's German note."""

    label: str | None
    note: LocalizedText | None
    url: str | None
    phone: str | None


@dataclass(frozen=True)
class ContactView:
    """A contact's e-mail, phones, name and role (names and roles stay as written)."""

    email: str | None
    phones: list[str]
    name: str | None
    role: str | None


@dataclass(frozen=True)
class OfferAtPlaceView:
    """One offer at one place as every output shows it, in one locale."""

    id: int
    offer_id: int
    place_id: int
    title: LocalizedText
    description: LocalizedText
    place_name: str
    address: str
    is_virtual: bool
    district: str | None
    district_slug: str | None
    lon: float | None
    lat: float | None
    distance_m: float | None
    phases: list[dict]
    categories: list[dict]
    min_age: int | None
    max_age: int | None
    free: bool
    barrier_free: str
    languages: list[str]
    schedules: list[FormattedSchedule]
    costs: list[str]
    cost_notes: list[LocalizedText]
    registration: Registration
    contacts: list[ContactView]
    website: str | None
    note: LocalizedText | None
    is_demo: bool
    # The ORM objects, for pages of one offer (offer page, district page, referral sheet); None in listings.
    offer: Offer | None = field(default=None, repr=False, compare=False)
    place: Place | None = field(default=None, repr=False, compare=False)

    @property
    def key(self) -> str:
        """``offer-place``: the key the finder's list and map share for one marker."""
        return f"{self.offer_id}-{self.place_id}"

    @property
    def has_point(self) -> bool:
        """True when the map can show it."""
        return self.lon is not None


def present_result(result: SearchResult, locale: str, vocabulary: Vocabulary | None = None) -> list[OfferAtPlaceView]:
    """Every record of a search result, presented in ``locale`` (with the vocabulary read along, if in it)."""
    if vocabulary is None:
        snapshot = result.snapshot
        vocabulary = Vocabulary.of(snapshot) if snapshot and snapshot.locale == locale else Vocabulary.load(locale)
    with force_locale(vocabulary.locale):
        return [present_record(record, vocabulary) for record in result.records]


def present_row(
    row: ResultRow, offer: Offer, place: Place, at_place: OfferAtPlace | None, vocabulary: Vocabulary
) -> OfferAtPlaceView:
    """One offer at one place from loaded ORM objects (pages of one offer), presented like every listing."""
    with force_locale(vocabulary.locale):
        view = present_record(record_from_models(row, offer, place, at_place), vocabulary)
    return replace(view, offer=offer, place=place)


def present_record(record: OfferRecord, vocabulary: Vocabulary) -> OfferAtPlaceView:
    """The one presenter: a record in the vocabulary's locale (call inside ``force_locale`` of that locale)."""
    locale = vocabulary.locale
    slug, district = _district(record, vocabulary)
    return OfferAtPlaceView(
        id=record.id,
        offer_id=record.offer_id,
        place_id=record.place_id,
        title=localize(record, "title", locale),
        description=localize(record, "description", locale),
        place_name=place_name(record, locale),
        address=record.address,
        is_virtual=record.is_virtual,
        district=district,
        district_slug=slug,
        lon=record.lon,
        lat=record.lat,
        distance_m=record.distance_m,
        phases=_labelled(vocabulary.phases, record.phases),
        categories=_labelled(vocabulary.categories, record.categories),
        min_age=record.min_age,
        max_age=record.max_age,
        free=record.free,
        barrier_free=record.barrier_free,
        languages=list(record.languages),
        schedules=[format_schedule(item, locale) for item in record.schedules],
        costs=cost_labels(record.costs, locale),
        cost_notes=_cost_notes(record.costs, locale),
        registration=registration_of(record, locale),
        contacts=[ContactView(item.email, list(item.phones), item.name, item.role) for item in record.contacts],
        website=record.website,
        note=german_text(record.note, locale),
        is_demo=record.is_demo,
    )


def _district(record: OfferRecord, vocabulary: Vocabulary) -> tuple[str | None, str | None]:
    """The Stadtteil's slug and name in the vocabulary's locale."""
    if record.district_slug:
        names = record.district_names
        return record.district_slug, names.get(vocabulary.locale) or names.get(SOURCE_LOCALE)
    return vocabulary.districts.get(record.stadtteil_id, (None, None)) if record.stadtteil_id else (None, None)


def place_name(record: OfferRecord | Place, locale: str) -> str:
    """A place's name in ``locale`` where it differs, else the German one; a virtual place is "Online" (a record or
    a ``Place``)."""
    if isinstance(record, Place):
        if record.location_type.value == "virtual":
            return _("Online")
        names = {translation.locale: translation.name for translation in record.translations}
        return names.get(locale) or record.name
    if record.is_virtual:
        return _("Online")
    return record.place_names.get(locale) or record.place_name


def _labelled(vocabulary: dict[str, dict], codes: list[str]) -> list[dict]:
    return sorted((vocabulary[code] for code in codes if code in vocabulary), key=lambda item: item["order"])


def german_text(text: str | None, locale: str) -> LocalizedText | None:
    """A partner's free-text note: German, marked as a stand-in when the reader reads another language."""
    return LocalizedText(text, SOURCE_LOCALE, None, fallback=locale != SOURCE_LOCALE) if text else None


def cost_labels(costs: list[CostRecord], locale: str) -> list[str]:
    """Each cost option as a translated label with its amount ("kostenlos", "5,00 €", "ermäßigt: 2,50 €")."""
    labels = []
    for option in costs:
        amount = format_currency(option.amount, option.currency, locale=locale) if option.amount is not None else None
        if option.kind is CostKind.FREE:
            labels.append(_("kostenlos"))
        elif option.kind is CostKind.REDUCED:
            labels.append(_("ermäßigt: %(amount)s", amount=amount) if amount else _("ermäßigt"))
        else:
            labels.append(amount or _("kostenpflichtig"))
    return labels


def _cost_notes(costs: list[CostRecord], locale: str) -> list[LocalizedText]:
    return [note for option in costs if (note := german_text(option.amount_description, locale))]


def registration_label(kind: RegistrationKind | None) -> str | None:
    """The translated label of a registration kind."""
    return (
        {
            RegistrationKind.NOT_NEEDED: _("ohne Anmeldung"),
            RegistrationKind.RECOMMENDED: _("Anmeldung empfohlen"),
            RegistrationKind.REQUIRED: _("Anmeldung erforderlich"),
        }.get(kind)
        if kind
        else None
    )


def registration_of(offer: Offer | OfferRecord, locale: str) -> Registration:
    """The offer's registration in ``locale`` (an offer or a record)."""
    return Registration(
        registration_label(offer.registration_kind),
        german_text(offer.registration_note, locale),
        offer.registration_url,
        offer.registration_phone,
    )
