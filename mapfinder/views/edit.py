"""The editing area under /edit/: dashboard, offer and place forms, translations, review, history. Each view parses
the request and calls one service or page builder; permissions are checked in the services."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from sqlalchemy import select

from ..accounts import current_user, login_required
from ..accounts.service import all_users, invite_user
from ..editing import EditConflict, EditDenied, ValidationError, pages, workflow
from ..editing.forms import parse_offer_form
from ..editing.offer_data import data_from_offer, empty_data
from ..editing.organization_form import edit_organization, organization_data
from ..editing.place_form import edit_place, place_data, place_kinds
from ..editing.translations import draft_translation, save_translation
from ..extensions import db
from ..i18n import _
from ..models import Offer, Organization, Place, Role
from ..services import find_service

blueprint = Blueprint("edit", __name__, url_prefix="/edit")
blueprint.add_app_template_filter(pages.readable, "readable")


@blueprint.errorhandler(EditDenied)
def _denied(error):
    db.session.rollback()
    return render_template("edit/denied.html"), 403


def _offer(offer_id: int) -> Offer:
    offer = workflow.load_offer_for_update(offer_id) if request.method == "POST" else db.session.get(Offer, offer_id)
    if offer is None:
        abort(404)
    return offer


def _version() -> int | None:
    value = request.form.get("version", "")
    return int(value) if value.isdigit() else None


@blueprint.get("/")
@login_required
def dashboard():
    """The organisation's offers and places, and what waits for review."""
    page = pages.dashboard(current_user(), organization_key=request.args.get("organization"))
    return render_template("edit/dashboard.html", page=page)


@blueprint.get("/offers/new")
@login_required
def new_offer():
    """An empty offer form."""
    return render_template("edit/offer_form.html", page=pages.offer_form(current_user(), None, empty_data()))


@blueprint.get("/offers/<int:offer_id>")
@login_required
def offer_form(offer_id: int):
    """The offer form; a pending change is shown instead of the published version."""
    offer = _offer(offer_id)
    if not workflow.may_edit(current_user(), offer):
        raise EditDenied(offer_id)
    revision = workflow.pending_revision(offer)
    data = revision.data if revision else data_from_offer(offer)
    return render_template("edit/offer_form.html", page=pages.offer_form(current_user(), offer, data))


@blueprint.post("/offers/new")
@blueprint.post("/offers/<int:offer_id>")
@login_required
def save_offer(offer_id: int | None = None):
    """Save the form: a draft, a direct change, or a pending revision of a published offer."""
    offer = _offer(offer_id) if offer_id else None
    data, errors = parse_offer_form(request.form)
    try:
        if errors:
            raise ValidationError({**workflow.offer_problems(data), **errors})
        offer = workflow.edit_offer(data, user=current_user(), offer=offer, expected_version=_version())
    except ValidationError as error:
        db.session.rollback()
        return _form_again(offer_id, data, {**errors, **error.errors}, 400)
    except EditConflict:
        db.session.rollback()
        message = _(
            "Dieses Angebot wurde inzwischen von jemand anderem geändert. Ihre Eingaben sind unten noch "
            "vorhanden; bitte öffnen Sie das Angebot neu und übernehmen Sie sie."
        )
        return _form_again(offer_id, data, {"form": message}, 409)
    db.session.commit()
    flash(_("Gespeichert."))
    return redirect(url_for("edit.offer_form", offer_id=offer.id))


def _form_again(offer_id: int | None, data: dict, errors: dict, status: int):
    offer = db.session.get(Offer, offer_id) if offer_id else None
    page = pages.offer_form(current_user(), offer, data, errors)
    return render_template("edit/offer_form.html", page=page), status


@blueprint.post("/offers/<int:offer_id>/<any(submit, publish, archive):action>")
@login_required
def offer_action(offer_id: int, action: str):
    """Submit for review, publish (reviewers) or archive."""
    offer = _offer(offer_id)
    step = {"submit": workflow.submit_offer, "publish": workflow.publish, "archive": workflow.archive}[action]
    try:
        step(offer, user=current_user(), expected_version=_version())
    except EditConflict:
        db.session.rollback()
        flash(_("Dieses Angebot wurde inzwischen geändert. Bitte prüfen Sie den aktuellen Stand."))
        return redirect(url_for("edit.offer_form", offer_id=offer_id)), 303
    db.session.commit()
    flash(
        {"submit": _("Zur Prüfung eingereicht."), "publish": _("Veröffentlicht."), "archive": _("Archiviert.")}[action]
    )
    return redirect(url_for("edit.review" if action == "publish" else "edit.offer_form", offer_id=offer_id))


@blueprint.post("/offers/<int:offer_id>/send-back")
@login_required
def send_back(offer_id: int):
    """Return an offer or a change to its editor with a comment."""
    offer = _offer(offer_id)
    try:
        workflow.send_back(
            offer, user=current_user(), comment=request.form.get("comment", ""), expected_version=_version()
        )
    except (ValidationError, EditConflict) as error:
        db.session.rollback()
        errors = (
            error.errors
            if isinstance(error, ValidationError)
            else {"comment": _("Das Angebot wurde inzwischen geändert.")}
        )
        return render_template("edit/review.html", page=pages.review_page(offer, str(get_locale())), errors=errors), 400
    db.session.commit()
    flash(_("An die Redaktion zurückgegeben."))
    return redirect(url_for("edit.review", offer_id=offer_id))


@blueprint.get("/offers/<int:offer_id>/review")
@login_required
def review(offer_id: int):
    """What a reviewer decides about: the offer or its pending change, field by field."""
    offer = _offer(offer_id)
    workflow.require_reviewer(current_user())
    return render_template("edit/review.html", page=pages.review_page(offer, str(get_locale())), errors={})


