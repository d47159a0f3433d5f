"""The read model of the listings: one flat row per published offer at a place (``offer_search``), its search text
(``offer_search_text``) and its display record (``offer_search_docs``), all kept by database triggers on every
source table (see docs/read-model.md).

Never written by the application: the triggers of migration ``7c1d2e3f4a5b`` refresh an offer's rows inside the
very statement that changed it, so a write is visible to the next read of the same or any later transaction.
"""

from geoalchemy2 import Geometry
from sqlalchemy import Boolean, Column, Date, DateTime, Index, Integer, String, Table, Text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR

from ..extensions import db
from .base import geography_index

offer_search = Table(
    "offer_search",
    db.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # the OfferAtPlace's id (the feature id)
    Column("offer_id", Integer, nullable=False, index=True),
    Column("place_id", Integer, nullable=False, index=True),
    Column("title", String(200), nullable=False),  # the German title: the list's sort key
    Column("geom", Geometry("POINT", srid=4326, spatial_index=True), nullable=True),
    Column("phases", ARRAY(String(40)), nullable=False),
    Column("categories", ARRAY(String(40)), nullable=False),
    Column("bezirk_id", Integer),
    Column("stadtteil_id", Integer),
    Column("quarter_id", Integer),
    Column("min_age", Integer),
    Column("max_age", Integer),
    Column("is_free", Boolean, nullable=False),
    Column("barrier_free", String(32), nullable=False),
    Column("languages", ARRAY(String(8)), nullable=False),  # spoken at the offer or by the place's staff
    Column("ends_on", Date),
    Column("is_demo", Boolean, nullable=False),
    # The offer's last confirmation: rows older than the withdrawal age are left out at read time (freshness).
    Column("verified_at", DateTime(timezone=True)),
    # Position of the offer's first life phase (NULL without one): the finder lists by life phase, then title.
    Column("phase_position", Integer),
    Index("ix_offer_search_title_id", "title", "id"),
    Index("ix_offer_search_phase_title", "phase_position", "title", "id"),
    # A district's rows in list order: its first page without sorting all of them.
    Index("ix_offer_search_bezirk_title", "bezirk_id", "title", "id"),
    Index("ix_offer_search_stadtteil_title", "stadtteil_id", "title", "id"),
    Index("ix_offer_search_quarter_title", "quarter_id", "title", "id"),
    # No pending list (fastupdate): a read never scans unsorted entries left by a bulk load.
    Index("ix_offer_search_phases", "phases", postgresql_using="gin", postgresql_with={"fastupdate": "off"}),
    Index("ix_offer_search_categories", "categories", postgresql_using="gin", postgresql_with={"fastupdate": "off"}),
    Index("ix_offer_search_languages", "languages", postgresql_using="gin", postgresql_with={"fastupdate": "off"}),
    geography_index("offer_search"),
)

# The search text lives apart, so that the rows counted and filtered above stay narrow (few pages to read).
offer_search_text = Table(
    "offer_search_text",
    db.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # = offer_search.id
    # Unaccented German full text of title, description, place and organisation names.
    Column("search_vector", TSVECTOR, nullable=False),
    # Unaccented lower-case German title, place (all languages) and organisation names, for substring search.
    Column("search_text", Text, nullable=False),
    # Copies of the row's list order and visibility columns: a search for words alone reads only this table until
    # its page is chosen (the matches are ordered here, without a lookup in ``offer_search`` for each).
    Column("title", String(200), nullable=False),
    Column("phase_position", Integer),
    Column("ends_on", Date),
    Column("verified_at", DateTime(timezone=True)),
    Index("ix_offer_search_text_vector", "search_vector", postgresql_using="gin"),
    Index(
        "ix_offer_search_text_trgm",
        "search_text",
        postgresql_using="gin",
        postgresql_ops={"search_text": "gin_trgm_ops"},
    ),
)

offer_search_docs = Table(
    "offer_search_docs",
    db.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # = offer_search.id
    # Everything the presenter shows of the row, in every language (see ``offer_records.record_from_doc``).
    Column("doc", JSONB, nullable=False),
)
