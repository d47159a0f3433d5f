"""What the newsletter's pages show: the archive, one issue, the subscription form and the subscriber's page."""

from dataclasses import dataclass, field

from sqlalchemy import select

from .. import catalog
from ..extensions import db
from ..models import IssueStatus, NewsletterIssue, Subscription
from .edition import Edition, build_edition


def released_issues() -> list[NewsletterIssue]:
    """Released issues, newest period first."""
    query = select(NewsletterIssue).where(NewsletterIssue.status == IssueStatus.RELEASED)
    return list(db.session.scalars(query.order_by(NewsletterIssue.period_start.desc())))


def released_edition(slug: str, locale: str) -> Edition | None:
    """A released issue in full, in ``locale``; None for an unknown or unreleased one."""
    issue = db.session.scalar(
        select(NewsletterIssue).where(NewsletterIssue.slug == slug, NewsletterIssue.status == IssueStatus.RELEASED)
    )
    return build_edition(issue, locale) if issue else None


@dataclass
class SubscribeForm:
    """The choices of the subscription form (phases, Stadtteile, languages) and what the reader entered."""

    phases: list[dict]
    districts: list[dict]
    locales: list[str]
    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)

    @property
    def phase_codes(self) -> set[str]:
        """Known phase codes."""
        return {phase["code"] for phase in self.phases}

    @property
    def district_slugs(self) -> set[str]:
        """Known Stadtteil slugs."""
        return {district["slug"] for district in self.districts}


def subscribe_form(locale: str, locales: list[str]) -> SubscribeForm:
    """Life phases and Stadtteile in ``locale``, and the interface languages."""
    districts = [item for item in catalog.list_districts(locale) if item["level"] == "stadtteil"]
    districts.sort(key=lambda item: item["name"])
    return SubscribeForm(catalog.list_phases(locale), districts, list(locales), values={"locale": locale})


@dataclass
class SubscriberPage:
    """What is stored about a subscriber, with labels in the reader's language."""

    subscription: Subscription
    phases: list[str]
    districts: list[str]


def subscriber_page(subscription: Subscription, locale: str) -> SubscriberPage:
    """The subscriber's data as the manage page shows it."""
    phases = {item["code"]: item["label"] for item in catalog.list_phases(locale)}
    names = catalog.district_names(locale)
    return SubscriberPage(
        subscription,
        [phases.get(code, code) for code in subscription.phases or ()],
        [names.get(slug, slug) for slug in subscription.districts or ()],
    )
