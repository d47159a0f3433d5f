"""Text search indexes: German full text on offers, trigram indexes for substring search (offers, translations).

Revision ID: a752e3b45bec
Revises: 67aeb60b81de
Create Date: 2026-11-24 22:09:23.102084

"""

import sqlalchemy as sa
from alembic import op

# A copy, not an import: a migration must keep meaning what it meant when it was written.
FULLTEXT_EXPRESSION = (
    "to_tsvector('german'::regconfig, (COALESCE(title, ''::character varying)::text || ' '::text)"
    " || COALESCE(description, ''::text))"
)


# revision identifiers, used by Alembic.
revision = "a752e3b45bec"
down_revision = "67aeb60b81de"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index(
        "ix_offer_translations_description_trgm",
        "offer_translations",
        ["description"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"description": "gin_trgm_ops"},
    )
    op.create_index(
        "ix_offer_translations_title_trgm",
        "offer_translations",
        ["title"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"title": "gin_trgm_ops"},
    )
    op.create_index(
        "ix_offers_fulltext", "offers", [sa.literal_column(FULLTEXT_EXPRESSION)], unique=False, postgresql_using="gin"
    )
    op.create_index(
        "ix_offers_title_trgm",
        "offers",
        ["title"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"title": "gin_trgm_ops"},
    )


def downgrade():
    # pg_trgm stays: other schemas of the database may use it.
    op.drop_index(
        "ix_offers_title_trgm", table_name="offers", postgresql_using="gin", postgresql_ops={"title": "gin_trgm_ops"}
    )
    op.drop_index("ix_offers_fulltext", table_name="offers", postgresql_using="gin")
    op.drop_index(
        "ix_offer_translations_title_trgm",
        table_name="offer_translations",
        postgresql_using="gin",
        postgresql_ops={"title": "gin_trgm_ops"},
    )
    op.drop_index(
        "ix_offer_translations_description_trgm",
        table_name="offer_translations",
        postgresql_using="gin",
        postgresql_ops={"description": "gin_trgm_ops"},
    )
