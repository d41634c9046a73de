"""Reading an .xlsx file for import: fast, row by row, and suspicious of what it is given.

The cells are read with python-calamine (a compiled reader, an order of magnitude faster
than openpyxl's streaming mode). Before a sheet is read, its XML is scanned, a megabyte at
a time (cut after a ``>``, so that no tag is split) and without building anything, for
what a reader of values cannot see:

- how many rows it has, so that a sheet of a million rows is refused at once instead of
  after minutes of reading;
- formulas, whose cached value is whatever the last program to save the file computed
  (or nothing at all), so it is not trusted;
- merged cells, whose value is in the first cell only;
- how far the sheet reaches (its declared ``<dimension>`` and every cell's and row's
  reference) and how much text it would hold once read: python-calamine reads a sheet
  into one dense range from A1 to its farthest cell, so a single cell at XFD1048576 in a
  file of a few kilobytes would take hundreds of gigabytes. A sheet beyond the limits is
  refused before it is read.

The parts read whole when the file is opened (the workbook, its relationships, the styles
and the shared strings) are checked first: their uncompressed size, how much they
compress (a zip bomb), and every shared string against Excel's 32 767 characters. A sheet
whose relationship points outside the package is refused, an OpenDocument file is told
apart from a damaged one, and hidden sheets are listed (``Book.hidden``).

Files that are not a workbook at all (damaged, encrypted with a password, an old .xls)
are told apart by their first bytes, so that the message says what to do.
"""

from __future__ import annotations

import bisect
import html
import posixpath
import re
import zipfile
import zlib
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Self
from xml.etree import ElementTree

from openpyxl.utils.cell import column_index_from_string
from python_calamine import CalamineWorkbook

from domain.formats import format_number
from domain.i18n import _
from exports.tasks import WorkbookError

# How far a sheet may reach, and how much it may hold, to be read at all. calamine keeps a
# sheet as one dense range (some 50–80 bytes a cell at its peak) plus its texts, so these
# keep one sheet's reading well under 500 MB: a sheet of 250 000 rows of 16 columns, one
# of them text, peaked at 334 MB.
MAX_COLUMNS = 100  # Oske's widest sheet has 16 columns
MAX_CELLS = 4_000_000  # rows × columns of the range: 250 000 rows of 16 columns
MAX_SHEET_TEXT = 128 << 20  # bytes of text in one sheet's cells, shared strings included
MAX_TEXT = 32_767  # characters in one cell: Excel's own limit
# The parts read whole when the file is opened (the workbook, its relationships, the
# styles and the shared strings), uncompressed
MAX_PART = 64 << 20
# A part that grows more than this many times when uncompressed is a zip bomb
# (spreadsheet XML compresses 5–20 times); parts under _SMALL_PART are not asked.
MAX_RATIO = 100
# A sheet's XML is read a piece at a time: a large one is refused only when it unpacks
# like a zip bomb (an export's sheets unpack to about ten times their size), or past this
MAX_SHEET = 1 << 30
_PACKED_SHEET = 16 << 20
_SMALL_PART = 1 << 20
# An element this long without a ">" cannot be a sheet's: a text of more than
# MAX_TEXT characters (even written as character references) or a damaged file.
_MAX_ELEMENT = 1 << 20

