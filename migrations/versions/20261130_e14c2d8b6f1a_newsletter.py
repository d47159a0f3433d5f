"""The newsletter: issues and their entries, double-opt-in subscriptions, deliveries (resumable sending).

Revision ID: e14c2d8b6f1a
Revises: d13a0f5e1c2b
Create Date: 2026-11-30 08:00:00

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "e14c2d8b6f1a"
down_revision = "d13a0f5e1c2b"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade():
    op.create_table(
        "newsletter_issues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=20), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("status", _enum("issuestatus", "draft", "released"), nullable=False),
        sa.Column("intro", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("generated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("municipality_id", sa.Integer(), nullable=True, server_default=sa.text("default_municipality_id()")),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipalities.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    op.create_index(
        op.f("ix_newsletter_issues_municipality_id"), "newsletter_issues", ["municipality_id"], unique=False
    )
    op.create_table(
        "newsletter_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("section", _enum("entrysection", "new", "changed", "ending", "upcoming", "network"), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("aspects", postgresql.ARRAY(sa.String(length=20)), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("dropped", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["issue_id"], ["newsletter_issues.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("issue_id", "section", "entity", "entity_id", name="uq_newsletter_entry"),
    )
    op.create_index(op.f("ix_newsletter_entries_issue_id"), "newsletter_entries", ["issue_id"], unique=False)
    op.create_table(
        "newsletter_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phases", postgresql.ARRAY(sa.String(length=40)), nullable=False),
        sa.Column("districts", postgresql.ARRAY(sa.String(length=80)), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("professional", sa.Boolean(), nullable=False),
        sa.Column("nonce", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_mail_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )
    op.create_table(
        "newsletter_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("state", _enum("deliverystate", "sending", "sent", "failed"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["issue_id"], ["newsletter_issues.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["subscription_id"], ["newsletter_subscriptions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("issue_id", "subscription_id", name="uq_newsletter_delivery"),
    )
    op.create_index(op.f("ix_newsletter_deliveries_issue_id"), "newsletter_deliveries", ["issue_id"], unique=False)


def downgrade():
    op.drop_table("newsletter_deliveries")
    op.drop_table("newsletter_subscriptions")
    op.drop_table("newsletter_entries")
    op.drop_table("newsletter_issues")
