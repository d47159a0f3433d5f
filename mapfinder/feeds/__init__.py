"""Feeds of the finder's offers: Atom of new and changed offers (``atom``) and iCalendar of dated and recurring
ones (``icalendar_feed``), both taking the finder's filters and read from the one read path (``query``)."""

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class FeedLinks:
    """The absolute addresses a feed names: itself, the finder with the same filters, and an offer's page
    (``offer_pattern`` with ``{id}`` for the offer id; one ``url_for`` per feed, not per entry)."""

    self_url: str
    page_url: str
    offer_pattern: str

    def offer_url(self, offer_id: int) -> str:
        """The page of one offer."""
        return self.offer_pattern.replace("{id}", str(offer_id))


class FeedBody(bytes):
    """A serialised feed that knows when its newest entry changed (for ``Last-Modified``)."""

    updated: datetime | None = None


def feed_body(data: bytes, updated: datetime | None) -> FeedBody:
    """``data`` as a ``FeedBody`` changed at ``updated``."""
    body = FeedBody(data)
    body.updated = updated
    return body


def stable_id(scope: str, *parts: object) -> str:
    """A UUID that stays the same for the same record of the same municipality (Atom ids, iCalendar UIDs), whatever
    host name the feed was fetched under."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, ":".join(["mapfinder", scope, *map(str, parts)])))


__all__ = ["FeedBody", "FeedLinks", "feed_body", "stable_id"]
