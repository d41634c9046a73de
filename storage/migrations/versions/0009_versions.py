"""A version on every editable record: who wrote the stored version, and when.

``version`` counts a record's writes (1 for a record added before this revision);
``changed_at`` (UTC) and ``changed_by`` ("login (host)") say who wrote it last, unknown
(NULL, "") for the records stored before. An update or delete states the version it read
and is refused when the row has another one (storage/orm.py, services/records.py).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLES = (
    "staff",
    "trainees",
    "board_terms",
    "board_seats",
    "meetings",
    "projects",
    "project_partners",
    "project_funding",
    "project_assignments",
    "reference_values",
    "case_events",
    "guardians",
    "guardian_requests",
    "categories",
    "budget_lines",
    "transactions",
)


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        op.add_column(table, sa.Column("changed_at", sa.DateTime(), nullable=True))
        op.add_column(
            table,
            sa.Column("changed_by", sa.Text(), nullable=False, server_default=""),
        )


def downgrade() -> None:
    # SQLite (3.35 and later) drops a column in place; a batch copy of the table would
    # fail for the tables others refer to.
    for table in reversed(TABLES):
        for column in ("changed_by", "changed_at", "version"):
            op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
