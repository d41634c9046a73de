"""The workbook's guarantees on the full demo data (issue 8, item 4).

Export → import into an empty database → export gives identical cell values on every data
sheet; importing the same file again changes nothing; the export opens in a second,
independent reader (python-calamine beside openpyxl) with the same values; and every data
sheet follows the general rules of docs/workbook.md (frozen bold header, autofilter,
widths, real dates and numbers, formula-like text kept as text).

The demo is loaded once for the module and only read; every database the tests change is
a file of its own.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

import services.workbook
from exports.columns import DateType, Money, Text
from exports.sheets import (
    ABOUT_NAMES,
    CHANGES_NAMES,
    ID_HEADERS,
    ORGANISATION_NAMES,
    SHEETS,
    SUMMARY_NAMES,
    SheetSpec,
    sheet_of,
)
from exports.workbook import ImportReport
from services.demo import load_demo
from services.workbook import export_database, import_file
from storage.database import Database, open_database
from tests.databases import copy_of, new_database

TODAY = date(2025, 6, 15)
LANGS = ("fi", "en")
EXPORTED_AT = {"fi": "Viety", "en": "Exported"}  # the About line that differs between two exports
ORGANISATION = {"fi": "Organisaatio", "en": "Organisation"}
FORMULA_STARTS = ("=", "+", "-", "@")

Rows = list[list[Any]]


# ----------------------------------------------------------------------------- helpers


def _about(lang: str) -> str:
    return ABOUT_NAMES[0] if lang == "fi" else ABOUT_NAMES[1]


def _summary(lang: str) -> str:
    return SUMMARY_NAMES[0] if lang == "fi" else SUMMARY_NAMES[1]


def _spec(key: str) -> SheetSpec:
    return sheet_of(key)


def _data_sheets(lang: str) -> list[str]:
    return [spec.name(lang) for spec in SHEETS]


def _trimmed(rows: Rows) -> Rows:
    """Rows without trailing empty cells, and without trailing empty rows."""
    out = []
    for cells in rows:
        row = list(cells)
        while row and row[-1] in (None, ""):
            row.pop()
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


def _calamine(path: Path) -> dict[str, Rows]:
    """Every sheet's cell values as python-calamine reads them."""
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def _openpyxl(path: Path) -> dict[str, Rows]:
    """Every sheet's cell values as openpyxl reads them (streaming, cached values)."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


def _normal(value: Any) -> Any:
    """One reader's cell in a form both readers share: empty is None, a number is a float,
    a date (openpyxl: a datetime at midnight) is a date."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


def _normal_rows(rows: Rows) -> Rows:
    return _trimmed([[_normal(v) for v in row] for row in rows])


def _differences(sheet: str, before: Rows, after: Rows, limit: int = 10) -> list[str]:
    """Where two sheets differ, cell by cell, as ``sheet!A2: before != after``."""
    out = []
    for r in range(max(len(before), len(after))):
        a = before[r] if r < len(before) else []
        b = after[r] if r < len(after) else []
        for c in range(max(len(a), len(b))):
            x = a[c] if c < len(a) else ""
            y = b[c] if c < len(b) else ""
            if x != y:
                out.append(
                    f"{sheet}!{openpyxl.utils.get_column_letter(c + 1)}{r + 1}: {x!r} != {y!r}"
                )
                if len(out) >= limit:
                    return out
    return out


def _data_rows(rows: Rows) -> int:
    return sum(1 for row in rows[1:] if any(v not in (None, "") for v in row))


def _columns_of(spec: SheetSpec, kind: type, header: list[Any], lang: str) -> list[int]:
    """The positions of the sheet's columns of type ``kind``, found by their headers."""
    return [header.index(c.header(lang)) for c in spec.columns if isinstance(c.type, kind)]


def _new_database(path: Path) -> Database:
    return new_database(path)


def _with_formula_like_text(export: Callable[..., None]) -> Callable[..., None]:
    """``export_workbook``, but the first record of every sheet has each of its text fields
    start with one of = + - @ (in turn), as if someone had typed a formula there."""

    def planted(path, records, **kwargs):
        records = dict(records)
        n = 0
        for spec in SHEETS:
            rows = list(records.get(spec.key, ()))
            if not rows:
                continue
            changes = {}
            for col in spec.columns:
                if isinstance(col.type, Text):
                    changes[col.key] = FORMULA_STARTS[n % 4] + (getattr(rows[0], col.key) or "1+1")
                    n += 1
            rows[0] = _replaced(rows[0], changes)  # the same ID too
            records[spec.key] = rows
        export(path, records, **kwargs)

    return planted


