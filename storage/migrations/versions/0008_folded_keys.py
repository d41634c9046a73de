"""Keys folded from typed text have no length limit of their own on a server.

A search key joins several texts, each within its own limit, and folds their case; a
matching key (a project's code, a category's name, a customer) folds one. Folding may
lengthen a text ("ß" becomes "ss", "ﬃ" "ffi"), so a VARCHAR(n) on PostgreSQL could refuse
a key of texts the domain accepts. The keys become TEXT there.

SQLite enforces no declared length, so nothing changes on a SQLite file: changing a
column's declared type there means copying the table, which fails (or cascades) for a
table that others refer to. The mapping declares these columns per dialect to match.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# (table, column, the VARCHAR length it had)
KEYS = (
    ("staff", "search_key", 500),
    ("trainees", "search_key", 500),
    ("projects", "code_key", 40),
    ("projects", "search_key", 600),
    ("guardians", "search_key", 600),
    ("guardian_requests", "search_key", 600),
    ("categories", "name_key", 200),
    ("transactions", "customer_key", 200),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, length in KEYS:
        op.alter_column(
            table, column, type_=sa.Text(), existing_type=sa.String(length), existing_nullable=False
        )


def downgrade() -> None:
    # Refused by the server if a key has grown past its old length since: nothing is cut.
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, length in KEYS:
        op.alter_column(
            table, column, type_=sa.String(length), existing_type=sa.Text(), existing_nullable=False
        )