@blueprint.get("/offers/<int:offer_id>/history")
@login_required
def history(offer_id: int):
    """Every change: who, when, which fields, old and new."""
    offer = _offer(offer_id)
    workflow.require_edit(current_user(), offer)
    return render_template("edit/history.html", page=pages.history(offer))


@blueprint.post("/offers/<int:offer_id>/restore/<int:revision_id>")
@login_required
def restore(offer_id: int, revision_id: int):
    """Bring back an earlier version (a pending change when an editor restores a published offer)."""
    offer = _offer(offer_id)
    try:
        workflow.restore(offer, revision_id, user=current_user(), expected_version=_version())
    except (EditConflict, ValidationError):
        db.session.rollback()
        flash(
            _(
                "Diese Fassung konnte nicht wiederhergestellt werden, weil sich das Angebot inzwischen geändert hat "
                "oder sie nicht mehr gültig ist."
            )
        )
        return redirect(url_for("edit.history", offer_id=offer_id)), 303
    db.session.commit()
    flash(_("Die frühere Fassung wurde übernommen."))
    return redirect(url_for("edit.offer_form", offer_id=offer_id))


@blueprint.route("/offers/<int:offer_id>/translations", methods=["GET", "POST"])
@login_required
def translations(offer_id: int):
    """Title and description per language beside the German, with each language's status."""
    offer = _offer(offer_id)
    workflow.require_edit(current_user(), offer)
    errors, status = {}, 200
    locale = request.form.get("locale")
    if request.method == "POST" and locale in pages.translation_locales():
        try:
            if request.form.get("draft"):
                draft_translation(offer, locale, user=current_user())
            else:
                save_translation(
                    offer,
                    locale,
                    title=request.form.get("title", "").strip(),
                    description=request.form.get("description", "").strip(),
                    user=current_user(),
                )
            db.session.commit()
            flash(_("Gespeichert."))
            return redirect(url_for("edit.translations", offer_id=offer_id) + f"#lang-{locale}")
        except ValidationError as error:
            db.session.rollback()
            errors, status = error.errors, 400
    locales = pages.translation_locales()
    page = {
        "offer": offer,
        "locales": locales,
        "errors": errors,
        "status": pages.translation_status(offer, locales),
        "texts": {t.locale: t for t in offer.translations},
        "translator": find_service("translator") is not None,
    }
    return render_template("edit/translations.html", page=page), status


@blueprint.get("/places/new")
@blueprint.get("/places/<int:place_id>")
@login_required
def place_form(place_id: int | None = None):
    """The place form with its small map."""
    place = _place(place_id)
    data = place_data(place)
    return _place_page(place, data, {}, 200)


@blueprint.post("/places/new")
@blueprint.post("/places/<int:place_id>")
@login_required
def save_place(place_id: int | None = None):
    """Save a place: geocoded on save, or the point set on the map."""
    place = _place(place_id)
    data = {key: request.form.get(key, "").strip() for key in (*place_data(None), "lat", "lon")}
    try:
        place = edit_place(data, user=current_user(), place=place)
    except ValidationError as error:
        db.session.rollback()
        return _place_page(_place(place_id), data, error.errors, 400)
    db.session.commit()
    flash(_("Gespeichert."))
    return redirect(url_for("edit.place_form", place_id=place.id))


def _place(place_id: int | None) -> Place | None:
    if place_id is None:
        return None
    place = db.session.get(Place, place_id)
    if place is None:
        abort(404)
    workflow.require_edit(current_user(), place)
    return place


def _place_page(place: Place | None, data: dict, errors: dict, status: int):
    page = {"place": place, "data": data, "errors": errors, "kinds": place_kinds(), "map": pages.place_map(data)}
    return render_template("edit/place_form.html", page=page), status


@blueprint.route("/users", methods=["GET", "POST"])
@login_required
def users():
    """Accounts (reviewers and admins): the list and an invitation by e-mail."""
    workflow.require_reviewer(current_user())
    errors, status = {}, 200
    if request.method == "POST":
        try:
            sent = invite_user(
                request.form.get("email", ""),
                role=_role(request.form.get("role")),
                organization_key=request.form.get("organization") or None,
                name=request.form.get("name", "").strip(),
                by=current_user(),
            )
            db.session.commit()
            flash(
                _("Einladung verschickt.")
                if sent
                else _("Konto angelegt, aber die Einladung konnte nicht verschickt werden.")
            )
            return redirect(url_for("edit.users"))
        except ValidationError as error:
            db.session.rollback()
            errors, status = error.errors, 400
    page = {"users": all_users(), "organizations": pages.organizations(), "errors": errors, "form": request.form}
    return render_template("edit/users.html", page=page), status


def _role(value: str | None) -> Role:
    return Role(value) if value in {role.value for role in Role} else Role.EDITOR


@blueprint.route("/organizations/<key>", methods=["GET", "POST"])
@login_required
def organization(key: str):
    """The organisation's profile: name, description, contact."""
    record = db.session.scalar(select(Organization).where(Organization.key == key))
    if record is None:
        abort(404)
    data, errors, status = organization_data(record), {}, 200
    if request.method == "POST":
        data = {name: request.form.get(name, "") for name in data}
        try:
            edit_organization(record, data, user=current_user())
            db.session.commit()
            flash(_("Gespeichert."))
            return redirect(url_for("edit.organization", key=key))
        except ValidationError as error:
            db.session.rollback()
            errors, status = error.errors, 400
    elif not (current_user().can_review or current_user().organization_id == record.id):
        raise EditDenied(key)
    return render_template("edit/organization.html", organization=record, data=data, errors=errors), status
