"""Rows pasted from a spreadsheet, made into a workbook the import previews like a file.

Excel and LibreOffice put copied cells on the clipboard as tab-separated lines (a cell
holding a tab, a line break or a quote is quoted, its quotes doubled). ``pasted_workbook``
reads them for one sheet of the workbook (docs/workbook.md): with that sheet's headers
in row 1, in either language and any order, as a file would have them (or the list's own
headers, as its Ctrl+C copies them); or without headers, in the column order of the list
they are pasted into. It writes the rows as
text cells under the sheet's headers to a workbook of one sheet in a fresh folder of
Oske's private temporary folder; the import reads text as it reads a typed cell. Rows
that cannot be read as a table (one column, headers the sheet does not have, too many)
raise ``PasteError`` with the one message a person sees.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from domain.finance import name_key
from domain.formats import format_number
from domain.i18n import _
from exports.columns import ReferenceChoice
from exports.datafolder import temp_folder
from exports.sheets import ID_HEADERS, TRANSACTIONS, SheetSpec

MAX_ROWS = 5000  # more is a workbook's job (File → Import)
FULL_NAME = "full_name"  # a list's "Sukunimi Etunimi" column: the sheet's two name columns
PREFIX = "paste-"


class PasteError(ValueError):
    """Pasted text that is not rows of the sheet; ``message`` says what to do instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_rows(text: str) -> list[list[str]]:
    """The clipboard's tab-separated lines as rows of cells, surrounding spaces and empty
    lines dropped."""
    reader = csv.reader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n")), "excel-tab")
    rows = [[cell.strip() for cell in row] for row in reader]
    return [row for row in rows if any(row)]


def _headers(spec: SheetSpec) -> dict[str, str]:
    """The sheet's headers in both languages, folded, to their column's key."""
    known = {h.casefold(): "id" for h in ID_HEADERS}
    for column in spec.columns:
        known[column.fi.casefold()] = column.key
        known[column.en.casefold()] = column.key
    return known


# A pasted column: the sheet's column key (None: left out; FULL_NAME: the two names), and
# whether its cells are as a list shows them (several values joined with ", ")
Pasted = tuple[str | None, bool]


def _as_sheet(
    rows: list[list[str]], columns: list[Pasted], spec: SheetSpec, lang: str
) -> list[list[str]]:
    """The rows under the sheet's headers: a column the sheet does not have (a running
    total) left out, a list's name column split into the last name and the first names,
    and a list's several values (``a, b``) separated as the sheet separates them."""
    used = [(i, key, shown) for i, (key, shown) in enumerate(columns) if key is not None]
    header: list[str] = []
    for _i, key, _shown in used:
        if key == FULL_NAME:
            header += [
                spec.column("last_name").header(lang),
                spec.column("first_name").header(lang),
            ]
        elif key == "id":
            header.append(ID_HEADERS[0] if lang == "fi" else ID_HEADERS[1])
        else:
            header.append(spec.column(key).header(lang))
    out = [header]
    for row in rows:
        cells = row + [""] * (len(columns) - len(row))
        line: list[str] = []
        for i, key, shown in used:
            value = cells[i]
            if key == FULL_NAME:
                last, _space, first = value.partition(" ")
                line += [last, first.strip()]
                continue
            column_type = spec.column(key).type if key != "id" else None
            if shown and isinstance(column_type, ReferenceChoice) and column_type.multiple:
                value = "; ".join(part.strip() for part in value.split(",") if part.strip())
            line.append(value)
        out.append(line)
    return out