def _replaced(row: Any, changes: dict[str, Any]) -> Any:
    """``row`` with ``changes``: a record, or a plain row of the case log or the ledger
    (what the export reads of those)."""
    if dataclasses.is_dataclass(row):
        return dataclasses.replace(row, **changes)
    changed = copy.copy(row)
    for key, value in changes.items():
        setattr(changed, key, value)
    return changed


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("workbook_demo")


@pytest.fixture(scope="module")
def demo_db(folder):
    """The demo, loaded once; the tests only read it."""
    database = _new_database(folder / "demo.sqlite")
    load_demo(database, TODAY)
    yield database
    database.close()


@pytest.fixture(scope="module")
def exported(demo_db, folder) -> dict[str, Path]:
    """The demo exported in Finnish and in English: language → file."""
    paths = {}
    for lang in LANGS:
        paths[lang] = folder / f"demo-{lang}.xlsx"
        export_database(demo_db, paths[lang], lang=lang)
    return paths


@dataclasses.dataclass
class RoundTrip:
    report: ImportReport  # the import into an empty database
    path: Path  # that database exported again, in the same language


@pytest.fixture(scope="module")
def round_trip(exported, folder) -> dict[str, RoundTrip]:
    """Each export imported into an empty database of its own, which is exported again."""
    trips = {}
    for lang, path in exported.items():
        database = _new_database(folder / f"empty-{lang}.sqlite")
        try:
            report = import_file(database, path)
            again = folder / f"round-trip-{lang}.xlsx"
            export_database(database, again, lang=lang)
        finally:
            database.close()
        trips[lang] = RoundTrip(report, again)
    return trips


@pytest.fixture(scope="module")
def reimport(demo_db, exported, folder) -> RoundTrip:
    """The Finnish export imported into the demo database it came from (a copy of it, so
    the other tests read the demo untouched), which is then exported again."""
    demo_db.close()  # a server copies only a database nobody is connected to
    database = open_database(copy_of(demo_db.url, folder / "demo-again.sqlite"))
    try:
        report = import_file(database, exported["fi"])
        again = folder / "demo-again-fi.xlsx"
        export_database(database, again, lang="fi")
    finally:
        database.close()
    return RoundTrip(report, again)


@pytest.fixture(scope="module")
def values(exported, round_trip, reimport) -> Callable[[Path], dict[str, Rows]]:
    """Cell values per file and sheet, python-calamine's, read once per file."""
    cache: dict[Path, dict[str, Rows]] = {}

    def read(path: Path) -> dict[str, Rows]:
        if path not in cache:
            cache[path] = _calamine(path)
        return cache[path]

    return read


@pytest.fixture(scope="module")
def second_reader(exported) -> Callable[[str], dict[str, Rows]]:
    """Cell values per sheet of the export in a language, openpyxl's, read once per file."""
    cache: dict[str, dict[str, Rows]] = {}

    def read(lang: str) -> dict[str, Rows]:
        if lang not in cache:
            cache[lang] = _openpyxl(exported[lang])
        return cache[lang]

    return read


@pytest.fixture(scope="module")
def styled(exported) -> Callable[[str], openpyxl.Workbook]:
    """The export in a language, loaded by openpyxl with its styles (not streaming)."""
    cache: dict[str, openpyxl.Workbook] = {}

    def load(lang: str) -> openpyxl.Workbook:
        if lang not in cache:
            cache[lang] = openpyxl.load_workbook(exported[lang])
        return cache[lang]

    return load


@pytest.fixture(scope="module")
def planted_export(demo_db, folder) -> Path:
    """The demo exported with formula-like text in every text column of every sheet."""
    path = folder / "demo-formula-like.xlsx"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(
            services.workbook,
            "export_workbook",
            _with_formula_like_text(services.workbook.export_workbook),
        )
        export_database(demo_db, path)
    return path


# ----------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("lang", LANGS)
def test_the_demo_imports_into_an_empty_database_without_errors(round_trip, lang):
    report = round_trip[lang].report
    assert report.errors == []
    assert report.ok


@pytest.mark.parametrize("lang", LANGS)
def test_export_import_into_an_empty_database_export_gives_identical_cells_on_every_data_sheet(
    exported, round_trip, values, lang
):
    first, second = values(exported[lang]), values(round_trip[lang].path)
    differences = [
        d for name in _data_sheets(lang) for d in _differences(name, first[name], second[name])
    ]
    assert differences == []
    # The demo fills every sheet
    assert all(_data_rows(first[name]) > 0 for name in _data_sheets(lang))


