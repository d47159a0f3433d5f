"""The iCalendar feed of dated and recurring offers (``/calendar.ics``, ``/offers/<id>.ics``), made with icalendar.

One VEVENT per offer at a place and schedule rule (an offer at a place with two rules at different times has two),
with its RRULE, local times in the configured zone and that zone's VTIMEZONE, the place's address, the text in the
reader's language (German marked where there is no translation), the offer page's URL, and a UID that stays the same
for the same offer, place and rule. DTSTAMP and LAST-MODIFIED are the offer's last change, so an unchanged calendar
is byte for byte the same (its ETag too). Events are transparent: an offer does not make its subscriber busy.
"""

import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from icalendar import Calendar, Event, Timezone

from ..count_cache import remembered
from ..i18n import _
from ..municipality import current_municipality
from ..search import OfferFilters
from . import FeedBody, FeedLinks, feed_body, stable_id
from .event_times import EventTimes, event_times
from .query import FeedRow, checked, dated_rows, filter_labels, offer_rows

logger = logging.getLogger(__name__)
# Rows (offer × place) in one calendar at most (by title): a calendar of every offer in town helps nobody, and one
# of 1,000 rows takes seconds to build (then it is remembered until the data change). Filters narrow it down.
MAX_ROWS = 1000
REFRESH_INTERVAL = timedelta(hours=12)


def calendar_feed(filters: OfferFilters, *, locale: str, links: FeedLinks, tzid: str) -> FeedBody:
    """The calendar of every matching dated or recurring offer (``ParameterError`` for unknown codes)."""
    filters, snapshot = checked(filters, locale)

    def build() -> FeedBody:
        with force_locale(locale):
            heading = (
                _calendar_title(filter_labels(filters, snapshot)),
                _("Termine von Angeboten der Angebotskarte mit den gewählten Filtern."),
            )
            return _serialise(dated_rows(filters, snapshot, limit=MAX_ROWS), heading, locale, links, tzid)

    return remembered(snapshot, filters, ("ics", locale, links, tzid), build)


def offer_calendar(offer_id: int, *, locale: str, links: FeedLinks, tzid: str) -> FeedBody | None:
    """The events of one visible offer at all its places, or None when the offer is not visible."""
    _filters, snapshot = checked(OfferFilters(), locale)
    rows = offer_rows(offer_id, snapshot)
    if not rows:
        return None
    with force_locale(locale):
        heading = (rows[0].view.title.text, _("Die Termine dieses Angebots aus der Angebotskarte."))
        return _serialise(rows, heading, locale, links, tzid)


def _calendar_title(labels: list[str]) -> str:
    network = current_municipality().network_name
    if labels:
        return _("%(network)s: Termine der Angebote – %(filters)s", network=network, filters=", ".join(labels))
    return _("%(network)s: Termine der Angebote", network=network)


def _serialise(rows: list[FeedRow], heading: tuple[str, str], locale: str, links: FeedLinks, tzid: str) -> FeedBody:
    """The calendar; ``heading`` is its name and description. Nothing in it depends on the moment it is made."""
    zone = ZoneInfo(tzid)
    scope = current_municipality().slug
    calendar = Calendar.new(
        prodid=f"-//{current_municipality().network_name}//mapfinder//{locale.upper()}",
        uid=stable_id(scope, "calendar", links.self_url),
        name=heading[0],
        description=heading[1],
        url=links.page_url,
        method="PUBLISH",
        calscale="GREGORIAN",
        refresh_interval=REFRESH_INTERVAL,
    )
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # RFC 7986 5.7 requires it
    calendar.add("x-wr-timezone", tzid)
    calendar.add("x-published-ttl", "PT12H")
    events = [event for row in rows for event in _events(row, links, scope, zone)]
    calendar.add_component(Timezone.from_tzid(tzid, first_date=_earliest(events)))
    for event in events:
        calendar.add_component(event)
    updated = max((row.changed_at for row in rows), default=None)
    return feed_body(calendar.to_ical(), updated)


def _earliest(events: list[Event]) -> date:
    """The first day the calendar's times need the zone's rules for (the VTIMEZONE then covers it onwards)."""
    starts = [event.start for event in events]
    days = [start.date() if isinstance(start, datetime) else start for start in starts]
    return min(days, default=date(2000, 1, 1)) - timedelta(days=1)


def _events(row: FeedRow, links: FeedLinks, scope: str, zone: ZoneInfo) -> Iterator[Event]:
    first_day = row.starts_on or row.created_at.astimezone(zone).date()
    for index, schedule in enumerate(row.record.schedules):
        times = event_times(schedule, first_day=first_day, last_day=row.ends_on, zone=zone)
        if times is not None:
            yield _event(row, times, schedule.notes, links, stable_id(scope, "offer-place", row.record.id, index))


def _event(row: FeedRow, times: EventTimes, note: str | None, links: FeedLinks, uid: str) -> Event:
    view = row.view
    changed = row.changed_at.astimezone(UTC)
    event = Event.new(
        uid=uid,
        stamp=changed,
        last_modified=changed,
        created=row.created_at.astimezone(UTC),
        start=times.start,
        end=times.end,
        location=_("Online") if view.is_virtual else ", ".join(p for p in (view.place_name, view.address) if p),
        url=links.offer_url(view.offer_id),
        categories=[category["label"] for category in view.categories],
        transparency="TRANSPARENT",
    )
    event.add("summary", view.title.text, parameters={"LANGUAGE": view.title.lang})
    event.add("description", _description(row, note, links), parameters={"LANGUAGE": view.description.lang})
    if times.rrule is not None:
        event.add("rrule", times.rrule)
    if view.has_point:
        event.add("geo", (view.lat, view.lon))
    return event


def _description(row: FeedRow, note: str | None, links: FeedLinks) -> str:
    """The offer's text (German marked where it stands in), the partner's German note on the time, and its page."""
    view = row.view
    parts = []
    if view.title.fallback or view.description.fallback:
        parts.append(f"({_('nur auf Deutsch')})")
    parts.append(view.description.text)
    if view.district:
        parts.append(view.district)
    if note:
        parts.append(note)
    parts.append(links.offer_url(view.offer_id))
    return "\n\n".join(part for part in parts if part)
