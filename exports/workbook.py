"""Export every table to one .xlsx workbook, and import the same format all or nothing.

Pure functions around the sheet descriptions in ``exports.sheets``: export takes domain
records and writes a file; import reads a file and hands records to a ``RecordStore``
(the storage layer's unit of work), reporting every problem as
``sheet, row, column: message``. The caller commits only when the report has no errors.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import partial
from itertools import chain, islice
from operator import attrgetter
from pathlib import Path
from typing import Any, Protocol
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.writer.excel import ExcelWriter

from domain.about import APP_NAME, APP_VERSION
from domain.caselog import ReferenceKind, Sector
from domain.errors import DiskFull, ValidationError, is_disk_full
from domain.formats import format_date, format_number
from domain.history import FINNISH_TIME, Entry
from domain.i18n import N_, _
from domain.organisation import Organisation
from domain.records import finnish_key
from exports.columns import (
    CategoryRef,
    CellError,
    ColumnType,
    PersonRef,
    ProjectRef,
    ReferenceChoice,
    excel_text,
    formula_like,
    is_blank,
)
from exports.datafolder import PARTIAL_PREFIX, folder_size, private_temp, sweep_partials
from exports.sheet_xml import CellXml, RowsFile
from exports.sheets import (
    ABOUT_NAMES,
    CHANGE_ACTIONS,
    CHANGES_HEADERS,
    CHANGES_NAMES,
    CHANGES_WIDTHS,
    ID_HEADERS,
    IMPORT_ORDER,
    ORGANISATION_HEADERS,
    ORGANISATION_NAMES,
    ORGANISATION_SETTINGS,
    ORGANISATION_WIDTHS,
    SHEETS,
    SUMMARY_NAMES,
    ColumnSpec,
    OrderRefs,
    SettingSpec,
    SheetSpec,
    category_order,
    change_field_name,
    change_kind_name,
)
from exports.summary import CachedValues, write_summary
from exports.tasks import Cancelled, Progress, UnexpectedError
from exports.xlsx_reader import MAX_TEXT, Book, SheetScan, WorkbookError

# WorkbookError is raised by import_workbook, defined beside the reader; Cancelled and
# Progress are shared with the reports
__all__ = ["Cancelled", "Progress", "WorkbookError"]

WINDOW = 1000  # rows whose records the store may read ahead together
# The most data rows one sheet may have: a sheet beyond it is refused before it is read
# (a centre logs a few thousand case events a year; Excel's own limit is 1 048 576).
MAX_ROWS = 500_000
# How far down a sheet's headers are looked for when row 1 has none: a title above them
TITLE_ROWS = 9


# ----------------------------------------------------------------------------- export


# The About sheet's line that says when the workbook was written (Finnish, English)
EXPORTED_LABELS = ("Viety", "Exported")


@dataclass(frozen=True)
class AboutInfo:
    organisation: str
    exported_at: datetime  # aware: written in Finnish time; naive: as it is
    year: int | None = None  # a year's workbook: only the records of that year


def export_workbook(
    path: Path | str,
    records: Mapping[str, Sequence[Any]],
    *,
    lang: str = "fi",
    about: AboutInfo,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    changes: Sequence[Entry] | None = None,
    organisation: Organisation | None = None,
) -> None:
    """Write ``records`` (sheet key → records) to ``path``; the file appears whole or not at all.
    With ``changes`` (history entries, oldest first) the Changes sheet follows the data sheets;
    with ``organisation`` its settings have a sheet before the About sheet.

    openpyxl keeps each sheet's XML in a temporary file until the workbook is saved; those
    go into Oske's private temporary folder (``exports.datafolder``) and are removed after.
    A disk that fills up is ``DiskFull`` with the space needed; an error nobody foresaw is
    ``UnexpectedError`` naming the record being written."""
    at = _Place()
    with private_temp() as scratch:
        try:
            _export_workbook(
                Path(path),
                records,
                lang=lang,
                about=about,
                progress=progress,
                cancelled=cancelled,
                changes=changes,
                organisation=organisation,
                at=at,
                scratch=scratch,
            )
        except BaseException as exc:
            if at.workbook is not None:
                _let_go(at.workbook, None)  # its sheets' writers, stopped mid-row
            if isinstance(exc, WorkbookError | Cancelled | DiskFull) or not isinstance(
                exc, Exception
            ):
                raise
            # openpyxl writes each row into its temporary file: a full disk shows here
            needed = folder_size(scratch) * max(at.total, 1) // max(at.done, 1)
            if full := _full_disk(scratch.parent, exc, needed):
                raise full from exc
            if isinstance(exc, OSError):
                raise  # a folder that cannot be written: said as the system says it
            raise UnexpectedError(at.described(lang)) from exc


@dataclass
class _Place:
    """Where an export is: the sheet and record being written, and the rows done."""

    sheet: SheetSpec | None = None
    record_id: str = ""
    done: int = 0
    total: int = 0
    workbook: Workbook | None = None

    def described(self, lang: str) -> str:
        if self.sheet is None:
            return _("the workbook's last sheets")
        if not self.record_id:
            return _("the sheet {sheet}").format(sheet=self.sheet.name(lang))
        return _("the sheet {sheet}, the row with the ID {id}").format(
            sheet=self.sheet.name(lang), id=self.record_id
        )


def _export_workbook(
    path: Path,
    records: Mapping[str, Sequence[Any]],
    *,
    lang: str,
    about: AboutInfo,
    progress: Progress | None,
    cancelled: Callable[[], bool],
    changes: Sequence[Entry] | None,
    organisation: Organisation | None,
    at: _Place,
    scratch: Path,
) -> None:
    _check_folder(path)
    total = sum(len(records.get(s.key, ())) for s in SHEETS)
    done = 0
    names = _person_names(records)
    codes = {p.id: p.code for p in records.get("projects", ())}
    categories = sorted(records.get("categories", ()), key=category_order)
    category_names = {c.id: c.name for c in categories}
    refs = OrderRefs(codes, {c.id: rank for rank, c in enumerate(categories)})
    # The reference lists are not a sheet: they only name the values of the case log.
    references = {v.id: v for v in records.get("reference_values", ())}
    lookups = _Lookups(names, codes, category_names, references)
    wb = at.workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    counts: list[tuple[str, int]] = []
    at.total = total
    for spec in SHEETS:
        at.sheet, at.record_id = spec, ""
        rows = sorted(records.get(spec.key, ()), key=_sort_key(spec, refs))
        ws = data_sheet(wb, spec, lang, len(rows), bold)
        # The data rows are written as XML text (exports.sheet_xml), byte for byte as
        # openpyxl would write them, into a file of their own put into the sheet at its end.
        cells = CellXml(ws)
        values_of = attrgetter("id", *(c.key for c in spec.columns))
        writers = [
            _column_writer(cells, c.type, i, lang, lookups)
            for i, c in enumerate(spec.columns, start=2)
        ]
        with RowsFile(scratch) as out:
            for row, record in enumerate(rows, start=2):
                record_id, *values = values_of(record)
                at.record_id = record_id
                try:
                    xml = cells.value(f"A{row}", record_id, "") or cells.fallback(record_id, 1, row)
                    line = [f'<row r="{row}">', xml]
                    line += [write(v, row) for write, v in zip(writers, values, strict=True)]
                except (ValueError, IllegalCharacterError):
                    raise WorkbookError(
                        _(
                            "The row with the ID {id} of the sheet {sheet} could not be written."
                        ).format(id=record_id, sheet=spec.name(lang))
                    ) from None
                line.append("</row>")
                out.write("".join(line))
                done += 1
                at.done = done
                if progress and done % 200 == 0:
                    progress(done, total)
                if cancelled():
                    raise Cancelled()
            at.record_id = ""  # what fails now is the sheet's, not a row's
            out.splice_into(ws)
        counts.append((spec.name(lang), len(rows)))
    at.sheet = None
    if changes is not None:
        _write_changes(wb, lang, changes, bold, scratch)  # not counted in About: not a data sheet
    cached = write_summary(wb, lang, records, bold)
    if organisation is not None:
        _write_organisation(wb, lang, organisation, bold)
    _write_about(wb, lang, about, counts, bold)
    _save_atomically(wb, path, cached, folder_size(scratch) // XML_PER_ZIPPED)
    if progress:
        progress(total, total)


@dataclass(frozen=True)
class _Lookups:
    """What the cells of one export name records by: people's names, projects' codes,
    categories' names (by sheet key and ID) and the values of the reference lists."""

    names: Mapping[str, Mapping[str, str]]
    codes: Mapping[str, str]
    category_names: Mapping[str, str]
    references: Mapping[str, Any]


