"""The finder's default order (issue 18): by life phase, then title. ``offer_search.phase_position`` is the position
of the offer's first life phase (NULL without one: listed last), indexed with the title so a first page is read in
order without sorting every match.

The read model's refresh function is the one of ``d13a0f5e1c2b`` with the position as the last column.

Revision ID: f18b2d4c6a8e
Revises: e14c2d8b6f1a
Create Date: 2026-11-30 11:00:00

"""

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "f18b2d4c6a8e"
down_revision = "e14c2d8b6f1a"
branch_labels = None
depends_on = None

_FRESHNESS_FILE = Path(__file__).with_name("20261130_d13a0f5e1c2b_freshness_verified_at.py")
_PHASES_BEFORE = "array_agg(lp.code ORDER BY lp.position) AS codes FROM offer_phases x"
_COLUMNS_BEFORE = "o.ends_on, o.is_demo, o.verified_at,\n"
_INSERT_BEFORE = "languages, ends_on, is_demo, verified_at\n"


def _previous_refresh_function() -> str:
    spec = importlib.util.spec_from_file_location("freshness_d13a0f5e1c2b", _FRESHNESS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module._refresh_function_with_verified_at()


def _refresh_function_with_phase_position() -> str:
    sql = _previous_refresh_function()
    assert all(part in sql for part in (_PHASES_BEFORE, _COLUMNS_BEFORE, _INSERT_BEFORE)), "refresh function changed"
    sql = sql.replace(_PHASES_BEFORE, _PHASES_BEFORE.replace(" AS codes", " AS codes, min(lp.position) AS first"), 1)
    sql = sql.replace(_COLUMNS_BEFORE, "o.ends_on, o.is_demo, o.verified_at, ph.first AS phase_position,\n", 1)
    return sql.replace(_INSERT_BEFORE, "languages, ends_on, is_demo, verified_at, phase_position\n", 1)


def upgrade():
    op.add_column("offer_search", sa.Column("phase_position", sa.Integer(), nullable=True))
    op.execute(_refresh_function_with_phase_position())
    op.execute("SELECT refresh_offer_search(NULL)")
    op.create_index("ix_offer_search_phase_title", "offer_search", ["phase_position", "title", "id"], unique=False)


def downgrade():
    op.drop_index("ix_offer_search_phase_title", table_name="offer_search")
    op.execute(_previous_refresh_function())
    op.drop_column("offer_search", "phase_position")
    op.execute("SELECT refresh_offer_search(NULL)")
