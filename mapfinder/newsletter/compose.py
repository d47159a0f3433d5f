"""Generating an issue from the change log: new offers, offers changed in what matters to readers, offers ending
soon, upcoming dated offers, and new or changed networks of one period."""

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_, select

from ..extensions import db
from ..models import ChangeLog, EntrySection, IssueStatus, NewsletterEntry, NewsletterIssue, Offer, Schedule
from ..search import visible_offer
from .periods import Period

logger = logging.getLogger(__name__)

# Change-log fields of an offer → the aspect a reader cares about; other changes (wording, contacts) are left out.
READER_ASPECTS = {
    "schedules": "time",
    "starts_on": "time",
    "ends_on": "time",
    "places": "place",
    "costs": "cost",
    "registration": "registration",
}
ASPECT_ORDER = ("time", "place", "cost", "registration")


class IssueReleased(Exception):
    """A released issue is not generated again (its readers may have it already)."""


@dataclass(frozen=True)
class Candidate:
    """An offer or network that belongs in the issue, and why."""

    section: EntrySection
    entity: str
    entity_id: int
    aspects: tuple[str, ...] = ()


def generate_issue(period: Period, *, today: date, soon_days: int) -> NewsletterIssue:
    """Create the period's issue, or rebuild its draft (the editors' pins and drops of entries that stay are kept)."""
    issue = db.session.scalar(select(NewsletterIssue).where(NewsletterIssue.slug == period.slug))
    if issue is not None and issue.status is IssueStatus.RELEASED:
        raise IssueReleased(period.slug)
    issue = issue or NewsletterIssue(slug=period.slug, intro={})
    issue.period_start, issue.period_end = period.start, period.end
    issue.generated_at = datetime.now(UTC)
    db.session.add(issue)
    _replace_entries(issue, candidates(period, today=today, soon_days=soon_days))
    db.session.flush()
    logger.info("newsletter issue %s generated with %d entries", issue.slug, len(issue.entries))
    return issue


def candidates(period: Period, *, today: date, soon_days: int) -> list[Candidate]:
    """Everything of the period, one entry per offer (new before changed before ending before upcoming)."""
    reference = min(today, period.end + timedelta(days=1))
    window = (reference, reference + timedelta(days=soon_days))
    changes = _period_changes(period, "offer")
    new = _new_offers(changes, period)
    changed = {offer_id: aspects for offer_id, aspects in _changed_offers(changes).items() if offer_id not in new}
    found = [Candidate(EntrySection.NEW, "offer", offer_id) for offer_id in sorted(new)]
    found += [Candidate(EntrySection.CHANGED, "offer", key, aspects) for key, aspects in sorted(changed.items())]
    found += [Candidate(EntrySection.ENDING, "offer", offer_id) for offer_id in _ending_offers(window)]
    found += [Candidate(EntrySection.UPCOMING, "offer", offer_id) for offer_id in _upcoming_offers(window)]
    return _visible_once(found) + _network_candidates(period)


def _period_changes(period: Period, entity: str) -> list[ChangeLog]:
    start = datetime.combine(period.start, time.min, tzinfo=UTC)
    end = datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=UTC)
    query = select(ChangeLog).where(
        ChangeLog.entity == entity, ChangeLog.changed_at >= start, ChangeLog.changed_at < end
    )
    return list(db.session.scalars(query.order_by(ChangeLog.changed_at, ChangeLog.id)))


def _published_by(entry: ChangeLog) -> bool:
    status = (entry.changes or {}).get("status")
    return entry.action in ("create", "publish") and bool(status) and status[1] == "published"


def _new_offers(changes: list[ChangeLog], period: Period) -> set[int]:
    """Offers first published in the period (a re-publication of an older offer is not news)."""
    published = {entry.entity_id for entry in changes if _published_by(entry)}
    if not published:
        return set()
    start = datetime.combine(period.start, time.min, tzinfo=UTC)
    earlier = db.session.scalars(
        select(ChangeLog).where(
            ChangeLog.entity == "offer",
            ChangeLog.entity_id.in_(published),
            ChangeLog.changed_at < start,
            ChangeLog.action.in_(("create", "publish")),
        )
    )
    return published - {entry.entity_id for entry in earlier if _published_by(entry)}


def _changed_offers(changes: list[ChangeLog]) -> dict[int, tuple[str, ...]]:
    """Offers whose time, place, cost or registration changed, with those aspects in a fixed order."""
    aspects: dict[int, set[str]] = {}
    for entry in changes:
        if entry.action != "update":
            continue
        found = {READER_ASPECTS[name] for name in (entry.changes or {}) if name in READER_ASPECTS}
        if found:
            aspects.setdefault(entry.entity_id, set()).update(found)
    return {key: tuple(a for a in ASPECT_ORDER if a in value) for key, value in aspects.items()}


def _ending_offers(window: tuple[date, date]) -> list[int]:
    query = select(Offer.id).where(visible_offer(), Offer.ends_on.between(*window)).order_by(Offer.ends_on, Offer.id)
    return list(db.session.scalars(query))


def _upcoming_offers(window: tuple[date, date]) -> list[int]:
    """Offers that start in the window, or have a one-off date in it."""
    one_off = select(Schedule.offer_id).where(Schedule.freq.is_(None), Schedule.dtstart.between(*window))
    query = select(Offer.id).where(
        visible_offer(), or_(Offer.starts_on.between(*window), Offer.id.in_(one_off.scalar_subquery()))
    )
    return list(db.session.scalars(query.order_by(Offer.id)))


def _visible_once(found: list[Candidate]) -> list[Candidate]:
    """Each offer once (its first reason), and only offers readers can see now."""
    visible = set(
        db.session.scalars(select(Offer.id).where(visible_offer(), Offer.id.in_({c.entity_id for c in found})))
    )
    seen: set[int] = set()
    kept = []
    for candidate in found:
        if candidate.entity_id in visible and candidate.entity_id not in seen:
            seen.add(candidate.entity_id)
            kept.append(candidate)
    return kept


def _network_candidates(period: Period) -> list[Candidate]:
    """Networks created or changed in the period (``aspects`` is ``("new",)`` for a new one)."""
    created, changed = set(), set()
    for entry in _period_changes(period, "network"):
        (created if entry.action == "create" else changed).add(entry.entity_id)
    return [
        Candidate(EntrySection.NETWORK, "network", network_id, ("new",) if network_id in created else ())
        for network_id in sorted(created | changed)
    ]


def _replace_entries(issue: NewsletterIssue, found: list[Candidate]) -> None:
    previous = {(entry.entity, entry.entity_id): (entry.pinned, entry.dropped) for entry in issue.entries}
    issue.entries = []
    db.session.flush()  # the old rows go before the new ones come (same unique keys)
    entries = []
    for candidate in found:
        pinned, dropped = previous.get((candidate.entity, candidate.entity_id), (False, False))
        entries.append(
            NewsletterEntry(
                section=candidate.section,
                entity=candidate.entity,
                entity_id=candidate.entity_id,
                aspects=list(candidate.aspects),
                pinned=pinned,
                dropped=dropped,
            )
        )
    issue.entries = entries
