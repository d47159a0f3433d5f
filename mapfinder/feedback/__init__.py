"""Readers report errors and give feedback: the forms' service, abuse rules, the moderation queue, mails and the
purge of personal data. Views stay thin; access is checked here."""

from flask import Flask

from ..editing.validation import ValidationError
from .guard import ReportRejected
from .service import ReportDenied, ReportInput, announce, load_report, moderate, moderation_queue, submit_report
from .subjects import Subject, find_subject


def init_app(app: Flask) -> None:
    """Add ``flask feedback …`` and the labels templates use."""
    from . import labels
    from .cli import feedback_cli

    app.cli.add_command(feedback_cli)
    app.add_template_global(labels.kind_labels, "report_kind_labels")
    app.add_template_global(labels.status_labels, "report_status_labels")
    app.add_template_global(labels.subject_labels, "report_subject_labels")


__all__ = [
    "ReportDenied",
    "ReportInput",
    "ReportRejected",
    "Subject",
    "ValidationError",
    "announce",
    "find_subject",
    "load_report",
    "moderate",
    "moderation_queue",
    "submit_report",
]