def data_sheet(wb: Workbook, spec: SheetSpec, lang: str, rows: int, bold: Font) -> Any:
    """A data sheet of ``rows`` rows begun in ``wb``: its widths, frozen header, autofilter
    and bold header row, the same in every export (and in the test that compares it)."""
    ws = wb.create_sheet(spec.name(lang))
    headers = [ID_HEADERS[0] if lang == "fi" else ID_HEADERS[1]] + [
        c.header(lang) for c in spec.columns
    ]
    ws.column_dimensions["A"].width = 38
    for i, col in enumerate(spec.columns, start=2):
        ws.column_dimensions[get_column_letter(i)].width = max(
            col.type.width, len(col.header(lang)) + 2
        )
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{rows + 1}"
    ws.append([_cell(ws, h, font=bold) for h in headers])
    return ws


def _column_writer(
    cells: CellXml, column: ColumnType, index: int, lang: str, lookups: _Lookups
) -> Callable[[Any, int], str]:
    """The XML of a column's cell from the record's value, worked out once per sheet (see
    ``_cell`` for what the cell holds: the value, the column's number format, a text that
    looks like a formula marked as text)."""
    convert: Callable[[Any], Any]
    if isinstance(column, PersonRef):
        names = lookups.names.get(column.sheet, {})
        convert = lambda value: names.get(value) if value else None  # noqa: E731
    elif isinstance(column, ProjectRef):
        codes = lookups.codes
        convert = lambda value: codes.get(value) if value else None  # noqa: E731
    elif isinstance(column, CategoryRef):
        category_names = lookups.category_names
        convert = lambda value: category_names.get(value) if value else None  # noqa: E731
    elif isinstance(column, ReferenceChoice):
        convert = _cached(
            lambda value: column.text(value, lookups.references, lang),
            multiple=column.multiple,
        )
    else:
        convert = partial(column.to_cell, lang=lang)
    ws, letter, number_format = cells.ws, get_column_letter(index), column.number_format

    if number_format is None:

        def plain(value: Any, row: int) -> str:
            return _text_xml(cells, letter, index, row, convert(value))

        return plain

    # The style of the column's format, from the first cell of each kind of value: made as
    # openpyxl's cell makes it, so that the workbook's styles are listed as they were.
    styles: dict[type, str] = {}

    def formatted(value: Any, row: int) -> str:
        value = excel_text(convert(value))
        if value is None:
            return ""
        style = styles.get(type(value))
        if style is None or formula_like(value):
            cell = _cell(ws, value, number_format=number_format)
            styles.setdefault(type(value), f' s="{cell.style_id}"')
            return cells.fallback(cell, index, row)
        return cells.value(f"{letter}{row}", value, style) or cells.fallback(
            _cell(ws, value, number_format=number_format), index, row
        )

    return formatted


def _cached(text: Callable[[Any], Any], *, multiple: bool) -> Callable[[Any], Any]:
    """``text`` of a value (or of a list of values), worked out once per value."""
    done: dict[Any, Any] = {}

    def cached(value: Any) -> Any:
        key = tuple(value) if multiple and isinstance(value, list) else value
        try:
            return done[key]
        except KeyError:
            done[key] = found = text(value)
            return found

    return cached


def _sort_key(spec: SheetSpec, refs: OrderRefs) -> Callable[[Any], tuple]:
    """A sheet's order; rows that belong to a project come by the project's code, as shown,
    unless the sheet orders itself by what it names (``order_refs``)."""
    if spec.order_refs is not None:
        order_refs = spec.order_refs
        return lambda record: order_refs(record, refs)
    projects = [c.key for c in spec.columns if isinstance(c.type, ProjectRef)]
    if not projects:
        return spec.order
    key, codes = projects[0], refs.codes
    return lambda record: (finnish_key(codes.get(getattr(record, key))), spec.order(record))


def _person_names(records: Mapping[str, Sequence[Any]]) -> dict[str, dict[str, str]]:
    wanted = {c.type.sheet for s in SHEETS for c in s.columns if isinstance(c.type, PersonRef)}
    return {sheet: {r.id: r.full_name for r in records.get(sheet, ())} for sheet in wanted}


def _cell(
    ws: Any, value: Any, *, font: Font | None = None, number_format: str | None = None
) -> WriteOnlyCell:
    value = excel_text(value)
    cell = WriteOnlyCell(ws, value=value)
    if formula_like(value):
        cell.data_type = "s"  # text that looks like a formula stays text
    if font is not None:
        cell.font = font
    if number_format and value is not None:
        cell.number_format = number_format
    return cell


