"""Data version counter for cached figures: one row, bumped by statement triggers on the tables the figures use.

The gap analysis caches its tables per data version. A row updated inside the writer's transaction is
MVCC-safe: readers see the new version exactly when they can see the new data (a sequence would not be).
Inside the writing transaction, a transaction-local setting stamped by every statement keeps the key fresh.

Revision ID: 67aeb60b81de
Revises: d3ca4b92a319
Create Date: 2026-11-24 21:41:39.587371

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "67aeb60b81de"
down_revision = "d3ca4b92a319"
branch_labels = None
depends_on = None

# Kept here (not imported from the models) so the migration stays what it was when written.
VERSIONED_TABLES = (
    "offers",
    "offer_places",
    "offer_phases",
    "offer_categories",
    "places",
    "districts",
    "life_phases",
)
# The row is updated once per transaction (updating one row per statement of a bulk insert would grow a chain of
# row versions the transaction cannot prune: quadratic). Each statement also stamps a transaction-local setting, so
# the writer's own later reads see a new key too; it is reverted with the transaction or savepoint it belongs to.
BUMP_FUNCTION = """
CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('mapfinder.data_changed_at', true), '') = '' THEN
        UPDATE data_version SET version = version + 1, changed_at = clock_timestamp() WHERE id = 1;
    END IF;
    PERFORM set_config('mapfinder.data_changed_at', clock_timestamp()::text, true);
    RETURN NULL;
END $$
"""


def upgrade():
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.execute("INSERT INTO data_version (id, version, changed_at) VALUES (1, 0, now())")
    op.execute(BUMP_FUNCTION)
    for table in VERSIONED_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_bump_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
        )


def downgrade():
    for table in VERSIONED_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_bump_data_version ON {table}")
    op.execute("DROP FUNCTION IF EXISTS bump_data_version()")
    op.drop_table("data_version")
