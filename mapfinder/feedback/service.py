"""Reader reports: receive one (abuse rules, validation, reference number, mail), the moderation queue with its
access rule, status changes with a note and a reply, and the purge of personal data."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Select, or_, select, update

from ..editing.validation import Checks
from ..extensions import db
from ..i18n import _
from ..models import Report, ReportKind, ReportStatus, ReportSubject, User
from ..models.base import utcnow
from . import guard
from .notifications import notify_new_report, send_reply
from .subjects import Subject

logger = logging.getLogger(__name__)

OPEN_STATES = (ReportStatus.HELD, ReportStatus.NEW, ReportStatus.IN_PROGRESS)
CLOSED_STATES = (ReportStatus.DONE, ReportStatus.REJECTED)
# Which state may follow which (the same state again only updates the note).
TRANSITIONS = {
    ReportStatus.HELD: {ReportStatus.NEW, ReportStatus.REJECTED},
    ReportStatus.NEW: {ReportStatus.IN_PROGRESS, ReportStatus.DONE, ReportStatus.REJECTED},
    ReportStatus.IN_PROGRESS: {ReportStatus.NEW, ReportStatus.DONE, ReportStatus.REJECTED},
    ReportStatus.DONE: {ReportStatus.IN_PROGRESS},
    ReportStatus.REJECTED: {ReportStatus.IN_PROGRESS},
}
QUEUE_VIEWS = {"open": OPEN_STATES, "held": (ReportStatus.HELD,), "closed": CLOSED_STATES, "all": tuple(ReportStatus)}


class ReportDenied(PermissionError):
    """The user may not see or change this report (another organisation's; the view answers 403)."""


@dataclass(frozen=True)
class ReportInput:
    """The reader's form as sent."""

    kind: str = ""
    text: str = ""
    email: str = ""
    honeypot: str = ""
    stamp: str = ""


def submit_report(
    data: ReportInput, *, subject: Subject, address: str, language: str, now: datetime | None = None
) -> Report:
    """Check and store one report and give it a reference number; ``announce`` tells its handlers once the caller
    has committed it.

    Raises ``guard.ReportRejected`` (honeypot, time check, rate limit) or ``ValidationError``; nothing is stored then.
    """
    now = now or utcnow()
    guard.check_honeypot(data.honeypot)
    guard.check_stamp(data.stamp, now=now)
    guard.check_rate(address, now=now)
    kind, text, email = _validated(data, subject)
    held = guard.contains_link(text)
    report = Report(
        subject_type=subject.type,
        subject_id=subject.id,
        subject_title=subject.title[:300],
        organization_id=subject.organization_id,
        kind=kind,
        text=text,
        email=email,
        ip_address=address[:64],
        language=language,
        status=ReportStatus.HELD if held else ReportStatus.NEW,
        created_at=now,
        updated_at=now,
    )
    db.session.add(report)
    db.session.flush()
    report.reference = reference_number(report)
    logger.info("report %s on %s %s (%s)", report.reference, subject.type.value, subject.id, report.status.value)
    return report


def announce(report: Report) -> int:
    """Tell the handlers of a committed report that it arrived (a held one waits for its release); the mails sent.
    Called after the commit, so nobody is told of a report that was not stored."""
    return 0 if report.status is ReportStatus.HELD else notify_new_report(report)


def reference_number(report: Report) -> str:
    """The number the reader quotes: ``M-<year>-<id, five digits>``."""
    return f"M-{report.created_at.year}-{report.id:05d}"


def _validated(data: ReportInput, subject: Subject) -> tuple[ReportKind, str, str | None]:
    checks = Checks()
    kinds = {kind.value for kind in ReportKind}
    kind = data.kind if subject.type is not ReportSubject.GENERAL else (data.kind or ReportKind.OTHER.value)
    if kind not in kinds:
        checks.fail("kind", _("Bitte wählen Sie aus, was nicht stimmt."))
    text = (data.text or "").strip()
    if not text:
        checks.fail("text", _("Bitte beschreiben Sie kurz, was nicht stimmt."))
    checks.text("text", text, max_length=current_app.config["FEEDBACK_MAX_TEXT"])
    email = (data.email or "").strip()
    checks.text("email", email, max_length=200)
    checks.email("email", email)
    checks.raise_if_any()
    return ReportKind(kind), text, email or None


def _visible(query: Select, user: User) -> Select:
    """Reviewers and admins (the Bildungsbüro) see every report; editors those on their organisation's offers and
    places that are not held back."""
    if user.can_review:
        return query
    if user.organization_id is None:
        return query.where(Report.id.is_(None))
    return query.where(Report.organization_id == user.organization_id, Report.status != ReportStatus.HELD)


def may_see(user: User | None, report: Report) -> bool:
    """The access rule of one report."""
    if user is None or not user.active:
        return False
    if user.can_review:
        return True
    return (
        user.organization_id is not None
        and report.organization_id == user.organization_id
        and report.status is not ReportStatus.HELD
    )


def moderation_queue(user: User, *, view: str = "open") -> list[Report]:
    """The reports the user may see in one view (open, held, closed, all), newest first."""
    states = QUEUE_VIEWS.get(view, OPEN_STATES)
    query = select(Report).where(Report.status.in_(states)).order_by(Report.created_at.desc(), Report.id.desc())
    return list(db.session.scalars(_visible(query, user)))


def load_report(user: User, report_id: int, *, for_update: bool = False) -> Report | None:
    """One report, or None when there is none; raises ``ReportDenied`` when the user may not see it."""
    query = select(Report).where(Report.id == report_id)
    report = db.session.scalar(query.with_for_update() if for_update else query)
    if report is not None and not may_see(user, report):
        raise ReportDenied(f"user {user.id} may not see report {report_id}")
    return report


def allowed_states(report: Report) -> list[ReportStatus]:
    """The states the report may move to (its own first: keeping it only updates the note)."""
    return [report.status, *sorted(TRANSITIONS[report.status], key=list(ReportStatus).index)]


@dataclass(frozen=True)
class Moderation:
    """What a moderation leaves to tell once it is committed: the handlers (a held report released) and the reader
    (a reply on closing)."""

    released: bool = False
    reply: bool = False

    def deliver(self, report: Report) -> bool:
        """Send the mails; True when the reply reached the mail server. Call after the commit."""
        if self.released:
            notify_new_report(report)
        return send_reply(report) if self.reply else False


def moderate(
    report: Report, *, user: User, status: str, note: str = "", reply: str = "", now: datetime | None = None
) -> Moderation:
    """Change the state with a note, and the reply to the reader when the report is closed; the mails are the
    returned ``Moderation``'s to deliver after the commit."""
    if not may_see(user, report):
        raise ReportDenied(f"user {user.id} may not change report {report.id}")
    target = _target_state(report, status, note.strip(), reply.strip())
    now = now or utcnow()
    released = report.status is ReportStatus.HELD and target is ReportStatus.NEW
    report.status, report.moderator_note, report.handled_by = target, note.strip() or None, user
    report.updated_at = now
    report.closed_at = now if target in CLOSED_STATES else None
    replying = bool(reply.strip()) and target in CLOSED_STATES
    if replying:
        report.reply, report.replied_at = reply.strip(), now
    return Moderation(released=released, reply=replying)


def _target_state(report: Report, status: str, note: str, reply: str) -> ReportStatus:
    checks = Checks()
    values = {state.value for state in allowed_states(report)}
    if status not in values:
        checks.fail("status", _("Dieser Status kann hier nicht gewählt werden."))
    checks.text("note", note, max_length=current_app.config["FEEDBACK_MAX_TEXT"])
    checks.text("reply", reply, max_length=current_app.config["FEEDBACK_MAX_TEXT"])
    if reply and not report.email:
        checks.fail("reply", _("Die Person hat keine E-Mail-Adresse angegeben; eine Antwort ist nicht möglich."))
    elif reply and status not in {state.value for state in CLOSED_STATES}:
        checks.fail(
            "reply", _("Eine Antwort wird verschickt, wenn Sie die Meldung als erledigt oder abgelehnt abschließen.")
        )
    checks.raise_if_any()
    return ReportStatus(status)


def purge_personal_data(*, now: datetime | None = None, days: int | None = None) -> int:
    """Delete e-mail and IP address of every report older than ``days`` (default ``FEEDBACK_RETENTION_DAYS``);
    the report itself stays for the moderators. Returns how many reports were purged."""
    now = now or utcnow()
    days = current_app.config["FEEDBACK_RETENTION_DAYS"] if days is None else days
    result = db.session.execute(
        update(Report)
        .where(
            Report.created_at < now - timedelta(days=days),
            or_(Report.email.is_not(None), Report.ip_address.is_not(None)),
        )
        .values(email=None, ip_address=None, purged_at=now)
        .execution_options(synchronize_session=False)
    )
    logger.info("purged e-mail and IP address of %s reports older than %s days", result.rowcount, days)
    return result.rowcount
