"""Voucher numbers are unique within their booking day's year.

Before this revision two workstations could save the same proposed voucher number, so a
database may already hold a year's number twice. Those are renumbered rather than the
upgrade refused (a refused upgrade would leave the office without the application until
someone edited the database by hand): of the transactions sharing a number in a year, the
one booked first (by day, then ID) keeps it, and each later one gets the next number of
the year that is free, counting on from its own (``2026-0300`` → ``2026-0301`` → …; a
number that does not end in digits gets ``-2``, ``-3`` …). Nothing else changes, and
nothing is lost: the old number is written at the end of that transaction's description,
where the ledger's search finds it, its version counts the change (revision 0009), and
the backup taken before the upgrade holds the database as it was. docs/workbook.md says the same.

The functions below are a snapshot, so that a later change of the application's rules
does not change what this revision does.

Revision ID: 0010
Revises: 0009
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

INDEX = "uq_transactions_voucher"
_TRAILING_NUMBER = re.compile(r"(\d+)$")


def _year_sql(dialect: str) -> str:
    if dialect == "sqlite":
        return "CAST(substr(day, 1, 4) AS INTEGER)"
    return "EXTRACT(YEAR FROM day)"


def _next(voucher: str) -> str:
    match = _TRAILING_NUMBER.search(voucher)
    if match is None:
        return voucher + "-2"
    digits = match.group(1)
    return voucher[: match.start()] + str(int(digits) + 1).zfill(len(digits))


def _search_key(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip()).casefold()


def _renumber_duplicates(conn: sa.Connection) -> None:
    year = _year_sql(conn.dialect.name)
    clashes = conn.execute(
        sa.text(
            f"SELECT {year} AS y, voucher FROM transactions WHERE voucher <> ''"
            f" GROUP BY {year}, voucher HAVING count(*) > 1"
        )
    ).all()
    if not clashes:
        return
    taken: dict[int, set[str]] = {}
    for y in {int(row.y) for row in clashes}:
        taken[y] = set(
            conn.scalars(
                sa.text(f"SELECT voucher FROM transactions WHERE voucher <> '' AND {year} = :y"),
                {"y": y},
            )
        )
    for row in clashes:
        y, voucher = int(row.y), row.voucher
        sharing = conn.execute(
            sa.text(
                "SELECT id, description, customer FROM transactions"
                f" WHERE voucher = :voucher AND {year} = :y ORDER BY day, id"
            ),
            {"voucher": voucher, "y": y},
        ).all()
        for later in sharing[1:]:
            given = _next(voucher)
            while given in taken[y]:
                given = _next(given)
            taken[y].add(given)
            note = (
                f"(Tositenumero oli {voucher}, joka oli myös toisella vuoden {y} kirjauksella;"
                f" tietokannan päivitys antoi tälle numeron {given}.)"
            )
            description = f"{later.description}\n{note}" if later.description else note
            conn.execute(
                sa.text(
                    "UPDATE transactions SET voucher = :given, description = :description,"
                    " search_key = :search_key, version = version + 1 WHERE id = :id"
                ),
                {
                    "given": given,
                    "description": description,
                    "search_key": _search_key(description, later.customer, given),
                    "id": later.id,
                },
            )


def upgrade() -> None:
    conn = op.get_bind()
    _renumber_duplicates(conn)
    op.create_index(
        INDEX,
        "transactions",
        ["voucher", sa.text(_year_sql(conn.dialect.name))],
        unique=True,
        sqlite_where=sa.text("voucher <> ''"),
        postgresql_where=sa.text("voucher <> ''"),
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="transactions")