# An OLE2 compound file: an Excel 97–2003 workbook, or an .xlsx encrypted with a password.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_CHUNK = 1 << 20
# Opening row tags (a namespace prefix is allowed: "<x:row ")
_ROW_TAGS = (b"<row ", b"<row>", b":row ")
_FORMULA_TAGS = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?\"")
_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,3})(\d+)\"")
_CELL_REF = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]+)(\d+)\"")
_CELL_TAGS = (b"<c ", b"<c>", b"<c/", b":c ", b":c>", b":c/")
_CELL_ANY = re.compile(rb"<(?:\w+:)?c(?:\s([^>]*?))?/?>")
_R_ATTR = re.compile(rb"\br=\"([A-Z]+)\d*\"")
_ROW_OPEN = re.compile(rb"<(?:\w+:)?row[\s>/]")
# A row, a cell or a formula with a namespace prefix (found quickly: ":" is rare)
_PREFIXED = re.compile(rb":(?:c|row|f)[\s>/]")
_CELL_NOT_PLAIN = re.compile(rb'<c(?! r=")')  # a cell without its reference first (or <col…)
_ROW_FIRST = re.compile(rb'<row r="(\d+)"')
_ROW_REF = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br=\"(\d+)\"")
_SHARED_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*?\bt=\"s\"[^>]*>\s*<(?:\w+:)?v>\s*(\d+)\s*<")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s[^>]*?\bref=\"([^\"]*)\"")
_REF = re.compile(r"([A-Z]+)(\d+)$")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL_START = re.compile(rb"<(?:\w+:)?c\s([^>]*)>")
_ERROR_TYPE = re.compile(rb"\bt=[\"']e[\"']")
_REF_ATTRIBUTE = re.compile(rb"\br=[\"']([A-Z]{1,3})(\d+)[\"']")
_SI_END = re.compile(rb"</(?:\w+:)?si>")
_SI_OPEN = re.compile(rb"<(?:\w+:)?si[\s>/]")
_VALUE_TEXT = re.compile(rb"<(?:\w+:)?[tv](?:\s[^>]*)?>([^<]*)<")
_T_TEXT = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)<")
_EXCEL_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")
_ODS = b"application/vnd.oasis.opendocument"
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
    errors: list[tuple[int, int]] = field(default_factory=list)  # cells of #N/A, #REF! …
    merged: list[tuple[int, int, str]] = field(default_factory=list)  # (row, column, "B2:C3")
    last_row: int = 0  # the farthest row a row or a cell names (rows without a number counted)
    last_column: int = 0  # the farthest column a cell reaches, from 1
    far_cell: str = ""  # the cell that reaches farthest to the right: "XFD5000"
    declared: str = ""  # the sheet's <dimension ref=…> as written, "" when it has none
    problem: str = ""  # why the sheet cannot be read at all; "" when it can

    def too_many(self, limit: int) -> bool:
        return self.rows > limit or self.last_row > limit


