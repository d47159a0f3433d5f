"""The rows the feeds show, read from the one read path (``search``): the filters checked against the vocabulary
(unknown codes raise ``ParameterError``), visible offers only, each row presented like every listing.

"Changed" is the last change-log entry a reader would notice (created, edited, published, translated); an offer
without one (bulk-loaded data) counts from its own ``updated_at``. A verification alone changes nothing here.
"""

import logging
from dataclasses import dataclass, replace
from datetime import date, datetime

from flask_babel import force_locale
from sqlalchemy import Select, func, literal, select
from sqlalchemy.dialects.postgresql import JSONPATH

from .. import search
from ..catalog import VocabularySnapshot
from ..extensions import db
from ..models import ChangeLog, Offer
from ..offer_records import OfferRecord, record_from_search
from ..presenters import OfferAtPlaceView, Vocabulary, present_record

logger = logging.getLogger(__name__)

READER_ACTIONS = ("create", "update", "publish", "translate")
# Rows with a date or a recurring rule (only those become calendar events).
_DATED = "$.schedules[*] ? (@.freq != null || @.dtstart != null)"


@dataclass(frozen=True)
class FeedRow:
    """One offer at one place as presented, with its raw record (schedules as rules) and the offer's dates."""

    view: OfferAtPlaceView
    record: OfferRecord
    created_at: datetime
    changed_at: datetime
    starts_on: date | None
    ends_on: date | None


def offer_changed_at():
    """When readers last saw the offer change: its last change-log entry of ``READER_ACTIONS``, else ``updated_at``."""
    logged = (
        select(func.max(ChangeLog.changed_at))
        .where(ChangeLog.entity == "offer", ChangeLog.entity_id == Offer.id, ChangeLog.action.in_(READER_ACTIONS))
        .scalar_subquery()
    )
    return func.coalesce(logged, Offer.updated_at)


def checked(filters: search.OfferFilters, locale: str) -> tuple[search.OfferFilters, VocabularySnapshot]:
    """The filters checked and resolved against the vocabulary of ``locale`` (``ParameterError`` when unknown)."""
    snapshot = search.listing_snapshot(locale)
    unpaged = replace(filters, limit=0, offset=0, text_locale=locale)
    return search.resolved(unpaged, snapshot), snapshot


def latest_changed(filters: search.OfferFilters, snapshot: VocabularySnapshot, *, limit: int) -> list[list[FeedRow]]:
    """The ``limit`` most recently changed matching offers, newest first, each with its matching rows (places)."""
    matched = search.build_offer_query(filters).with_only_columns(search.S.c.offer_id)
    changed = offer_changed_at()
    newest = db.session.execute(
        select(Offer.id).where(Offer.id.in_(matched)).order_by(changed.desc(), Offer.id.desc()).limit(limit)
    ).scalars()
    order = {offer_id: position for position, offer_id in enumerate(newest)}
    if not order:
        return []
    query = search.build_offer_query(filters).where(search.S.c.offer_id.in_(list(order)))
    grouped: dict[int, list[FeedRow]] = {}
    for row in _presented(query.order_by(search.S.c.title, search.S.c.id), snapshot):
        grouped.setdefault(row.record.offer_id, []).append(row)
    return [grouped[offer_id] for offer_id in sorted(grouped, key=order.__getitem__)]


def dated_rows(filters: search.OfferFilters, snapshot: VocabularySnapshot, *, limit: int) -> list[FeedRow]:
    """Matching rows whose schedules have a date or a recurring rule, by title, at most ``limit``."""
    dated = func.jsonb_path_exists(search.D.c.doc, literal(_DATED, type_=JSONPATH))
    query = search.build_offer_query(filters).where(dated)
    return _presented(query.order_by(search.S.c.title, search.S.c.id).limit(limit), snapshot)


def offer_rows(offer_id: int, snapshot: VocabularySnapshot) -> list[FeedRow]:
    """Every row (place) of one visible offer; empty when it is not visible."""
    query = search.build_offer_query(search.OfferFilters()).where(search.S.c.offer_id == offer_id)
    return _presented(query.order_by(search.S.c.title, search.S.c.id), snapshot)


def _presented(query: Select, snapshot: VocabularySnapshot) -> list[FeedRow]:
    """Rows with their documents and the offer's dates, presented in the snapshot's locale."""
    statement = (
        search.with_documents(query)
        .join(Offer, Offer.id == search.S.c.offer_id)
        .add_columns(
            Offer.created_at.label("created_at"),
            offer_changed_at().label("changed_at"),
            Offer.starts_on.label("starts_on"),
            Offer.ends_on.label("offer_ends_on"),
        )
    )
    vocabulary = Vocabulary.of(snapshot)
    rows = []
    with force_locale(snapshot.locale):
        for row in db.session.execute(statement):
            record = record_from_search(row)
            rows.append(
                FeedRow(
                    view=present_record(record, vocabulary),
                    record=record,
                    created_at=row.created_at,
                    changed_at=row.changed_at,
                    starts_on=row.starts_on,
                    ends_on=row.offer_ends_on,
                )
            )
    return rows


def filter_labels(filters: search.OfferFilters, snapshot: VocabularySnapshot) -> list[str]:
    """The chosen phases, categories and district as the reader reads them (for a feed's title)."""
    phases = {item["code"]: item["label"] for item in snapshot.phases}
    categories = {item["code"]: item["label"] for item in snapshot.categories}
    labels = [phases[code] for code in filters.phases] + [categories[code] for code in filters.categories]
    if filters.district:
        labels.append(snapshot.districts[filters.district]["name"])
    return labels
