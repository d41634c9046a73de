"""The *Yhteenveto / Summary* sheet: live formulas over the data sheets, for auditors.

Income and expenses per category and year are ``SUMIFS`` over *Kirjaukset*; case events
per area and sector, and per year and sector, are ``COUNTIFS`` over *Asiatapahtumat*.
Nothing here is a computed figure: every number is a formula that Excel or LibreOffice
recalculates from the data sheets when the file is opened, so an auditor can re-check
each sum (and see it change when a row is edited). Import ignores the sheet.

The formulas find the data sheets' columns from their descriptions in ``exports.sheets``
and match the texts the export writes into them: a category by its name, a sector by its
choice text in the export language, an area as written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

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


def _criterion(ref: str, text: str) -> str:
    """A SUMIFS/COUNTIFS criterion that matches the text in cell ``ref`` exactly.

    A criterion is a pattern: ``*`` and ``?`` are wildcards, ``~`` escapes them, and a
    leading ``=``, ``<`` or ``>`` is a comparison. A text with none of these is its own
    criterion; any other is escaped and compared with ``=``."""
    if not any(ch in text for ch in "*?~") and not text.startswith(("=", "<", ">")):
        return ref
    escaped = ref
    for ch in "~*?":
        escaped = f'SUBSTITUTE({escaped},"{ch}","~{ch}")'
    return f'"="&{escaped}'


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
    ) -> int:
        """Write a row; returns its number. Text of a row not ``measure``d may run over."""
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


def write_summary(
    wb: Workbook, lang: str, records: Mapping[str, Sequence[Any]], bold: Font
) -> None:
    """Add the Summary sheet to ``wb`` (a write-only workbook), after the data sheets."""
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
    width = _money_width([t.amount for t in transactions])
    for i in range(2, 3 + len(years)):
        sheet.widen(i, width)

    header = sheet.append([_label("category", lang), *years, _label("total", lang)], bold=True)
    totals: dict[CategoryKind, int] = {}
    for kind, label in (
        (CategoryKind.INCOME, "income_total"),
        (CategoryKind.EXPENSE, "expense_total"),
    ):
        first = sheet.rows + 1
        for c in (c for c in categories if c.kind == kind):
            row = sheet.rows + 1
            match = _criterion(f"$A{row}", c.name)
            cells = [
                f"=SUMIFS({amount},{category},{match},{_in_year(day, f'{col}${header}')})"
                for col in year_columns
            ]
            cells.append(f"=SUMIFS({amount},{category},{match})")
            sheet.append([c.name, *cells], number_format=MONEY_FORMAT)
        last = sheet.rows
        sums = [f"=SUM({col}{first}:{col}{last})" if last >= first else 0 for col in columns]
        totals[kind] = sheet.append(
            [_label(label, lang), *sums], bold=True, number_format=MONEY_FORMAT
        )
    income, expenses = totals[CategoryKind.INCOME], totals[CategoryKind.EXPENSE]
    sheet.append(
        [_label("result", lang), *(f"={col}{income}-{col}{expenses}" for col in columns)],
        bold=True,
        number_format=MONEY_FORMAT,
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
    width = len(str(len(events)))
    for i in range(2, 5):
        sheet.widen(i, width)

    def block(title: str, first_header: str, keys: Sequence[Any], condition: Any) -> None:
        sheet.blank()
        sheet.append([_label(title, lang)], bold=True, measure=False)
        header = sheet.append([first_header, *sectors, _label("total", lang)], bold=True)
        first = sheet.rows + 1
        for key in keys:
            row = sheet.rows + 1
            where = condition(row, key)
            sheet.append(
                [
                    key,
                    *(f"=COUNTIFS({where},{sector},{col}${header})" for col in ("B", "C")),
                    # The sum of the sectors: a COUNTIFS of the area alone would also count
                    # the header row of an area named like the header ("Alue").
                    f"=SUM(B{row}:C{row})",
                ],
                number_format=COUNT_FORMAT,
            )
        last = sheet.rows
        sums = [
            f"=SUM({col}{first}:{col}{last})" if last >= first else 0 for col in ("B", "C", "D")
        ]
        sheet.append([_label("total", lang), *sums], bold=True, number_format=COUNT_FORMAT)

    block(
        "by_area",
        spec.column("area").header(lang),
        areas,
        lambda row, text: f"{area},{_criterion(f'$A{row}', text)}",
    )
    block("by_year", _label("year", lang), years, lambda row, _year: _in_year(day, f"$A{row}"))
    if not events:
        sheet.append([_label("no_case_events", lang)], measure=False)