class Book:
    """An .xlsx file opened for import; use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip = zipfile.ZipFile(path)
        try:
            if _is_ods(self._zip):
                raise WorkbookError(
                    _(
                        "{name} is an OpenDocument spreadsheet (.ods). Open it in LibreOffice Calc "
                        "or Excel, save it as an Excel workbook (.xlsx) and import that file."
                    ).format(name=path.name)
                )
            self._shared = _checked_parts(self._zip, path.name)
            self._parts, self.hidden = _sheet_parts(self._zip, path.name)
            self._shared_longest = max(
                (_check_shared_strings(self._zip, m, path.name) for m in self._shared),
                default=0,
            )
            self._shared_sizes: array[int] | None = None
            # Only now may calamine read: it reads the shared strings when it opens
            self._cells = CalamineWorkbook.from_path(str(path))
        except Exception:
            self._zip.close()
            raise
        self.titles = list(self._parts)
        self._readable: set[str] = set()  # sheets scanned and found within the limits

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
        except WorkbookError:
            raise
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
        """Count the rows (stopping past ``limit``), find formulas and merged cells, and
        measure how far the sheet reaches and how much it holds; a sheet within the limits
        (no ``problem``, not ``too_many(limit)``) may then be read with ``rows``."""
        found = SheetScan()
        try:
            self._scan(title, limit, found)
        except _ElementTooLong:
            found.problem = _(
                "a cell of the sheet holds more than {limit} characters, more than Excel allows; "
                "the file is damaged or was not saved by a spreadsheet program"
            ).format(limit=format_number(MAX_TEXT))
        except _DAMAGED_PART:
            found.problem = _damaged_sheet()
        if not found.problem and not found.too_many(limit):
            self._readable.add(title)
        return found

    def _scan(self, title: str, limit: int, found: SheetScan) -> None:
        in_header, has_formulas, has_errors = True, False, False
        column = 0  # where the last cell read is, for a cell without a reference
        unnumbered_rows = 0  # rows without a number: each is one below the one before
        shared_cells, inline = 0, False
        # A workbook without shared strings: its cells name none worth counting
        shared = self._shared_longest > 0
        with self._open_part(title) as xml:
            for piece in _whole_tags(xml):
                if in_header:  # the <dimension> comes before the cells
                    if m := _DIMENSION.search(piece):
                        found.declared = m[1].decode("ascii", "replace")
                    in_header = b"sheetData" not in piece
                prefixed = _PREFIXED.search(piece) is not None
                if prefixed or not self._reach_plain(piece, found):
                    rows = sum(piece.count(t) for t in _ROW_TAGS)
                    cells = sum(piece.count(t) for t in _CELL_TAGS)
                    found.rows += rows
                    unnumbered, column = self._reach_any(piece, rows, cells, found, column)
                    unnumbered_rows += unnumbered
                # (":f>", ":f " and ":f/" are prefixed tags, which _PREFIXED finds)
                if not has_formulas and (b"<f" in piece or (prefixed and b":f" in piece)):
                    has_formulas = any(t in piece for t in _FORMULA_TAGS)
                has_errors = has_errors or b't="e"' in piece or b"t='e'" in piece
                if b"mergeCell" in piece:
                    for m in _MERGE.finditer(piece):
                        first_col = column_index_from_string(m[1].decode()) - 1
                        span = m[1].decode() + m[2].decode()
                        if m[3]:
                            span += ":" + m[3].decode() + m[4].decode()
                        found.merged.append((int(m[2]), first_col, span))
                if shared:
                    shared_cells += piece.count(b't="s"')
                inline = inline or b"inlineStr" in piece or b't="str"' in piece
                if found.too_many(limit) or found.last_column > MAX_COLUMNS:
                    break  # refused: the rest need not be read
        found.last_row += unnumbered_rows
        found.problem = self._width_problem(found)
        if found.problem or found.too_many(limit):
            return  # refused for its columns or its rows
        found.problem = self._reach_problem(found, limit) or self._text_problem(
            title, shared_cells, inline
        )
        if found.problem:
            return
        if has_formulas:
            found.formulas = self._formula_cells(title)
        if has_errors:
            found.errors = self._error_cells(title)
        found.merged = sorted(set(found.merged))

    @staticmethod
    def _reach_plain(piece: bytes, found: SheetScan) -> bool:
        """Count the piece's rows and find how far they reach, when it is written as
        spreadsheet programs write (every tag that starts "<row" or "<c" a row or a cell
        with its reference first, ``<row r="7"``, ``<c r="B7"``; the caller has found no
        namespace prefix) and holds no surprise: no cell right of the farthest column so
        far or of two or more letters, none below its row's number. The fast way, without
        a match per cell; False (nothing counted): the piece needs ``_reach_any`` (once a
        sheet, for its first row, as a rule)."""
        numbers = _ROW_FIRST.findall(piece)
        rows = len(numbers)
        if piece.count(b"<row") != rows or _CELL_NOT_PLAIN.search(piece):
            return False
        last_row = max(found.last_row, _highest(numbers)) if numbers else found.last_row
        if _surprise(last_row, found.last_column).search(piece):
            return False
        found.last_row = last_row
        found.rows += rows
        return True

    @staticmethod
    def _reach_any(
        piece: bytes, rows: int, cells: int, found: SheetScan, column: int
    ) -> tuple[int, int]:
        """How far the piece's rows and cells reach, however they are written; the rows
        without a number, and the column of the last cell (for one without a reference)."""
        numbered = _ROW_REF.findall(piece)
        if numbered:
            found.last_row = max(found.last_row, _highest(numbered))
        refs = _CELL_REF.findall(piece)
        if refs:
            letters, numbers = zip(*refs, strict=True)
            found.last_row = max(found.last_row, _highest(numbers))
            widest = max(set(letters), key=lambda a: (len(a), a))
            if _column(widest) > found.last_column:
                found.last_column = _column(widest)
                row = next(n for a, n in refs if a == widest)
                found.far_cell = (widest + row).decode()
            column = _column(letters[-1])
        if cells > len(refs):
            # Cells without a reference are placed one after the one before
            column = Book._count_columns(piece, column, found)
        return rows - len(numbered), column

    @staticmethod
    def _count_columns(piece: bytes, column: int, found: SheetScan) -> int:
        """Follow the cells row by row where some have no reference; the column reached."""
        for i, segment in enumerate(_ROW_OPEN.split(piece)):
            if i:
                column = 0  # a new row
            for m in _CELL_ANY.finditer(segment):
                ref = _R_ATTR.search(m[1] or b"")
                column = _column(ref[1]) if ref else column + 1
                if column > found.last_column:
                    found.last_column = column
                    found.far_cell = f"{_letters(column)}{max(found.last_row, 1)}"
        return column

    @staticmethod
    def _width_problem(found: SheetScan) -> str:
        if found.last_column <= MAX_COLUMNS:
            return ""
        return _(
            "the sheet reaches column {column} (cell {cell}); a sheet can have at most "
            "{limit} columns. Delete the columns after the last one in use, or copy the rows "
            "onto a new sheet and import that."
        ).format(column=_letters(found.last_column), cell=found.far_cell, limit=MAX_COLUMNS)

    @staticmethod
    def _reach_problem(found: SheetScan, limit: int) -> str:
        declared = _REF.search(found.declared.rsplit(":", 1)[-1].strip().upper())
        if declared:
            columns, rows = _column(declared[1]), int(declared[2])
            if columns > MAX_COLUMNS or rows > limit or columns * rows > MAX_CELLS:
                return _(
                    "the sheet says its cells reach {cell} (its dimension is {ref}), more than "
                    "can be read: at most {rows} rows, {columns} columns and {cells} cells. Copy "
                    "the rows onto a new sheet and import that."
                ).format(
                    cell=declared[0],
                    ref=found.declared[:40],
                    rows=format_number(limit - 1),
                    columns=MAX_COLUMNS,
                    cells=format_number(MAX_CELLS),
                )
        cells = found.last_row * found.last_column
        if cells > MAX_CELLS:
            return _(
                "the sheet spans {rows} rows and {columns} columns, {cells} cells; at most "
                "{limit} cells of one sheet can be imported at a time. Split the rows into "
                "several workbooks, for example by year."
            ).format(
                rows=format_number(found.last_row),
                columns=found.last_column,
                cells=format_number(cells),
                limit=format_number(MAX_CELLS),
            )
        return ""

    def _text_problem(self, title: str, shared_cells: int, inline: bool) -> str:
        """How much text reading the sheet would make: each cell of a shared string gets a
        copy of it, and a text written in the cell is at most the sheet's XML. Only when
        that bound is over the limit are the texts measured, in a second pass."""
        own = self._zip.getinfo(self._parts[title]).file_size if inline else 0
        if own + shared_cells * self._shared_longest <= MAX_SHEET_TEXT:
            return ""
        total = self._own_text(title, MAX_SHEET_TEXT) if inline else 0
        if shared_cells and total <= MAX_SHEET_TEXT:
            total += self._shared_volume(title, MAX_SHEET_TEXT - total)
        if total <= MAX_SHEET_TEXT:
            return ""
        return _(
            "the sheet is too large to import at once: its cells hold more than {limit} MB of "
            "text. Split the rows into several workbooks, for example by year."
        ).format(limit=MAX_SHEET_TEXT >> 20)

    def _own_text(self, title: str, limit: int) -> int:
        """The bytes of the values and texts written in the sheet's cells, counted until
        ``limit``."""
        total = 0
        with self._open_part(title) as xml:
            for piece in _whole_tags(xml):
                total += sum(map(len, _VALUE_TEXT.findall(piece)))
                if total > limit:
                    break
        return total

    def _shared_volume(self, title: str, limit: int) -> int:
        """The bytes of the shared strings the sheet's cells name, counted until ``limit``."""
        if self._shared_sizes is None:
            self._shared_sizes = array("I")
            for member in self._shared[:1]:
                for size in _shared_string_sizes(self._zip, member):
                    self._shared_sizes.append(size)
        sizes, total = self._shared_sizes, 0
        with self._open_part(title) as xml:
            for piece in _whole_tags(xml):
                for index in map(int, _SHARED_CELL.findall(piece)):
                    if index < len(sizes):
                        total += sizes[index]
                if total > limit:
                    break
        return total

    def _formula_cells(self, title: str) -> list[tuple[int, int]]:
        """Where the sheet's formulas are: each ``<f>`` belongs to the cell opened before it.
        Only a sheet that has formulas is read again for this, a piece at a time."""
        out = set()
        last: tuple[bytes, bytes] | None = None  # the last cell of the pieces before
        with self._open_part(title) as xml:
            for piece in _whole_tags(xml):
                cells = [(m.start(), m[1], m[2]) for m in _CELL.finditer(piece)]
                starts = [c[0] for c in cells]
                for f in _FORMULA.finditer(piece):
                    i = bisect.bisect_right(starts, f.start()) - 1
                    cell = (cells[i][1], cells[i][2]) if i >= 0 else last
                    if cell is not None:
                        out.add((int(cell[1]), column_index_from_string(cell[0].decode()) - 1))
                if cells:
                    last = (cells[-1][1], cells[-1][2])
        return sorted(out)

    def _error_cells(self, title: str) -> list[tuple[int, int]]:
        """Where the sheet's error values are (``t="e"``: #N/A, #REF!, #DIV/0! …), which
        calamine reads as empty cells. Only a sheet that has one is read again for this."""
        out = set()
        with self._open_part(title) as xml:
            for piece in _whole_tags(xml):
                for tag in _CELL_START.finditer(piece):
                    attributes = tag[1]
                    if _ERROR_TYPE.search(attributes) and (
                        ref := _REF_ATTRIBUTE.search(attributes)
                    ):
                        out.add((int(ref[2]), column_index_from_string(ref[1].decode()) - 1))
        return sorted(out)

    def rows(self, title: str) -> Iterator[tuple[int, list[Any]]]:
        """(Excel row number, cells from column A) of every row, empty ones included. Only
        a sheet that ``scan`` found within the limits is read."""
        if title not in self._readable:
            raise ValueError(f"sheet {title!r} was not scanned or is beyond the limits")
        try:
            sheet = self._cells.get_sheet_by_name(title)
            # calamine counts rows from row 1 but columns from the first used one
            pad = [""] * (sheet.start[1] if sheet.start else 0)
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                yield number, pad + cells if pad else cells
        except Exception as exc:  # calamine's own errors on a damaged sheet part
            raise WorkbookError(
                _("{name}, sheet {sheet}: {problem}").format(
                    name=self.path.name, sheet=title, problem=_damaged_sheet()
                )
            ) from exc

    def _open_part(self, title: str):
        return self._zip.open(self._parts[title])


