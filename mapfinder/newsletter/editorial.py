"""The Bildungsbüro's work on an issue before release: an introduction (German, other languages optional), pinned
and dropped entries, and the release that publishes it. Only reviewers and admins; a released issue is final."""

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from ..editing.permissions import require_reviewer
from ..extensions import db
from ..models import EntrySection, IssueStatus, Network, NewsletterEntry, NewsletterIssue, Offer, User
from .compose import generate_issue
from .periods import period_of

logger = logging.getLogger(__name__)
MAX_INTRO = 5000


class IssueFinal(Exception):
    """A released issue is no longer edited."""


@dataclass(frozen=True)
class IssueChanges:
    """The form: the introduction per locale, and which entries (ids) are pinned and which dropped."""

    intro: dict[str, str]
    pinned: frozenset[int]
    dropped: frozenset[int]


def parse_issue_form(form, locales: list[str]) -> IssueChanges:
    """The edit form's fields (``intro-<locale>``, ``pin``, ``drop``); texts trimmed and bounded."""
    intro = {locale: (form.get(f"intro-{locale}") or "").strip()[:MAX_INTRO] for locale in locales}
    return IssueChanges(
        {locale: text for locale, text in intro.items() if text},
        frozenset(_ids(form.getlist("pin"))),
        frozenset(_ids(form.getlist("drop"))),
    )


def _ids(values: list[str]) -> set[int]:
    return {int(value) for value in values if value.isdigit() and len(value) < 10}


def all_issues(user: User | None) -> list[NewsletterIssue]:
    """Every issue, newest period first (for the editors)."""
    require_reviewer(user)
    return list(db.session.scalars(select(NewsletterIssue).order_by(NewsletterIssue.period_start.desc())))


def issue_for_editing(slug: str, user: User | None) -> NewsletterIssue | None:
    """One issue by slug for the editors, or None."""
    require_reviewer(user)
    return db.session.scalar(select(NewsletterIssue).where(NewsletterIssue.slug == slug))


def update_issue(issue: NewsletterIssue, changes: IssueChanges, *, user: User | None) -> None:
    """Store the introduction and the pins and drops of a draft."""
    require_reviewer(user)
    if issue.status is IssueStatus.RELEASED:
        raise IssueFinal(issue.slug)
    issue.intro = dict(changes.intro)
    for entry in issue.entries:
        entry.pinned = entry.id in changes.pinned and entry.id not in changes.dropped
        entry.dropped = entry.id in changes.dropped
    db.session.flush()


def release_issue(issue: NewsletterIssue, *, user: User | None) -> None:
    """Publish a draft on the portal (and make it sendable)."""
    require_reviewer(user)
    if issue.status is IssueStatus.RELEASED:
        raise IssueFinal(issue.slug)
    issue.status = IssueStatus.RELEASED
    issue.released_at = datetime.now(UTC)
    db.session.flush()
    logger.info("newsletter issue %s released by user %s", issue.slug, user.id if user else None)


def generate_current(user: User | None, *, kind: str, soon_days: int) -> NewsletterIssue:
    """Generate (or rebuild the draft of) the issue of the period that contains today."""
    require_reviewer(user)
    today = date.today()
    return generate_issue(period_of(today, kind), today=today, soon_days=soon_days)


@dataclass(frozen=True)
class EntryRow:
    """An entry as the editing form lists it: the German title and why it is in the issue."""

    entry: NewsletterEntry
    title: str
    section: EntrySection


def entry_rows(issue: NewsletterIssue) -> list[EntryRow]:
    """The issue's entries with German titles, by section, then title."""
    offers = _titles(Offer, Offer.title, issue, "offer")
    networks = _titles(Network, Network.name, issue, "network")
    rows = [
        EntryRow(entry, (offers if entry.entity == "offer" else networks).get(entry.entity_id, "–"), entry.section)
        for entry in issue.entries
    ]
    order = list(EntrySection)
    return sorted(rows, key=lambda row: (order.index(row.section), row.title.casefold()))


def _titles(model, column, issue: NewsletterIssue, entity: str) -> dict[int, str]:
    ids = [entry.entity_id for entry in issue.entries if entry.entity == entity]
    return dict(db.session.execute(select(model.id, column).where(model.id.in_(ids))).tuples().all()) if ids else {}
