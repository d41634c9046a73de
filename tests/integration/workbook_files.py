"""Workbooks as a person fills them, for the import tests."""

from __future__ import annotations

from pathlib import Path

import openpyxl


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
