"""Text search in list order (issue 11): ``offer_search_text`` carries the list's order keys (title, life phase
position) and the visibility columns (end date, last confirmation) of its row, so a search for words alone finds,
filters and orders its matches in that one table and reads ``offer_search`` only for the page.

The read model's refresh function is the one of ``f18b2d4c6a8e`` with these four columns in the text row.

Revision ID: b2c4e6f8a1d3
Revises: a19c3e5d7f20
Create Date: 2026-11-30 23:50:00

"""

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "b2c4e6f8a1d3"
down_revision = "a19c3e5d7f20"
branch_labels = None
depends_on = None

_PHASE_ORDER_FILE = Path(__file__).with_name("20261130_f18b2d4c6a8e_finder_order_by_life_phase.py")
_TEXT_INSERT_BEFORE = "INSERT INTO offer_search_text SELECT id, search_vector, search_text FROM fresh"
_TEXT_INSERT = (
    "INSERT INTO offer_search_text (id, search_vector, search_text, title, phase_position, ends_on, verified_at)\n"
    "        SELECT id, search_vector, search_text, title, phase_position, ends_on, verified_at FROM fresh"
)


def _previous_refresh_function() -> str:
    spec = importlib.util.spec_from_file_location("phase_order_f18b2d4c6a8e", _PHASE_ORDER_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module._refresh_function_with_phase_position()


def _refresh_function_with_text_order() -> str:
    sql = _previous_refresh_function()
    assert _TEXT_INSERT_BEFORE in sql, "the read model's refresh function changed"
    return sql.replace(_TEXT_INSERT_BEFORE, _TEXT_INSERT, 1)


def upgrade():
    op.add_column("offer_search_text", sa.Column("title", sa.String(length=200), nullable=True))
    op.add_column("offer_search_text", sa.Column("phase_position", sa.Integer(), nullable=True))
    op.add_column("offer_search_text", sa.Column("ends_on", sa.Date(), nullable=True))
    op.add_column("offer_search_text", sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(_refresh_function_with_text_order())
    op.execute(
        "UPDATE offer_search_text t SET title = s.title, phase_position = s.phase_position, ends_on = s.ends_on,"
        " verified_at = s.verified_at FROM offer_search s WHERE s.id = t.id"
    )
    op.alter_column("offer_search_text", "title", nullable=False)


def downgrade():
    op.execute(_previous_refresh_function())
    for column in ("verified_at", "ends_on", "phase_position", "title"):
        op.drop_column("offer_search_text", column)
