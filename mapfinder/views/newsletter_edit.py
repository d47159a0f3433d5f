"""The Bildungsbüro's newsletter desk under /edit/newsletter: generate the current issue, write the introduction,
pin or drop entries, preview, release. Reviewers and admins only (checked again in the services)."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale

from ..accounts import current_user, reviewer_required
from ..editing import EditDenied
from ..extensions import db
from ..i18n import _
from ..newsletter import editorial
from ..newsletter.compose import IssueReleased
from ..newsletter.edition import build_edition

blueprint = Blueprint("newsletter_edit", __name__, url_prefix="/edit/newsletter")


@blueprint.errorhandler(EditDenied)
def _denied(error):
    db.session.rollback()
    return render_template("edit/denied.html"), 403


def _issue(slug: str):
    issue = editorial.issue_for_editing(slug, current_user())
    if issue is None:
        abort(404)
    return issue


@blueprint.get("/")
@reviewer_required
def issues():
    """Every issue, with a button that generates the current period's."""
    return render_template("edit/newsletter_list.html", issues=editorial.all_issues(current_user()))


@blueprint.post("/generate")
@reviewer_required
def generate():
    """Generate (or rebuild the draft of) the current period's issue."""
    config = current_app.config
    try:
        issue = editorial.generate_current(
            current_user(), kind=config["NEWSLETTER_PERIOD"], soon_days=config["NEWSLETTER_SOON_DAYS"]
        )
    except IssueReleased:
        db.session.rollback()
        flash(_("Diese Ausgabe ist schon veröffentlicht und wird nicht neu erzeugt."))
        return redirect(url_for("newsletter_edit.issues")), 303
    db.session.commit()
    return redirect(url_for("newsletter_edit.issue", slug=issue.slug)), 303


@blueprint.get("/<slug>")
@reviewer_required
def issue(slug: str):
    """The editing form of one issue."""
    issue = _issue(slug)
    return render_template("edit/newsletter_issue.html", issue=issue, rows=editorial.entry_rows(issue))


@blueprint.post("/<slug>")
@reviewer_required
def save(slug: str):
    """Store the introduction, pins and drops."""
    form = editorial.parse_issue_form(request.form, current_app.config["LANGUAGES"])
    return _change_issue(
        slug, lambda issue: editorial.update_issue(issue, form, user=current_user()), _("Gespeichert.")
    )


@blueprint.post("/<slug>/release")
@reviewer_required
def release(slug: str):
    """Publish the issue on the portal; from now on it can be sent."""
    return _change_issue(
        slug, lambda issue: editorial.release_issue(issue, user=current_user()), _("Die Ausgabe ist veröffentlicht.")
    )


def _change_issue(slug: str, change, done: str):
    """Apply ``change`` to the issue and go back to it; a released issue stays as it is, with a message."""
    issue = _issue(slug)
    try:
        change(issue)
    except editorial.IssueFinal:
        db.session.rollback()
        flash(_("Eine veröffentlichte Ausgabe kann nicht mehr geändert werden."))
    else:
        db.session.commit()
        flash(done)
    return redirect(url_for("newsletter_edit.issue", slug=slug)), 303


@blueprint.get("/<slug>/preview")
@reviewer_required
def preview(slug: str):
    """The issue as readers will see it (drafts too)."""
    issue = _issue(slug)
    return render_template("newsletter/issue.html", edition=build_edition(issue, str(get_locale())), preview=True)
