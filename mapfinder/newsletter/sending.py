"""Sending a released issue to every confirmed subscriber, in batches, resumable.

Each delivery is committed as ``sending`` before the hand-over to SMTP and as ``sent`` after it. A rerun skips
``sent`` and also ``sending`` — a crash between the two leaves it unknown whether the server took the message,
and a second copy is worse than a missing one (the log names them). A refusal by the server (``failed``) stops the
run; the next run sends those and the rest.
"""

import logging
import time
from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..mail import send_mail
from ..models import Delivery, DeliveryState, IssueStatus, NewsletterIssue, Subscription
from .render import issue_mail

logger = logging.getLogger(__name__)


class NotReleased(Exception):
    """Only a released issue is sent."""


@dataclass
class SendReport:
    """What one run did."""

    sent: int = 0
    already_sent: int = 0
    uncertain: int = 0
    empty: int = 0
    failed: int = 0

    @property
    def stopped(self) -> bool:
        """True when the server refused a message and the run stopped early."""
        return self.failed > 0


def find_issue(slug: str) -> NewsletterIssue | None:
    """An issue by its slug (``2026-q4``), any case."""
    return db.session.scalar(select(NewsletterIssue).where(NewsletterIssue.slug == slug.strip().lower()))


def send_issue(issue: NewsletterIssue, *, batch_size: int = 50, pause: float = 0.0) -> SendReport:
    """Mail every confirmed subscriber their edition once; committed per delivery, so it resumes after a crash."""
    if issue.status is not IssueStatus.RELEASED:
        raise NotReleased(issue.slug)
    report, cache = SendReport(), {}
    states = _delivery_states(issue)
    for batch in _batches(_confirmed_ids(), batch_size):
        for subscription in db.session.scalars(
            select(Subscription).where(Subscription.id.in_(batch)).order_by(Subscription.id)
        ):
            if not _deliver(issue, subscription, states.get(subscription.id), report, cache):
                return report
        if pause:
            time.sleep(pause)
    logger.info("newsletter %s: %s", issue.slug, report)
    return report


def _deliver(
    issue: NewsletterIssue, subscription: Subscription, state: DeliveryState | None, report: SendReport, cache: dict
) -> bool:
    """One subscriber; False when the server refused and the run must stop."""
    if state is DeliveryState.SENT:
        report.already_sent += 1
        return True
    if state is DeliveryState.SENDING:
        logger.warning(
            "newsletter %s to subscription %s: unknown outcome of an earlier run, not sent again",
            issue.slug,
            subscription.id,
        )
        report.uncertain += 1
        return True
    mail = issue_mail(issue, subscription, cache=cache)
    if mail is None:
        report.empty += 1
        return True
    delivery = _record(issue, subscription, DeliveryState.SENDING)
    delivered = send_mail(mail)
    delivery.state = DeliveryState.SENT if delivered else DeliveryState.FAILED
    db.session.commit()
    if delivered:
        report.sent += 1
    else:
        report.failed += 1
    return delivered


def _record(issue: NewsletterIssue, subscription: Subscription, state: DeliveryState) -> Delivery:
    delivery = db.session.scalar(
        select(Delivery).where(Delivery.issue_id == issue.id, Delivery.subscription_id == subscription.id)
    ) or Delivery(issue_id=issue.id, subscription_id=subscription.id)
    delivery.state = state
    db.session.add(delivery)
    db.session.commit()
    return delivery


def _delivery_states(issue: NewsletterIssue) -> dict[int, DeliveryState]:
    rows = db.session.execute(select(Delivery.subscription_id, Delivery.state).where(Delivery.issue_id == issue.id))
    return dict(rows.tuples().all())


def _confirmed_ids() -> list[int]:
    query = select(Subscription.id).where(Subscription.confirmed_at.is_not(None)).order_by(Subscription.id)
    return list(db.session.scalars(query))


def _batches(ids: list[int], size: int) -> list[list[int]]:
    size = max(1, size)
    return [ids[start : start + size] for start in range(0, len(ids), size)]
