"""The Bildungsbüro's freshness dashboard: the share of offers confirmed within the reminder age — city-wide, per
organisation, per Stadtteil and per life phase — the oldest entries and the organisations whose editors never
signed in. Counts published offers that have not ended (withdrawn ones included: they count as not confirmed)."""

import math
from dataclasses import dataclass
from datetime import datetime

from babel.numbers import format_percent
from flask_babel import get_locale
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from ..exports import ExportTable
from ..extensions import db
from ..i18n import _, translated_label
from ..models import District, LifePhase, Offer, OfferAtPlace, OfferStatus, Organization, Place, Role, User
from ..models.offers import offer_phases
from .ages import Ages, Freshness, cutoff, freshness_of

OLDEST_LIMIT = 10


@dataclass(frozen=True)
class ShareRow:
    """Offers of one group and how many of them were confirmed within the reminder age."""

    name: str
    offers: int
    confirmed: int

    @property
    def share(self) -> float | None:
        """Confirmed / all (None for an empty group)."""
        return self.confirmed / self.offers if self.offers else None


@dataclass(frozen=True)
class OldEntry:
    """One of the offers confirmed longest ago."""

    offer: Offer
    stage: Freshness


@dataclass(frozen=True)
class SilentOrganization:
    """An organisation with offers whose editors never signed in (or that has no editor account)."""

    organization: Organization
    editors: int
    offers: int


@dataclass(frozen=True)
class FreshnessDashboard:
    """Everything the dashboard shows."""

    months: int
    city: ShareRow
    organizations: list[ShareRow]
    stadtteile: list[ShareRow]
    phases: list[ShareRow]
    oldest: list[OldEntry]
    silent: list[SilentOrganization]


def build_dashboard(*, now: datetime, locale: str, ages: Ages | None = None) -> FreshnessDashboard:
    """The figures at ``now``."""
    ages = ages or Ages.configured()
    confirmed = Offer.verified_at >= cutoff(now, ages.remind)
    counted = _counted(now)
    return FreshnessDashboard(
        months=ages.remind,
        city=_city(counted, confirmed),
        organizations=_by_organization(counted, confirmed),
        stadtteile=_by_stadtteil(counted, confirmed, locale),
        phases=_by_phase(counted, confirmed, locale),
        oldest=_oldest(counted, now, ages),
        silent=silent_organizations(now),
    )


def _counted(now: datetime):
    """The offers the dashboard counts: published and not past their end date."""
    return (Offer.status == OfferStatus.PUBLISHED, or_(Offer.ends_on.is_(None), Offer.ends_on >= now.date()))


def _totals(confirmed) -> tuple:
    return func.count(func.distinct(Offer.id)), func.count(func.distinct(Offer.id)).filter(confirmed)


def _city(counted, confirmed) -> ShareRow:
    offers, fresh = db.session.execute(select(*_totals(confirmed)).where(*counted)).one()
    return ShareRow(_("Ganze Stadt"), offers, fresh)


def _by_organization(counted, confirmed) -> list[ShareRow]:
    query = (
        select(Organization.name, *_totals(confirmed))
        .select_from(Offer)
        .outerjoin(Organization, Organization.id == Offer.organization_id)
        .where(*counted)
        .group_by(Organization.id, Organization.name)
    )
    return _sorted(
        ShareRow(name or _("ohne Träger"), offers, fresh) for name, offers, fresh in db.session.execute(query)
    )


def _by_stadtteil(counted, confirmed, locale: str) -> list[ShareRow]:
    query = (
        select(Place.stadtteil_id, *_totals(confirmed))
        .select_from(Offer)
        .join(OfferAtPlace, OfferAtPlace.offer_id == Offer.id)
        .join(Place, Place.id == OfferAtPlace.place_id)
        .where(*counted)
        .group_by(Place.stadtteil_id)
    )
    rows = db.session.execute(query).all()
    names = _names(District, [row[0] for row in rows], "name", locale)
    return _sorted(ShareRow(names.get(key) or _("ohne Stadtteil"), offers, fresh) for key, offers, fresh in rows)


def _by_phase(counted, confirmed, locale: str) -> list[ShareRow]:
    query = (
        select(offer_phases.c.life_phase_id, *_totals(confirmed))
        .select_from(Offer)
        .join(offer_phases, offer_phases.c.offer_id == Offer.id)
        .where(*counted)
        .group_by(offer_phases.c.life_phase_id)
    )
    rows = db.session.execute(query).all()
    phases = {
        phase.id: phase for phase in db.session.scalars(select(LifePhase).options(selectinload(LifePhase.translations)))
    }
    ordered = sorted(rows, key=lambda row: phases[row[0]].position)
    return [ShareRow(translated_label(phases[key], "label", locale), offers, fresh) for key, offers, fresh in ordered]


def _names(model, ids, field: str, locale: str) -> dict:
    records = db.session.scalars(
        select(model).where(model.id.in_([key for key in ids if key])).options(selectinload(model.translations))
    )
    return {record.id: translated_label(record, field, locale) or getattr(record, field) for record in records}


def _sorted(rows) -> list[ShareRow]:
    """Lowest share first (where to act), then by name."""
    return sorted(rows, key=lambda row: (row.share if row.share is not None else 2, row.name))


def _oldest(counted, now: datetime, ages: Ages) -> list[OldEntry]:
    query: Select = (
        select(Offer)
        .where(*counted)
        .order_by(Offer.verified_at, Offer.id)
        .limit(OLDEST_LIMIT)
        .options(selectinload(Offer.organization))
    )
    return [OldEntry(offer, freshness_of(offer.verified_at, now=now, ages=ages)) for offer in db.session.scalars(query)]


def silent_organizations(now: datetime) -> list[SilentOrganization]:
    """Organisations with counted offers none of whose active editors ever signed in."""
    editor = (User.organization_id == Organization.id) & (User.role == Role.EDITOR) & User.active
    query = (
        select(Organization, func.count(func.distinct(User.id)), func.count(func.distinct(Offer.id)))
        .join(Offer, Offer.organization_id == Organization.id)
        .outerjoin(User, editor)
        .where(*_counted(now))
        .group_by(Organization.id)
        .having(func.max(User.last_login_at).is_(None))
        .order_by(func.count(func.distinct(Offer.id)).desc(), Organization.name)
    )
    return [
        SilentOrganization(organization, editors, offers) for organization, editors, offers in db.session.execute(query)
    ]


def share_percent(share: float | None) -> str:
    """A share in the reader's locale with one decimal, rounded down (203 of 204 is "99,5 %", never "100 %")."""
    if share is None:
        return "–"
    return format_percent(math.floor(share * 1000) / 1000, locale=str(get_locale()), decimal_quantization=False)


def dashboard_table(page: FreshnessDashboard) -> ExportTable:
    """The shares as one table for the CSV download: scope, name, offers, confirmed, share in per cent."""
    headers = [_("Bereich"), _("Name"), _("Angebote"), _("bestätigt"), _("Anteil (%)")]
    groups = [
        (_("Stadt"), [page.city]),
        (_("Organisation"), page.organizations),
        (_("Stadtteil"), page.stadtteile),
        (_("Lebensphase"), page.phases),
    ]
    rows = [
        [scope, row.name, row.offers, row.confirmed, "" if row.share is None else math.floor(row.share * 1000) / 10]
        for scope, group in groups
        for row in group
    ]
    return ExportTable(headers=headers, rows=rows, number_matched=len(rows))
