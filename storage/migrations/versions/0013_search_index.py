"""A trigram index of the search text of the case log and the ledger; the ledger's sums
from an index.

SQLite: an FTS5 table per list with the trigram tokenizer, filled from the rows and kept
in step by triggers. PostgreSQL: the pg_trgm extension (when the role may create it) and a
GIN index on ``search_key``. A search finds the same rows as before, faster; without the
index (an older SQLite, a role that may not create the extension) it reads every row as
before. storage/search_index.py says how.

The ledger's (day, id) index gains the category and the amount, so that its sums, totals
and running balances, in any order the list is sorted by, read the index alone; an
index of the amounts gives the list sorted by amount its pages without a sort.

Revision ID: 0013
Revises: 0012
"""

from alembic import op

from storage import search_index

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    search_index.create(op.get_bind())
    op.drop_index("ix_transactions_day", "transactions")
    op.create_index("ix_transactions_day", "transactions", ["day", "id", "category_id", "amount"])
    op.create_index("ix_transactions_amount", "transactions", ["amount", "day", "id"])


def downgrade() -> None:
    op.drop_index("ix_transactions_amount", "transactions")
    op.drop_index("ix_transactions_day", "transactions")
    op.create_index("ix_transactions_day", "transactions", ["day", "id"])
    search_index.drop(op.get_bind())
