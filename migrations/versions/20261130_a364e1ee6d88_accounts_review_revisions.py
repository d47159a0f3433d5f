"""Accounts and review (issue 12): reviewers as a role, named and deactivatable users, log-in attempts for
throttling, an offer version for optimistic locking and the reviewer's comment, and offer revisions (pending changes
waiting for review, applied versions for restore).

Revision ID: a364e1ee6d88
Revises: f57a2233dd5c
Create Date: 2026-11-30 04:34:19.364061

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "a364e1ee6d88"
down_revision = "f57a2233dd5c"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index("ix_login_attempts_address_at", "login_attempts", ["address", "attempted_at"], unique=False)
    op.create_index("ix_login_attempts_email_at", "login_attempts", ["email", "attempted_at"], unique=False)
    op.create_table(
        "offer_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "pending",
                "applied",
                "rejected",
                name="revisionstate",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("change_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_offer_revisions_author_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["change_id"], ["change_log.id"], name=op.f("fk_offer_revisions_change_id_change_log"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_offer_revisions_decided_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_offer_revisions_offer_id_offers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_revisions")),
    )
    op.create_index(op.f("ix_offer_revisions_change_id"), "offer_revisions", ["change_id"], unique=False)
    op.create_index(op.f("ix_offer_revisions_offer_id"), "offer_revisions", ["offer_id"], unique=False)
    op.create_index(
        "uq_offer_revisions_pending",
        "offer_revisions",
        ["offer_id"],
        unique=True,
        postgresql_where=sa.text("state = 'pending'"),
    )
    op.add_column("offers", sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.add_column("offers", sa.Column("review_comment", sa.Text(), nullable=True))
    op.add_column("users", sa.Column("name", sa.String(length=200), nullable=True))
    op.add_column("users", sa.Column("active", sa.Boolean(), server_default="true", nullable=False))
    op.add_column("users", sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True))
    _role_check("'admin', 'reviewer', 'editor'")


def _role_check(values: str) -> None:
    op.drop_constraint(op.f("ck_users_role"), "users", type_="check")
    op.create_check_constraint(op.f("ck_users_role"), "users", f"role IN ({values})")


def downgrade():
    op.execute("UPDATE users SET role = 'admin' WHERE role = 'reviewer'")
    _role_check("'admin', 'editor'")
    op.drop_column("users", "last_login_at")
    op.drop_column("users", "active")
    op.drop_column("users", "name")
    op.drop_column("offers", "review_comment")
    op.drop_column("offers", "version")
    op.drop_index(
        "uq_offer_revisions_pending", table_name="offer_revisions", postgresql_where=sa.text("state = 'pending'")
    )
    op.drop_index(op.f("ix_offer_revisions_offer_id"), table_name="offer_revisions")
    op.drop_index(op.f("ix_offer_revisions_change_id"), table_name="offer_revisions")
    op.drop_table("offer_revisions")
    op.drop_index("ix_login_attempts_email_at", table_name="login_attempts")
    op.drop_index("ix_login_attempts_address_at", table_name="login_attempts")
    op.drop_table("login_attempts")
