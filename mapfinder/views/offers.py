"""The page of one offer: every field, its places on a small map, contact and directions."""

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import get_locale

from ..finder_return import back_to_finder
from ..pages.offer import build_offer_page

blueprint = Blueprint("offers", __name__, url_prefix="/offers")


@blueprint.get("/<int:offer_id>")
def detail(offer_id: int):
    """One published offer; 404 for an unknown or unpublished one."""
    page = build_offer_page(offer_id, locale=str(get_locale()), tiles=current_app.config["MAP_TILES"])
    if page is None:
        abort(404)
    back_url = back_to_finder(request.args.get("from"), url_for("public.index"))
    return render_template("offer.html", page=page, back_url=back_url)
