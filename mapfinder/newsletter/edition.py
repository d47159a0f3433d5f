"""One edition of an issue: its entries for a reader's preferences (phases, districts, professional) in one
language, grouped by life phase, then category — built from the one read path (``published_rows`` and the
presenter), so the newsletter shows an offer as every other listing does."""

import logging
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..localized import SOURCE_LOCALE, LocalizedText
from ..models import EntrySection, Network, NewsletterEntry, NewsletterIssue, Offer
from ..presenters import OfferAtPlaceView, Vocabulary, present_row
from ..search import ResultRow, load_records, published_rows

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Preferences:
    """What a reader asked for; empty phases or districts mean all. The archive shows the full issue."""

    phases: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    professional: bool = True
    professional_categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlaceLine:
    """Where: the place's name and its Stadtteil in the reader's language."""

    name: str
    district: str | None


@dataclass
class OfferItem:
    """An offer as the newsletter lists it."""

    entry_id: int
    offer_id: int
    section: EntrySection
    aspects: list[str]
    pinned: bool
    title: LocalizedText
    places: list[PlaceLine]
    schedules: list[str]
    starts_on: date | None
    ends_on: date | None
    phase: dict | None
    category: dict | None
    is_demo: bool
    # For the preferences, not shown: every phase, the category codes, (Stadtteil slug, online) per place.
    phases: list[dict] = field(default_factory=list, repr=False)
    category_codes: list[str] = field(default_factory=list, repr=False)
    place_keys: list[tuple[str | None, bool]] = field(default_factory=list, repr=False)


@dataclass
class NetworkItem:
    """A new or changed network (professional edition)."""

    entry_id: int
    slug: str
    name: str
    purpose: str
    is_new: bool
    pinned: bool


@dataclass
class CategoryGroup:
    """The offers of one category within a life phase."""

    category: dict | None
    items: list[OfferItem] = field(default_factory=list)


@dataclass
class PhaseGroup:
    """The offers of one life phase, by category."""

    phase: dict | None
    categories: list[CategoryGroup] = field(default_factory=list)


@dataclass
class Edition:
    """What one reader gets of an issue."""

    issue: NewsletterIssue
    locale: str
    intro: LocalizedText | None
    highlights: list[OfferItem]
    groups: list[PhaseGroup]
    networks: list[NetworkItem]

    @property
    def is_empty(self) -> bool:
        """True when nothing of the issue is for this reader."""
        return not (self.highlights or self.groups or self.networks)


def build_edition(
    issue: NewsletterIssue,
    locale: str,
    preferences: Preferences = Preferences(),
    *,
    cache: dict[str, list[OfferItem]] | None = None,
) -> Edition:
    """The issue in ``locale`` for ``preferences``; dropped entries and offers no longer visible are left out.
    ``cache`` keeps the issue's items per locale across the editions of one run (sending)."""
    entries = [entry for entry in issue.entries if not entry.dropped]
    cache = {} if cache is None else cache
    if locale not in cache:
        cache[locale] = _offer_items(entries, Vocabulary.load(locale))
    items = [_within_districts(item, preferences) for item in cache[locale] if _wanted(item, preferences)]
    items = [item for item in items if item.places]
    highlights = [item for item in items if item.pinned]
    groups = _grouped([item for item in items if not item.pinned])
    networks = _network_items(entries) if preferences.professional else []
    return Edition(issue, locale, intro_text(issue, locale), highlights, groups, networks)


def intro_text(issue: NewsletterIssue, locale: str) -> LocalizedText | None:
    """The editors' introduction in ``locale`` when written, else the German one marked as a stand-in."""
    intro = issue.intro or {}
    if intro.get(locale):
        return LocalizedText(intro[locale], locale, None, fallback=False)
    if intro.get(SOURCE_LOCALE):
        return LocalizedText(intro[SOURCE_LOCALE], SOURCE_LOCALE, None, fallback=locale != SOURCE_LOCALE)
    return None