@pytest.mark.parametrize("lang", LANGS)
def test_after_the_round_trip_the_about_sheet_differs_only_in_the_export_time_and_organisation(
    exported, round_trip, values, lang
):
    # About is ignored on import (WORKBOOK.md): the organisation is the receiving
    # database's own setting, empty in a new database, and the time is the export's.
    def without_time(rows: Rows) -> Rows:
        return [
            row for row in rows if not row or row[0] not in (EXPORTED_AT[lang], ORGANISATION[lang])
        ]

    first = values(exported[lang])[_about(lang)]
    second = values(round_trip[lang].path)[_about(lang)]
    assert any(row and row[0] == EXPORTED_AT[lang] for row in first)
    assert _differences(_about(lang), without_time(first), without_time(second)) == []


@pytest.mark.parametrize("lang", LANGS)
def test_after_the_round_trip_the_sheets_are_the_same_and_in_the_order_of_the_contract(
    exported, round_trip, values, lang
):
    first = list(values(exported[lang]))
    second = list(values(round_trip[lang].path))
    assert first == second
    assert [name for name in first if name in _data_sheets(lang)] == _data_sheets(lang)
    assert _about(lang) in first
    # Besides the data sheets only About, the organisation, the auditors' Changes and Summary
    changes = CHANGES_NAMES[0] if lang == "fi" else CHANGES_NAMES[1]
    organisation = ORGANISATION_NAMES[0] if lang == "fi" else ORGANISATION_NAMES[1]
    assert set(first) - set(_data_sheets(lang)) <= {
        _about(lang),
        changes,
        organisation,
        _summary(lang),
    }


@pytest.mark.parametrize("lang", LANGS)
def test_import_into_an_empty_database_adds_every_row_of_every_sheet(
    exported, round_trip, values, lang
):
    cells = values(exported[lang])
    rows = {name: _data_rows(cells[name]) for name in _data_sheets(lang)}
    # A new database already holds the default categories (the demo's are those), so on
    # that sheet a row is either added or found as it is; on every other sheet it is added.
    categories = _spec("categories").name(lang)
    counts = round_trip[lang].report.counts
    added = {name: c.added for name, c in counts.items() if name != categories}
    assert added == {name: n for name, n in rows.items() if name != categories}
    found = counts[categories]
    assert found.added + found.updated + found.unchanged == rows[categories]


# ----------------------------------------------------------------------------- re-import


def test_importing_the_export_into_the_demo_again_leaves_every_row_unchanged(
    exported, reimport, values
):
    cells = values(exported["fi"])
    report = reimport.report
    assert report.errors == []
    counts = {name: (c.added, c.updated, c.unchanged) for name, c in report.counts.items()}
    assert counts == {name: (0, 0, _data_rows(cells[name])) for name in _data_sheets("fi")}


def test_after_importing_the_export_again_a_new_export_is_identical_cell_for_cell(
    exported, reimport, values
):
    first, second = values(exported["fi"]), values(reimport.path)
    assert list(first) == list(second)
    differences = [
        d for name in _data_sheets("fi") for d in _differences(name, first[name], second[name])
    ]
    assert differences == []
    about_first = [row for row in first[_about("fi")] if row[0] != EXPORTED_AT["fi"]]
    about_second = [row for row in second[_about("fi")] if row[0] != EXPORTED_AT["fi"]]
    assert about_first == about_second


# ----------------------------------------------------------------------------- second reader


@pytest.mark.parametrize("lang", LANGS)
def test_calamine_and_openpyxl_read_the_same_values_on_every_data_sheet(
    exported, values, second_reader, lang
):
    by_calamine = values(exported[lang])
    by_openpyxl = second_reader(lang)
    differences = [
        d
        for name in _data_sheets(lang)
        for d in _differences(
            name, _normal_rows(by_calamine[name]), _normal_rows(by_openpyxl[name])
        )
    ]
    assert differences == []


def test_every_amount_in_the_transactions_is_the_stored_amount_to_the_cent_in_both_readers(
    demo_db, exported, values, second_reader
):
    with demo_db.unit_of_work() as uow:
        stored = {t.id: t.amount for t in uow.transactions.all()}
    for rows in (values(exported["fi"])["Kirjaukset"], second_reader("fi")["Kirjaukset"]):
        header, *data = rows
        (amount,) = _columns_of(_spec("transactions"), Money, list(header), "fi")
        read = {row[0]: row[amount] for row in data}
        assert all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in read.values())
        assert {i: Decimal(str(round(v, 2))) for i, v in read.items()} == stored