def _write_changes(
    wb: Workbook, lang: str, changes: Sequence[Entry], bold: Font, scratch: Path
) -> tuple[str, int]:
    """The Muutokset sheet: one row per changed field (an entry without fields, one row).
    Its rows are written as XML text, as the data sheets' (a sheet may hold a million)."""
    fi = lang == "fi"
    name = CHANGES_NAMES[0] if fi else CHANGES_NAMES[1]
    ws = wb.create_sheet(name)
    for i, width in enumerate(CHANGES_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.append([_cell(ws, fi_en[0] if fi else fi_en[1], font=bold) for fi_en in CHANGES_HEADERS])
    cells = CellXml(ws)
    letters = [get_column_letter(i) for i in range(2, len(CHANGES_HEADERS) + 1)]
    stamp_style = ""  # the time's style, from its first cell
    row = 1
    with RowsFile(scratch) as out:
        for entry in changes:
            at = entry.local_time().replace(tzinfo=None)
            action = CHANGE_ACTIONS.get(entry.action.value, (entry.action.value,) * 2)
            texts: tuple[str | None, ...] = (
                entry.who(),
                change_kind_name(entry.kind, lang),
                entry.record_id,
                entry.label,
                action[0] if fi else action[1],
            )
            for change in entry.changes or (None,):
                row += 1
                stamp = cells.value(f"A{row}", at, stamp_style) if stamp_style else ""
                if not stamp:
                    cell = _cell(ws, at, number_format="d.m.yyyy h:mm:ss")
                    stamp_style = stamp_style or f' s="{cell.style_id}"'
                    stamp = cells.fallback(cell, 1, row)
                values = texts
                if change is not None:
                    field = change_field_name(entry.kind, change.field, lang)
                    values += (field, change.old, change.new)
                line = [f'<row r="{row}">', stamp]
                line += [
                    _text_xml(cells, letter, i, row, value)
                    for i, (letter, value) in enumerate(zip(letters, values, strict=False), 2)
                ]
                line.append("</row>")
                out.write("".join(line))
        out.splice_into(ws)
    return name, row - 1


def _text_xml(cells: CellXml, letter: str, index: int, row: int, value: Any) -> str:
    """The XML of a text cell (as ``_text`` makes it) in column ``letter``, ``index``."""
    value = excel_text(value)
    if value is None:
        return ""
    if formula_like(value):
        return cells.fallback(_cell(cells.ws, value), index, row)
    return cells.value(f"{letter}{row}", value, "") or cells.fallback(value, index, row)


def _write_organisation(wb: Workbook, lang: str, organisation: Organisation, bold: Font) -> None:
    """The Organisaatio sheet: one row per setting, its name and its value."""
    fi = lang == "fi"
    ws = wb.create_sheet(ORGANISATION_NAMES[0] if fi else ORGANISATION_NAMES[1])
    for i, width in enumerate(ORGANISATION_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.append(
        [_cell(ws, fi_en[0] if fi else fi_en[1], font=bold) for fi_en in ORGANISATION_HEADERS]
    )
    for setting in ORGANISATION_SETTINGS:
        value = setting.type.to_cell(getattr(organisation, setting.key), lang)
        cell = _cell(ws, value, number_format=setting.type.number_format)
        if isinstance(value, str) and "\n" in value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")  # one area per line
        ws.append([_cell(ws, setting.label(lang)), cell])


def _write_about(
    wb: Workbook, lang: str, about: AboutInfo, counts: list[tuple[str, int]], bold: Font
) -> None:
    fi = lang == "fi"
    ws = wb.create_sheet(ABOUT_NAMES[0] if fi else ABOUT_NAMES[1])
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 40
    when = about.exported_at
    if when.tzinfo is not None:
        when = when.astimezone(FINNISH_TIME)  # the office's time, whatever this machine's zone
    # To the second: an import compares it with the times records were changed
    stamp = (
        f"{format_date(when.date())} {when:%H.%M.%S}" if fi else when.strftime("%Y-%m-%d %H:%M:%S")
    )
    rows = [
        ("Organisaatio" if fi else "Organisation", about.organisation),
        (EXPORTED_LABELS[0] if fi else EXPORTED_LABELS[1], stamp),
        ("Sovellus" if fi else "Application", f"{APP_NAME} {APP_VERSION}"),
        *([("Vuosi" if fi else "Year", str(about.year))] if about.year else []),
        ("", ""),
        ("Taulukko" if fi else "Sheet", "Rivejä" if fi else "Rows"),
    ]
    for i, (a, b) in enumerate(rows):
        header_row = i == len(rows) - 1
        ws.append([_cell(ws, a, font=bold), _cell(ws, b, font=bold if header_row else None)])
    for name, n in counts:
        ws.append([_cell(ws, name), _cell(ws, n)])


def _check_folder(path: Path) -> None:
    if not path.parent.is_dir():
        raise WorkbookError(_("The folder {folder} does not exist.").format(folder=path.parent))


# Sheet XML zips to about a thirteenth of its size; a disk-full message reckons with an
# eighth, so the room it asks for is enough.
XML_PER_ZIPPED = 8


def _save_atomically(
    wb: Workbook, path: Path, cached: CachedValues | None = None, needed: int = 0
) -> None:
    """Save under a hidden name beside ``path``, then rename it into place. ``needed``:
    about the bytes the file takes, for the message of a full disk."""
    folder = path.parent
    sweep_partials(folder)  # what killed runs left here
    fd, tmp = tempfile.mkstemp(prefix=PARTIAL_PREFIX, suffix=".xlsx", dir=folder)
    os.close(fd)
    archive = None
    try:
        # Workbook.save, with the archive in hand, so that a failed save can be let go of
        archive = ZipFile(tmp, "w", ZIP_DEFLATED, allowZip64=True)
        wb.properties.modified = datetime.now(UTC).replace(tzinfo=None)
        ExcelWriter(wb, archive).save()
        if cached is not None:
            cached.write_into(Path(tmp))  # the Summary's figures for readers that do not calculate
        os.replace(tmp, path)
    except BaseException as exc:
        _let_go(wb, archive)
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, Exception) and (full := _full_disk(folder, exc, needed)):
            raise full from exc
        raise


def _let_go(wb: Workbook, archive: ZipFile | None) -> None:
    """Close what a failed save left open, now: the archive's file, and the sheets' XML
    writers stopped mid-element. Left to the garbage collector, their finalisers would
    fail again at some later moment and print tracebacks (a full disk, "not in an
    element") on the terminal."""
    if archive is not None:
        with contextlib.suppress(Exception):
            if archive.fp is not None:
                archive.fp.close()
        archive.fp = None  # close() has nothing left to write
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        for stream in (getattr(ws, "_rows", None), getattr(writer, "xf", None)):
            with contextlib.suppress(Exception):
                if stream is not None:
                    stream.close()


def _full_disk(folder: Path, exc: Exception, needed: int) -> DiskFull | None:
    """The full disk behind a failed write into ``folder``, or None. openpyxl's XML writer
    may hide the operating system's "no space" behind an error of its own, so a folder
    with less room than the file needs counts too."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return None
    said_full = any(is_disk_full(e) for e in _chain(exc))
    if said_full or free < needed:
        return DiskFull(str(folder), max(needed, free + 1), free)
    return None


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    found: BaseException | None = exc
    while found is not None and id(found) not in seen:
        seen.add(id(found))
        yield found
        found = found.__cause__ or found.__context__


# ----------------------------------------------------------------------------- import


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = [self.sheet]
        if self.row:
            where.append(_("row {row}").format(row=self.row))
        if self.column:
            where.append(_("column {column}").format(column=self.column))
        return f"{', '.join(where)}: {self.message}"


@dataclass
class SheetCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # rows in conflict whose record kept the database's values


# How much earlier than the export time the About sheet states a change in the database
# still counts as made after the export: the stamp is to the second (an older workbook's
# to the minute), a change in the same second is after it, and the clock of the
# workstation that wrote the change's time may be somewhat behind the exporting one's.
# Within it a change the workbook already holds (the fields it changed have the stored
# values in the row) is not asked about: the export saw it.
CLOCK_MARGIN = timedelta(minutes=2)


@dataclass(frozen=True)
class LastChange:
    """Who changed a record in the database, and when (UTC); the record's label as the
    change history names it ("" when it has none)."""

    who: str
    at: datetime | None
    label: str = ""


@dataclass(frozen=True)
class FieldDifference:
    column: str  # the column's header as written in the file
    database: str  # the database's value, as a cell shows it
    workbook: str  # the workbook's


@dataclass(frozen=True)
class Conflict:
    """A row whose record changed in the database after the workbook was written, and
    which the import would change: the database's values are kept unless taken."""

    sheet: str  # as named in the file
    sheet_key: str
    row: int
    record_id: str
    label: str  # the record as a person reads it
    change: LastChange
    fields: tuple[FieldDifference, ...] = ()
    deleted: bool = False  # deleted in the database: the row would re-create it
    taken: bool = False  # the import took the workbook's row

    @property
    def key(self) -> tuple[str, str]:
        return self.sheet_key, self.record_id

    def shown_time(self) -> str:
        """When the database's change was made, in Finnish time."""
        at = self.change.at
        if at is None:
            return ""
        local = at.astimezone(FINNISH_TIME)
        return f"{format_date(local.date())} {local:%H.%M.%S}"

    def what(self) -> str:
        """What happened in the database: "changed by marjo (TOIMISTO-3) 5.12.2026 14.32.10"."""
        text = (
            _("deleted in the database by {who} {when}")
            if self.deleted
            else _("changed in the database by {who} {when}")
        )
        return text.format(who=self.change.who or _("unknown"), when=self.shown_time()).strip()

    def by(self) -> str:
        """Who, and when: "changed by marjo (TOIMISTO-3) 5.12.2026 14.32.10"."""
        text = _("deleted by {who} {when}") if self.deleted else _("changed by {who} {when}")
        return text.format(who=self.change.who or _("unknown"), when=self.shown_time()).strip()

    def __str__(self) -> str:
        where = f"{self.sheet}, {_('row {row}').format(row=self.row)}"
        return f"{where}: {self.label}: {self.what()}"


@dataclass(frozen=True)
class Choices:
    """What an import does with the rows in conflict: each keeps the database's values
    (the default: nothing is overwritten unseen) unless its (sheet key, record ID) is in
    ``take``, or ``take_all``, which takes the workbook's for every one."""

    take: frozenset[tuple[str, str]] = frozenset()
    take_all: bool = False
    # The Organisation sheet's settings replace the database's where they differ (a
    # database without organisation settings takes them anyway)
    take_organisation: bool = False

    def takes(self, key: tuple[str, str]) -> bool:
        return self.take_all or key in self.take


@dataclass(frozen=True)
class OrganisationImport:
    """What the import does with the Organisation sheet's settings: each setting that
    differs, the database's value beside the workbook's; taken or kept."""

    sheet: str  # as named in the file
    differences: tuple[FieldDifference, ...]
    new: bool = False  # the database had no organisation settings: the workbook's are taken
    taken: bool = False  # the workbook's settings were stored

    @property
    def kept(self) -> bool:
        """The settings differ and the database's stay."""
        return bool(self.differences) and not self.taken


@dataclass
class ImportReport:
    errors: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    counts: dict[str, SheetCounts] = field(default_factory=dict)  # sheet name → counts
    # The rows whose records changed in the database after the workbook was written
    conflicts: list[Conflict] = field(default_factory=list)
    # When the workbook says it was written (its About sheet), UTC; None: it does not say
    exported_at: datetime | None = None
    # The Organisation sheet; None when the workbook has none, or one without settings
    organisation: OrganisationImport | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


class RecordStore(Protocol):
    """What import needs of the database; services.workbook_store implements it."""

    def prefetch(self, sheet: str, record_ids: list[str]) -> None:
        """The rows with these IDs come next: a store may read their records in one go."""
        ...

    def get(self, sheet: str, record_id: str) -> Any | None: ...

    def find(self, sheet: str, natural_key: dict[str, Any]) -> Any | None: ...

    def person_ids(self, sheet: str, full_name: str, on: Any = None) -> set[str]:
        """IDs of the people so named; when several, only those employed ``on`` that day."""
        ...

    def project_id(self, code: str) -> str | None:
        """The ID of the project with this code (any case), in the database or this workbook."""
        ...

    def category_id(self, name: str) -> str | None:
        """The ID of the category so named (any case, spacing folded), in the database or this
        workbook; retired categories too."""
        ...

    def take_id(self, sheet: str, record: Any, record_id: str) -> bool:
        """Whether the stored ``record``, found by a row's natural key under another ID, may
        take the row's ``record_id``; if so it takes it. A new database's default category
        that nothing uses yet does, so that a workbook recreates the same records."""
        ...

    def reference_id(
        self, kind: ReferenceKind, name: str, sector: Sector | None = None
    ) -> str | None:
        """The ID of the value of list ``kind`` named ``name`` in Finnish or English (any case,
        retired values too). A service area is looked for in ``sector`` first; one found only
        in the other sector is returned too, so that the sheet's checks say so."""
        ...

    def reference_names(self, kind: ReferenceKind, sector: Sector | None = None) -> list[str]:
        """The names a list offers (not the retired ones), in its order, for an error message."""
        ...

    def new_record(self, sheet: str, fields: dict[str, Any], record_id: str = "") -> Any:
        """A new record of the sheet with these field values, not yet added (the sheet's
        ``new_record`` makes it, or a faster way to the same record); its ID
        ``record_id`` when given (the caller sets it too, so a store may leave it)."""
        ...

    def add(self, sheet: str, record: Any) -> None: ...

    def update(
        self, sheet: str, record: Any, changes: dict[str, Any], *, overwrite: bool = False
    ) -> None:
        """Give the stored ``record`` (as ``get`` returned it) these new values; with
        ``overwrite`` the history records it as saved over another user's change."""
        ...

    def changed_after(
        self, sheet: str, record: Any, since: datetime, fields: set[str]
    ) -> LastChange | None:
        """Who changed the stored ``record`` (as ``get`` returned it) at ``since`` (UTC) or
        later, in a way the import's new values for ``fields`` (column keys) would undo;
        None when nobody did."""
        ...

    def deleted_after(self, sheet: str, record_id: str, since: datetime) -> LastChange | None:
        """Who deleted the record ``record_id`` of the sheet at ``since`` or later; None
        when the history holds no such deletion."""
        ...

    def name_of(self, column: ColumnType, value: Any, lang: str) -> str:
        """A reference column's stored value (an ID, IDs) as its cell names it."""
        ...

    def check_sheet(
        self,
        sheet: str,
        records: list[Any],
        columns: set[str],
        *,
        unchanged: frozenset[str] = frozenset(),
    ) -> list[RecordProblem]:
        """Rules across the records of a sheet, once all its rows are in.

        ``records`` are the sheet's rows that passed their own checks, as records, in row
        order; ``columns`` the column keys the sheet has; ``unchanged`` the IDs of those
        records the rows leave as stored (a rule of one record alone need not look at
        them again). A store may also finish applying the rows here (values shared by
        several rows)."""
        ...

    def organisation(self) -> Organisation | None:
        """The organisation's settings in the database; None when it has none."""
        ...

    def take_organisation(self, organisation: Organisation) -> None:
        """Store the workbook's (validated) organisation settings."""
        ...


@dataclass(frozen=True)
class RecordProblem:
    record_id: str
    column: str  # a column key of the sheet
    message: str


# A person not found, by the sheet the reference points to
_NOT_FOUND = {
    "staff": N_("no person called “{name}” in the staff"),
    "guardians": N_("no guardian called “{name}” in the guardian bank"),
}


@dataclass
class _Row:
    number: int
    record_id: str
    values: dict[str, Any]  # column key → parsed value, for the columns present
    bad: set[str] = field(default_factory=set)  # column keys whose cell did not parse


@dataclass
class _Sheet:
    spec: SheetSpec
    title: str  # as named in the file
    headers: dict[str, str]  # column key → header as written in the file
    # Changes in the database from this moment (UTC) on are after the workbook was written
    since: datetime | None = None
    choices: Choices = field(default_factory=Choices)

    def __post_init__(self) -> None:
        # Asked of every row: worked out once per sheet
        columns = self.spec.columns
        self.keys = [c.key for c in columns]
        self.defaults = {c.key: c.default for c in columns}
        self.required = [c for c in columns if c.required]
        self.references = [
            c
            for c in columns
            if isinstance(c.type, PersonRef | ProjectRef | CategoryRef | ReferenceChoice)
        ]
        # A reference list's names as resolved: (column key, cell, sector) → IDs; the lists
        # are not changed by an import
        self.resolved: dict[tuple[str, Any, Any], _Resolved] = {}


def import_workbook(
    path: Path | str,
    store: RecordStore,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    choices: Choices | None = None,
) -> ImportReport:
    """Read ``path`` and hand its records to ``store``. Commit only if the report is ok.

    Each sheet is read as a stream: its rows are parsed and applied a window at a time,
    so a large sheet is never held whole as cells and records at once.

    A row whose record changed in the database after the workbook was written (its About
    sheet says when) and which would change it is a conflict (``report.conflicts``): the
    database's values are kept unless ``choices`` takes the workbook's."""
    report = ImportReport()
    with Book.open(Path(path)) as book:
        report.exported_at = _export_time(book, report)
        since = None if report.exported_at is None else report.exported_at - CLOCK_MARGIN
        plan = _plan(book, report)
        meter = _Meter(sum(scan.rows for _spec, _title, scan in plan), progress, cancelled)
        for spec, title, scan in plan:
            try:
                _import_sheet(
                    book, spec, title, scan, store, report, meter, since, choices or Choices()
                )
            except (*_FORESEEN, UnexpectedError):
                raise
            except Exception as exc:
                raise UnexpectedError(_("the sheet {sheet}").format(sheet=title)) from exc
        organisation = _title_of(book, ORGANISATION_NAMES)
        if organisation is not None:
            try:
                _import_organisation(book, organisation, store, report, choices or Choices())
            except (*_FORESEEN, UnexpectedError):
                raise
            except Exception as exc:
                raise UnexpectedError(_("the sheet {sheet}").format(sheet=organisation)) from exc
        meter.finish()
    return report


# What an import may raise on purpose; anything else is unexpected, and named by its
# sheet and row (exports.tasks.UnexpectedError), its details kept from the screen.
_FORESEEN = (Cancelled, WorkbookError, ValidationError, OSError)


def _at_row(sheet: str, row: int) -> str:
    return _("the sheet {sheet}, row {row}").format(sheet=sheet, row=row)


_STAMPS = ("%d.%m.%Y %H.%M", "%d.%m.%Y %H.%M.%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")


def _export_time(book: Book, report: ImportReport) -> datetime | None:
    """When the workbook was written, as its About sheet states (Finnish time), in UTC;
    None for a workbook without one (made by hand). A stamp that cannot be read is a
    warning: the rows are then not compared with the database's later changes."""
    titles = {title.strip().casefold(): title for title in book.titles}
    title = next((titles[n.casefold()] for n in ABOUT_NAMES if n.casefold() in titles), None)
    if title is None or _scanned(book, title, report) is None:
        return None
    labels = {label.casefold() for label in EXPORTED_LABELS}
    for number, cells in book.rows(title):
        if not cells or not isinstance(cells[0], str) or cells[0].strip().casefold() not in labels:
            continue
        stamp = _parse_stamp(cells[1] if len(cells) > 1 else None)
        if stamp is None:
            report.warnings.append(
                ImportProblem(
                    title,
                    number,
                    cells[0].strip(),
                    _(
                        "the export time cannot be read, so rows are not compared with changes "
                        "made in the database after the export"
                    ),
                )
            )
        return stamp
    return None


def _parse_stamp(cell: Any) -> datetime | None:
    if isinstance(cell, datetime):
        local = cell
    elif isinstance(cell, str):
        for pattern in _STAMPS:
            try:
                local = datetime.strptime(cell.strip(), pattern)
                break
            except ValueError:
                continue
        else:
            return None
    else:
        return None
    return local.replace(tzinfo=FINNISH_TIME).astimezone(UTC)


class _Meter:
    """Progress over the rows of every sheet to import, and the place to notice a cancel."""

    def __init__(
        self, total: int, progress: Progress | None, cancelled: Callable[[], bool]
    ) -> None:
        self.total, self.done = total, 0
        self._progress, self._cancelled = progress, cancelled

    def step(self) -> None:
        self.done += 1
        if self._progress and self.done % 200 == 0:
            self._progress(min(self.done, self.total), self.total)
        if self._cancelled():
            raise Cancelled()

    def finish(self) -> None:
        if self._progress:
            self._progress(self.total, self.total)


def _scanned(book: Book, title: str, report: ImportReport) -> SheetScan | None:
    """The sheet scanned, or None when it cannot be read at all (reported): too many rows,
    too far to the right, too many cells or too much text. Nothing is read of it before."""
    scan = book.scan(title, MAX_ROWS + 1)  # + the header row
    if scan.problem:
        report.errors.append(ImportProblem(title, 0, "", scan.problem))
        return None
    if scan.too_many(MAX_ROWS + 1):
        report.errors.append(
            ImportProblem(
                title,
                0,
                "",
                _(
                    "the sheet has more than {limit} rows; at most {limit} rows of one sheet can be "
                    "imported at a time. Split the rows into several workbooks, for example by year."
                ).format(limit=format_number(MAX_ROWS)),
            )
        )
        return None
    return scan


def _plan(book: Book, report: ImportReport) -> list[tuple[SheetSpec, str, SheetScan]]:
    """The sheets to import, in dependency order, each scanned; sheets that cannot be
    imported at all (too many rows, too large) are reported and left out. A workbook with
    none of the sheets, or with a sheet in both languages, is refused."""
    titles = {title.strip().casefold(): title for title in book.titles}
    known = {n.casefold() for s in SHEETS for n in (s.fi, s.en)} | {
        n.casefold() for n in ABOUT_NAMES + SUMMARY_NAMES + CHANGES_NAMES + ORGANISATION_NAMES
    }
    for folded, name in titles.items():
        if folded not in known:
            report.warnings.append(ImportProblem(name, 0, "", _("unknown sheet, ignored")))
    found = [
        (spec, [titles[n.casefold()] for n in (spec.fi, spec.en) if n.casefold() in titles])
        for spec in IMPORT_ORDER
    ]
    organisation = [titles[n.casefold()] for n in ORGANISATION_NAMES if n.casefold() in titles]
    if not any(present for _spec, present in found) and not organisation:
        names = [(s.fi, s.en) for s in SHEETS] + [ORGANISATION_NAMES]
        raise WorkbookError(
            _(
                "{name} has none of the sheets Oske imports, so nothing was imported. The sheets "
                "are named: {sheets}."
            ).format(name=book.path.name, sheets=", ".join(f"{fi} ({en})" for fi, en in names))
        )
    plan = []
    about = [titles[n.casefold()] for n in ABOUT_NAMES if n.casefold() in titles]
    for spec, present in [*found, (None, about), (None, organisation)]:
        if len(present) > 1:
            first, second = present
            report.errors.append(
                ImportProblem(
                    first,
                    0,
                    "",
                    _(
                        "the workbook has both “{first}” and “{second}”, the same sheet in two "
                        "languages; keep one of them and delete the other"
                    ).format(first=first, second=second),
                )
            )
            continue
        if spec is None or not present:
            continue  # an absent sheet is not touched
        title = present[0]
        if title in book.hidden:
            report.warnings.append(
                ImportProblem(
                    title,
                    0,
                    "",
                    _("the sheet is hidden in the workbook; it is imported all the same"),
                )
            )
        scan = _scanned(book, title, report)
        if scan is not None:
            plan.append((spec, title, scan))
    return plan


def _title_of(book: Book, names: tuple[str, str]) -> str | None:
    """The sheet so named in Finnish or English (any case), as the file names it; None
    when there is none, or one in each language (``_plan`` refuses that)."""
    titles = {title.strip().casefold(): title for title in book.titles}
    present = [titles[n.casefold()] for n in names if n.casefold() in titles]
    return present[0] if len(present) == 1 else None


# More rows than settings and the blank rows between them: not an Organisation sheet
_SETTING_ROWS_MAX = 1000


def _import_organisation(
    book: Book, title: str, store: RecordStore, report: ImportReport, choices: Choices
) -> None:
    """Read the Organisation sheet (one row per setting) and, when it holds settings,
    take them into a database without any, or compare them with the database's: a
    setting that differs keeps the database's value unless ``choices`` takes the
    workbook's. A setting absent from the sheet stays as it is."""
    lang = "en" if title.strip().casefold() == ORGANISATION_NAMES[1].casefold() else "fi"
    errors_before = len(report.errors)

    def problem(row: int, column: str, message: str) -> None:
        report.errors.append(ImportProblem(title, row, column, message))

    if title in book.hidden:
        report.warnings.append(
            ImportProblem(
                title, 0, "", _("the sheet is hidden in the workbook; it is imported all the same")
            )
        )
    scan = book.scan(title, _SETTING_ROWS_MAX)
    if scan.problem:
        problem(0, "", scan.problem)
        return
    if scan.too_many(_SETTING_ROWS_MAX):
        problem(0, "", _("the sheet has more rows than there are settings"))
        return
    rows = book.rows(title)
    header = next(rows, (1, []))[1]
    names = [str(cell).strip() if not is_blank(cell) else "" for cell in header[:2]]
    names += [""] * (2 - len(names))
    for index, fi_en in enumerate(ORGANISATION_HEADERS):
        if names[index].casefold() not in {h.casefold() for h in fi_en}:
            problem(
                1,
                get_column_letter(index + 1),
                _("the column must be headed “{header}”").format(
                    header=fi_en[0] if lang == "fi" else fi_en[1]
                ),
            )
    if len(report.errors) > errors_before:
        return
    setting_header, value_header = names
    columns = _Columns({0: "setting", 1: "value"}, {"setting": names[0], "value": names[1]}, False)
    untrusted = {row for row, _index in _untrusted_cells(title, scan, columns, report)}

    by_label = {
        name.casefold(): setting
        for setting in ORGANISATION_SETTINGS
        for name in (setting.fi, setting.en)
    }
    values: dict[str, Any] = {}
    rows_of: dict[str, int] = {}
    for number, row in rows:
        cells = row[:2] + [None] * (2 - len(row[:2]))
        if is_blank(cells[0]) and is_blank(cells[1]):
            continue
        if number in untrusted:
            continue
        if is_blank(cells[0]):
            problem(number, setting_header, _("the row does not name its setting"))
            continue
        label = str(cells[0]).strip()
        setting = by_label.get(label.casefold())
        if setting is None:
            report.warnings.append(
                ImportProblem(
                    title,
                    number,
                    setting_header,
                    _("“{text}” is not a setting of the sheet, ignored").format(text=label),
                )
            )
            continue
        if setting.key in rows_of:
            problem(
                number,
                setting_header,
                _("the same setting is also on row {row}").format(row=rows_of[setting.key]),
            )
            continue
        rows_of[setting.key] = number
        try:
            value = setting.type.parse(cells[1])
        except CellError as exc:
            problem(number, value_header, str(exc))
            continue
        if value is not None or setting.key != "legal_form":  # an empty form: not given
            values[setting.key] = value
    if len(report.errors) > errors_before or not _holds_settings(values):
        return

    stored = store.organisation()
    before = stored or Organisation()
    workbook = replace(before, **values)
    workbook.tidy()
    try:
        workbook.validate()
    except ValidationError as exc:
        for err in exc.errors:
            number = rows_of.get(err.field, 0)
            named = next((s for s in ORGANISATION_SETTINGS if s.key == err.field), None)
            # A setting absent from the sheet (a name the database lacks too) by its name
            column = value_header if number else (named.label(lang) if named else "")
            problem(number, column, err.message)
        return
    differences = tuple(
        FieldDifference(
            setting.label(lang),
            _setting_text(setting, getattr(before, setting.key), lang),
            _setting_text(setting, getattr(workbook, setting.key), lang),
        )
        for setting in ORGANISATION_SETTINGS
        if getattr(before, setting.key) != getattr(workbook, setting.key)
    )
    new = stored is None
    taken = new or (bool(differences) and choices.take_organisation)
    if taken:
        store.take_organisation(workbook)
    report.organisation = OrganisationImport(title, differences, new=new, taken=taken)


def _holds_settings(values: dict[str, Any]) -> bool:
    """Whether the sheet's values set anything: a sheet exported from a database without
    organisation settings (every value empty but the legal form) sets nothing."""
    return any(v not in ("", None, []) for key, v in values.items() if key != "legal_form")


def _setting_text(setting: SettingSpec, value: Any, lang: str) -> str:
    """A setting's value as its cell shows it, on one line."""
    return "; ".join(_plain_text(setting.type.to_cell(value, lang)).splitlines())


@dataclass
class _Columns:
    """Where a sheet's columns are, as its header row names them."""

    positions: dict[int, ColumnSpec | str]  # cell index → column ("id": the ID column)
    headers: dict[str, str]  # column key → header as written in the file
    fatal: bool  # a required column is missing or one is given twice: nothing is applied
    # The values read from the cells of columns whose values repeat (``ColumnType.repeats``),
    # by (cell index, the cell's type, the cell): True and 1 are equal keys otherwise
    read: dict[tuple[int, type, Any], Any] = field(default_factory=dict)

    def name(self, index: int) -> str:
        """The column at ``index`` as the user sees it: its header, or its letter."""
        target = self.positions.get(index)
        if target is not None:
            return self.headers[target if isinstance(target, str) else target.key]  # str: "id"
        return get_column_letter(index + 1)


def _known_headers(cells: list[Any], spec: SheetSpec) -> set[str]:
    """The keys of the sheet's columns (and "id") that ``cells`` name as headers."""
    by_header = {h.casefold(): "id" for h in ID_HEADERS}
    for col in spec.columns:
        by_header[col.fi.casefold()] = by_header[col.en.casefold()] = col.key
    return {
        by_header[str(c).strip().casefold()]
        for c in cells
        if isinstance(c, str) and c.strip().casefold() in by_header
    }


def _read_header(
    title: str, header_row: list[Any], spec: SheetSpec, report: ImportReport
) -> _Columns:
    by_header: dict[str, ColumnSpec | str] = {h.casefold(): "id" for h in ID_HEADERS}
    for col in spec.columns:
        by_header[col.fi.casefold()] = col
        by_header[col.en.casefold()] = col
    positions: dict[int, ColumnSpec | str] = {}
    headers: dict[str, str] = {}
    fatal = False
    for index, raw in enumerate(header_row):
        if is_blank(raw):
            continue
        header = str(raw).strip()
        target = by_header.get(header.casefold())
        if target is None:
            report.warnings.append(ImportProblem(title, 1, header, _("unknown column, ignored")))
            continue
        key = target if isinstance(target, str) else target.key
        if key in headers:
            report.errors.append(ImportProblem(title, 1, header, _("the column appears twice")))
            fatal = True
            continue
        headers[key] = header
        positions[index] = target
    lang = "en" if title.strip().casefold() == spec.en.casefold() else "fi"
    for col in spec.columns:
        if col.required and col.key not in headers:
            report.errors.append(
                ImportProblem(title, 1, col.header(lang), _("a required column is missing"))
            )
            fatal = True
    return _Columns(positions, headers, fatal)


def _untrusted_cells(
    title: str, scan: SheetScan, columns: _Columns, report: ImportReport
) -> set[tuple[int, int]]:
    """Formulas, error values and merged cells, reported; their rows are not applied."""
    bad = set()
    for row, index in scan.formulas:
        if index in columns.positions:  # a formula in an ignored column harms nothing
            report.errors.append(
                ImportProblem(
                    title,
                    row,
                    columns.name(index),
                    _(
                        "the cell holds a formula; only values are imported. Copy the cells and paste "
                        "them back as values (Paste Special → Values)."
                    ),
                )
            )
            bad.add((row, index))
    for row, index in scan.errors:
        if index in columns.positions and (row, index) not in bad:  # not a formula's result
            report.errors.append(
                ImportProblem(
                    title,
                    row,
                    columns.name(index),
                    _(
                        "the cell holds an error value (such as #N/A or #REF!), not a value; "
                        "type the value it should hold, or leave it empty"
                    ),
                )
            )
            bad.add((row, index))
    for row, index, span in scan.merged:
        report.errors.append(
            ImportProblem(
                title,
                row,
                columns.name(index),
                _(
                    "the cells {cells} are merged; unmerge them so that each value is in a cell of its own"
                ).format(cells=span),
            )
        )
        bad.add((row, index))
    return bad


def _import_sheet(
    book: Book,
    spec: SheetSpec,
    title: str,
    scan: SheetScan,
    store: RecordStore,
    report: ImportReport,
    meter: _Meter,
    since: datetime | None,
    choices: Choices,
) -> None:
    rows: Iterator[tuple[int, list[Any]]] = book.rows(title)
    meter.step()
    header = next(rows, (1, []))[1]
    if not _known_headers(header, spec):
        # A title above the headers: the headers are found a few rows down
        ahead = list(islice(rows, TITLE_ROWS))
        for number, cells in ahead:
            if _known_headers(cells, spec) >= {c.key for c in spec.columns if c.required}:
                report.errors.append(
                    ImportProblem(
                        title,
                        1,
                        "",
                        _(
                            "the header row must be row 1; the headers seem to be on row {row}. "
                            "Delete the rows above them."
                        ).format(row=number),
                    )
                )
                return
        rows = chain(ahead, rows)
    columns = _read_header(title, header, spec, report)
    untrusted = _untrusted_cells(title, scan, columns, report)
    untrusted_rows = {number for number, _index in untrusted}
    sheet = _Sheet(spec, title, columns.headers, since, choices)
    counts = report.counts.setdefault(title, SheetCounts())
    state = _SheetState()
    window: list[_Row] = []
    # Even when a column is missing, the cells are read, so that every error is listed.
    for number, cells in rows:
        meter.step()
        if all(is_blank(c) for c in cells):
            continue  # empty rows are skipped, and end nothing
        row = _parse_row(title, number, cells, columns, untrusted, report)
        if number in untrusted_rows:
            row.bad.add("")  # a formula in the ID column, say: the row is not applied
        if columns.fatal:
            continue
        window.append(row)
        if len(window) == WINDOW:
            _apply_window(sheet, window, store, state, counts, report)
            window = []
    if columns.fatal:
        return
    _apply_window(sheet, window, store, state, counts, report)
    # Rows that failed their own checks are left out; the rest are still checked
    # together, so that every error is listed.
    checked = store.check_sheet(
        spec.key, state.applied, set(columns.headers), unchanged=frozenset(state.unchanged)
    )
    for found in checked:
        column = columns.headers.get(found.column) or spec.column(found.column).fi
        report.errors.append(
            ImportProblem(title, state.rows_of.get(found.record_id, 0), column, found.message)
        )


def _parse_row(
    title: str,
    number: int,
    cells: list[Any],
    columns: _Columns,
    untrusted: set[tuple[int, int]],
    report: ImportReport,
) -> _Row:
    row = _Row(number, "", {})
    width = len(cells)
    for index, target in columns.positions.items():
        cell = cells[index] if index < width else None
        if cell.__class__ is str and len(cell) > MAX_TEXT:
            # Never cut: a text no cell of Excel can hold would not survive an export
            key = target if isinstance(target, str) else target.key
            report.errors.append(
                ImportProblem(
                    title,
                    number,
                    columns.headers[key],
                    _(
                        "the text is {length} characters long; a cell can hold at most {limit}"
                    ).format(length=format_number(len(cell)), limit=format_number(MAX_TEXT)),
                )
            )
            row.bad.add("" if key == "id" else key)
            continue
        if isinstance(target, str):  # "id"
            row.record_id = "" if is_blank(cell) else str(cell).strip()
            continue
        if untrusted and (number, index) in untrusted:
            row.bad.add(target.key)
            continue
        try:
            row.values[target.key] = _read(columns, index, target.type, cell)
        except CellError as exc:
            report.errors.append(
                ImportProblem(title, number, columns.headers[target.key], str(exc))
            )
            row.bad.add(target.key)
    return row


def _read(columns: _Columns, index: int, kind: ColumnType, cell: Any) -> Any:
    """The value of the cell at ``index`` (None for a blank one), read once per sheet for
    a column whose values repeat; a cell that does not fit raises ``CellError`` each time."""
    if not kind.repeats:
        return None if is_blank(cell) else kind.parse(cell)
    key = (index, cell.__class__, cell)
    try:
        value = columns.read[key]
    except KeyError:
        value = columns.read[key] = None if is_blank(cell) else kind.parse(cell)
    return list(value) if value.__class__ is list else value  # each row its own list


@dataclass
class _SheetState:
    """What the rows of one sheet have shown so far, for the checks across rows."""

    seen_ids: dict[str, int] = field(default_factory=dict)
    seen_keys: dict[tuple, int] = field(default_factory=dict)
    rows_of: dict[str, int] = field(default_factory=dict)  # record ID → the row it came from
    applied: list[Any] = field(default_factory=list)
    unchanged: set[str] = field(default_factory=set)  # IDs of applied records left as stored


def _apply_window(
    sheet: _Sheet,
    window: list[_Row],
    store: RecordStore,
    state: _SheetState,
    counts: SheetCounts,
    report: ImportReport,
) -> None:
    store.prefetch(sheet.spec.key, [row.record_id for row in window if row.record_id])
    for row in window:
        try:
            record = _apply_row(
                sheet, row, store, state.seen_ids, state.seen_keys, counts, report, state.unchanged
            )
        except _FORESEEN:
            raise
        except Exception as exc:
            raise UnexpectedError(_at_row(sheet.title, row.number)) from exc
        if record is not None:
            state.rows_of[record.id] = row.number
            state.applied.append(record)


def _apply_row(
    sheet: _Sheet,
    row: _Row,
    store: RecordStore,
    seen_ids: dict[str, int],
    seen_keys: dict[tuple, int],
    counts: SheetCounts,
    report: ImportReport,
    unchanged: set[str],
) -> Any | None:
    """Apply one row; returns the row as a validated record (None when it has errors). The
    ID of a record the row leaves as stored is added to ``unchanged``."""
    spec, title = sheet.spec, sheet.title
    errors_before = len(report.errors)

    def problem(key: str, message: str) -> None:
        column = sheet.headers.get(key) or (
            spec.column(key).header("fi") if key != "id" else ID_HEADERS[0]
        )
        report.errors.append(ImportProblem(title, row.number, column, message))

    for col in sheet.required:
        if col.key not in row.bad and is_blank(row.values.get(col.key)):
            problem(
                col.key, _("{field} is required").format(field=sheet.headers.get(col.key, col.fi))
            )

    values = dict(row.values)
    for col in sheet.references:
        if isinstance(col.type, PersonRef) and values.get(col.key):
            name = values[col.key]
            # The referenced sheet was applied before this one (IMPORT_ORDER is in dependency
            # order), so the store already knows the people of this workbook too.
            on = values.get(col.type.on_date_of) if col.type.on_date_of else None
            ids = store.person_ids(col.type.sheet, name, on)
            if not ids:
                problem(
                    col.key,
                    _(_NOT_FOUND.get(col.type.sheet, _NOT_FOUND["staff"])).format(name=name),
                )
            elif len(ids) > 1:
                problem(col.key, _("several people are called “{name}”").format(name=name))
            else:
                values[col.key] = ids.pop()
        elif isinstance(col.type, ProjectRef) and values.get(col.key):
            project_id = store.project_id(values[col.key])
            if project_id is None:
                problem(col.key, _("no project has the code “{code}”").format(code=values[col.key]))
            else:
                values[col.key] = project_id
        elif isinstance(col.type, CategoryRef) and values.get(col.key):
            category_id = store.category_id(values[col.key])
            if category_id is None:
                problem(col.key, _("no category called “{name}”").format(name=values[col.key]))
            else:
                values[col.key] = category_id
        elif isinstance(col.type, ReferenceChoice) and values.get(col.key):
            sector = values.get(col.type.sector_of) if col.type.sector_of else None
            cell = values[col.key]
            # The same few names on every row: each looked up once per sheet
            asked = (col.key, tuple(cell) if isinstance(cell, list) else cell, sector)
            resolved = sheet.resolved.get(asked)
            if resolved is None:
                resolved = sheet.resolved[asked] = _reference_ids(col.type, cell, sector, store)
            for unknown in resolved.unknown:
                allowed = ", ".join(store.reference_names(col.type.kind, sector))
                problem(
                    col.key,
                    _("“{text}” is not one of: {allowed}").format(text=unknown, allowed=allowed),
                )
            values[col.key] = (
                list(resolved.ids)
                if col.type.multiple
                else (resolved.ids[0] if resolved.ids else None)
            )

    record_id = row.record_id
    if record_id:
        try:
            # An ID as Oske writes it is its own canonical form: read without a UUID made
            record_id = record_id if _CANONICAL_ID.match(record_id) else str(uuid.UUID(record_id))
        except ValueError:
            problem("id", _("“{text}” is not a valid ID").format(text=row.record_id))
            record_id = ""
        else:
            if record_id in seen_ids:
                problem("id", _("the same ID is also on row {row}").format(row=seen_ids[record_id]))
            seen_ids[record_id] = row.number

    if spec.natural_key:
        natural = tuple(_fold_key(values.get(k)) for k in spec.natural_key)
        if natural in seen_keys and (spec.unique_key or not row.record_id):
            problem(
                spec.natural_key[0],
                _("the same record is also on row {row}").format(row=seen_keys[natural]),
            )
        seen_keys.setdefault(natural, row.number)

    if len(report.errors) > errors_before or row.bad:
        return None

    existing = store.get(spec.key, record_id) if record_id else None
    took_id = False
    if existing is None and spec.natural_key and (not record_id or spec.unique_key):
        existing = store.find(spec.key, {k: values.get(k) for k in spec.natural_key})
        if existing is not None and record_id:
            if not store.take_id(spec.key, existing, record_id):
                problem(
                    spec.natural_key[0],
                    _("the same record is already in the database with another ID"),
                )
                return None
            took_id = True
    defaults = sheet.defaults
    if existing is not None:
        before = {key: getattr(existing, key) for key in sheet.keys}
        fields = dict(before)
        for key, value in values.items():
            default = defaults[key]
            fields[key] = default if value is None and default is not None else value
        # (equal as they are, in C, before the few several-values lists compared as sets)
        if not took_id and (
            fields == before or all(_same(before[k], v) for k, v in fields.items())
        ):
            # The row holds the stored values as they are: nothing to tidy or write, no
            # record to make. Its values are still checked (an older version may have
            # stored what the rules now refuse), the sheet's rules of one record are not.
            if not _valid(existing, spec, problem):
                return None
            counts.unchanged += 1
            unchanged.add(existing.id)
            return existing
    else:
        before = None
        fields = {
            key: (value if (value := values.get(key)) is not None else defaults[key])
            for key in sheet.keys
        }
    # The rules are checked on a candidate record, so a refused row leaves the stored
    # record untouched (a half-changed record would be written by the next query).
    known_id = existing.id if existing is not None else record_id
    candidate = store.new_record(spec.key, fields, known_id)
    candidate.id = known_id or candidate.id
    candidate.tidy()
    if not _valid(candidate, spec, problem):
        return None
    if existing is None:
        deleted = (
            store.deleted_after(spec.key, record_id, sheet.since)
            if record_id and sheet.since is not None
            else None
        )
        if deleted is not None:
            # Deleted in the database after the export: re-created only if so chosen
            conflict = _conflict(sheet, row, record_id, deleted, candidate, (), deleted=True)
            report.conflicts.append(conflict)
            if not conflict.taken:
                counts.kept += 1
                return None
        store.add(spec.key, candidate)
        counts.added += 1
        return candidate
    assert before is not None  # read from the existing record above
    after = {key: getattr(candidate, key) for key in sheet.keys}
    changes = {k: v for k, v in after.items() if not _same(before[k], v)}
    if not changes and not took_id:
        counts.unchanged += 1
        unchanged.add(candidate.id)
        return candidate
    overwrite = False
    # A record that has just taken the workbook's ID (a new database's default category)
    # is not the exported one: nothing of it was changed after the export.
    if changes and sheet.since is not None and not took_id:
        changed = store.changed_after(spec.key, existing, sheet.since, set(changes))
        if changed is not None:
            differences = tuple(
                FieldDifference(
                    sheet.headers.get(key) or spec.column(key).fi,
                    _shown(spec.column(key), before[key], store, sheet),
                    _shown(spec.column(key), value, store, sheet),
                )
                for key, value in changes.items()
            )
            conflict = _conflict(sheet, row, existing.id, changed, candidate, differences)
            report.conflicts.append(conflict)
            if not conflict.taken:
                counts.kept += 1
                return existing  # the database's values stay, and are checked as such
            overwrite = True
    if changes:
        store.update(spec.key, existing, changes, overwrite=overwrite)
    counts.updated += 1
    return candidate


def _valid(record: Any, spec: SheetSpec, problem: Callable[[str, str], None]) -> bool:
    """Whether ``record`` passes its own rules; each problem is reported by its column."""
    try:
        record.validate()
    except ValidationError as exc:
        keys = {c.key for c in spec.columns}
        for err in exc.errors:
            problem(err.field if err.field in keys else spec.columns[0].key, err.message)
        return False
    return True


def _conflict(
    sheet: _Sheet,
    row: _Row,
    record_id: str,
    change: LastChange,
    candidate: Any,
    fields: tuple[FieldDifference, ...],
    *,
    deleted: bool = False,
) -> Conflict:
    # The record named as the history names it, else by the row's first cells
    label = change.label or " ".join(
        text
        for c in sheet.spec.columns[:2]
        if (text := _plain_text(c.type.to_cell(getattr(candidate, c.key), "fi")))
    )
    key = (sheet.spec.key, record_id)
    return Conflict(
        sheet.title,
        sheet.spec.key,
        row.number,
        record_id,
        label,
        change,
        fields,
        deleted=deleted,
        taken=sheet.choices.takes(key),
    )


def _shown(column: ColumnSpec, value: Any, store: RecordStore, sheet: _Sheet) -> str:
    """A value as the sheet's cell would show it."""
    if value is None or value == "" or value == []:
        return ""
    lang = "en" if sheet.title.strip().casefold() == sheet.spec.en.casefold() else "fi"
    if isinstance(column.type, PersonRef | ProjectRef | CategoryRef | ReferenceChoice):
        return store.name_of(column.type, value, lang)
    if isinstance(value, Decimal):
        return _number(value)  # exact, not as the cell's float
    return _plain_text(column.type.to_cell(value, lang))


def _plain_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return f"{format_date(cell.date())} {cell:%H.%M}"
    if isinstance(cell, date):
        return format_date(cell)
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, Decimal | int | float):
        return _number(Decimal(str(cell)))
    return str(cell)


def _number(value: Decimal) -> str:
    exponent = value.as_tuple().exponent
    return format_number(value, -exponent if isinstance(exponent, int) and exponent < 0 else 0)


@dataclass
class _Resolved:
    ids: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def _reference_ids(
    column: ReferenceChoice, cell: str | list[str], sector: Any, store: RecordStore
) -> _Resolved:
    out = _Resolved()
    for name in cell if isinstance(cell, list) else [cell]:
        value_id = store.reference_id(
            column.kind, name, sector if isinstance(sector, Sector) else None
        )
        if value_id is None:
            out.unknown.append(name)
        else:
            out.ids.append(value_id)
    return out


_CANONICAL_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


def _same(before: Any, after: Any) -> bool:
    """Whether a value is unchanged; the values of a several-values column in any order."""
    if isinstance(before, list) and isinstance(after, list):
        return set(before) == set(after)
    return before == after


def _fold_key(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value
