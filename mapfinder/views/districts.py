"""District pages: one per Bezirk, Stadtteil and quarter, and an index of all of them."""

from flask import Blueprint, render_template
from flask_babel import get_locale

from ..pages.district import any_approximate, build_district_page, district_tree, offer_counts_by_district

blueprint = Blueprint("districts", __name__)


def _index_context() -> dict:
    return {"tree": district_tree(), "counts": offer_counts_by_district(), "approximate": any_approximate()}


@blueprint.get("/districts")
def index():
    """Every district, Bezirk → Stadtteil → quarter, with its number of offers."""
    return render_template("districts.html", **_index_context())


@blueprint.get("/districts/<slug>")
def detail(slug: str):
    """One district; an unknown slug shows the index with a message and status 404."""
    page = build_district_page(slug, locale=str(get_locale()))
    if page is None:
        return render_template("districts.html", missing_slug=slug, **_index_context()), 404
    return render_template("district.html", page=page)
