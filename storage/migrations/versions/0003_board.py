"""The board: terms, seats with personal deputies, and meetings.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "board_terms",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("start", sa.Date, nullable=False),
        sa.Column("end", sa.Date),
        sa.Column("note", sa.Text, nullable=False),
        sa.CheckConstraint('"end" IS NULL OR "end" >= start', name="ck_board_terms_period"),
        sa.PrimaryKeyConstraint("id", name="pk_board_terms"),
        sa.UniqueConstraint("start", name="uq_board_terms_start"),
    )
    op.create_table(
        "board_seats",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("term_id", sa.String(36), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("member_last_name", sa.String(100), nullable=False),
        sa.Column("member_first_name", sa.String(100), nullable=False),
        sa.Column("member_title", sa.String(200), nullable=False),
        sa.Column("member_organisation", sa.String(200), nullable=False),
        sa.Column("deputy_last_name", sa.String(100), nullable=False),
        sa.Column("deputy_first_name", sa.String(100), nullable=False),
        sa.Column("deputy_organisation", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["term_id"],
            ["board_terms.id"],
            name="fk_board_seats_term_id_board_terms",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_board_seats"),
    )
    op.create_index("ix_board_seats_term_id", "board_seats", ["term_id"])
    op.create_table(
        "meetings",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_meetings"),
        sa.UniqueConstraint("held_on", "kind", name="uq_meetings_held_on_kind"),
    )


def downgrade() -> None:
    op.drop_table("meetings")
    op.drop_index("ix_board_seats_term_id", table_name="board_seats")
    op.drop_table("board_seats")
    op.drop_table("board_terms")
