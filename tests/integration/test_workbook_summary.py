"""The auditors' *Yhteenveto / Summary* sheet, recalculated as a spreadsheet program would.

The sheet holds live formulas (SUMIFS over *Kirjaukset*, COUNTIFS over *Asiatapahtumat*), so
its figures exist only when something evaluates them. pycel evaluates the exported file here,
and the figures are compared with sums and counts of the records in the database, exact to
the cent. Records are entered through the services into SQLite files; the files are real
exports. The contract is docs/workbook.md.

pycel departs from Excel and LibreOffice in two places that the Summary relies on, and the
``spreadsheet_rules`` fixture puts them right for this module only:

- pycel takes every text that begins with ``=`` for a formula, whatever the cell's type;
  Excel and LibreOffice go by the type, so a text cell ``=Alv`` is the text ``=Alv``.
- pycel's wildcard matching ignores ``~`` (``~*`` is a literal ``*``, ``~?`` a literal ``?``,
  ``~~`` a literal ``~``) and lets other regular-expression characters through.
- pycel cannot evaluate a whole-column reference (``'Kirjaukset'!$D:$D``) to a sheet that
  has only its header row (it recurses without end), so such a column reaches one empty
  row further down, which changes no sum or count.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pycel.excelutil
import pycel.excelwrapper
import pytest
from openpyxl.utils import get_column_letter
from pycel import ExcelCompiler
from python_calamine import CalamineWorkbook

from domain.caselog import CaseEvent, Sector
from domain.finance import Category, CategoryKind, Transaction
from services.caselog import save_case_event
from services.finance import add_category, save_transaction
from services.workbook import export_database, import_file
from tests.databases import new_database

SOFFICE = shutil.which("soffice")
SSCONVERT = shutil.which("ssconvert")

# The Summary's texts, as an auditor reads them in each export language
TEXTS = {
    "fi": {
        "sheet": "Yhteenveto",
        "other_sheet": "Summary",
        "about": "Tiedot",
        "transactions": "Kirjaukset",
        "case_events": "Asiatapahtumat",
        "category": "Luokka",
        "total": "Yhteensä",
        "income_total": "Tuotot yhteensä",
        "expense_total": "Kulut yhteensä",
        "result": "Tulos",
        "by_area": "Asiatapahtumat alueittain ja sektoreittain",
        "by_year": "Asiatapahtumat vuosittain ja sektoreittain",
        "area": "Alue",
        "year": "Vuosi",
        "social": "sosiaalihuolto",
        "health": "terveydenhuolto",
        "no_transactions": "Ei kirjauksia.",
        "no_case_events": "Ei asiatapahtumia.",
    },
    "en": {
        "sheet": "Summary",
        "other_sheet": "Yhteenveto",
        "about": "About",
        "transactions": "Transactions",
        "case_events": "Ombudsman cases",
        "category": "Category",
        "total": "Total",
        "income_total": "Total income",
        "expense_total": "Total expenses",
        "result": "Result",
        "by_area": "Case events by area and sector",
        "by_year": "Case events by year and sector",
        "area": "Area",
        "year": "Year",
        "social": "social welfare",
        "health": "health care",
        "no_transactions": "No transactions.",
        "no_case_events": "No case events.",
    },
}
DATA_SHEETS = {
    "fi": {
        "Henkilöstö",
        "Harjoittelijat",
        "Hallitus",
        "Kokoukset",
        "Hankkeet",
        "Hankekumppanit",
        "Hankerahoitus",
        "Hanketehtävät",
        "Asiatapahtumat",
        "Edunvalvojat",
        "Edunvalvontapyynnöt",
        "Luokat",
        "Talousarvio",
        "Kirjaukset",
    },
    "en": {
        "Staff",
        "Trainees",
        "Board",
        "Meetings",
        "Projects",
        "Project partners",
        "Project funding",
        "Project roles",
        "Ombudsman cases",
        "Guardians",
        "Guardian requests",
        "Categories",
        "Budget",
        "Transactions",
    },
}

STATE_GRANT, SALES, STAFF_COSTS, TRAVEL = (
    "Valtionavustus perustoimintaan",
    "Asiantuntijapalvelujen myynti",
    "Henkilöstökulut",
    "Matkakulut",
)
# Names that a SUMIFS criterion would read as a comparison or a pattern; each has a
# neighbour that the misread criterion would also sum ("=Alv" as a criterion means "Alv",
# "<Alv" means "everything before Alv", "Muut * kulut" also means "Muut sekalaiset kulut",
# "Matkakulu?" also means "Matkakulut").
VAT, EQ_VAT, LT_VAT, WILD_COSTS, OTHER_COSTS, WILD_TRAVEL = (
    "Alv",
    "=Alv",
    "<Alv",
    "Muut * kulut",
    "Muut sekalaiset kulut",
    "Matkakulu?",
)
OUR_CATEGORIES = [
    (VAT, CategoryKind.INCOME),
    (EQ_VAT, CategoryKind.INCOME),
    (LT_VAT, CategoryKind.EXPENSE),
    (WILD_COSTS, CategoryKind.EXPENSE),
    (OTHER_COSTS, CategoryKind.EXPENSE),
    (WILD_TRAVEL, CategoryKind.EXPENSE),
]
# (key, day, category, amount): two years, rows on both sides of the new year
TRANSACTIONS = [
    ("grant-2023", date(2023, 1, 15), STATE_GRANT, "250000.00"),
    ("sale-2023", date(2023, 3, 5), SALES, "9250.23"),
    ("sale-new-years-eve", date(2023, 12, 31), SALES, "0.07"),
    ("sale-new-years-day", date(2024, 1, 1), SALES, "0.01"),
    ("staff-2023", date(2023, 6, 1), STAFF_COSTS, "100000.00"),
    ("staff-refund-2023", date(2023, 6, 30), STAFF_COSTS, "-15.10"),
    ("travel-2023", date(2023, 1, 1), TRAVEL, "0.01"),
    ("travel-2024", date(2024, 5, 2), TRAVEL, "123.45"),
    ("vat-2023", date(2023, 2, 1), VAT, "10.00"),
    ("eq-vat-2023", date(2023, 2, 1), EQ_VAT, "1.11"),
    ("eq-vat-2024", date(2024, 2, 1), EQ_VAT, "2.22"),
    ("lt-vat-2024", date(2024, 3, 1), LT_VAT, "3.33"),
    ("wild-costs-2023", date(2023, 4, 1), WILD_COSTS, "4.44"),
    ("other-costs-2023", date(2023, 4, 1), OTHER_COSTS, "50.00"),
    ("wild-travel-2024", date(2024, 4, 1), WILD_TRAVEL, "6.66"),
    ("grant-2024", date(2024, 1, 15), STATE_GRANT, "260000.00"),
    ("staff-2024", date(2024, 12, 31), STAFF_COSTS, "1234567.89"),
]
# (day, area, sector): an area written in another case is the same area to COUNTIFS, and
# "Eks*" would, as a pattern, also count Eksote
CASE_EVENTS = [
    (date(2023, 3, 14), "Eksote", Sector.SOCIAL),
    (date(2023, 5, 2), "Eksote", Sector.SOCIAL),
    (date(2023, 12, 31), "eksote", Sector.HEALTH),
    (date(2024, 1, 1), "Kymsote", Sector.HEALTH),
    (date(2024, 2, 2), "Eks*", Sector.HEALTH),
    (date(2022, 11, 30), "Kymsote", Sector.SOCIAL),
]
CENT = Decimal("0.01")


# ----------------------------------------------------------------------------- pycel as Excel


def _excel_wildcard(pattern: str):
    """A criterion's pattern as Excel reads it: ``*`` any text, ``?`` one character, ``~``
    makes the next ``*``, ``?`` or ``~`` literal; matched whole and in any case."""
    if not any(ch in pattern for ch in "*?~"):
        return None
    parts, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "~" and i + 1 < len(pattern) and pattern[i + 1] in "*?~":
            parts.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        parts.append(".*" if ch == "*" else "." if ch == "?" else re.escape(ch))
        i += 1
    compiled = re.compile("".join(parts), re.IGNORECASE | re.DOTALL)
    return lambda value: isinstance(value, str) and compiled.fullmatch(value) is not None


@pytest.fixture(scope="module", autouse=True)
def spreadsheet_rules():
    """pycel, put right where it departs from Excel (see the module's docstring)."""
    cell_to_formula = pycel.excelwrapper._OpxRange.cell_to_formula

    def typed_cell_to_formula(cls, cell):
        if getattr(cell, "data_type", None) != "f":
            return ""  # a text cell is text, whatever it begins with
        return cell_to_formula(cell)

    max_col_row = pycel.excelwrapper.ExcelOpxWrapper.max_col_row

    def at_least_two_rows(self, sheet):
        columns, rows = max_col_row(self, sheet)
        return columns, max(rows, 2)  # the rows below the header are empty: nothing to sum

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(
            pycel.excelwrapper._OpxRange, "cell_to_formula", classmethod(typed_cell_to_formula)
        )
        mp.setattr(pycel.excelwrapper.ExcelOpxWrapper, "max_col_row", at_least_two_rows)
        mp.setattr(pycel.excelutil, "build_wildcard_re", _excel_wildcard)
        yield


# ----------------------------------------------------------------------------- the sheet


@dataclass
class Summary:
    """Where the Summary's figures are, found from its labels, and every formula evaluated."""

    sheet: str
    rows: list[list[Any]]  # the cells as written, row 1 first
    values: dict[str, Any] = field(default_factory=dict)  # "B2" → what the formula evaluates to

    def row_of(self, label: Any, start: int = 1) -> int:
        for number, row in enumerate(self.rows[start - 1 :], start=start):
            if row and row[0] == label:
                return number
        raise KeyError(label)

    @property
    def years(self) -> list[int]:
        return list(self.rows[0][1:-1])

    def year_column(self, year: int) -> str:
        return get_column_letter(2 + self.years.index(year))

    @property
    def total_column(self) -> str:
        return get_column_letter(len(self.rows[0]))

    def money(self, coordinate: str) -> Decimal:
        return money(self.values[coordinate])

    def block(self, title: str) -> tuple[list[Any], dict[Any, int], int]:
        """A case-event table under ``title``: its header, its rows by key, its totals row."""
        header_row = self.row_of(title) + 1
        header = self.rows[header_row - 1]
        total_row = self.row_of(header[-1], header_row + 1)  # the totals row: "Yhteensä"
        return header, {self.rows[r - 1][0]: r for r in range(header_row + 1, total_row)}, total_row


def money(value: Any) -> Decimal:
    """A figure as pycel gives it (a float, or 0), to the cent."""
    assert isinstance(value, (int, float)) and not isinstance(value, bool), value
    return Decimal(str(round(value, 2))).quantize(CENT)


def trimmed(values: list[Any]) -> list[Any]:
    """A row without the empty cells after its last value."""
    while values and values[-1] is None:
        values = values[:-1]
    return values


def read_summary(path: Path, lang: str) -> Summary:
    name = TEXTS[lang]["sheet"]
    wb = openpyxl.load_workbook(path)
    try:
        ws = wb[name]
        rows = [trimmed([c.value for c in row]) for row in ws.iter_rows()]
        formulas = [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    finally:
        wb.close()
    xl = ExcelCompiler(filename=str(path))
    return Summary(name, rows, {c: xl.evaluate(f"{name}!{c}") for c in formulas})


# ----------------------------------------------------------------------------- the data


@dataclass
class Books:
    """What the database holds, summed and counted independently of the workbook."""

    kinds: dict[str, CategoryKind]
    sums: dict[tuple[str, int], Decimal]  # (category, year) → sum of its transactions
    events: list[tuple[date, str, Sector]]
    transaction_ids: dict[str, str]  # key in TRANSACTIONS → the transaction's ID


def books_of(db, transaction_ids: dict[str, str]) -> Books:
    with db.unit_of_work() as uow:
        categories = uow.categories.by_id()
        sums: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
        for t in uow.transactions.all():
            sums[categories[t.category_id].name, t.day.year] += t.amount
        events = [(e.day, e.area, e.sector) for e in uow.case_events.all()]
    return Books({c.name: c.kind for c in categories.values()}, dict(sums), events, transaction_ids)


@pytest.fixture(scope="module")
def books_db(tmp_path_factory):
    """The default categories and six of our own, transactions of 2023 and 2024, and case
    events of three years, entered through the services."""
    db = new_database(tmp_path_factory.mktemp("summary") / "oske.sqlite")
    for name, kind in OUR_CATEGORIES:
        add_category(db, Category(name, kind))
    with db.unit_of_work() as uow:
        category_ids = {c.name: c.id for c in uow.categories.all()}
    ids = {}
    for key, day, category, amount in TRANSACTIONS:
        ids[key] = save_transaction(
            db, Transaction(day, category_ids[category], Decimal(amount)), None
        ).id
    for day, area, sector in CASE_EVENTS:
        save_case_event(db, CaseEvent(day, area, sector), None)
    yield db, books_of(db, ids)
    db.close()


@pytest.fixture(scope="module")
def exports(books_db, tmp_path_factory) -> dict[str, Path]:
    db, _books = books_db
    folder = tmp_path_factory.mktemp("exports")
    paths = {lang: folder / f"export-{lang}.xlsx" for lang in TEXTS}
    for lang, path in paths.items():
        export_database(db, path, lang=lang)
    return paths


@pytest.fixture(scope="module")
def books(books_db) -> Books:
    return books_db[1]


@pytest.fixture(scope="module", params=["fi", "en"])
def summary(request, exports) -> Summary:
    return read_summary(exports[request.param], request.param)


def lang_of(summary: Summary) -> str:
    return "fi" if summary.sheet == TEXTS["fi"]["sheet"] else "en"


# ----------------------------------------------------------------------------- finances


def test_each_category_shows_the_sum_of_its_transactions_of_each_year(summary, books):
    assert summary.years == [2023, 2024]
    for name in books.kinds:
        row = summary.row_of(name)
        for year in (2023, 2024):
            expected = books.sums.get((name, year), Decimal(0))
            assert summary.money(f"{summary.year_column(year)}{row}") == expected, (name, year)


def test_the_total_column_is_each_categorys_sum_over_all_years(summary, books):
    for name in books.kinds:
        expected = sum((s for (n, _y), s in books.sums.items() if n == name), Decimal(0))
        assert summary.money(f"{summary.total_column}{summary.row_of(name)}") == expected, name


def test_income_total_expenses_total_and_result_follow_the_transactions(summary, books):
    texts = TEXTS[lang_of(summary)]

    def of(kind: CategoryKind, year: int | None) -> Decimal:
        return sum(
            (s for (n, y), s in books.sums.items() if books.kinds[n] == kind and year in (None, y)),
            Decimal(0),
        )

    columns = [(year, summary.year_column(year)) for year in (2023, 2024)] + [
        (None, summary.total_column)
    ]
    for year, column in columns:
        income, expenses = of(CategoryKind.INCOME, year), of(CategoryKind.EXPENSE, year)
        assert summary.money(f"{column}{summary.row_of(texts['income_total'])}") == income, year
        assert summary.money(f"{column}{summary.row_of(texts['expense_total'])}") == expenses, year
        assert summary.money(f"{column}{summary.row_of(texts['result'])}") == income - expenses, (
            year
        )
    assert summary.money(f"D{summary.row_of(texts['result'])}") == Decimal("519263.64") - Decimal(
        "1334740.68"
    )


def test_a_category_named_like_a_comparison_or_a_pattern_sums_only_its_own_transactions(summary):
    expected = {
        VAT: ("10.00", "0.00", "10.00"),
        EQ_VAT: ("1.11", "2.22", "3.33"),
        LT_VAT: ("0.00", "3.33", "3.33"),
        WILD_COSTS: ("4.44", "0.00", "4.44"),
        OTHER_COSTS: ("50.00", "0.00", "50.00"),
        WILD_TRAVEL: ("0.00", "6.66", "6.66"),
        TRAVEL: ("0.01", "123.45", "123.46"),
    }
    for name, figures in expected.items():
        row = summary.row_of(name)
        assert tuple(str(summary.money(f"{col}{row}")) for col in "BCD") == figures, name


def test_a_category_name_beginning_with_an_equals_sign_is_shown_as_text(exports):
    wb = openpyxl.load_workbook(exports["fi"])
    try:
        labels = {c.value: c.data_type for c in wb["Yhteenveto"]["A"] if c.value}
    finally:
        wb.close()
    assert labels[EQ_VAT] == "s"
    assert labels[LT_VAT] == "s"


# ----------------------------------------------------------------------------- case events


def test_case_events_per_area_and_sector_match_the_case_log(summary, books):
    texts = TEXTS[lang_of(summary)]
    header, rows, _total = summary.block(texts["by_area"])
    assert header == [texts["area"], texts["social"], texts["health"], texts["total"]]
    counted = Counter((area.casefold(), sector) for _day, area, sector in books.events)
    shown = {}
    for area, row in rows.items():
        social, health, total = (summary.values[f"{col}{row}"] for col in "BCD")
        shown[area.casefold()] = (social, health, total)
    assert shown == {
        area: (
            counted[area, Sector.SOCIAL],
            counted[area, Sector.HEALTH],
            counted[area, Sector.SOCIAL] + counted[area, Sector.HEALTH],
        )
        for area in {a for a, _s in counted}
    }
    assert shown["eks*"] == (0, 1, 1)  # not the Eksote events
    assert shown["eksote"] == (2, 1, 3)  # "eksote" is Eksote


def test_case_events_per_year_and_sector_match_the_case_log(summary, books):
    texts = TEXTS[lang_of(summary)]
    header, rows, _total = summary.block(texts["by_year"])
    assert header == [texts["year"], texts["social"], texts["health"], texts["total"]]
    counted = Counter((day.year, sector) for day, _area, sector in books.events)
    shown = {
        year: tuple(summary.values[f"{col}{row}"] for col in "BCD") for year, row in rows.items()
    }
    assert shown == {
        year: (
            counted[year, Sector.SOCIAL],
            counted[year, Sector.HEALTH],
            counted[year, Sector.SOCIAL] + counted[year, Sector.HEALTH],
        )
        for year in (2022, 2023, 2024)
    }


def test_each_case_event_table_totals_to_the_events_of_each_sector(summary, books):
    texts = TEXTS[lang_of(summary)]
    per_sector = Counter(sector for _day, _area, sector in books.events)
    expected = (per_sector[Sector.SOCIAL], per_sector[Sector.HEALTH], len(books.events))
    for title in ("by_area", "by_year"):
        _header, _rows, total = summary.block(texts[title])
        assert tuple(summary.values[f"{col}{total}"] for col in "BCD") == expected, title


# ----------------------------------------------------------------------------- live formulas


def test_editing_an_amount_on_the_transactions_sheet_changes_the_summary(exports, books, tmp_path):
    path = tmp_path / "edited.xlsx"
    shutil.copy(exports["fi"], path)
    before = read_summary(path, "fi")
    wb = openpyxl.load_workbook(path)
    ws = wb["Kirjaukset"]
    staff_2024 = books.transaction_ids["staff-2024"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == staff_2024)
    assert ws.cell(row, 4).value == pytest.approx(1234567.89)
    ws.cell(row, 4).value = 1000000.00
    wb.save(path)
    wb.close()

    after = read_summary(path, "fi")

    change = Decimal("1000000.00") - Decimal("1234567.89")
    staff, result = after.row_of(STAFF_COSTS), after.row_of("Tulos")
    assert after.money(f"C{staff}") == before.money(f"C{staff}") + change == Decimal("1000000.00")
    assert after.money(f"D{staff}") == before.money(f"D{staff}") + change
    assert after.money(f"C{result}") == before.money(f"C{result}") - change
    assert after.money(f"B{staff}") == before.money(f"B{staff}")  # 2023 untouched


# ----------------------------------------------------------------------------- language


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_summary_sheet_has_the_names_and_headers_of_the_export_language(exports, lang):
    texts = TEXTS[lang]
    wb = openpyxl.load_workbook(exports[lang])
    try:
        names = wb.sheetnames
        labels = [c.value for c in wb[texts["sheet"]]["A"]] if texts["sheet"] in names else []
        header = (
            trimmed([c.value for c in wb[texts["sheet"]][1]]) if texts["sheet"] in names else []
        )
    finally:
        wb.close()
    assert texts["other_sheet"] not in names
    changes = "Muutokset" if lang == "fi" else "Changes"
    organisation = "Organisaatio" if lang == "fi" else "Organisation"
    after = [changes, texts["sheet"], organisation, texts["about"]]
    assert names[names.index(texts["transactions"]) + 1 :] == after
    assert header == [texts["category"], 2023, 2024, texts["total"]]
    for key in ("income_total", "expense_total", "result", "by_area", "area", "by_year", "year"):
        assert texts[key] in labels, key
    assert any(
        isinstance(label, str) and texts["transactions"] in label and texts["case_events"] in label
        for label in labels
    )  # the note that says where the figures come from


# ----------------------------------------------------------------------------- import


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_importing_an_export_says_nothing_about_the_summary_sheet(exports, db, lang):
    report = import_file(db, exports[lang])

    assert report.ok, [str(e) for e in report.errors]
    assert report.warnings == []
    assert set(report.counts) == DATA_SHEETS[lang]
    assert TEXTS[lang]["sheet"] not in {p.sheet for p in report.errors + report.warnings}


# ----------------------------------------------------------------------------- empty database


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_summary_of_an_empty_database_evaluates_to_zeros_without_errors(db, tmp_path, lang):
    path = tmp_path / "empty.xlsx"
    export_database(db, path, lang=lang)

    summary = read_summary(path, lang)

    texts = TEXTS[lang]
    assert summary.values, "the Summary holds formulas"
    assert {c: v for c, v in summary.values.items() if v != 0} == {}
    assert summary.rows[0] == [texts["category"], texts["total"]]
    labels = [row[0] for row in summary.rows if row]
    assert texts["no_transactions"] in labels
    assert texts["no_case_events"] in labels


def test_an_area_named_like_the_area_header_counts_only_its_events(db, tmp_path):
    save_case_event(db, CaseEvent(date(2023, 3, 14), "Alue", Sector.SOCIAL), None)
    path = tmp_path / "export.xlsx"
    export_database(db, path)

    summary = read_summary(path, "fi")

    _header, rows, _total = summary.block(TEXTS["fi"]["by_area"])
    assert tuple(summary.values[f"{col}{rows['Alue']}"] for col in "BCD") == (1, 0, 1)


# ----------------------------------------------------------------------------- cached values
#
# Every formula cell carries the figure Oske computed as its cached value, so a reader that
# does not recalculate (python-calamine here, as pandas and file previews) shows the figures;
# LibreOffice and Gnumeric, made to recalculate every formula, arrive at the same ones.


def cached_figures(path: Path, sheet: str) -> dict[str, Any]:
    """Every non-empty cell of ``sheet`` as python-calamine reads it: no recalculation, only
    the values stored in the file."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    return {
        f"{get_column_letter(c)}{r}": value
        for r, row in enumerate(rows, start=1)
        for c, value in enumerate(row, start=1)
        if value != ""
    }


def libreoffice_recalculated(paths: list[Path], folder: Path) -> dict[Path, Path]:
    """Each workbook's sheets as CSV files (``<stem>-<sheet>.csv`` in ``folder``), from a
    LibreOffice that recalculates every formula on loading: its own profile, set to
    "always recalculate" (by default it keeps an Excel file's cached values)."""
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry"'
        ' xmlns:xs="http://www.w3.org/2001/XMLSchema"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
        '<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>'
        "</oor:items>",
        encoding="utf-8",
    )
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            # comma, quote, UTF-8, …, values as stored (not as shown), every sheet (-1)
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(folder),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return {path: folder / path.stem for path in paths}


def gnumeric_recalculated(path: Path, folder: Path) -> Path:
    """The workbook's sheets as CSV files (``<stem>-<sheet>.csv``) from Gnumeric's
    ssconvert, every formula recalculated."""
    assert SSCONVERT is not None
    subprocess.run(
        [
            SSCONVERT,
            "--recalc",
            "-S",
            "--export-type=Gnumeric_stf:stf_csv",
            str(path),
            str(folder / f"{path.stem}-%s.csv"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return folder / path.stem


def csv_cells(prefix: Path, sheet: str) -> dict[str, str]:
    with Path(f"{prefix}-{sheet}.csv").open(encoding="utf-8", newline="") as f:
        return {
            f"{get_column_letter(c)}{r}": value
            for r, row in enumerate(csv.reader(f), start=1)
            for c, value in enumerate(row, start=1)
            if value != ""
        }


def figure(value: Any) -> Decimal:
    """A figure from any reader (a float, an int, or CSV text) to the cent."""
    return Decimal(str(value)).quantize(CENT)


def test_every_summary_formula_stores_the_figure_it_evaluates_to(summary, exports):
    path = exports[lang_of(summary)]

    stored = cached_figures(path, summary.sheet)

    assert summary.values  # pycel, recalculating, gives the figures checked above
    for coordinate, value in summary.values.items():
        assert coordinate in stored, coordinate
        assert figure(stored[coordinate]) == figure(value), coordinate


def test_the_summary_keeps_its_formulas_beside_the_stored_figures(exports):
    wb = openpyxl.load_workbook(exports["fi"])
    try:
        cell = wb["Yhteenveto"][f"D{2}"]
    finally:
        wb.close()
    assert cell.data_type == "f"
    assert str(cell.value).startswith("=SUMIFS(")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_recalculates_the_summary_to_the_stored_figures(exports, tmp_path):
    prefixes = libreoffice_recalculated(list(exports.values()), tmp_path)

    for lang, path in exports.items():
        sheet = TEXTS[lang]["sheet"]
        stored = cached_figures(path, sheet)
        formulas = read_summary(path, lang).values
        recalculated = csv_cells(prefixes[path], sheet)
        assert formulas
        for coordinate in formulas:
            assert figure(recalculated[coordinate]) == figure(stored[coordinate]), coordinate


@pytest.mark.skipif(SSCONVERT is None, reason="Gnumeric (ssconvert) is not installed")
def test_gnumeric_recalculates_the_summary_to_the_stored_figures(exports, tmp_path):
    path = exports["fi"]
    stored = cached_figures(path, "Yhteenveto")

    recalculated = csv_cells(gnumeric_recalculated(path, tmp_path), "Yhteenveto")

    formulas = read_summary(path, "fi").values
    assert formulas
    for coordinate in formulas:
        assert figure(recalculated[coordinate]) == figure(stored[coordinate]), coordinate


# Categories and areas whose names are patterns to SUMIFS and COUNTIFS: "Muut*" would also sum
# "Muut kulut" and "Muut tuotot", "?" would also count the area "X"; "=Muut*" and "<*" are
# a comparison and a pattern at once.
WILD_CATEGORY, WILD_AREA, EQ_WILD_CATEGORY, LT_WILD_AREA = "Muut*", "?", "=Muut*", "<*"


@pytest.fixture(scope="module")
def wild_export(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wild")
    db = new_database(folder / "oske.sqlite")
    try:
        for name in (WILD_CATEGORY, EQ_WILD_CATEGORY):
            add_category(db, Category(name, CategoryKind.EXPENSE))
        with db.unit_of_work() as uow:
            ids = {c.name: c.id for c in uow.categories.all()}
        for name, amount in (
            (WILD_CATEGORY, "10.00"),
            ("Muut kulut", "20.00"),
            ("Muut tuotot", "5.00"),
            (EQ_WILD_CATEGORY, "40.00"),
        ):
            save_transaction(db, Transaction(date(2024, 3, 1), ids[name], Decimal(amount)), None)
        for area, sector in (
            (WILD_AREA, Sector.SOCIAL),
            ("X", Sector.SOCIAL),
            ("X", Sector.HEALTH),
            (LT_WILD_AREA, Sector.HEALTH),
        ):
            save_case_event(db, CaseEvent(date(2024, 3, 1), area, sector), None)
        path = folder / "wild.xlsx"
        export_database(db, path)
    finally:
        db.close()
    return path


def wild_figures(cells: Mapping[str, Any], path: Path) -> dict[str, tuple[Decimal, ...]]:
    """The figures (columns B and C) of the rows of the names in ``WILD_EXPECTED``."""
    summary = read_summary(path, "fi")
    _header, areas, _total = summary.block(TEXTS["fi"]["by_area"])
    rows = {name: summary.row_of(name) for name in (WILD_CATEGORY, EQ_WILD_CATEGORY, "Muut kulut")}
    rows |= {name: areas[name] for name in (WILD_AREA, LT_WILD_AREA, "X")}
    return {name: tuple(figure(cells[f"{c}{row}"]) for c in "BC") for name, row in rows.items()}


WILD_EXPECTED = {
    WILD_CATEGORY: (Decimal("10.00"), Decimal("10.00")),  # 2024, all years
    EQ_WILD_CATEGORY: (Decimal("40.00"), Decimal("40.00")),
    "Muut kulut": (Decimal("20.00"), Decimal("20.00")),
    WILD_AREA: (Decimal("1.00"), Decimal("0.00")),  # social, health
    LT_WILD_AREA: (Decimal("0.00"), Decimal("1.00")),
    "X": (Decimal("1.00"), Decimal("1.00")),
}


def test_names_that_are_patterns_have_only_their_own_figures_stored(wild_export):
    stored = cached_figures(wild_export, "Yhteenveto")

    assert wild_figures(stored, wild_export) == WILD_EXPECTED


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_matches_names_that_are_patterns_only_to_themselves(wild_export, tmp_path):
    prefix = libreoffice_recalculated([wild_export], tmp_path)[wild_export]

    recalculated = csv_cells(prefix, "Yhteenveto")

    assert wild_figures(recalculated, wild_export) == WILD_EXPECTED


@pytest.mark.skipif(SSCONVERT is None, reason="Gnumeric (ssconvert) is not installed")
def test_gnumeric_matches_names_that_are_patterns_only_to_themselves(wild_export, tmp_path):
    recalculated = csv_cells(gnumeric_recalculated(wild_export, tmp_path), "Yhteenveto")

    assert wild_figures(recalculated, wild_export) == WILD_EXPECTED


def test_pycel_recalculating_as_excel_matches_names_that_are_patterns_only_to_themselves(
    wild_export,
):
    summary = read_summary(wild_export, "fi")

    assert wild_figures(summary.values, wild_export) == WILD_EXPECTED
