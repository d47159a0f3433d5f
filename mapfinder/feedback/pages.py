"""What the report form and the moderation pages show, gathered in one call each."""

from dataclasses import dataclass, field

from flask import current_app

from ..extensions import db
from ..models import District, Network, Report, ReportSubject, User
from .guard import issue_stamp
from .service import QUEUE_VIEWS, ReportInput, allowed_states, moderation_queue
from .subjects import Subject

# (endpoint, values) of the subject's public page and edit form, per subject type.
_PUBLIC = {
    ReportSubject.OFFER: ("offers.detail", "offer_id"),
    ReportSubject.PLACE: ("places.detail", "place_id"),
}
_EDIT = {
    ReportSubject.OFFER: ("edit.offer_form", "offer_id"),
    ReportSubject.PLACE: ("edit.place_form", "place_id"),
}
_BY_SLUG = {ReportSubject.NETWORK: (Network, "networks.detail"), ReportSubject.DISTRICT: (District, "districts.detail")}


@dataclass
class FormPage:
    """The reader's form: its subject, what was entered, the problems, and a fresh time stamp."""

    subject: Subject
    data: ReportInput
    errors: dict[str, str] = field(default_factory=dict)
    message: str | None = None
    stamp: str = ""
    max_text: int = 0
    retention_days: int = 0
    back: tuple[str, dict] | None = None


def form_page(subject: Subject, data: ReportInput | None = None, **problems) -> FormPage:
    """The form for ``subject``; after a refused try with the reader's input and what to fix."""
    config = current_app.config
    return FormPage(
        subject=subject,
        data=data or ReportInput(),
        stamp=issue_stamp(),
        max_text=config["FEEDBACK_MAX_TEXT"],
        retention_days=config["FEEDBACK_RETENTION_DAYS"],
        back=subject_page(subject.type, subject.id, subject.slug),
        **problems,
    )


def subject_page(subject_type: ReportSubject, subject_id: int | None, slug: str | None) -> tuple[str, dict] | None:
    """(endpoint, values) of the subject's public page, or None (general feedback)."""
    if subject_type in _PUBLIC and subject_id:
        endpoint, name = _PUBLIC[subject_type]
        return endpoint, {name: subject_id}
    if subject_type in _BY_SLUG and slug:
        return _BY_SLUG[subject_type][1], {"slug": slug}
    return None


@dataclass
class ReportPage:
    """One report for a moderator: the report, where to jump, the states it may move to, the form's problems."""

    report: Report
    public: tuple[str, dict] | None
    edit: tuple[str, dict] | None
    states: list
    errors: dict[str, str] = field(default_factory=dict)


def report_page(report: Report, errors: dict[str, str] | None = None) -> ReportPage:
    """The moderation page of one report (access was checked when it was loaded)."""
    return ReportPage(
        report=report,
        public=subject_page(report.subject_type, report.subject_id, _slug(report)),
        edit=_edit_form(report),
        states=allowed_states(report),
        errors=errors or {},
    )


def _slug(report: Report) -> str | None:
    if report.subject_type not in _BY_SLUG or report.subject_id is None:
        return None
    record = db.session.get(_BY_SLUG[report.subject_type][0], report.subject_id)
    return record.slug if record else None


def _edit_form(report: Report) -> tuple[str, dict] | None:
    if report.subject_type not in _EDIT or report.subject_id is None:
        return None
    endpoint, name = _EDIT[report.subject_type]
    return endpoint, {name: report.subject_id}


@dataclass
class QueuePage:
    """The moderation queue in one view."""

    reports: list[Report]
    view: str
    views: list[str]


def queue_page(user: User, view: str) -> QueuePage:
    """The reports the user may see in ``view`` (unknown views show the open reports)."""
    view = view if view in QUEUE_VIEWS else "open"
    return QueuePage(reports=moderation_queue(user, view=view), view=view, views=list(QUEUE_VIEWS))
