"""The *Yhteenveto / Summary* sheet: live formulas over the data sheets, for auditors.

Income and expenses per category and year are ``SUMIFS`` over *Kirjaukset*; case events
per area and sector, and per year and sector, are ``COUNTIFS`` over *Asiatapahtumat*.
Every number is a formula that Excel or LibreOffice recalculates from the data sheets when
the file is opened, so an auditor can re-check each sum (and see it change when a row is
edited); each formula cell also carries the figure Oske computed as its cached value, so
that readers that do not recalculate (previews, python-calamine, pandas) show the same
figures (``CachedValues``). Import ignores the sheet.

The formulas find the data sheets' columns from their descriptions in ``exports.sheets``
and match the texts the export writes into them: a category by its name, a sector by its
choice text in the export language, an area as written.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
import zipfile
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from domain.caselog import Sector
from domain.finance import CategoryKind
from domain.records import finnish_key
from exports.columns import Money, excel_text, formula_like
from exports.sheets import SUMMARY_NAMES, SheetSpec, category_order, sheet_of

MONEY_FORMAT = Money.number_format
COUNT_FORMAT = "0"

Figure = Decimal | int  # what a formula cell of the sheet evaluates to

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOCUMENT_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"

# The sheet's own texts: workbook content in the export language, like the headers.
_LABELS: dict[str, tuple[str, str]] = {
    "category": ("Luokka", "Category"),
    "total": ("Yhteensä", "Total"),
    "income_total": ("Tuotot yhteensä", "Total income"),
    "expense_total": ("Kulut yhteensä", "Total expenses"),
    "result": ("Tulos", "Result"),
    "no_transactions": ("Ei kirjauksia.", "No transactions."),
    "by_area": ("Asiatapahtumat alueittain ja sektoreittain", "Case events by area and sector"),
    "by_year": ("Asiatapahtumat vuosittain ja sektoreittain", "Case events by year and sector"),
    "year": ("Vuosi", "Year"),
    "no_case_events": ("Ei asiatapahtumia.", "No case events."),
    "note": (
        "Luvut ovat kaavoja, jotka laskevat ne taulukoista {transactions} ja {case_events}.",
        "The figures are formulas that compute them from the sheets {transactions} and {case_events}.",
    ),
}


def _label(key: str, lang: str) -> str:
    fi, en = _LABELS[key]
    return fi if lang == "fi" else en


@dataclass(frozen=True)
class _Column:
    """A whole column of a data sheet, as a formula names it: ``'Kirjaukset'!$D:$D``."""

    sheet: str
    letter: str

    @classmethod
    def of(cls, spec: SheetSpec, key: str, lang: str) -> _Column:
        # Column A holds the ID; the data columns follow in the description's order.
        index = [c.key for c in spec.columns].index(key) + 2
        return cls(spec.name(lang), get_column_letter(index))

    def __str__(self) -> str:
        sheet = self.sheet.replace("'", "''")
        return f"'{sheet}'!${self.letter}:${self.letter}"


def _criterion(ref: str, text: str) -> str | None:
    """A SUMIFS/COUNTIFS criterion that matches the text in cell ``ref`` exactly, in Excel,
    LibreOffice and Gnumeric alike; None when there is none.

    A criterion is a pattern: ``*`` and ``?`` are wildcards, ``~`` escapes them, and a
    leading ``=``, ``<`` or ``>`` is a comparison. A text with none of these is its own
    criterion. One with wildcard characters gets each ``~``, ``*`` and ``?`` escaped with
    ``~``, and no ``=`` before it: after ``=`` Gnumeric compares literally (``=~*`` is the
    text ``~*`` there) while Excel and LibreOffice still match patterns. One that begins
    with a comparison sign gets ``=`` before it, which all three read as "equal to the
    text". A text with both has no criterion that the three read alike (``_sum``
    and ``_count`` compare it with ``=`` in a SUMPRODUCT instead)."""
    wild = any(ch in text for ch in "*?~")
    comparison = text.startswith(("=", "<", ">"))
    if not wild and not comparison:
        return ref
    if not wild:
        return f'"="&{ref}'
    if comparison:
        return None
    escaped = ref
    for ch in "~*?":
        escaped = f'SUBSTITUTE({escaped},"{ch}","~{ch}")'
    return escaped


def _sum(amount: _Column, category: _Column, row: int, name: str, year: Any = None) -> str:
    """The formula of the sum of ``amount`` of the rows whose ``category`` is the text in
    cell ``$A<row>`` (``name``), with ``year`` (a year, as ``(date column, cell)``) those
    of its dates only."""
    match = _criterion(f"$A{row}", name)
    if match is not None:
        dated = f",{_in_year(*year)}" if year else ""
        return f"=SUMIFS({amount},{category},{match}{dated})"
    terms = [f"--({category}=$A{row})"]
    if year:
        day, ref = year
        terms += [f"--({day}>=DATE({ref},1,1))", f"--({day}<DATE({ref}+1,1,1))"]
    return f"=SUMPRODUCT({','.join(terms)},{amount})"


def _count(area: _Column, row: int, text: str, sector: _Column, sector_ref: str) -> str:
    """The formula of the count of the rows whose ``area`` is the text in cell ``$A<row>``
    (``text``) and whose ``sector`` is the text in cell ``sector_ref``."""
    match = _criterion(f"$A{row}", text)
    if match is not None:
        return f"=COUNTIFS({area},{match},{sector},{sector_ref})"
    return f"=SUMPRODUCT(--({area}=$A{row}),--({sector}={sector_ref}))"


def _in_year(date_column: _Column, year_ref: str) -> str:
    """The two criteria pairs that keep the dates of the year in cell ``year_ref``."""
    return f'{date_column},">="&DATE({year_ref},1,1),{date_column},"<"&DATE({year_ref}+1,1,1)'


class _Sheet:
    """The rows laid out so far, and the widest text of each column for its width.

    A write-only sheet writes its widths and frozen panes when its first row goes out,
    so the rows are kept until ``flush``."""

    def __init__(self, wb: Workbook, lang: str, bold: Font) -> None:
        self.ws = wb.create_sheet(SUMMARY_NAMES[0] if lang == "fi" else SUMMARY_NAMES[1])
        self.bold = bold
        self.lines: list[list[WriteOnlyCell]] = []
        self.widths: dict[int, int] = {}
        self.figures: dict[str, Figure] = {}  # "B2" → the value of its formula

    @property
    def rows(self) -> int:
        return len(self.lines)

    def append(
        self,
        values: Sequence[Any],
        *,
        bold: bool = False,
        number_format: str | None = None,
        measure: bool = True,
        figures: Sequence[Figure | None] = (),
    ) -> int:
        """Write a row; returns its number. Text of a row not ``measure``d may run over.
        ``figures`` are the values of the row's formulas, aligned with ``values``."""
        row = self.rows + 1
        for index, figure in enumerate(figures, start=1):
            if figure is not None:
                self.figures[f"{get_column_letter(index)}{row}"] = figure
        cells = []
        for index, value in enumerate(map(excel_text, values), start=1):
            cell = WriteOnlyCell(self.ws, value=value)
            is_formula = isinstance(value, str) and value.startswith("=") and index > 1
            if formula_like(value) and not is_formula:
                cell.data_type = "s"  # a name that looks like a formula stays text
            if bold:
                cell.font = self.bold
            if (
                number_format
                and (is_formula or isinstance(value, (int, float, Decimal)))
                and index > 1
            ):
                cell.number_format = number_format
            if measure and isinstance(value, str) and not is_formula:
                self.widths[index] = max(self.widths.get(index, 0), len(value))
            cells.append(cell)
        self.lines.append(cells)
        return self.rows

    def blank(self) -> None:
        self.append([])

    def widen(self, column: int, chars: int) -> None:
        self.widths[column] = max(self.widths.get(column, 0), chars)

    def flush(self, filter_ref: str) -> None:
        """Write the sheet: frozen header row, autofilter, widths, then the rows."""
        ws = self.ws
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = filter_ref
        for column, chars in sorted(self.widths.items()):
            ws.column_dimensions[get_column_letter(column)].width = min(max(chars + 2, 12), 60)
        for cells in self.lines:
            ws.append(cells)


