"""Reader reports (issue 13): reports about an offer, place, network, district or the portal, with a reference
number, the moderation state, the moderator's note and reply, and the personal data (e-mail, IP address) that
`flask feedback purge` deletes after the configured period.

Revision ID: d13b7c4e2a9f
Revises: c12e5f0a3b7d
Create Date: 2026-11-30 07:11:33.296795

"""

import sqlalchemy as sa
from alembic import op

revision = "d13b7c4e2a9f"
down_revision = "c12e5f0a3b7d"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=True),
        sa.Column(
            "subject_type",
            sa.Enum(
                "offer",
                "place",
                "network",
                "district",
                "general",
                name="reportsubject",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("subject_title", sa.String(length=300), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "closed",
                "wrong_time",
                "wrong_address",
                "wrong_phone",
                "other",
                name="reportkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("ip_address", sa.String(length=64), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "held",
                "new",
                "in_progress",
                "done",
                "rejected",
                name="reportstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("moderator_note", sa.Text(), nullable=True),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("handled_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["handled_by_id"], ["users.id"], name=op.f("fk_reports_handled_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_reports_organization_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("reference", name=op.f("uq_reports_reference")),
    )
    op.create_index("ix_reports_ip_address_created_at", "reports", ["ip_address", "created_at"], unique=False)
    op.create_index(op.f("ix_reports_organization_id"), "reports", ["organization_id"], unique=False)
    op.create_index("ix_reports_status_created_at", "reports", ["status", "created_at"], unique=False)


def downgrade():
    op.drop_index("ix_reports_status_created_at", table_name="reports")
    op.drop_index(op.f("ix_reports_organization_id"), table_name="reports")
    op.drop_index("ix_reports_ip_address_created_at", table_name="reports")
    op.drop_table("reports")
