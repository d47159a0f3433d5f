"""Freshness: ``verified_at`` (last confirmed) on offers and places, backfilled from their update or creation time;
``offer_search.verified_at`` so the listings leave out withdrawn offers at read time; ``freshness_reminders``.

The read model's refresh function is the one of ``7c1d2e3f4a5b`` with the offer's ``verified_at`` as the last
column of ``offer_search``.

Revision ID: d13a0f5e1c2b
Revises: d13b7c4e2a9f
Create Date: 2026-11-30 07:30:00

"""

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "d13a0f5e1c2b"
down_revision = "d13b7c4e2a9f"
branch_labels = None
depends_on = None

_READ_MODEL_FILE = Path(__file__).with_name("20261130_7c1d2e3f4a5b_offer_search_read_model.py")
_COLUMNS_BEFORE = "o.ends_on, o.is_demo,\n"
_INSERT_BEFORE = "max_age, is_free, barrier_free, languages, ends_on, is_demo\n"


def _previous_refresh_function() -> str:
    spec = importlib.util.spec_from_file_location("read_model_7c1d2e3f4a5b", _READ_MODEL_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.REFRESH_FUNCTION.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)


def _refresh_function_with_verified_at() -> str:
    sql = _previous_refresh_function()
    assert _COLUMNS_BEFORE in sql and _INSERT_BEFORE in sql, "the read model's refresh function changed"
    sql = sql.replace(_COLUMNS_BEFORE, "o.ends_on, o.is_demo, o.verified_at,\n", 1)
    return sql.replace(_INSERT_BEFORE, "max_age, is_free, barrier_free, languages, ends_on, is_demo, verified_at\n", 1)


def upgrade():
    op.add_column("places", sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE places SET verified_at = coalesce(updated_at, created_at, now())")
    op.execute("UPDATE offers SET verified_at = coalesce(verified_at, updated_at, created_at, now())")
    for table in ("places", "offers"):
        op.alter_column(table, "verified_at", nullable=False, server_default=sa.text("now()"))
    op.add_column("offer_search", sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(_refresh_function_with_verified_at())
    op.execute("SELECT refresh_offer_search(NULL)")
    op.create_table(
        "freshness_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_freshness_reminders_offer_id_offers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_freshness_reminders")),
        sa.UniqueConstraint("offer_id", "verified_at", "stage", name="uq_freshness_reminders_period"),
    )
    op.create_index(op.f("ix_freshness_reminders_offer_id"), "freshness_reminders", ["offer_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_freshness_reminders_offer_id"), table_name="freshness_reminders")
    op.drop_table("freshness_reminders")
    op.execute(_previous_refresh_function())
    op.drop_column("offer_search", "verified_at")
    op.execute("SELECT refresh_offer_search(NULL)")
    op.alter_column("offers", "verified_at", nullable=True, server_default=None)
    op.drop_column("places", "verified_at")