@dataclass(frozen=True)
class CachedValues:
    """The figures of the Summary's formula cells, to be stored as their cached values.

    openpyxl writes a formula cell as ``<c r="B2"><f>SUMIFS(…)</f><v/></c>`` and has no way
    to give it a value. Rather than patching openpyxl's cell writer (private, and free to
    change in any release), the saved package is post-processed: the sheet is found by its
    name through ``xl/workbook.xml`` and its relationship, its cells by their ``r``
    attribute, and each formula cell Oske computed gets its ``<v>``. That depends only on
    the file format (ECMA-376), so it holds whatever openpyxl's XML looks like. The price
    is one more pass over the package (every other part copied unchanged). The formulas
    stay: the workbook asks for a full recalculation on opening (openpyxl writes
    ``fullCalcOnLoad``), so a spreadsheet program shows its own results."""

    sheet: str
    figures: Mapping[str, Figure] = field(default_factory=dict)

    def write_into(self, package: Path) -> None:
        """Fill the cached values into the saved workbook ``package`` (replaced whole)."""
        fd, filled = tempfile.mkstemp(prefix=".oske-", suffix=".xlsx", dir=package.parent)
        os.close(fd)
        try:
            with (
                zipfile.ZipFile(package) as source,
                zipfile.ZipFile(filled, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as target,
            ):
                part = _sheet_part(source, self.sheet)
                for info in source.infolist():
                    copy = zipfile.ZipInfo(info.filename, info.date_time)
                    copy.compress_type = zipfile.ZIP_DEFLATED
                    copy.external_attr = info.external_attr
                    if info.filename == part:
                        target.writestr(copy, self._filled(source.read(info)))
                        continue
                    copy.file_size = info.file_size  # a part over 2 GB gets ZIP64 headers
                    with source.open(info) as read, target.open(copy, "w") as write:
                        shutil.copyfileobj(read, write, 1 << 20)
            os.replace(filled, package)
        except BaseException:
            Path(filled).unlink(missing_ok=True)
            raise

    def _filled(self, xml: bytes) -> bytes:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
        for cell in root.iter(f"{{{_MAIN}}}c"):
            figure = self.figures.get(cell.get("r", ""))
            if figure is None or cell.find(f"{{{_MAIN}}}f") is None:
                continue
            value = cell.find(f"{{{_MAIN}}}v")
            if value is None:
                value = etree.SubElement(cell, f"{{{_MAIN}}}v")
            value.text = _number(figure)
            cell.attrib.pop("t", None)  # a number: the default type
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _number(figure: Figure) -> str:
    """A figure as the XML of a number cell writes it: ``-15.1``, ``1234567.89``, ``3``."""
    if isinstance(figure, Decimal):
        text = format(figure.normalize(), "f")
        return "0" if text in ("-0", "0") else text
    return str(figure)


def _sheet_part(package: zipfile.ZipFile, name: str) -> str:
    """The package part (``xl/worksheets/sheet16.xml``) of the sheet named ``name``."""
    workbook = etree.fromstring(package.read("xl/workbook.xml"))
    sheet = next(s for s in workbook.iter(f"{{{_MAIN}}}sheet") if s.get("name") == name)
    rid = sheet.get(f"{{{_DOCUMENT_RELS}}}id")
    rels = etree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    target = next(
        r.get("Target", "")
        for r in rels.iter(f"{{{_PACKAGE_RELS}}}Relationship")
        if r.get("Id") == rid
    )
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join("xl", target))


