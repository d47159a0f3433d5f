"""The one presenter: "an offer at a place" → the record every output shows (finder list, API feature, map, district
page, referral sheet, exports), localised once, with the same fallback rule everywhere: titles, place and district
names, taxonomy labels, schedules, cost, registration and contacts in the reader's language; German free text marked.
"""
import logging
from dataclasses import dataclass, field

from babel.numbers import format_currency
from flask_babel import force_locale

from . import catalog
from .i18n import _
from .localized import SOURCE_LOCALE, LocalizedText, localize
from .models import CostKind, Offer, OfferAtPlace, Place, RegistrationKind
from .schedules import format_schedules
from .schedules.formatting import FormattedSchedule
from .search import ResultRow, SearchResult

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Vocabulary:
    """Taxonomy labels of one locale, looked up once per page."""

    locale: str
    phases: dict[str, dict]
    categories: dict[str, dict]

    @classmethod
    def load(cls, locale: str) -> "Vocabulary":
        """Phases and categories labelled in ``locale``."""
        return cls(locale, {item["code"]: item for item in catalog.list_phases(locale)},
                   {item["code"]: item for item in catalog.list_categories(locale)})


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
    offer: Offer = field(repr=False, compare=False)
    place: Place = field(repr=False, compare=False)

    @property
    def key(self) -> str:
        """``offer-place``: the key the finder's list and map share for one marker."""
        return f"{self.offer_id}-{self.place_id}"

    @property
    def has_point(self) -> bool:
        """True when the map can show it."""
        return self.lon is not None


def present_result(result: SearchResult, locale: str, vocabulary: Vocabulary | None = None) -> list[OfferAtPlaceView]:
    """Every row of a search result, presented in ``locale``."""
    vocabulary = vocabulary or Vocabulary.load(locale)
    return [present_row(row, result.offers[row.offer_id], result.places[row.place_id],
                        result.at_places.get(row.id), vocabulary) for row in result.rows]


def present_row(row: ResultRow, offer: Offer, place: Place, at_place: OfferAtPlace | None,
                vocabulary: Vocabulary) -> OfferAtPlaceView:
    """One offer at one place in the vocabulary's locale (``at_place`` adds its own schedules, contacts, note)."""
    locale = vocabulary.locale
    with force_locale(locale):
        return OfferAtPlaceView(
            id=row.id, offer_id=offer.id, place_id=place.id, title=localize(offer, "title", locale),
            description=localize(offer, "description", locale), place_name=place_name(place, locale),
            address=place.address, is_virtual=place.location_type.value == "virtual",
            district=catalog.district_name(place.stadtteil, locale) if place.stadtteil else None,
            district_slug=place.stadtteil.slug if place.stadtteil else None,
            lon=row.lon, lat=row.lat, distance_m=row.distance_m,
            phases=_labelled(vocabulary.phases, [phase.code for phase in offer.phases]),
            categories=_labelled(vocabulary.categories, [category.code for category in offer.categories]),
            min_age=offer.min_age, max_age=offer.max_age, free=offer.is_free, barrier_free=place.barrier_free.value,
            languages=list(offer.languages or []),
            schedules=format_schedules((at_place.schedules if at_place and at_place.schedules else offer.schedules),
                                       locale),
            costs=cost_labels(offer, locale), cost_notes=_cost_notes(offer, locale),
            registration=registration_of(offer, locale), contacts=_contacts(offer, at_place),
            website=offer.website, note=german_text(at_place.note if at_place else None, locale),
            is_demo=offer.is_demo, offer=offer, place=place,
        )


def place_name(place: Place, locale: str) -> str:
    """A place's name in ``locale`` where it differs, else the German one; a virtual place is "Online"."""
    if place.location_type.value == "virtual":
        return _("Online")
    for translation in place.translations:
        if translation.locale == locale and translation.name:
            return translation.name
    return place.name


def _labelled(vocabulary: dict[str, dict], codes: list[str]) -> list[dict]:
    return sorted((vocabulary[code] for code in codes if code in vocabulary), key=lambda item: item["order"])


def german_text(text: str | None, locale: str) -> LocalizedText | None:
    """A partner's free-text note: German, marked as a stand-in when the reader reads another language."""
    return LocalizedText(text, SOURCE_LOCALE, None, fallback=locale != SOURCE_LOCALE) if text else None


def cost_labels(offer: Offer, locale: str) -> list[str]:
    """Each cost option as a translated label with its amount ("kostenlos", "5,00 €", "ermäßigt: 2,50 €")."""
    labels = []
    for option in offer.cost_options:
        amount = format_currency(option.amount, option.currency, locale=locale) if option.amount is not None else None
        if option.kind is CostKind.FREE:
            labels.append(_("kostenlos"))
        elif option.kind is CostKind.REDUCED:
            labels.append(_("ermäßigt: %(amount)s", amount=amount) if amount else _("ermäßigt"))
        else:
            labels.append(amount or _("kostenpflichtig"))
    return labels


def _cost_notes(offer: Offer, locale: str) -> list[LocalizedText]:
    return [note for option in offer.cost_options if (note := german_text(option.amount_description, locale))]


def registration_label(kind: RegistrationKind | None) -> str | None:
    """The translated label of a registration kind."""
    return {RegistrationKind.NOT_NEEDED: _("ohne Anmeldung"), RegistrationKind.RECOMMENDED: _("Anmeldung empfohlen"),
            RegistrationKind.REQUIRED: _("Anmeldung erforderlich")}.get(kind) if kind else None


def registration_of(offer: Offer, locale: str) -> Registration:
    """The offer's registration in ``locale``."""
    return Registration(registration_label(offer.registration_kind), german_text(offer.registration_note, locale),
                        offer.registration_url, offer.registration_phone)


def _contacts(offer: Offer, at_place: OfferAtPlace | None) -> list[ContactView]:
    contacts = at_place.contacts if at_place and at_place.contacts else offer.contacts
    return [ContactView(contact.email, [phone.number for phone in contact.phones], contact.name, contact.role)
            for contact in contacts]
