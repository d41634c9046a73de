"""English names for the income and expense categories.

``name_en`` is optional ("": the Finnish name is shown). The default categories of
revision 0007 get their English names, unless a name was given already; a category the
office added or renamed keeps an empty one until someone types it (a snapshot written
here, so a later change of the defaults does not change what this revision did).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

ENGLISH = {
    "Valtionavustus perustoimintaan": "Government grant for core activities",
    "Asiantuntijapalvelujen myynti": "Sales of expert services",
    "Hankerahoitus": "Project funding",
    "Kuntarahoitus": "Municipal funding",
    "Muut tuotot": "Other income",
    "Henkilöstökulut": "Personnel expenses",
    "Toimitilakulut": "Premises expenses",
    "Matkakulut": "Travel expenses",
    "ICT-kulut": "ICT expenses",
    "Ostopalvelut": "Purchased services",
    "Muut kulut": "Other expenses",
}


def upgrade() -> None:
    op.add_column(
        "categories", sa.Column("name_en", sa.String(200), nullable=False, server_default="")
    )
    categories = sa.table(
        "categories", sa.column("name_key", sa.String), sa.column("name_en", sa.String)
    )
    for finnish, english in ENGLISH.items():
        op.execute(
            categories.update()
            .where(categories.c.name_key == finnish.casefold(), categories.c.name_en == "")
            .values(name_en=english)
        )


def downgrade() -> None:
    # SQLite (3.35 and later) drops a column in place; a batch copy of the table would
    # fail for the table others refer to.
    op.execute('ALTER TABLE "categories" DROP COLUMN "name_en"')