def write_summary(
    wb: Workbook, lang: str, records: Mapping[str, Sequence[Any]], bold: Font
) -> CachedValues:
    """Add the Summary sheet to ``wb`` (a write-only workbook), after the data sheets;
    returns the figures of its formulas, for ``CachedValues.write_into`` the saved file."""
    sheet = _Sheet(wb, lang, bold)
    last_column = _write_finances(sheet, lang, records)
    filtered_to = sheet.rows
    _write_case_events(sheet, lang, records)
    transactions, case_events = sheet_of("transactions"), sheet_of("case_events")
    sheet.blank()
    sheet.append(
        [
            _label("note", lang).format(
                transactions=transactions.name(lang), case_events=case_events.name(lang)
            )
        ],
        measure=False,
    )
    sheet.flush(f"A1:{get_column_letter(last_column)}{filtered_to}")
    return CachedValues(sheet.ws.title, dict(sheet.figures))


def _money_width(amounts: Sequence[Decimal]) -> int:
    """The characters of the widest sum the money columns can show, as ``-1 234,56 €``."""
    largest = sum((abs(a) for a in amounts), Decimal(0))
    return len(f"-{largest:,.2f} €")


def _write_finances(sheet: _Sheet, lang: str, records: Mapping[str, Sequence[Any]]) -> int:
    """Income and expenses per category (rows) and year (columns); returns the last column."""
    spec = sheet_of("transactions")
    amount = _Column.of(spec, "amount", lang)
    category = _Column.of(spec, "category_id", lang)
    day = _Column.of(spec, "day", lang)
    transactions = records.get("transactions", ())
    categories = sorted(records.get("categories", ()), key=category_order)
    years = sorted({t.day.year for t in transactions})
    year_columns = [get_column_letter(i) for i in range(2, 2 + len(years))]
    total_column = get_column_letter(2 + len(years))
    columns = [*year_columns, total_column]
    # The figures as the formulas compute them: SUMIFS matches a category's name in any case
    names = {c.id: c.name.casefold() for c in categories}
    booked: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for t in transactions:
        if t.category_id in names:
            booked[names[t.category_id], t.day.year] += t.amount
    width = _money_width([t.amount for t in transactions])
    for i in range(2, 3 + len(years)):
        sheet.widen(i, width)

    header = sheet.append([_label("category", lang), *years, _label("total", lang)], bold=True)
    totals: dict[CategoryKind, int] = {}
    sums: dict[CategoryKind, list[Decimal]] = {}
    for kind, label in (
        (CategoryKind.INCOME, "income_total"),
        (CategoryKind.EXPENSE, "expense_total"),
    ):
        first = sheet.rows + 1
        column_sums = [Decimal("0.00")] * len(columns)
        for c in (c for c in categories if c.kind == kind):
            row = sheet.rows + 1
            cells = [
                _sum(amount, category, row, c.name, (day, f"{col}${header}"))
                for col in year_columns
            ]
            cells.append(_sum(amount, category, row, c.name))
            of_years = [booked.get((c.name.casefold(), year), Decimal("0.00")) for year in years]
            figures = [*of_years, sum(of_years, Decimal("0.00"))]
            column_sums = [a + b for a, b in zip(column_sums, figures, strict=True)]
            sheet.append([c.name, *cells], number_format=MONEY_FORMAT, figures=[None, *figures])
        last = sheet.rows
        sum_cells = [f"=SUM({col}{first}:{col}{last})" if last >= first else 0 for col in columns]
        sums[kind] = column_sums
        totals[kind] = sheet.append(
            [_label(label, lang), *sum_cells],
            bold=True,
            number_format=MONEY_FORMAT,
            figures=[None, *column_sums],
        )
    income, expenses = totals[CategoryKind.INCOME], totals[CategoryKind.EXPENSE]
    results = [
        a - b for a, b in zip(sums[CategoryKind.INCOME], sums[CategoryKind.EXPENSE], strict=True)
    ]
    sheet.append(
        [_label("result", lang), *(f"={col}{income}-{col}{expenses}" for col in columns)],
        bold=True,
        number_format=MONEY_FORMAT,
        figures=[None, *results],
    )
    if not transactions:
        sheet.append([_label("no_transactions", lang)], measure=False)
    return 1 + len(columns)


