"""The data rows of a write-only sheet, written as XML text byte for byte as openpyxl
writes them, at a fraction of openpyxl's cost per cell.

openpyxl's write-only sheet builds a cell object for every value, infers its type and
writes it through lxml: about 7 µs a cell, which for 200 000 case events of 16 columns is
most of an export. The cells of the data sheets are few kinds (text, whole numbers,
decimals, dates, with or without one of the columns' number formats), and for those
``CellXml.value`` writes the same ``<c>`` element as text. Anything else (a text that must
keep its spaces, looks like an error code, is over Excel's length, or holds a carriage
return; a number that is not finite; any other type) is written by openpyxl's own cell
writer (``openpyxl_cell_xml``), so every cell is exactly what openpyxl would have written.
``tests/integration/test_workbook_export_bytes.py`` compares the data sheets with what
openpyxl writes for the same records, byte for byte.

The rows go to a file of their own (``RowsFile``); when the sheet's header and tail are
written by openpyxl, the rows are put in between (``RowsFile.splice_into``).
"""

from __future__ import annotations

import io
import math
import os
import shutil
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from lxml.etree import xmlfile
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

MAX_TEXT = 32_767  # openpyxl cuts a longer text here: such a text is written by openpyxl


def column_letters(count: int) -> list[str]:
    """The letters of the first ``count`` columns: A, B, …"""
    return [get_column_letter(i) for i in range(1, count + 1)]


def _escaped(text: str) -> str:
    # libxml2 escapes these three in text; characters beyond ASCII become character
    # references (&#228;) as the rows file is written (errors="xmlcharrefreplace").
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def openpyxl_cell_xml(ws: Any, cell_or_value: Any, column: int, row: int) -> str:
    """The ``<c>`` element openpyxl's write-only sheet writes for ``cell_or_value`` (a
    value, or a cell object with its style) at ``column``, ``row``; "" for none."""
    if isinstance(cell_or_value, Cell):
        cell = cell_or_value
    else:
        cell = WriteOnlyCell(ws)
        cell.value = cell_or_value  # as openpyxl binds an appended value
    cell.column, cell.row = column, row
    if cell._value is None and not cell.has_style:
        return ""
    out = io.BytesIO()
    with xmlfile(out) as xf:
        write_cell(xf, ws, cell, cell.has_style)
    return out.getvalue().decode("ascii")


class CellXml:
    """Writes the cells of one sheet; ``epoch`` is the workbook's (``Workbook.epoch``)."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.epoch = ws.parent.epoch
        self._dates: dict[date, str] = {}

    def value(self, ref: str, value: Any, style: str) -> str:
        """The ``<c>`` element of ``value`` in the cell ``ref`` (``B7``) with ``style``
        (`` s="3"`` or ""), or "" when openpyxl must write it (``fallback``). A text that
        looks like a formula is not given here: it is a cell object marked as text."""
        kind = type(value)
        if kind is str:
            if (
                len(value) <= MAX_TEXT
                and "\r" not in value
                and value not in ERROR_CODES
                and value
                and not value[0].isspace()
                and not value[-1].isspace()
            ):
                return f'<c r="{ref}"{style} t="inlineStr"><is><t>{_escaped(value)}</t></is></c>'
        elif kind is int or (kind is float and math.isfinite(value)):
            return f'<c r="{ref}"{style} t="n"><v>{value:.16g}</v></c>'
        elif kind is date and style:  # a date without a format gets openpyxl's default
            serial = self._dates.get(value)
            if serial is None:
                serial = self._dates[value] = f"{to_excel(value, self.epoch):.16g}"
            return f'<c r="{ref}"{style} t="n"><v>{serial}</v></c>'
        elif kind is datetime and style and value.tzinfo is None:
            return f'<c r="{ref}"{style} t="n"><v>{to_excel(value, self.epoch):.16g}</v></c>'
        return ""  # not one of the plain kinds: the caller falls back

    def fallback(self, cell_or_value: Any, column: int, row: int) -> str:
        """The cell as openpyxl writes it (``openpyxl_cell_xml``)."""
        return openpyxl_cell_xml(self.ws, cell_or_value, column, row)


class RowsFile:
    """The data rows of one sheet, written to a file in ``folder`` as they come."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / f"rows-{os.getpid()}-{id(self):x}.xml"
        # Character references for everything beyond ASCII, as lxml writes openpyxl's XML
        self._file = open(  # noqa: SIM115 - closed by close() or the with block
            self.path, "w", encoding="ascii", errors="xmlcharrefreplace", newline=""
        )
        self._chunk: list[str] = []

    def write(self, row: str) -> None:
        self._chunk.append(row)
        if len(self._chunk) >= 1000:
            self._file.write("".join(self._chunk))
            self._chunk.clear()

    def close(self) -> None:
        if not self._file.closed:
            try:
                self._file.write("".join(self._chunk))
            finally:
                self._chunk.clear()
                self._file.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is not None:
            self._chunk.clear()
            self._file.close()
            self.path.unlink(missing_ok=True)

    def splice_into(self, ws: Any) -> None:
        """Close ``ws`` (openpyxl writes its XML: the header row, the closing tags, the
        autofilter) and put these rows after its header row; the file is removed."""
        self.close()
        ws.close()
        # The sheet's XML file openpyxl made; it archives the file at the save.
        sheet = Path(ws._writer.out)
        xml = sheet.read_bytes()
        end = xml.rindex(b"</sheetData>")
        joined = sheet.with_name(sheet.name + ".rows")
        try:
            with open(joined, "wb") as out, open(self.path, "rb") as rows:
                out.write(xml[:end])
                shutil.copyfileobj(rows, out, 1 << 20)
                out.write(xml[end:])
            os.replace(joined, sheet)
        finally:
            joined.unlink(missing_ok=True)
            self.path.unlink(missing_ok=True)
