"""Freshness pages under /edit/: one-click confirmation, the landing page of a reminder's link, and the
Bildungsbüro's dashboard with its CSV. Thin: parse, one service call, render; permissions live in the services."""

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import get_locale

from ..accounts import current_user, login_required, reviewer_required
from ..editing import EditDenied
from ..exports import write_csv
from ..extensions import db
from ..freshness.confirm import confirm_offer, read_confirm_token
from ..freshness.dashboard import build_dashboard, dashboard_table
from ..i18n import _
from ..models import Offer
from ..models.base import utcnow

blueprint = Blueprint("freshness", __name__, url_prefix="/edit")


@blueprint.errorhandler(EditDenied)
def _denied(error):
    db.session.rollback()
    return render_template("edit/denied.html"), 403


@blueprint.post("/offers/<int:offer_id>/confirm")
@login_required
def confirm(offer_id: int):
    """One click: the offer is checked and right as it stands."""
    offer = db.get_or_404(Offer, offer_id)
    confirm_offer(offer, user=current_user())
    db.session.commit()
    flash(_("Bestätigt: „%(title)s“ ist aktuell.", title=offer.title))
    organization = offer.organization.key if current_user().can_review and offer.organization else None
    return redirect(url_for("edit.dashboard", organization=organization), 303)


@blueprint.get("/confirm/<token>")
def confirm_link(token: str):
    """A reminder's link: shows the offer and a button (following a link changes nothing)."""
    link = read_confirm_token(token)
    return render_template("freshness/confirm.html", link=link, done=False), 400 if link.problem else 200


@blueprint.post("/confirm/<token>")
def confirm_by_link(token: str):
    """The button on a reminder's page: confirm as the editor the reminder was sent to."""
    link = read_confirm_token(token)
    if link.problem:
        return render_template("freshness/confirm.html", link=link, done=False), 400
    confirm_offer(link.offer, user=link.user)
    db.session.commit()
    return render_template("freshness/confirm.html", link=link, done=True)


@blueprint.get("/freshness")
@reviewer_required
def dashboard():
    """How current the offers are, for the Bildungsbüro."""
    page = build_dashboard(now=utcnow(), locale=str(get_locale()))
    return render_template("freshness/dashboard.html", page=page)


@blueprint.get("/freshness.csv")
@reviewer_required
def dashboard_csv():
    """The dashboard's shares as CSV."""
    table = dashboard_table(build_dashboard(now=utcnow(), locale=str(get_locale())))
    headers = {"Content-Disposition": 'attachment; filename="aktualitaet.csv"'}
    return Response(write_csv(table), mimetype="text/csv", headers=headers)