def _write_case_events(sheet: _Sheet, lang: str, records: Mapping[str, Sequence[Any]]) -> None:
    """Case events per area and per year (rows) and sector (columns), with totals."""
    spec = sheet_of("case_events")
    area = _Column.of(spec, "area", lang)
    sector = _Column.of(spec, "sector", lang)
    day = _Column.of(spec, "day", lang)
    sector_type = spec.column("sector").type
    sectors = [sector_type.to_cell(s, lang) for s in (Sector.SOCIAL, Sector.HEALTH)]
    events = records.get("case_events", ())
    # COUNTIFS matches text in any case: areas that differ only in case are one row.
    spellings: dict[str, str] = {}
    for text in sorted({e.area for e in events if e.area}, key=lambda a: (a.casefold(), a)):
        spellings.setdefault(text.casefold(), text)
    areas = [spellings[k] for k in sorted(spellings, key=lambda k: (finnish_key(k), k))]
    years = sorted({e.day.year for e in events})
    # The counts as COUNTIFS finds them: an area in any case
    per_area = Counter((e.area.casefold(), e.sector) for e in events if e.area)
    per_year = Counter((e.day.year, e.sector) for e in events)
    width = len(str(len(events)))
    for i in range(2, 5):
        sheet.widen(i, width)

    def block(
        title: str, first_header: str, keys: Sequence[Any], formula: Any, counted: Any
    ) -> None:
        sheet.blank()
        sheet.append([_label(title, lang)], bold=True, measure=False)
        header = sheet.append([first_header, *sectors, _label("total", lang)], bold=True)
        first = sheet.rows + 1
        column_sums = [0, 0, 0]
        for key in keys:
            row = sheet.rows + 1
            social, health = counted(key, Sector.SOCIAL), counted(key, Sector.HEALTH)
            figures = [social, health, social + health]
            column_sums = [a + b for a, b in zip(column_sums, figures, strict=True)]
            sheet.append(
                [
                    key,
                    *(formula(row, key, f"{col}${header}") for col in ("B", "C")),
                    # The sum of the sectors: a COUNTIFS of the area alone would also count
                    # the header row of an area named like the header ("Alue").
                    f"=SUM(B{row}:C{row})",
                ],
                number_format=COUNT_FORMAT,
                figures=[None, *figures],
            )
        last = sheet.rows
        sums = [
            f"=SUM({col}{first}:{col}{last})" if last >= first else 0 for col in ("B", "C", "D")
        ]
        sheet.append(
            [_label("total", lang), *sums],
            bold=True,
            number_format=COUNT_FORMAT,
            figures=[None, *column_sums],
        )

    block(
        "by_area",
        spec.column("area").header(lang),
        areas,
        lambda row, text, sector_ref: _count(area, row, text, sector, sector_ref),
        lambda text, kind: per_area[text.casefold(), kind],
    )
    block(
        "by_year",
        _label("year", lang),
        years,
        lambda row, _year, sector_ref: (
            f"=COUNTIFS({_in_year(day, f'$A{row}')},{sector},{sector_ref})"
        ),
        lambda year, kind: per_year[year, kind],
    )
    if not events:
        sheet.append([_label("no_case_events", lang)], measure=False)
