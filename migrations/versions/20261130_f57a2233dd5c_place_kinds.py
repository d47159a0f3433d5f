"""Kinds of institution as data (place_kinds with translations: label, explanation, a second question) and the
school form of a school (a place kind's code).

Revision ID: f57a2233dd5c
Revises: f4431bd78442
Create Date: 2026-11-30 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f57a2233dd5c"
down_revision = "f4431bd78442"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "place_kinds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("icon", sa.String(length=40), nullable=False),
        sa.Column("listed", sa.Boolean(), nullable=False),
        sa.Column("links_kita_portal", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["place_kinds.id"], name=op.f("fk_place_kinds_parent_id_place_kinds"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_place_kinds")),
        sa.UniqueConstraint("code", name=op.f("uq_place_kinds_code")),
    )
    op.create_table(
        "place_kind_translations",
        sa.Column("place_kind_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.Column("topic_title", sa.String(length=200), nullable=True),
        sa.Column("topic_text", sa.Text(), nullable=True),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "human",
                "machine",
                "outdated",
                name="translationstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("source_digest", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["place_kind_id"],
            ["place_kinds.id"],
            name=op.f("fk_place_kind_translations_place_kind_id_place_kinds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("place_kind_id", "locale", name=op.f("pk_place_kind_translations")),
    )
    op.add_column("places", sa.Column("school_form", sa.String(length=60), nullable=True))


def downgrade():
    op.drop_column("places", "school_form")
    op.drop_table("place_kind_translations")
    op.drop_table("place_kinds")