def pasted_table(
    text: str,
    spec: SheetSpec,
    order: Sequence[str | None],
    lang: str,
    list_headers: Mapping[str, str | None] | None = None,
) -> list[list[str]]:
    """The pasted rows as the sheet's rows, its header row first (see the module).
    ``list_headers``: the list's own headers (as copied from it), folded, to their key."""
    rows = read_rows(text)
    if not rows:
        raise PasteError(_("The clipboard holds no rows to paste."))
    width = max(len(row) for row in rows)
    if width < 2:
        raise PasteError(
            _(
                "The clipboard holds one column. Copy whole rows: with the headers of the "
                "workbook's sheet {sheet}, or in the list's column order."
            ).format(sheet=spec.name(lang))
        )
    known = _headers(spec)
    shown = {h.casefold(): key for h, key in (list_headers or {}).items()}
    first = [cell.casefold() for cell in rows[0]]
    has_header = any(cell in known or cell in shown for cell in first if cell)
    data = rows[1:] if has_header else rows
    if len(data) > MAX_ROWS:
        raise PasteError(
            _(
                "The clipboard holds {n} rows; paste at most {max} at once, or import them "
                "as a workbook (File → Import workbook…)."
            ).format(n=format_number(len(data)), max=format_number(MAX_ROWS))
        )
    columns: list[Pasted]
    if has_header:
        unknown = [
            rows[0][i] for i, c in enumerate(first) if c and c not in known and c not in shown
        ]
        if unknown:
            raise PasteError(
                _("The sheet {sheet} has no column {columns}. Its columns are: {known}.").format(
                    sheet=spec.name(lang),
                    columns=", ".join(f"“{c}”" for c in unknown),
                    known=", ".join(c.header(lang) for c in spec.columns),
                )
            )
        if not data:
            raise PasteError(
                _("The clipboard holds only the header row; copy the rows under it too.")
            )
        columns = [
            (known[c], False) if c in known else (shown.get(c), True) if c else (None, False)
            for c in first
        ]
        columns += [(None, False)] * (width - len(columns))
    else:
        if width > len(order):
            raise PasteError(
                _(
                    "The rows have {n} columns, but the list has {m}. Copy the rows with the "
                    "headers of the workbook's sheet {sheet}, or in the list's column order."
                ).format(n=width, m=len(order), sheet=spec.name(lang))
            )
        columns = [(key, True) for key in order[:width]]
    return _as_sheet(data, columns, spec, lang)


def negative_expenses(table: list[list[str]], expense_names: set[str]) -> list[int]:
    """The rows of a pasted ledger ``table`` (its header row first, as ``pasted_table``
    makes it) whose amount is negative under an expense category (``expense_names``:
    their names in either language, folded by ``name_key``). In the workbook an expense is
    positive and a negative one a refund; a ledger that shows expenses negative (Oske's
    own, with incomes and expenses together, or the office's spreadsheet) means an
    expense by the minus. Which one is meant only the person pasting knows."""
    header = table[0]
    amount = _column_at(header, "amount")
    category = _column_at(header, "category_id")
    if amount is None or category is None:
        return []
    found = []
    for r, row in enumerate(table[1:], start=1):
        value = row[amount].replace("\u2212", "-").strip()
        if value.startswith("-") and name_key(row[category]) in expense_names:
            found.append(r)
    return found


def flip_amounts(table: list[list[str]], rows: Sequence[int]) -> None:
    """Turn the negative amounts of ``rows`` positive (expenses, not refunds)."""
    amount = _column_at(table[0], "amount")
    if amount is None:
        return
    for r in rows:
        table[r][amount] = table[r][amount].replace("\u2212", "-").strip().removeprefix("-")


def _column_at(header: list[str], key: str) -> int | None:
    names = {TRANSACTIONS.column(key).fi, TRANSACTIONS.column(key).en}
    return next((i for i, h in enumerate(header) if h in names), None)


def pasted_workbook(
    text: str,
    spec: SheetSpec,
    order: Sequence[str | None],
    lang: str,
    list_headers: Mapping[str, str | None] | None = None,
) -> Path:
    """Write the pasted rows as a workbook of the sheet ``spec`` in a fresh folder of the
    private temporary folder; returns its path (``discard`` removes the folder). ``order``
    is the list's columns as sheet column keys (None: a column the sheet has not;
    ``FULL_NAME``: the person's name), for rows pasted without headers; ``list_headers``
    the list's own headers to the same keys, for rows copied from the list itself."""
    return table_workbook(pasted_table(text, spec, order, lang, list_headers), spec, lang)


def table_workbook(table: list[list[str]], spec: SheetSpec, lang: str) -> Path:
    """Write a ``pasted_table`` as a workbook of the sheet ``spec`` (see ``pasted_workbook``)."""
    from openpyxl import Workbook  # loaded when first pasted

    folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=temp_folder()))
    path = folder / f"{_('Pasted rows')}.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = spec.name(lang)
    for r, row in enumerate(table, start=1):
        for c, value in enumerate(row, start=1):
            if value:
                cell = sheet.cell(r, c)
                cell.value = value
                cell.data_type = "s"  # text, even when it begins with "=" or "-"
    try:
        workbook.save(path)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return path


def discard(path: Path) -> None:
    """Remove a pasted workbook's folder once its import is done or cancelled."""
    folder = path.parent
    if folder.parent == temp_folder() and folder.name.startswith(PREFIX):
        shutil.rmtree(folder, ignore_errors=True)
