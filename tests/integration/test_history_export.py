"""The change history for the auditors: the workbook's Muutokset sheet, ``export
--changes-since`` and ``main.py history``, as a person runs them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import text

from domain.finance import Transaction
from services.finance import save_transaction
from services.workbook import export_database, import_file
from storage.actor import actor_of
from storage.database import Database
from tests.databases import database_args, new_database

ROOT = Path(__file__).parents[2]
HEADERS = [
    "Aika",
    "Kuka",
    "Tietue",
    "Tunniste",
    "Nimi",
    "Toimenpide",
    "Kenttä",
    "Vanha arvo",
    "Uusi arvo",
]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = new_database(tmp_path / "oske.sqlite")
    yield database
    database.close()


def _changed_transaction(db: Database) -> Transaction:
    """A transaction booked and then corrected from 1 234,50 € to 1 234,56 €."""
    with db.unit_of_work() as uow:
        category = uow.categories.all()[0]
    t = Transaction(date(2022, 3, 1), category.id, Decimal("1234.50"), voucher="2022-0113")
    t = save_transaction(db, t, None)
    return save_transaction(db, replace(t, amount=Decimal("1234.56")), t)


def _changes_sheet(book: Path, name: str = "Muutokset") -> list[list]:
    return CalamineWorkbook.from_path(str(book)).get_sheet_by_name(name).to_python()


def _backdate_first_entries(db: Database, count: int, to: str) -> None:
    """Make the oldest entries look written on an earlier day (a test's time machine)."""
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE history SET at = :at WHERE id IN "
                "(SELECT id FROM history ORDER BY id LIMIT :n)"
            ),
            {"at": datetime.fromisoformat(to), "n": count},
        )


def test_the_changes_sheet_shows_who_changed_which_transaction_from_what_to_what(db, tmp_path):
    t = _changed_transaction(db)
    book = tmp_path / "kirja.xlsx"
    export_database(db, book)
    names = CalamineWorkbook.from_path(str(book)).sheet_names
    assert names.index("Muutokset") == names.index("Kirjaukset") + 1  # after the data sheets
    rows = _changes_sheet(book)
    assert rows[0] == HEADERS
    (update,) = [r for r in rows[1:] if r[5] == "muutettu"]
    assert update[1:] == [
        actor_of().label(),
        "Kirjaukset",
        t.id,
        "2022-0113",
        "muutettu",
        "Summa €",
        "1234.50",
        "1234.56",
    ]
    assert isinstance(update[0], datetime)
    assert abs((update[0] - datetime.now()).total_seconds()) < 4 * 3600  # Finnish time


def test_the_sheet_is_in_english_in_an_english_workbook(db, tmp_path):
    _changed_transaction(db)
    book = tmp_path / "book.xlsx"
    export_database(db, book, lang="en")
    rows = _changes_sheet(book, "Changes")
    assert rows[0][-3:] == ["Field", "Old value", "New value"]
    assert [
        rows[-1][2],
        rows[-1][5],
        *rows[-1][6:],
    ] == ["Transactions", "changed", "Amount €", "1234.50", "1234.56"]


def test_import_ignores_the_changes_sheet(db, tmp_path):
    _changed_transaction(db)
    book = tmp_path / "kirja.xlsx"
    export_database(db, book)
    report = import_file(db, book)
    assert report.ok and not report.warnings


def test_export_changes_since_leaves_out_older_changes(db, tmp_path):
    _changed_transaction(db)
    _backdate_first_entries(db, 1, "2023-05-01 09:00:00")  # the booking; the fix is today's
    book = tmp_path / "kirja.xlsx"
    result = run(*database_args(db.url), "export", str(book), "--changes-since", "2024-01-01")
    assert result.returncode == 0, result.stderr
    actions = {row[5] for row in _changes_sheet(book)[1:]}
    assert actions == {"muutettu"}


def test_history_prints_one_changed_field_per_line(db):
    t = _changed_transaction(db)
    result = run(*database_args(db.url), "history", "--kind", "transactions")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    update = [line for line in lines if "muutettu" in line]
    assert len(update) == 1
    assert "Kirjaus: 2022-0113" in update[0] and t.id in update[0]
    assert "amount: 1234.50 → 1234.56" in update[0]
    assert actor_of().label() in update[0]
    assert sum("lisätty" in line for line in lines) == 4  # day, category, amount, voucher


def test_history_since_a_day_leaves_out_what_came_before(db):
    _changed_transaction(db)
    _backdate_first_entries(db, 1, "2023-05-01 09:00:00")
    result = run(*database_args(db.url), "history", "--since", "2024-01-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout and "lisätty" not in result.stdout


def test_history_names_the_kinds_when_given_an_unknown_one(db):
    result = run(*database_args(db.url), "history", "--kind", "kirjaukset")
    assert result.returncode == 2
    assert "transactions" in result.stderr and "Traceback" not in result.stderr


def test_purge_asks_for_confirmation_then_removes_and_logs(db):
    _changed_transaction(db)
    _backdate_first_entries(db, 2, "2015-01-01 12:00:00")
    where = database_args(db.url)
    asked = run(*where, "history", "--purge")
    assert asked.returncode == 2 and "--purge --yes" in asked.stderr
    purged = run(*where, "history", "--purge", "--yes")
    assert purged.returncode == 0, purged.stderr
    assert "Poistettiin 2 yli 5 vuotta vanhaa historiamerkintää." in purged.stdout
    log = run(*where, "history").stdout
    assert "Muutoshistoria" in log and "historiaa poistettu" in log and "removed: – → 2" in log


def test_a_value_that_looks_like_a_formula_stays_text_in_every_row(db, tmp_path):
    with db.unit_of_work() as uow:
        category = uow.categories.all()[0]
    t = Transaction(date(2022, 3, 1), category.id, Decimal("10.00"), voucher="=SUM(A1)")
    save_transaction(db, t, None)
    book = tmp_path / "kirja.xlsx"
    export_database(db, book)
    wb = load_workbook(book)  # openpyxl reads every cell by its declared type
    rows = [[c.value for c in row] for row in wb["Muutokset"].iter_rows(min_row=2)]
    assert len(rows) == 4 and {row[4] for row in rows} == {"=SUM(A1)"}
    assert ["Tosite", None, "=SUM(A1)"] in [row[6:] for row in rows]
