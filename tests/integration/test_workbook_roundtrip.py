"""The round trip of every group of sheets: export → import into an empty database → the
same records, and an export of that database gives the same workbook; importing an export
into the database it came from changes nothing.

Each group's records are those its own module fills a database with (test_workbook.py for
staff and trainees, test_workbook_board.py, _caselog, _finance and _projects), read back
by that module as a user sees them, by ID. Every data sheet of both exports is compared cell
for cell by two readers, python-calamine and openpyxl. The contract is docs/workbook.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from exports.sheets import ABOUT_NAMES, SHEETS, sheet_of
from services.workbook import export_database, import_file
from storage.database import Database
from tests.integration import test_workbook as staff
from tests.integration import test_workbook_board as board
from tests.integration import test_workbook_caselog as caselog
from tests.integration import test_workbook_finance as finance
from tests.integration import test_workbook_projects as projects

LANGS = ("fi", "en")
EXPORTED_AT = {"fi": "Viety", "en": "Exported"}  # the About line that differs between exports
DEFAULT_CATEGORIES = 11  # a new database has them, so every export lists them


@dataclass(frozen=True)
class Group:
    fill: Callable[[Database], None]
    records: Callable[[Database], object]  # what a user sees, by ID
    rows: dict[str, int]  # data rows per sheet (SheetSpec.key); every other sheet has none


GROUPS = {
    "staff": Group(
        staff.fill_staff,
        lambda db: (staff.staff_in(db), staff.trainees_in(db)),
        {"staff": 4, "trainees": 2, "projects": 1},
    ),
    "board": Group(board.fill_board, board.everything_in, {"board": 11, "meetings": 6}),
    "caselog": Group(
        caselog.fill_caselog,
        caselog.caselog_in,
        {"staff": 2, "case_events": 4, "guardians": 3, "guardian_requests": 3},
    ),
    "finance": Group(
        finance.fill_finance,
        finance.finance_in,
        {"projects": 1, "categories": 12, "budget_lines": 4, "transactions": 6},
    ),
    "projects": Group(
        projects.fill_projects,
        projects.everything_in,
        {
            "staff": 2,
            "projects": 3,
            "project_partners": 4,
            "project_funding": 5,
            "project_roles": 3,
        },
    ),
}


def rows_by_sheet(group: Group, lang: str) -> dict[str, int]:
    """The data rows of every data sheet of the group's export, by the sheet's name."""
    rows = {"categories": DEFAULT_CATEGORIES, **group.rows}
    return {spec.name(lang): rows.get(spec.key, 0) for spec in SHEETS}


def calamine(path: Path) -> dict[str, list[list]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def openpyxl_rows(path: Path) -> dict[str, list[list]]:
    """Every sheet's rows as openpyxl reads them, each as wide as the header row."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}
    finally:
        wb.close()
    return {
        name: [row + [None] * (len(rows[0]) - len(row)) for row in rows]
        for name, rows in sheets.items()
    }


def counts(report) -> dict[str, tuple[int, int, int]]:
    return {name: (c.added, c.updated, c.unchanged) for name, c in report.counts.items()}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", GROUPS)
def test_export_import_into_an_empty_database_gives_the_same_records_and_the_same_workbook(
    db, empty_db, tmp_path, name, lang
):
    group = GROUPS[name]
    group.fill(db)
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    export_database(db, first, lang=lang)

    report = import_file(empty_db, first)

    assert report.ok, [str(e) for e in report.errors]
    assert group.records(empty_db) == group.records(db)
    rows = rows_by_sheet(group, lang)
    # An empty database already holds the default categories: on that sheet a row is
    # either added or found; on every other sheet each row is added.
    categories = sheet_of("categories").name(lang)
    found = counts(report)
    assert sum(found.pop(categories)) == rows[categories]
    assert found == {sheet: (n, 0, 0) for sheet, n in rows.items() if sheet != categories}

    export_database(empty_db, second, lang=lang)

    about = ABOUT_NAMES[LANGS.index(lang)]
    for read in (calamine, openpyxl_rows):
        before, after = read(first), read(second)
        assert list(before) == list(after)
        for sheet, n in rows.items():
            assert before[sheet] == after[sheet], sheet
            assert len(before[sheet]) == 1 + n, sheet
        assert [r for r in before[about] if r[0] != EXPORTED_AT[lang]] == [
            r for r in after[about] if r[0] != EXPORTED_AT[lang]
        ]


@pytest.mark.parametrize("name", GROUPS)
def test_importing_an_export_into_its_own_database_once_or_twice_changes_nothing(
    db, tmp_path, name
):
    group = GROUPS[name]
    group.fill(db)
    path = tmp_path / "export.xlsx"
    export_database(db, path)
    before = group.records(db)

    for _ in range(2):
        report = import_file(db, path)

        assert report.ok, [str(e) for e in report.errors]
        assert report.warnings == []
        assert counts(report) == {
            sheet: (0, 0, n) for sheet, n in rows_by_sheet(group, "fi").items()
        }
        assert group.records(db) == before
