"""Public pages: the finder (start page) and the page on data sources and licences."""

from flask import Blueprint, Response, current_app, g, render_template, request, url_for
from flask_babel import format_decimal, get_locale
from sqlalchemy import text

from .. import colour_styles, search
from ..count_cache import remembered
from ..extensions import db
from ..finder_return import finder_state
from ..i18n import _
from ..input_rules import drop_parameters
from ..pages.finder import build_finder, finder_counts, finder_snapshot
from ..parameters import ParameterReader
from .params import parse_int, parse_offer_filters, parse_text
from .referral import stored_ids

blueprint = Blueprint("public", __name__)
MAX_PAGE = 10_000


@blueprint.get("/")
def index():
    """The finder: filters, map and list; works without JavaScript (a GET form)."""
    return _render_finder("index.html", with_map=True)


@blueprint.get("/results")
def results():
    """The list of the finder as an HTML fragment, for the page's script to swap in (the filter counts come after
    it from ``/results/counts``, so the list does not wait for them).

    The fragment is a function of the data version and date, the query, the language and the reader's referral
    sheet, so it is remembered per those (``count_cache``) — except with an address, whose geocoding may fail and be
    retried, and with bad parameters, which the page names and answers with a 400.
    """
    if "address" in request.args:
        return _render_finder("_results.html", with_map=False)
    locale = str(get_locale())
    key = (request.query_string, tuple(sorted(stored_ids())))
    snapshot = search.listing_snapshot(locale)
    body = remembered(
        snapshot,
        key,
        ("results", locale),
        lambda: _results_fragment(snapshot),
        keep=lambda value: isinstance(value, bytes),
    )
    return Response(body, mimetype="text/html")


@blueprint.get("/results/counts")
def result_counts():
    """The finder's filter counts for the list's filters, as JSON: ``{"phase": {code: offers}, "category": {…},
    "demo": offers}``, each taxonomy's without its own filter, ``demo`` the matching demo offers (for the notice).
    The page's script asks for them after the list, with the point the list resolved (``near``) instead of the
    address. Bad parameters are named in ``errors`` (in the reader's language) and left out; the answer is then a
    400 with the counts of the other filters."""
    snapshot = search.listing_snapshot(str(get_locale()))
    reader = ParameterReader(collect=True)
    filters = parse_offer_filters(request.args, reader=reader)
    unknown = search.unknown_filters(filters, snapshot)
    drop_parameters([*reader.errors, *unknown])
    counts = finder_counts(search.without(filters, {error.param for error in unknown}), snapshot)
    body = {"phase": counts.phases, "category": counts.categories, "demo": counts.demo}
    if dropped := g.get("dropped_parameters"):
        body["errors"] = [{"parameter": parameter.name, "message": parameter.message} for parameter in dropped]
    return body


def _results_fragment(snapshot) -> bytes | str:
    """The fragment's bytes to remember, or its text when it named bad parameters (not remembered)."""
    body = _render_finder("_results.html", with_map=False, snapshot=snapshot)
    return body if g.get("dropped_parameters") else body.encode()


@blueprint.get("/colours.css")
def colours_stylesheet():
    """The data colours (phases, categories, kinds of place, legends) as classes; revalidated on each page view."""
    css, tag = colour_styles.stylesheet()
    response = Response(css, mimetype="text/css")
    response.set_etag(tag)
    response.cache_control.no_cache = True
    return response.make_conditional(request)


blueprint.add_app_template_filter(colour_styles.colour_class, "colour_class")


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


@blueprint.app_template_global()
def finder_address_url(address: str) -> str:
    """The finder's URL with the current filters and another address (a suggested street), back on page 1."""
    args = request.args.to_dict(flat=False)
    args.pop("page", None)
    args["address"] = [address]
    return url_for("public.index", **args)


@blueprint.app_template_global()
def offer_url_from_finder(offer_id: int) -> str:
    """An offer's page that knows the finder's filters, for its "back to the map" link."""
    state = finder_state(request.query_string.decode("utf-8", "replace"))
    return url_for("offers.detail", offer_id=offer_id, **({"from": state} if state else {}))


def _render_finder(template: str, *, with_map: bool, snapshot=None):
    """Render the finder; every bad parameter is named and left out in one pass, the reader's other filters still
    apply (the page answers 400, see ``input_rules.mark_dropped_parameters``). The full page (``with_map``) shows the
    filter counts; the list fragment leaves them to ``/results/counts``. ``snapshot``: the vocabulary when the caller
    has read it already."""
    locale = str(get_locale())
    snapshot = snapshot or finder_snapshot(locale)
    reader = ParameterReader(collect=True)
    filters = parse_offer_filters(request.args, reader=reader)
    address = reader.read(lambda: parse_text(request.args, "address"), None)
    page = reader.read(lambda: parse_int(request.args, "page", 1, MAX_PAGE, _("Ungültige Seitenzahl.")), None) or 1
    unknown = search.unknown_filters(filters, snapshot)
    drop_parameters([*reader.errors, *unknown])
    dropped = {parameter.name for parameter in g.get("dropped_parameters", [])}
    finder = build_finder(
        search.without(filters, {error.param for error in unknown}),
        address=address,
        page=page,
        locale=locale,
        tiles=current_app.config["MAP_TILES"],
        snapshot=snapshot,
        with_map=with_map,
        with_counts=with_map,
        query=[(name, value) for name, value in request.args.items(multi=True) if name not in dropped],
    )
    return render_template(template, finder=finder, fragment=not with_map)


@blueprint.get("/about")
def about():
    """Data sources, licences and the approximate-boundaries notice."""
    return render_template("about.html")


@blueprint.get("/healthz")
def health():
    """Liveness and database reachability for the load balancer."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
