"""The Atom feed of new and changed offers (``/feeds/offers.atom``), made with feedgen: the most recently changed
offers matching the finder's filters, newest first, each with its title and text in the reader's language (German
marked where there is no translation), its places and districts, and when it runs."""

import logging
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator
from flask_babel import force_locale
from markupsafe import Markup, escape

from ..count_cache import remembered
from ..i18n import _
from ..localized import LocalizedText
from ..municipality import current_municipality
from ..search import OfferFilters
from . import FeedBody, FeedLinks, feed_body, stable_id
from .query import FeedRow, checked, filter_labels, latest_changed

logger = logging.getLogger(__name__)
MAX_ENTRIES = 50
SUMMARY_CHARS = 400
# The date of an empty feed: nothing has changed in it (a fixed value keeps its ETag stable).
_NEVER = datetime(1970, 1, 1, tzinfo=UTC)


def offers_feed(filters: OfferFilters, *, locale: str, links: FeedLinks) -> FeedBody:
    """The feed as bytes (``ParameterError`` for unknown codes); remembered per data version and filter set."""
    filters, snapshot = checked(filters, locale)

    def build() -> FeedBody:
        with force_locale(locale):
            title = _feed_title(filter_labels(filters, snapshot))
            return _serialise(latest_changed(filters, snapshot, limit=MAX_ENTRIES), title, locale, links)

    return remembered(snapshot, filters, ("atom", locale, links), build)


def _feed_title(labels: list[str]) -> str:
    network = current_municipality().network_name
    if labels:
        return _("%(network)s: neue und geänderte Angebote – %(filters)s", network=network, filters=", ".join(labels))
    return _("%(network)s: neue und geänderte Angebote", network=network)


def _serialise(offers: list[list[FeedRow]], title: str, locale: str, links: FeedLinks) -> FeedBody:
    feed = FeedGenerator()
    feed.id(links.self_url)
    feed.title(title)
    feed.subtitle(_("Neue und geänderte Angebote der Angebotskarte mit den gewählten Filtern."))
    feed.author({"name": current_municipality().network_name})
    feed.link(href=links.self_url, rel="self", type="application/atom+xml")
    feed.link(href=links.page_url, rel="alternate", type="text/html")
    feed.language(locale)
    feed.generator("mapfinder")
    updated = max((rows[0].changed_at for rows in offers), default=_NEVER)
    feed.updated(updated)
    scope = current_municipality().slug
    for rows in offers:
        _add_entry(feed, rows, links, scope)
    return feed_body(feed.atom_str(pretty=False), updated)


def _add_entry(feed: FeedGenerator, rows: list[FeedRow], links: FeedLinks, scope: str) -> None:
    first = rows[0]
    view = first.view
    entry = feed.add_entry(order="append")
    entry.id(f"urn:uuid:{stable_id(scope, 'offer', view.offer_id)}")
    entry.title(view.title.text)
    entry.link(href=links.offer_url(view.offer_id), rel="alternate", type="text/html")
    entry.published(first.created_at)
    entry.updated(first.changed_at)
    entry.summary(_summary(view.description, german=view.title.fallback or view.description.fallback))
    entry.content(str(_content(rows)), type="html")
    for item in view.phases + view.categories:
        entry.category(term=item["code"], label=item["label"])


def _summary(description: LocalizedText, *, german: bool) -> str:
    """The text in the reader's language, shortened; marked when German stands in for a translation."""
    text = " ".join(description.text.split())
    if len(text) > SUMMARY_CHARS:
        text = text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"
    return f"({_('nur auf Deutsch')}) {text}".strip() if german else text


def _content(rows: list[FeedRow]) -> Markup:
    """Places (name, address, district), times and the full text as escaped HTML."""
    view = rows[0].view
    places = Markup("").join(Markup("<li>{}</li>").format(_where(row)) for row in rows)
    parts = [Markup("<h2>{}</h2><ul>{}</ul>").format(_("Orte"), places)]
    schedules = [schedule.text for schedule in view.schedules if schedule.text]
    if schedules:
        parts.append(Markup("<p><strong>{}:</strong> {}</p>").format(_("Wann"), "; ".join(schedules)))
    description = view.description
    if view.title.fallback or description.fallback:
        parts.append(Markup("<p><em>{}</em></p>").format(_("nur auf Deutsch")))
    for paragraph in description.text.split("\n\n"):
        if paragraph.strip():
            parts.append(
                Markup('<p lang="{}" dir="{}">{}</p>').format(description.lang, description.direction, paragraph)
            )
    return Markup("").join(parts)


def _where(row: FeedRow) -> Markup:
    view = row.view
    if view.is_virtual:
        return escape(_("online"))
    details = ", ".join(part for part in (view.place_name, view.address) if part)
    return Markup("{} · {}").format(details, view.district) if view.district else escape(details)
