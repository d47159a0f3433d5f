"""Readers' reports: the form on every offer, place, network and district page and the general feedback form;
the moderation queue under /edit/reports. Each view parses the request and calls the feedback service."""

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale

from ..accounts import current_user, login_required
from ..extensions import db
from ..feedback import (
    ReportDenied,
    ReportInput,
    ReportRejected,
    Subject,
    ValidationError,
    announce,
    find_subject,
    load_report,
    moderate,
    submit_report,
)
from ..feedback.guard import HONEYPOT_FIELD, STAMP_FIELD
from ..feedback.pages import form_page, queue_page, report_page, subject_page
from ..feedback.subjects import GENERAL
from ..i18n import _

blueprint = Blueprint("feedback", __name__, url_prefix="/feedback")
moderation = Blueprint("moderation", __name__, url_prefix="/edit/reports")
_DONE_KEY = "feedback_done"
_REFERENCE = re.compile(r"^M-\d{4}-\d{5,10}$")


@blueprint.route("/", methods=["GET", "POST"])
def general():
    """Feedback about the portal (also the feedback channel the accessibility statement names)."""
    return _report_form(GENERAL)


@blueprint.route("/<any(offer, place, network, district):kind>/<int:subject_id>", methods=["GET", "POST"])
def report(kind: str, subject_id: int):
    """The report form of one offer, place, network or district; 404 when readers cannot see it."""
    subject = find_subject(kind, subject_id)
    if subject is None:
        abort(404)
    return _report_form(subject)


def _report_form(subject: Subject):
    if request.method == "GET":
        return render_template("feedback/form.html", page=form_page(subject))
    form = request.form
    data = ReportInput(
        kind=form.get("kind", ""),
        text=form.get("text", ""),
        email=form.get("email", ""),
        honeypot=form.get(HONEYPOT_FIELD, ""),
        stamp=form.get(STAMP_FIELD, ""),
    )
    try:
        sent = submit_report(data, subject=subject, address=request.remote_addr or "-", language=str(get_locale()))
    except ReportRejected as rejected:
        return _form_again(subject, data, rejected.status, message=rejected.message)
    except ValidationError as error:
        return _form_again(subject, data, 400, errors=error.errors)
    db.session.commit()
    announce(sent)
    back = subject_page(subject.type, subject.id, subject.slug)
    session[_DONE_KEY] = {
        "reference": sent.reference,
        "reply": bool(sent.email),
        "back": url_for(back[0], **back[1]) if back else None,
    }
    return redirect(url_for("feedback.thanks", lang=str(get_locale())), 303)


def _form_again(subject: Subject, data: ReportInput, status: int, **problems):
    db.session.rollback()
    return render_template("feedback/form.html", page=form_page(subject, data, **problems)), status


@blueprint.get("/thanks")
def thanks():
    """The reader's reference number (once, right after sending)."""
    done = session.pop(_DONE_KEY, None)
    if not isinstance(done, dict) or not _REFERENCE.match(str(done.get("reference", ""))):
        return redirect(url_for("feedback.general"))
    back = done.get("back")
    back = back if isinstance(back, str) and back.startswith("/") and not back.startswith("//") else None
    return render_template(
        "feedback/thanks.html", reference=done["reference"], reply=bool(done.get("reply")), back=back
    )


@moderation.errorhandler(ReportDenied)
def _denied(error):
    db.session.rollback()
    return render_template("edit/denied.html"), 403


@moderation.get("/")
@login_required
def queue():
    """The reports the signed-in user handles: their organisation's, or all for the Bildungsbüro."""
    return render_template("edit/reports.html", page=queue_page(current_user(), request.args.get("view", "open")))


@moderation.route("/<int:report_id>", methods=["GET", "POST"])
@login_required
def report_detail(report_id: int):
    """One report: its text (as text), a jump to the edit form, and the state change with a note and a reply."""
    record = load_report(current_user(), report_id, for_update=request.method == "POST")
    if record is None:
        abort(404)
    if request.method == "GET":
        return render_template("edit/report.html", page=report_page(record))
    form = request.form
    try:
        moderation = moderate(
            record,
            user=current_user(),
            status=form.get("status", ""),
            note=form.get("note", ""),
            reply=form.get("reply", ""),
        )
    except ValidationError as error:
        db.session.rollback()
        record = load_report(current_user(), report_id)
        return render_template("edit/report.html", page=report_page(record, error.errors), form=form), 400
    db.session.commit()
    replied = moderation.deliver(record)
    flash(_("Gespeichert. Die Antwort wurde per E-Mail verschickt.") if replied else _("Gespeichert."))
    return redirect(url_for("moderation.report_detail", report_id=report_id), 303)
