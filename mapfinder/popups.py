"""What a map marker's popup shows beyond its title: the address and the next time, fetched when the popup opens
(the points payload stays compact). Read through the one read path and presented by the one presenter."""

from datetime import datetime
from zoneinfo import ZoneInfo

from . import search
from .i18n import _
from .presenters import present_result
from .schedules.next_time import format_next_time, next_time


def marker_popup(feature_id: int, *, locale: str, timezone: str) -> dict | None:
    """The popup of one offer at a place in ``locale``; None when it is not (or no longer) visible."""
    result = search.find_feature(feature_id, locale)
    if not result.records:
        return None
    record = result.records[0]
    view = present_result(result, locale)[0]
    hit = next_time(record.schedules, datetime.now(ZoneInfo(timezone)).replace(tzinfo=None))
    return {
        "id": view.id,
        "offerId": view.offer_id,
        "title": view.title.text,
        "titleLang": view.title.lang,
        "place": view.place_name,
        "address": view.address,
        "next": _("Nächster Termin: %(when)s", when=format_next_time(hit, locale)) if hit else None,
        "schedule": (view.schedules[0].text or None) if view.schedules and not hit else None,
    }
