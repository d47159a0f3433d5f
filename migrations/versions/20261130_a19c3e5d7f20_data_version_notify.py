"""Push the data version (issue 11): the transaction that bumps ``data_version`` also notifies
``mapfinder_data_version``, which PostgreSQL delivers at its commit; each worker's listener
(``mapfinder/data_version_push.py``) then reads the new version, so remembered listings need no statement.

Revision ID: a19c3e5d7f20
Revises: f18b2d4c6a8e
Create Date: 2026-11-30 14:00:00

"""

from alembic import op

revision = "a19c3e5d7f20"
down_revision = "f18b2d4c6a8e"
branch_labels = None
depends_on = None

# The body of 67aeb60b81de, with the notification in the branch taken once per transaction (a notification is sent
# once per transaction and payload anyway).
_BUMP = """
CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('mapfinder.data_changed_at', true), '') = '' THEN
        UPDATE data_version SET version = version + 1, changed_at = clock_timestamp() WHERE id = 1;
{notify}    END IF;
    PERFORM set_config('mapfinder.data_changed_at', clock_timestamp()::text, true);
    RETURN NULL;
END $$
"""


def upgrade():
    op.execute(_BUMP.format(notify="        PERFORM pg_notify('mapfinder_data_version', '');\n"))


def downgrade():
    op.execute(_BUMP.format(notify=""))