@pytest.mark.parametrize("lang", LANGS)
def test_every_date_cell_is_a_real_date_in_both_readers(exported, values, second_reader, lang):
    by_calamine = values(exported[lang])
    by_openpyxl = second_reader(lang)
    not_dates = []
    dates = 0
    for spec in SHEETS:
        name = spec.name(lang)
        for reader, rows in (("calamine", by_calamine[name]), ("openpyxl", by_openpyxl[name])):
            header, *data = rows
            for col in _columns_of(spec, DateType, list(header), lang):
                for r, row in enumerate(data, start=2):
                    cell = row[col] if col < len(row) else None
                    if cell in (None, ""):
                        continue
                    if isinstance(cell, date):  # a datetime is a date too
                        dates += 1
                    else:
                        not_dates.append(f"{reader} {name}!{header[col]} row {r}: {cell!r}")
    assert not_dates == []
    assert dates > 2000 * 2  # the case events alone have over 2000, read twice


# ----------------------------------------------------------------------------- general rules


@pytest.mark.parametrize("lang", LANGS)
def test_every_data_sheet_has_a_frozen_header_row(styled, lang):
    wb = styled(lang)
    assert {name: wb[name].freeze_panes for name in _data_sheets(lang)} == dict.fromkeys(
        _data_sheets(lang), "A2"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_every_data_sheet_has_a_bold_header_row_starting_with_the_id(styled, lang):
    wb = styled(lang)
    for name in _data_sheets(lang):
        header = [c for c in next(wb[name].iter_rows(max_row=1)) if c.value is not None]
        assert header[0].value == (ID_HEADERS[0] if lang == "fi" else ID_HEADERS[1]), name
        assert all(c.font.b for c in header), name


@pytest.mark.parametrize("lang", LANGS)
def test_every_data_sheet_has_an_autofilter_over_its_header_and_all_its_rows(styled, lang):
    wb = styled(lang)
    for name in _data_sheets(lang):
        ws = wb[name]
        last = openpyxl.utils.get_column_letter(ws.max_column)
        assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}", name


@pytest.mark.parametrize("lang", LANGS)
def test_every_column_of_every_data_sheet_has_a_width_that_fits_its_header(styled, lang):
    wb = styled(lang)
    for name in _data_sheets(lang):
        ws = wb[name]
        for cell in next(ws.iter_rows(max_row=1)):
            width = ws.column_dimensions[cell.column_letter].width
            assert ws.column_dimensions[cell.column_letter].customWidth, (name, cell.value)
            assert width and width >= len(str(cell.value)), (name, cell.value, width)


def _formula_like_cells(path: Path, lang: str) -> dict[tuple[str, str], list[tuple[str, Any, str]]]:
    """Per data sheet and column: the cells whose value starts with = + - @, or that hold
    a formula, as (coordinate, value, openpyxl data type); read as written (no cached values)."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        found: dict[tuple[str, str], list[tuple[str, Any, str]]] = {}
        for spec in SHEETS:
            rows = wb[spec.name(lang)].iter_rows()
            header = [c.value for c in next(rows)]
            for column in header:
                found[(spec.name(lang), column)] = []
            for row in rows:
                for c in row:
                    if c.data_type == "f" or (
                        isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS)
                    ):
                        found[(spec.name(lang), header[c.column - 1])].append(
                            (c.coordinate, c.value, c.data_type)
                        )
        return found
    finally:
        wb.close()


@pytest.mark.parametrize("lang", LANGS)
def test_every_formula_like_text_in_the_demo_export_is_a_text_cell(exported, lang):
    found = _formula_like_cells(exported[lang], lang)
    assert [(where, c) for where, cells in found.items() for c in cells if c[2] != "s"] == []


def test_text_that_looks_like_a_formula_stays_text_in_every_text_column_of_every_sheet(
    planted_export,
):
    found = _formula_like_cells(planted_export, "fi")
    text_columns = [
        (spec.fi, c.fi) for spec in SHEETS for c in spec.columns if isinstance(c.type, Text)
    ]
    # Every text column got its planted cell, and each was written as text (type "s")
    assert [where for where in text_columns if not found[where]] == []
    assert [(where, c) for where, cells in found.items() for c in cells if c[2] != "s"] == []
    assert {c[1][0] for cells in found.values() for c in cells} == set(FORMULA_STARTS)
