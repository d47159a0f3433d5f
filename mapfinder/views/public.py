"""Public pages: the finder (start page) and the page on data sources and licences."""
from dataclasses import replace

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import format_decimal, get_locale
from sqlalchemy import text

from ..extensions import db
from ..pages.finder import build_error_page, build_finder
from ..search import FilterError
from .params import parse_int, parse_offer_filters, parse_text

blueprint = Blueprint("public", __name__)
MAX_PAGE = 10_000
# Each bad parameter is dropped in turn; more than this many means the request is garbage.
MAX_BAD_PARAMETERS = 5


@blueprint.get("/")
def index():
    """The finder: filters, map and list; works without JavaScript (a GET form)."""
    return _render_finder("index.html", with_map=True)


@blueprint.get("/results")
def results():
    """The list and counts of the finder as an HTML fragment, for the page's script to swap in."""
    return _render_finder("_results.html", with_map=False)


@blueprint.app_template_filter("distance")
def format_distance(metres: float) -> str:
    """``350 m`` below a kilometre, ``1,2 km`` above (decimal mark of the reader's locale)."""
    if metres < 1000:
        return f"{format_decimal(round(metres / 10) * 10)} m"
    return f"{format_decimal(round(metres / 1000, 1))} km"


@blueprint.app_template_global()
def finder_page_url(page: int) -> str:
    """The finder's URL with the current filters and another list page."""
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    return url_for("public.index", **args)


def _render_finder(template: str, *, with_map: bool):
    """Render the finder; a bad parameter is named and dropped, the reader's other filters still apply (400)."""
    locale, tiles = str(get_locale()), current_app.config["MAP_TILES"]
    args, first_error = request.args.copy(), None
    for _attempt in range(MAX_BAD_PARAMETERS):
        try:
            finder = _build_finder(args, locale=locale, tiles=tiles, with_map=with_map)
        except FilterError as error:
            db.session.rollback()
            first_error = first_error or error
            args.poplist(error.param)
            continue
        if first_error is None:
            return render_template(template, finder=finder)
        return render_template(template, finder=replace(finder, error=first_error)), 400
    return render_template(template, finder=build_error_page(first_error, locale=locale, tiles=tiles)), 400


def _build_finder(args, *, locale: str, tiles: str, with_map: bool):
    filters = parse_offer_filters(args)
    address = parse_text(args, "address")
    page = parse_int(args, "page", 1, MAX_PAGE, "page") or 1
    return build_finder(filters, address=address, page=page, locale=locale, tiles=tiles, with_map=with_map)


@blueprint.get("/about")
def about():
    """Data sources, licences and the approximate-boundaries notice."""
    return render_template("about.html")


@blueprint.get("/healthz")
def health():
    """Liveness and database reachability for the load balancer."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