class _ElementTooLong(Exception):
    """An element of a sheet's XML is longer than any cell may be."""


def _whole_tags(xml: IO[bytes]) -> Iterator[bytes]:
    """The part's bytes in pieces of about a megabyte, each ending at a ``>``, so that no
    tag is cut between two pieces."""
    carry = b""
    while chunk := xml.read(_CHUNK):
        text = carry + chunk
        cut = text.rfind(b">") + 1
        if cut:
            yield text[:cut]
        carry = text[cut:]
        if len(carry) > _MAX_ELEMENT:
            raise _ElementTooLong()
    if carry:
        yield carry


def _surprise(last_row: int, last_column: int) -> re.Pattern[bytes]:
    """A cell right of column ``last_column`` or of two or more letters, or one below row
    ``last_row``."""
    right = f"[{chr(65 + last_column)}-Z]\\d|" if last_column < 26 else ""
    below = "[A-Z]0*" + _greater_than(last_row)
    return re.compile(f'<c r="(?:[A-Z]{{2}}|{right}{below}")'.encode())


def _greater_than(number: int) -> str:
    """A regular expression of the decimal numbers greater than ``number``: as many digits
    and greater (written as a tree of the digits, so that a number is given up at its
    first digit that decides), or more digits."""

    def above(digits: str) -> str | None:  # the numbers of as many digits above these
        if not digits:
            return None
        first, rest = int(digits[0]), len(digits) - 1
        options = [f"[{first + 1}-9]" + (f"\\d{{{rest}}}" if rest else "")] if first < 9 else []
        if (deeper := above(digits[1:])) is not None:
            options.append(digits[0] + deeper)
        if not options:
            return None
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    digits = str(number)
    longer = f"[1-9]\\d{{{len(digits)},}}"
    same = above(digits)
    return f"(?:{same}|{longer})" if same else f"(?:{longer})"


