"""Reading an .xlsx file for import: fast, row by row, and suspicious of what it is given.

The cells are read with python-calamine (a compiled reader, an order of magnitude faster
than openpyxl's streaming mode). Before a sheet is read, its XML is scanned once, in
compressed chunks and without building anything, for what a reader of values cannot see:

- how many rows it has, so that a sheet of a million rows is refused at once instead of
  after minutes of reading;
- formulas, whose cached value is whatever the last program to save the file computed
  (or nothing at all), so it is not trusted;
- merged cells, whose value is in the first cell only.

Files that are not a workbook at all (damaged, encrypted with a password, an old .xls)
are told apart by their first bytes, so that the message says what to do.
"""

from __future__ import annotations

import bisect
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Self
from xml.etree import ElementTree

from openpyxl.utils.cell import column_index_from_string
from python_calamine import CalamineWorkbook

from domain.i18n import _
from exports.tasks import WorkbookError

# An OLE2 compound file: an Excel 97–2003 workbook, or an .xlsx encrypted with a password.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_CHUNK = 1 << 20
_OVERLAP = 64  # longer than any tag looked for, so that one cut by a chunk is still found
# Opening row tags (a namespace prefix is allowed: "<x:row ")
_ROW_TAGS = (b"<row ", b"<row>", b":row ")
_FORMULA_TAGS = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?\"")
_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,3})(\d+)\"")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}


@dataclass
class SheetScan:
    """What the scan of one sheet's XML found."""

    rows: int = 0  # rows in the file (a row of empty, formatted cells counts), at most limit + 1
    formulas: list[tuple[int, int]] = field(default_factory=list)  # (row, column index from 0)
    merged: list[tuple[int, int, str]] = field(default_factory=list)  # (row, column, "B2:C3")

    def too_many(self, limit: int) -> bool:
        return self.rows > limit


class Book:
    """An .xlsx file opened for import; use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip = zipfile.ZipFile(path)
        try:
            self._parts = _sheet_parts(self._zip)
            self._cells = CalamineWorkbook.from_path(str(path))
        except Exception:
            self._zip.close()
            raise
        self.titles = list(self._parts)

    @classmethod
    def open(cls, path: Path) -> Book:
        """The workbook at ``path``, or a WorkbookError that says what the file is instead."""
        if not path.is_file():
            raise WorkbookError(_("The file {path} does not exist.").format(path=path))
        try:
            with path.open("rb") as f:
                head = f.read(8)
        except OSError as exc:
            raise WorkbookError(
                _("{name} cannot be read: {error}").format(name=path.name, error=exc.strerror)
            ) from exc
        if head == _OLE2:
            raise WorkbookError(_ole2_message(path))
        try:
            return cls(path)
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            KeyError,
            OSError,
            ValueError,
            ElementTree.ParseError,
            EOFError,
        ) as exc:
            raise WorkbookError(
                _("{name} is not an Excel workbook (.xlsx) or it is damaged.").format(
                    name=path.name
                )
            ) from exc
        except Exception as exc:  # calamine's own errors on a damaged part
            raise WorkbookError(
                _("{name} is not an Excel workbook (.xlsx) or it is damaged.").format(
                    name=path.name
                )
            ) from exc

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()
        self._cells.close()

    def scan(self, title: str, limit: int) -> SheetScan:
        """Count the rows (stopping past ``limit``) and find formulas and merged cells."""
        found = SheetScan()
        has_formulas = False
        tail = b""
        with self._open_part(title) as xml:
            while True:
                chunk = xml.read(_CHUNK)
                if not chunk:
                    break
                text = tail + chunk
                # An occurrence inside the overlap was counted with the chunk before.
                found.rows += sum(text.count(t) - tail.count(t) for t in _ROW_TAGS)
                if not has_formulas and any(t in text for t in _FORMULA_TAGS):
                    has_formulas = True
                if b"mergeCell" in text:
                    for m in _MERGE.finditer(text):
                        if m.end() > len(tail):  # else found in the chunk before
                            first_col = column_index_from_string(m[1].decode()) - 1
                            span = m[1].decode() + m[2].decode()
                            if m[3]:
                                span += ":" + m[3].decode() + m[4].decode()
                            found.merged.append((int(m[2]), first_col, span))
                if found.rows > limit:
                    return found  # refused: the rest need not be read
                tail = text[-_OVERLAP:]
        if has_formulas:
            found.formulas = self._formula_cells(title)
        found.merged = sorted(set(found.merged))
        return found

    def _formula_cells(self, title: str) -> list[tuple[int, int]]:
        """Where the sheet's formulas are: each ``<f>`` belongs to the cell opened before it.
        Only a sheet that has formulas is read whole for this."""
        with self._open_part(title) as xml:
            data = xml.read()
        cells = [(m.start(), m[1], m[2]) for m in _CELL.finditer(data)]
        starts = [c[0] for c in cells]
        out = []
        for f in _FORMULA.finditer(data):
            i = bisect.bisect_right(starts, f.start()) - 1
            if i >= 0:
                _start, letters, row = cells[i]
                out.append((int(row), column_index_from_string(letters.decode()) - 1))
        return sorted(set(out))

    def rows(self, title: str) -> Iterator[tuple[int, list[Any]]]:
        """(Excel row number, cells from column A) of every row, empty ones included."""
        sheet = self._cells.get_sheet_by_name(title)
        # calamine counts rows from row 1 but columns from the first used one
        pad = [""] * (sheet.start[1] if sheet.start else 0)
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            yield number, pad + cells if pad else cells

    def _open_part(self, title: str):
        return self._zip.open(self._parts[title])


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → the zip member holding its XML, in the workbook's order."""
    workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("pr:Relationship", _NS)}
    parts = {}
    for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"))
        if not target:
            continue
        # A target is relative to xl/, or absolute from the package root
        member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        if member in zf.namelist():
            parts[sheet.get("name", "")] = member
    return parts


def _ole2_message(path: Path) -> str:
    # The stream names of an encrypted package sit in the file's directory, near its start
    # or end; the file is small enough to look through when it is a workbook to import.
    with path.open("rb") as f:
        data = f.read(64 << 20)
    if any(name in data for name in _ENCRYPTED):
        return _(
            "{name} is protected with a password. Open it in Excel, remove the password "
            "(File → Info → Protect Workbook → Encrypt with Password) and save it; then import it again."
        ).format(name=path.name)
    return _(
        "{name} is an old Excel 97–2003 workbook (.xls). Open it in Excel or LibreOffice, save it "
        "as an Excel workbook (.xlsx) and import that file."
    ).format(name=path.name)
