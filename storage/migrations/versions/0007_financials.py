"""Financials: income and expense categories, the yearly budget and the transactions.

The categories start with the defaults of WORKBOOK.md (a snapshot written here, so a later
change of the defaults does not change what this revision created).

Revision ID: 0007
Revises: 0006
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_DEFAULTS = [
    (
        "income",
        [
            "Valtionavustus perustoimintaan",
            "Asiantuntijapalvelujen myynti",
            "Hankerahoitus",
            "Kuntarahoitus",
            "Muut tuotot",
        ],
    ),
    (
        "expense",
        [
            "Henkilöstökulut",
            "Toimitilakulut",
            "Matkakulut",
            "ICT-kulut",
            "Ostopalvelut",
            "Muut kulut",
        ],
    ),
]


def upgrade() -> None:
    categories = op.create_table(
        "categories",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("retired", sa.Boolean(name="retired_bool"), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_categories"),
        sa.UniqueConstraint("name_key", name="uq_categories_name_key"),
    )
    op.bulk_insert(
        categories,
        [
            {
                "id": str(uuid.uuid4()),
                "name": name,
                "kind": kind,
                "position": position,
                "retired": False,
                "name_key": name.casefold(),
            }
            for kind, names in _DEFAULTS
            for position, name in enumerate(names, start=1)
        ],
    )
    op.create_table(
        "budget_lines",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("category_id", sa.String(36), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.CheckConstraint("amount >= 0", name="ck_budget_lines_amount"),
        sa.ForeignKeyConstraint(
            ["category_id"], ["categories.id"], name="fk_budget_lines_category_id_categories"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_budget_lines"),
        sa.UniqueConstraint("year", "category_id", name="uq_budget_lines_year_category"),
    )
    op.create_table(
        "transactions",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("category_id", sa.String(36), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("project_id", sa.String(36)),
        sa.Column("customer", sa.String(200), nullable=False),
        sa.Column("customer_key", sa.String(200), nullable=False),
        sa.Column("work_days", sa.Integer),
        sa.Column("voucher", sa.String(60), nullable=False),
        sa.Column("search_key", sa.Text, nullable=False),
        sa.CheckConstraint("amount <> 0", name="ck_transactions_amount"),
        sa.CheckConstraint("work_days IS NULL OR work_days >= 0", name="ck_transactions_work_days"),
        sa.ForeignKeyConstraint(
            ["category_id"], ["categories.id"], name="fk_transactions_category_id_categories"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name="fk_transactions_project_id_projects"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_transactions"),
    )
    op.create_index("ix_transactions_day", "transactions", ["day", "id"])
    op.create_index("ix_transactions_category", "transactions", ["category_id", "day"])
    op.create_index("ix_transactions_project", "transactions", ["project_id", "day"])
    op.create_index("ix_transactions_customer", "transactions", ["customer_key", "day"])


def downgrade() -> None:
    for table in ("transactions", "budget_lines", "categories"):
        op.drop_table(table)
