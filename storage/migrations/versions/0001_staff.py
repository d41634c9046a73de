"""The first schema: Oske's marker, the organisation settings and the staff roster.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "oske_meta",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_oske_meta"),
    )
    # The marker that tells an Oske database from any other SQLite file.
    op.bulk_insert(
        sa.table("oske_meta", sa.column("key", sa.String), sa.column("value", sa.Text)),
        [{"key": "application", "value": "oske"}],
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_settings"),
    )
    op.create_table(
        "staff",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("last_name", sa.String(100), nullable=False),
        sa.Column("first_name", sa.String(100), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("employment", sa.String(40), nullable=False),
        sa.Column("fte_percent", sa.Integer, nullable=False),
        sa.Column("start", sa.Date),
        sa.Column("end", sa.Date),
        sa.Column("email", sa.String(200), nullable=False),
        sa.Column("phone", sa.String(50), nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("search_key", sa.String(500), nullable=False),
        sa.CheckConstraint("fte_percent BETWEEN 100 AND 10000", name="ck_staff_fte_range"),
        sa.CheckConstraint(
            '"end" IS NULL OR start IS NULL OR "end" >= start', name="ck_staff_period"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_staff"),
    )
    op.create_index("ix_staff_search_key", "staff", ["search_key"])
    op.create_index("ix_staff_period", "staff", ["start", "end"])


def downgrade() -> None:
    op.drop_table("staff")
    op.drop_table("settings")
    op.drop_table("oske_meta")
