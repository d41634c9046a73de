"""The change history: one row per insert, update or delete of a record.

Rows are only ever inserted (and purged past the retention period); on a server the
workstations' role may be granted INSERT and SELECT only (docs/admin.md).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "history",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("login", sa.String(100), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("database_user", sa.String(100)),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_history"),
    )
    op.create_index("ix_history_at", "history", ["at", "id"])
    op.create_index("ix_history_record", "history", ["kind", "record_id", "id"])
    op.create_index("ix_history_login", "history", ["login", "at"])


def downgrade() -> None:
    op.drop_table("history")