def _highest(numbers: Iterable[bytes]) -> int:
    return max(map(int, numbers))


def _column(letters: bytes | str) -> int:
    """A column's number from its letters, from 1; any number of letters."""
    number = 0
    for letter in letters.decode() if isinstance(letters, bytes) else letters:
        number = number * 26 + ord(letter) - 64
    return number


def _letters(column: int) -> str:
    out = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        out = chr(65 + rest) + out
    return out


def _is_ods(zf: zipfile.ZipFile) -> bool:
    try:
        return zf.read("mimetype")[:200].startswith(_ODS)
    except KeyError:
        return False


def _checked_parts(zf: zipfile.ZipFile, name: str) -> list[str]:
    """Check the size of every part calamine (and ``_sheet_parts``) reads whole when the
    file is opened, before any is read; the shared strings' parts."""
    names = set(zf.namelist())
    first: list[str] = [n for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels") if n in names]
    for member in first:
        _check_size(zf, member, name)
    targets = []
    if "xl/_rels/workbook.xml.rels" in names:
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        for rel in rels.findall("pr:Relationship", _NS):
            if rel.get("Type", "").endswith(("/sharedStrings", "/styles")):
                targets.append(_member(rel.get("Target", "")))
    shared = [n for n in names if n.casefold().endswith("sharedstrings.xml")]
    more = [*targets, "xl/styles.xml", *shared]
    for member in dict.fromkeys(m for m in more if m in names):
        _check_size(zf, member, name)
    return list(
        dict.fromkeys(m for m in [*shared, *targets] if m in names and "styles" not in m.casefold())
    )


def _check_sheet_size(zf: zipfile.ZipFile, member: str, name: str, sheet: str) -> None:
    """Refuse a sheet whose XML unpacks like a zip bomb, before it is read: a sheet is read
    a piece at a time, but every byte of it twice (the scan and calamine), so a gigabyte of
    nothing packed into a megabyte kept an import busy for minutes."""
    info = zf.getinfo(member)
    ratio = info.file_size // max(info.compress_size, 1)
    if info.file_size > MAX_SHEET or (info.file_size > _PACKED_SHEET and ratio > MAX_RATIO):
        raise WorkbookError(
            _(
                "{name} cannot be imported: its sheet “{sheet}” unpacks to {size} MB, {ratio} "
                "times its packed size. The file is damaged or was made to harm; it was not read."
            ).format(name=name, sheet=sheet, size=format_number(info.file_size >> 20), ratio=ratio)
        )


def _check_size(zf: zipfile.ZipFile, member: str, name: str) -> None:
    """Refuse a part too large to read whole, or one that unpacks like a zip bomb, before
    it is read: the sizes are in the zip's directory."""
    info = zf.getinfo(member)
    if info.file_size > MAX_PART:
        raise WorkbookError(
            _(
                "{name} cannot be imported: its part {part} unpacks to {size} MB, at most {limit} MB "
                "can be read. Split the rows into several workbooks."
            ).format(
                name=name,
                part=member,
                size=format_number(info.file_size >> 20),
                limit=MAX_PART >> 20,
            )
        )
    if info.file_size > _SMALL_PART and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise WorkbookError(
            _(
                "{name} cannot be imported: its part {part} unpacks to {ratio} times its packed size, "
                "as a zip bomb does. The file is damaged or was made to harm; it was not read."
            ).format(
                name=name,
                part=member,
                ratio=format_number(info.file_size // max(info.compress_size, 1)),
            )
        )


def _shared_string_pieces(zf: zipfile.ZipFile, member: str) -> Iterator[list[bytes]]:
    """The shared strings' XML a chunk at a time, split after each ``</si>``: every piece
    but the first of the part holds one string, with its markup."""
    carry = b""
    with zf.open(member) as xml:
        while chunk := xml.read(_CHUNK):
            pieces = _SI_END.split(carry + chunk)
            carry = pieces.pop()
            if len(carry) > _MAX_ELEMENT:
                raise _ElementTooLong()
            if pieces:
                yield pieces


_SST_UNIQUE = re.compile(rb"<(?:\w+:)?sst\b[^>]*?\buniqueCount=\"(\d+)\"")
# What reading a damaged part of the zip raises: a wrong checksum, an encrypted part, a
# compression zipfile does not know, a part cut short
_DAMAGED_PART = (
    zipfile.BadZipFile,
    RuntimeError,
    NotImplementedError,
    EOFError,
    zlib.error,
    OSError,
)


def _damaged_sheet() -> str:
    return _(
        "the sheet cannot be read: the file is damaged (as after a broken download or copy). "
        "Save it again from Excel, or export it again from Oske."
    )


def _check_shared_strings(zf: zipfile.ZipFile, member: str, name: str) -> int:
    """Refuse a shared string over MAX_TEXT characters, before calamine reads them all;
    the bytes of the longest one (with its markup)."""
    longest = 0
    too_long = WorkbookError(
        _(
            "{name} cannot be imported: a text in it is longer than {limit} characters, which is "
            "more than a cell of Excel can hold. The file was not read."
        ).format(name=name, limit=format_number(MAX_TEXT))
    )
    held, claimed = 0, 0
    try:
        for pieces in _shared_string_pieces(zf, member):
            if not held and (header := _SST_UNIQUE.search(pieces[0])):
                claimed = int(header[1])
            held += len(pieces)
            size = max(map(len, pieces))
            # Bytes are not characters: the long ones are counted
            if size > MAX_TEXT and any(
                len(p) > MAX_TEXT and _characters(p) > MAX_TEXT for p in pieces
            ):
                raise too_long
            longest = max(longest, size)
    except _ElementTooLong:
        raise too_long from None
    if claimed > held:
        # calamine makes room for as many strings as the part claims before it reads one:
        # four thousand million claimed in a kilobyte ended the whole program
        raise WorkbookError(
            _(
                "{name} cannot be imported: its list of texts claims {claimed} texts but holds "
                "{held}. The file is damaged or was made to harm; it was not read."
            ).format(name=name, claimed=format_number(claimed), held=format_number(held))
        )
    return longest


def _shared_string_sizes(zf: zipfile.ZipFile, member: str) -> Iterator[int]:
    """The bytes of each shared string, in order (the first piece also holds the header)."""
    for pieces in _shared_string_pieces(zf, member):
        yield from map(len, pieces)


def _characters(piece: bytes) -> int:
    """The characters of the text of one ``<si>``: its ``<t>`` runs, references resolved
    and Excel's ``_x000D_`` escapes counted as one."""
    start = _SI_OPEN.search(piece)
    texts = _T_TEXT.findall(piece[start.start() :] if start else piece)
    text = html.unescape(b"".join(texts).decode("utf-8", "replace"))
    return len(_EXCEL_ESCAPE.sub("x", text))


def _member(target: str) -> str | None:
    """The zip member a workbook relationship's target names (relative to xl/, or absolute
    from the package root); None when it points outside the package."""
    if ":" in target or "\\" in target:
        return None  # a URL, a drive letter or a Windows path
    path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    member = posixpath.normpath(path)
    if member.startswith(("../", "/")) or member in ("..", "."):
        return None
    return member


def _sheet_parts(zf: zipfile.ZipFile, name: str) -> tuple[dict[str, str], dict[str, str]]:
    """Sheet title → the zip member holding its XML, in the workbook's order; and the hidden
    sheets' titles → their state ("hidden", "veryHidden"). A sheet whose relationship points
    outside the package, or to nothing, refuses the file."""
    workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {
        r.get("Id"): (r.get("Target", ""), r.get("TargetMode", ""))
        for r in rels.findall("pr:Relationship", _NS)
    }
    names = set(zf.namelist())
    parts, hidden = {}, {}
    seen: dict[str, str] = {}  # each title as Excel compares them (case, spaces) → as written
    for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
        title = sheet.get("name", "")
        same = seen.setdefault(title.strip().casefold(), title)
        if same is not title:
            # Excel allows no two; calamine would read one, the checks another
            raise WorkbookError(
                _(
                    "{name} cannot be imported: it has two sheets called “{sheet}” "
                    "(“{first}” and “{second}”). Rename or remove one and import it again."
                ).format(name=name, sheet=title.strip(), first=same, second=title)
            )
        target, mode = targets.get(sheet.get(f"{{{_NS['r']}}}id"), ("", ""))
        member = _member(target)
        if mode.casefold() == "external" or (target and member is None):
            raise WorkbookError(
                _(
                    "{name} cannot be imported: its sheet “{sheet}” points outside the file, to "
                    "“{target}”. The file is damaged or was made to deceive; it was not read."
                ).format(name=name, sheet=title, target=target[:200])
            )
        if member is None or member not in names:
            raise WorkbookError(
                _("{name} is damaged: its sheet “{sheet}” has no contents in the file.").format(
                    name=name, sheet=title
                )
            )
        _check_sheet_size(zf, member, name, title)
        parts[title] = member
        state = sheet.get("state", "visible")
        if state in ("hidden", "veryHidden"):
            hidden[title] = state
    return parts, hidden


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
