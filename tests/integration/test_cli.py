"""The commands of main.py, run as a person runs them."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from tests.databases import database_args, empty_url

ROOT = Path(__file__).parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_smoke_mode_prints_when_the_window_was_painted_and_filled_and_exits_0(db_path):
    result = run(*database_args(empty_url(db_path)), "--smoke")
    assert result.returncode == 0, result.stderr
    painted, populated = result.stdout.splitlines()
    assert painted.startswith("Ikkuna piirretty: ") and painted.endswith(" s käynnistyksestä")
    assert populated.startswith("Ensimmäinen välilehti täytetty: ")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the start time from /proc")
def test_the_smoke_clock_counts_from_the_process_start_not_from_main_py():
    late = subprocess.run(
        [
            sys.executable,
            "-c",
            "import time; time.sleep(0.5); import main; "
            "print(main.TOP_OF_MAIN - main.process_started())",
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert float(late.stdout) >= 0.45  # the half second before main.py is on the clock


def test_demo_export_and_import_into_another_database(tmp_path):
    first, second, book = tmp_path / "a.sqlite", tmp_path / "b.sqlite", tmp_path / "kirja.xlsx"
    first_db, second_db = database_args(empty_url(first)), database_args(empty_url(second))
    assert run(*first_db, "demo").returncode == 0
    exported = run(*first_db, "export", str(book))
    assert exported.returncode == 0, exported.stderr
    imported = run(*second_db, "import", str(book))
    assert imported.returncode == 0, imported.stderr
    assert "Henkilöstö: lisätty 15" in imported.stdout


def test_demo_refuses_a_database_that_has_records(db_path):
    where = database_args(empty_url(db_path))
    assert run(*where, "demo").returncode == 0
    again = run(*where, "demo")
    assert again.returncode == 1 and "tyhjään" in again.stderr


def test_importing_a_text_file_named_xlsx_names_the_file_and_exits_1(tmp_path):
    fake = tmp_path / "ei-excel.xlsx"
    fake.write_text("Sukunimi;Etunimi\nKantola;Marjo\n")
    result = run(*database_args(empty_url(tmp_path / "o.sqlite")), "import", str(fake))
    assert result.returncode == 1 and "ei-excel.xlsx" in result.stderr


@pytest.mark.sqlite_only("a file's folder")
def test_a_database_in_a_missing_folder_is_a_clear_message_and_exit_2(tmp_path):
    result = run("--db", str(tmp_path / "puuttuu" / "o.sqlite"), "export", str(tmp_path / "x.xlsx"))
    assert result.returncode == 2
    assert "puuttuu" in result.stderr and "Traceback" not in result.stderr


def test_export_with_a_year_writes_only_the_bookings_of_that_year_and_says_which_year(tmp_path):
    database, book, year = tmp_path / "demo.sqlite", tmp_path / "vuosi.xlsx", date.today().year
    where = database_args(empty_url(database))
    assert run(*where, "demo").returncode == 0
    exported = run(*where, "export", str(book), "--year", str(year))
    assert exported.returncode == 0, exported.stderr
    assert str(year) in exported.stdout and "vuosi.xlsx" in exported.stdout
    workbook = CalamineWorkbook.from_path(str(book))
    bookings = workbook.get_sheet_by_name("Kirjaukset").to_python()[1:]
    budget = workbook.get_sheet_by_name("Talousarvio").to_python()[1:]
    # The demo books last year and this year up to today (on 1 January nothing of this year
    # yet), and budgets both years: only this year's are left.
    assert {row[1].year for row in bookings} <= {year}
    assert {row[1] for row in budget} == {year}
