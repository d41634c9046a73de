"""Workbooks as a person fills them, for the import tests."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import openpyxl

from storage.database import Database


def write_workbook(path: Path, sheets: dict[str, list[list]], *, formulas: bool = False) -> Path:
    """Row 1 the headers, then the rows as given; None leaves a cell empty. A text starting
    with ``=`` is a text cell, as the export writes it, unless ``formulas``: then it is a
    formula, as Excel takes what is typed."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if not formulas and isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"
    wb.save(path)
    return path


def entered_long_ago(db: Database) -> None:
    """Move every record's last change and every history entry an hour back, as if the
    records were entered long before a workbook exported now: a change made within a
    couple of minutes before an export counts as made after it (workstations' clocks
    differ), so a test that edits in the workbook a record it has just saved says so."""
    from sqlalchemy import select, update

    from storage import orm

    hour = timedelta(hours=1)
    with db.engine.begin() as conn:
        # Row by row: SQLite keeps the times as text, so SQL cannot subtract from them
        tables = [t for t in orm.metadata.tables.values() if "changed_at" in t.c]
        for table in [*tables, orm.history]:
            column = table.c.get("changed_at", table.c.get("at"))
            for key, at in conn.execute(select(table.c.id, column)).all():
                if at is not None:
                    conn.execute(
                        update(table).where(table.c.id == key).values({column.name: at - hour})
                    )
