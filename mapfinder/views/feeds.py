"""Feeds of the finder's offers: ``/feeds/offers.atom`` (new and changed offers), ``/calendar.ics`` (dated and
recurring offers) and ``/offers/<id>.ics`` (one offer's dates), with the finder's filters and conditional GET; the
subscribe links the finder and the offer page show."""

from flask import Blueprint, Response, abort, current_app, request, url_for
from flask_babel import get_locale

from ..feeds import FeedBody, FeedLinks
from ..feeds.atom import offers_feed
from ..feeds.icalendar_feed import calendar_feed, offer_calendar
from ..http_caching import conditional_feed
from .params import parse_offer_filters

blueprint = Blueprint("feeds", __name__)
ATOM_TYPE = "application/atom+xml"
CALENDAR_TYPE = "text/calendar"
# The finder's parameters a feed keeps (not the list's page, the map's view or a distance from an address).
FEED_PARAMS = ("phase", "category", "district", "age", "free", "barrier_free", "language", "q")
_ID_MARK = 918273645  # stands for the offer id in the offer page's URL pattern


@blueprint.get("/feeds/offers.atom")
def offers_atom():
    """New and changed offers matching the finder's filters, newest first (Atom 1.0)."""
    body = offers_feed(parse_offer_filters(request.args), locale=_locale(), links=_links("feeds.offers_atom"))
    return _answer(body, ATOM_TYPE)


@blueprint.get("/calendar.ics")
def calendar():
    """Dated and recurring offers matching the finder's filters as an iCalendar to subscribe to."""
    body = calendar_feed(
        parse_offer_filters(request.args), locale=_locale(), links=_links("feeds.calendar"), tzid=_tzid()
    )
    return _answer(body, CALENDAR_TYPE, filename="angebote.ics")


@blueprint.get("/offers/<int:offer_id>.ics")
def offer_ics(offer_id: int):
    """One offer's dates at all its places, to import or subscribe to; 404 for an unknown or hidden offer."""
    links = _links("feeds.offer_ics", offer_id=offer_id)
    body = offer_calendar(offer_id, locale=_locale(), links=links, tzid=_tzid())
    if body is None:
        abort(404)
    return _answer(body, CALENDAR_TYPE, filename=f"angebot-{offer_id}.ics")


@blueprint.app_template_global()
def feed_links() -> dict[str, str]:
    """The finder's current filters as a calendar to subscribe to (``webcal``), a calendar file and an Atom feed."""
    args = _kept_args()
    return {
        "webcal": _webcal(url_for("feeds.calendar", _external=True, **args)),
        "ics": url_for("feeds.calendar", **args),
        "atom": url_for("feeds.offers_atom", **args),
    }


@blueprint.app_template_global()
def offer_calendar_links(offer) -> dict[str, str] | None:
    """An offer's calendar (subscribe and download) when it has a date or a recurring rule, else None."""
    schedules = [*offer.schedules, *(item for at_place in offer.at_places for item in at_place.schedules)]
    if not any(schedule.freq or schedule.dtstart for schedule in schedules):
        return None
    lang = _locale()
    return {
        "webcal": _webcal(url_for("feeds.offer_ics", offer_id=offer.id, lang=lang, _external=True)),
        "ics": url_for("feeds.offer_ics", offer_id=offer.id, lang=lang),
    }


def _answer(body: FeedBody, mimetype: str, *, filename: str | None = None) -> Response:
    response = Response(bytes(body), mimetype=mimetype)
    if filename:
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return conditional_feed(response, last_modified=body.updated)


def _kept_args() -> dict[str, list[str]]:
    """The request's feed parameters, and the reader's language (a calendar app sends none of its own)."""
    args = {name: request.args.getlist(name) for name in FEED_PARAMS if request.args.get(name)}
    return {**args, "lang": [_locale()]}


def _links(endpoint: str, **values) -> FeedLinks:
    args = _kept_args()
    offer_page = url_for("offers.detail", offer_id=_ID_MARK, lang=_locale(), _external=True)
    return FeedLinks(
        self_url=url_for(endpoint, _external=True, **values, **args),
        page_url=url_for("public.index", _external=True, **args),
        offer_pattern=offer_page.replace(str(_ID_MARK), "{id}"),
    )


def _webcal(url: str) -> str:
    """The same address for calendar apps: ``webcal://`` asks them to subscribe rather than import once."""
    return "webcal://" + url.split("://", 1)[1]


def _locale() -> str:
    return str(get_locale())


def _tzid() -> str:
    return current_app.config.get("TIMEZONE", "Europe/Berlin")