def _offer_items(entries: list[NewsletterEntry], vocabulary: Vocabulary) -> list[OfferItem]:
    by_offer = {entry.entity_id: entry for entry in entries if entry.entity == "offer"}
    if not by_offer:
        return []
    rows = db.session.execute(published_rows().where(Offer.id.in_(by_offer)).order_by("offer_id", "id")).all()
    offers, places, at_places = load_records(rows)
    views: dict[int, list[OfferAtPlaceView]] = {}
    for row in rows:
        view = present_row(
            ResultRow(row.id, row.offer_id, row.place_id, None, None, None),
            offers[row.offer_id],
            places[row.place_id],
            at_places.get(row.id),
            vocabulary,
        )
        views.setdefault(row.offer_id, []).append(view)
    return [_item(by_offer[offer_id], offer_views) for offer_id, offer_views in views.items()]


def _item(entry: NewsletterEntry, views: list[OfferAtPlaceView]) -> OfferItem:
    first = views[0]
    return OfferItem(
        entry_id=entry.id,
        offer_id=first.offer_id,
        section=entry.section,
        aspects=list(entry.aspects or []),
        pinned=entry.pinned,
        title=first.title,
        places=[PlaceLine(view.place_name, view.district) for view in views],
        schedules=[schedule.text for schedule in first.schedules],
        starts_on=first.offer.starts_on,
        ends_on=first.offer.ends_on,
        phase=first.phases[0] if first.phases else None,
        category=first.categories[0] if first.categories else None,
        is_demo=first.is_demo,
        phases=first.phases,
        category_codes=[category["code"] for category in first.categories],
        place_keys=[(view.district_slug, view.is_virtual) for view in views],
    )


def _wanted(item: OfferItem, preferences: Preferences) -> bool:
    """In a chosen phase (any, when none chosen); professional-only categories only for the professional edition."""
    if preferences.phases and not {phase["code"] for phase in item.phases} & set(preferences.phases):
        return False
    professional_only = set(item.category_codes) & set(preferences.professional_categories)
    return preferences.professional or not professional_only


def _within_districts(item: OfferItem, preferences: Preferences) -> OfferItem:
    """A copy with only the places in a chosen Stadtteil (online offers reach every district), filed under the first
    chosen phase."""
    phase, places = item.phase, item.places
    if preferences.phases:
        phase = next((each for each in item.phases if each["code"] in preferences.phases), phase)
    if preferences.districts:
        keys = zip(item.places, item.place_keys, strict=True)
        places = [line for line, (slug, virtual) in keys if virtual or slug in preferences.districts]
    return replace(item, phase=phase, places=places)


def _grouped(items: list[OfferItem]) -> list[PhaseGroup]:
    """By life phase (taxonomy order), then category (taxonomy order), then title."""
    groups: dict[str | None, PhaseGroup] = {}
    for item in sorted(items, key=lambda i: (_order(i.phase), _order(i.category), i.title.text.casefold())):
        group = groups.setdefault(item.phase["code"] if item.phase else None, PhaseGroup(item.phase))
        if not group.categories or group.categories[-1].category != item.category:
            group.categories.append(CategoryGroup(item.category))
        group.categories[-1].items.append(item)
    return list(groups.values())


def _order(taxon: dict | None) -> int:
    return taxon["order"] if taxon else 10_000


def _network_items(entries: list[NewsletterEntry]) -> list[NetworkItem]:
    wanted = {entry.entity_id: entry for entry in entries if entry.entity == "network"}
    if not wanted:
        return []
    networks = db.session.scalars(select(Network).where(Network.id.in_(wanted)).order_by(Network.name))
    return [
        NetworkItem(
            wanted[n.id].id, n.slug, n.name, n.purpose or "", "new" in (wanted[n.id].aspects or []), wanted[n.id].pinned
        )
        for n in networks
    ]
