"""Trainees and work trials, kept apart from the staff.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trainees",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("last_name", sa.String(100), nullable=False),
        sa.Column("first_name", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("institution", sa.String(200), nullable=False),
        sa.Column("project_code", sa.String(40), nullable=False),
        sa.Column("start", sa.Date, nullable=False),
        sa.Column("end", sa.Date),
        sa.Column("supervisor_id", sa.String(36)),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("search_key", sa.String(500), nullable=False),
        sa.CheckConstraint('"end" IS NULL OR "end" >= start', name="ck_trainees_period"),
        sa.ForeignKeyConstraint(
            ["supervisor_id"],
            ["staff.id"],
            name="fk_trainees_supervisor_id_staff",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_trainees"),
    )


def downgrade() -> None:
    op.drop_table("trainees")
