"""The page of one offer: every field, its places on a small map, contact and directions."""

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for
from flask_babel import get_locale

from ..finder_return import back_to_finder
from ..pages.offer import build_offer_page
from ..popups import marker_popup

blueprint = Blueprint("offers", __name__, url_prefix="/offers")


@blueprint.get("/<int:offer_id>")
def detail(offer_id: int):
    """One published offer; 404 for an unknown or unpublished one."""
    page = build_offer_page(offer_id, locale=str(get_locale()), tiles=current_app.config["MAP_TILES"])
    if page is None:
        abort(404)
    back_url = back_to_finder(request.args.get("from"), url_for("public.index"))
    return render_template("offer.html", page=page, back_url=back_url)


@blueprint.get("/popup/<int:feature_id>")
def popup(feature_id: int):
    """What a map marker's popup adds to the title (address, next time), fetched when it opens; 404 when hidden."""
    tz = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    details = marker_popup(feature_id, locale=str(get_locale()), timezone=tz)
    if details is None:
        abort(404)
    response = jsonify(details)
    response.headers["Cache-Control"] = "private, max-age=300"  # the next time moves on; five minutes is near enough
    return response
