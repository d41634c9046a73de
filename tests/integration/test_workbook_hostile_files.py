"""Hostile workbooks (tests/integration/hostile_workbooks.py): each ends in one clear
message, without a traceback, with the database as it was and in bounded memory.

A file of a few kilobytes may claim a cell at XFD1048576 or a text of 100 MB; the import
refuses it before anything is read into memory. Nothing is dropped without a word either:
two language versions of one sheet, a workbook of none of Oske's sheets, a relationship
out of the package, a hidden sheet, an OpenDocument file and a title above the headers
each get their message.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from exports import xlsx_reader
from services.workbook import import_file
from storage.database import Database, open_database
from tests.databases import copy_of, database_args, new_database, new_database_url
from tests.integration import hostile_workbooks as hostile
from tests.integration.test_workbook_bad_files import fill_database, import_refused, unreadable

ROOT = Path(__file__).parents[2]
MEMORY_BOUND_MB = 500


@pytest.fixture(scope="module")
def filled_url(tmp_path_factory) -> str:
    """A database with a few records, so that "unchanged" means something; made once."""
    db = new_database(tmp_path_factory.mktemp("filled") / "oske.sqlite")
    try:
        fill_database(db)
    finally:
        db.close()
    return db.url


@pytest.fixture
def filled_db(filled_url: str, tmp_path: Path) -> Iterator[Database]:
    db = open_database(copy_of(filled_url, tmp_path / "oske.sqlite"))
    yield db
    db.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The folder of every hostile file, written once."""
    folder = tmp_path_factory.mktemp("hostile")
    for name in hostile.CORPUS:
        hostile.make(name, folder)
    return folder


def file_of(corpus: Path, name: str) -> Path:
    return corpus / hostile.CORPUS[name][1]


def only_error(db, path: Path) -> str:
    """The one error an import of ``path`` reports, as shown; the database unchanged."""
    report = import_refused(db, path)
    assert len(report.errors) == 1, [str(e) for e in report.errors]
    return str(report.errors[0])


# ----------------------------------------------------------------------------- far and wide


def test_one_cell_at_xfd1048576_is_refused_naming_the_sheet_and_the_cell(filled_db, corpus):
    shown = only_error(filled_db, file_of(corpus, "cell at XFD1048576"))
    assert shown.startswith("Kirjaukset: ") and "XFD1048576" in shown


def test_one_cell_at_xfd5000_is_refused_naming_the_cell_and_the_limit_of_columns(filled_db, corpus):
    shown = only_error(filled_db, file_of(corpus, "cell at XFD5000"))
    assert shown.startswith("Kirjaukset: ") and "XFD5000" in shown and "100" in shown


def test_a_dimension_claiming_the_whole_grid_is_refused_naming_it(filled_db, corpus):
    shown = only_error(filled_db, file_of(corpus, "dimension to XFD1048576"))
    assert shown.startswith("Kirjaukset: ") and "A1:XFD1048576" in shown


def test_a_sheet_of_101_columns_is_refused_naming_column_cw(filled_db, corpus):
    shown = only_error(filled_db, file_of(corpus, "101 columns"))
    assert shown.startswith("Kirjaukset: ") and "CW1" in shown


def test_101_cells_without_references_reach_column_cw_too(filled_db, corpus):
    shown = only_error(filled_db, file_of(corpus, "101 columns without references"))
    assert shown.startswith("Kirjaukset: ") and "CW" in shown


def test_a_cell_far_below_its_rows_number_is_refused(filled_db, tmp_path):
    late = '<row r="3"><c r="A900000"><v>1</v></c></row>'
    path = hostile.raw_xlsx(
        tmp_path / "alas.xlsx",
        [hostile.Sheet("Kirjaukset", [hostile.row(1, hostile.TRANSACTIONS), late])],
    )
    shown = only_error(filled_db, path)
    assert shown.startswith("Kirjaukset: ") and re.search(r"500[\s\u00a0]?000", shown)


def test_a_sheet_of_more_cells_than_the_limit_is_refused_naming_rows_and_columns(
    filled_db, tmp_path
):
    # 100 columns (allowed) down to row 60 000: six million cells in one dense range
    far = '<row r="60000"><c r="CV60000"><v>1</v></c></row>'
    path = hostile.raw_xlsx(
        tmp_path / "laaja.xlsx",
        [hostile.Sheet("Kirjaukset", [hostile.row(1, hostile.TRANSACTIONS), far])],
    )
    shown = only_error(filled_db, path)
    assert shown.startswith("Kirjaukset: ") and re.search(r"60[\s\u00a0]?000", shown)


def test_a_wide_cell_after_a_megabyte_of_ordinary_rows_is_found(filled_db, tmp_path):
    rows = [hostile.row(1, hostile.TRANSACTIONS)] + [
        hostile.row(n, ["5.3.2024", "Matkakulut", "1", "x" * 40]) for n in range(2, 20_002)
    ]
    rows.append('<row r="20002"><c r="CW20002"><v>1</v></c></row>')
    path = hostile.raw_xlsx(tmp_path / "myöhään.xlsx", [hostile.Sheet("Kirjaukset", rows)])
    shown = only_error(filled_db, path)
    assert "CW20002" in shown


def test_an_about_sheet_reaching_xfd5000_is_refused_before_its_export_time_is_read(
    filled_db, tmp_path
):
    about = hostile.Sheet("Tiedot", ['<row r="5000"><c r="XFD5000"><v>1</v></c></row>'])
    path = hostile.raw_xlsx(
        tmp_path / "tiedot.xlsx",
        [hostile.Sheet("Henkilöstö", [hostile.row(1, hostile.STAFF)]), about],
    )
    shown = only_error(filled_db, path)
    assert shown.startswith("Tiedot: ") and "XFD5000" in shown


def test_a_formula_after_megabytes_of_empty_formatted_rows_is_found_at_its_cell(
    filled_db, tmp_path
):
    empty = (f'<row r="{n}"><c r="A{n}" s="0"/><c r="B{n}" s="0"/></row>' for n in range(2, 60_000))
    formula = '<row r="60000"><c r="C60000"><f>1+1</f><v>2</v></c></row>'
    path = hostile.raw_xlsx(
        tmp_path / "kaava.xlsx",
        [hostile.Sheet("Kirjaukset", [hostile.row(1, hostile.TRANSACTIONS), *empty, formula])],
    )
    report = import_refused(filled_db, path)
    (message,) = [e.message for e in report.errors if e.column == "Summa €"]
    assert "kaava" in message and {e.row for e in report.errors} == {60000}


# ----------------------------------------------------------------------------- texts


def test_a_shared_strings_bomb_is_refused_before_it_is_read(filled_db, corpus):
    path = file_of(corpus, "shared-strings bomb")
    message = unreadable(filled_db, path)
    assert path.name in message and "sharedStrings.xml" in message


def test_a_shared_strings_part_packed_a_thousand_times_over_is_refused(filled_db, corpus):
    path = file_of(corpus, "shared-strings ratio bomb")
    message = unreadable(filled_db, path)
    assert path.name in message and "sharedStrings.xml" in message


def test_shared_strings_lying_about_their_size_are_refused_as_damaged(filled_db, corpus):
    path = file_of(corpus, "shared strings lying about their size")
    assert path.name in unreadable(filled_db, path)


def test_a_shared_string_of_40000_characters_is_refused_naming_excels_limit(filled_db, corpus):
    path = file_of(corpus, "shared string of 40 000 characters")
    message = unreadable(filled_db, path)
    assert path.name in message and re.search(r"32[\s\u00a0]?767", message)


def test_a_long_shared_string_copied_into_100000_cells_is_refused(filled_db, corpus):
    shown = only_error(filled_db, file_of(corpus, "shared string in 100 000 cells"))
    assert shown.startswith("Kirjaukset: ") and "128" in shown


def test_shared_strings_claiming_more_than_they_hold_are_refused_and_oske_lives_on(
    corpus, tmp_path
):
    """calamine made room for the 4 000 000 000 texts claimed, and the process ended."""
    done = run_import(tmp_path, file_of(corpus, "shared strings claiming 4 000 000 000"))
    assert done.returncode == 1, done.stderr
    assert "4\u00a0000\u00a0000\u00a0000" in done.stderr and "Traceback" not in done.stderr


def test_two_sheets_of_one_name_are_refused_naming_them(corpus, tmp_path):
    """The checks read the last sheet of a name, calamine the first: it reached XFD1048576."""
    done = run_import(tmp_path, file_of(corpus, "two sheets of one name"))
    assert done.returncode == 1, done.stderr
    assert "Kirjaukset" in done.stderr and "kaksi taulukkoa" in done.stderr


def test_an_error_value_is_refused_at_its_cell_not_read_as_empty(filled_db, corpus):
    shown = only_error(filled_db, file_of(corpus, "error value"))
    assert shown.startswith("Kirjaukset, rivi 2, sarake Selite: ") and "virhearvo" in shown


def test_a_sheet_that_unpacks_like_a_zip_bomb_is_refused_before_it_is_read(filled_db, corpus):
    shown = unreadable(filled_db, file_of(corpus, "sheet bomb"))
    assert "Kirjaukset" in shown and "purkautuu" in shown


def test_a_damaged_sheet_part_is_said_to_be_damaged(filled_db, corpus):
    shown = only_error(filled_db, file_of(corpus, "damaged sheet part"))
    assert shown.startswith("Kirjaukset: ") and "vioittunut" in shown


def _inline_sheet(path: Path, rows: int, text: str) -> Path:
    body = [hostile.row(1, hostile.TRANSACTIONS)] + [
        hostile.row(n, ["5.3.2024", "Matkakulut", "1", text]) for n in range(2, rows + 2)
    ]
    return hostile.raw_xlsx(path, [hostile.Sheet("Kirjaukset", body)])


def test_a_sheet_whose_xml_is_over_the_text_limit_but_its_texts_are_not_is_read(
    filled_db, tmp_path, monkeypatch
):
    monkeypatch.setattr(xlsx_reader, "MAX_SHEET_TEXT", 256 << 10)
    path = _inline_sheet(tmp_path / "lyhyet.xlsx", 2_000, "Juna")  # 500 kB of XML
    report = import_file(filled_db, path)
    assert report.ok, [str(e) for e in report.errors[:3]]
    assert report.counts["Kirjaukset"].added == 2_000


def test_a_sheet_whose_texts_are_over_the_limit_is_refused(filled_db, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_SHEET_TEXT", 256 << 10)
    path = _inline_sheet(tmp_path / "pitkät.xlsx", 500, "x" * 1_000)
    shown = only_error(filled_db, path)
    assert shown.startswith("Kirjaukset: ")


def test_a_cell_of_40000_characters_is_refused_at_its_cell_not_cut(filled_db, corpus):
    report = import_refused(filled_db, file_of(corpus, "cell of 40 000 characters"))
    (error,) = [e for e in report.errors if e.column == "Selite"]
    assert (error.sheet, error.row) == ("Kirjaukset", 2)
    assert re.search(r"40[\s\u00a0]?000", error.message)
    assert re.search(r"32[\s\u00a0]?767", error.message)


# ----------------------------------------------------------------------------- nothing dropped


def test_a_sheet_in_both_languages_is_an_error_naming_both(filled_db, corpus):
    shown = only_error(filled_db, file_of(corpus, "two languages"))
    assert "Kirjaukset" in shown and "Transactions" in shown


def test_a_workbook_of_none_of_oskes_sheets_is_refused_listing_the_sheets_it_could_have(
    filled_db, corpus
):
    path = file_of(corpus, "only Taul1")
    message = unreadable(filled_db, path)
    assert path.name in message
    assert "Henkilöstö" in message and "Kirjaukset" in message and "Transactions" in message


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("relationship outside the package", "../../etc/passwd"),
        ("relationship to a URL", "file:///etc/passwd"),
    ],
)
def test_a_sheet_pointing_outside_the_file_refuses_it_naming_the_sheet_and_target(
    filled_db, corpus, name, target
):
    path = file_of(corpus, name)
    message = unreadable(filled_db, path)
    assert path.name in message and "Kirjaukset" in message and target in message


def test_a_hidden_sheet_is_imported_with_a_warning_naming_it(filled_db, corpus):
    report = import_file(filled_db, file_of(corpus, "hidden sheet"))
    assert report.ok, [str(e) for e in report.errors]
    assert [w.sheet for w in report.warnings] == ["Kirjaukset"]
    assert report.counts["Kirjaukset"].added == 1 and report.counts["Henkilöstö"].added == 1


def test_an_ods_file_is_refused_asking_for_xlsx(filled_db, corpus):
    path = file_of(corpus, "ods")
    message = unreadable(filled_db, path)
    assert path.name in message and ".ods" in message.replace(path.name, "")
    assert ".xlsx" in message


def test_a_title_row_above_the_headers_names_the_row_the_headers_are_on(filled_db, corpus):
    report = import_refused(filled_db, file_of(corpus, "title row"))
    (error,) = report.errors
    assert (error.sheet, error.row) == ("Kirjaukset", 1)
    assert re.search(r"\b1\b", error.message) and re.search(r"\b3\b", error.message)


def test_a_sheet_without_any_known_header_still_names_its_missing_columns(filled_db, tmp_path):
    path = hostile.raw_xlsx(
        tmp_path / "outo.xlsx", [hostile.Sheet("Kirjaukset", [hostile.row(1, ["Jotain"])])]
    )
    report = import_refused(filled_db, path)
    assert {e.column for e in report.errors} == {"Päivämäärä", "Luokka", "Summa €"}


# ----------------------------------------------------------------------------- as a process


def test_every_hostile_file_is_read_in_less_than_500_mb(corpus, tmp_path):
    """The corpus imported in a process of its own, one file after another: its peak
    memory (as the worker reads its own, see hostile_import_worker) stays under the bound."""
    url = new_database_url(tmp_path / "oske.sqlite")
    files = [str(file_of(corpus, name)) for name in hostile.CORPUS]
    done = subprocess.run(
        [sys.executable, "-m", "tests.integration.hostile_import_worker", url, *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    peaks = [line.split(" ", 2) for line in done.stdout.splitlines() if line.startswith("peak")]
    assert len(peaks) == len(files)
    by_file = {name: int(kb) // 1024 for _peak, kb, name in peaks}
    assert max(by_file.values()) < MEMORY_BOUND_MB, by_file


def run_import(tmp_path: Path, path: Path) -> subprocess.CompletedProcess:
    where = database_args(new_database_url(tmp_path / "oske.sqlite"))
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *where, "import", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_command_line_refuses_a_workbook_of_no_known_sheet_with_exit_1_and_the_names(
    corpus, tmp_path
):
    done = run_import(tmp_path, file_of(corpus, "only Taul1"))
    assert done.returncode == 1
    assert "Henkilöstö" in done.stderr and "Traceback" not in done.stderr


def test_the_command_line_imports_a_hidden_sheet_and_prints_the_warning(corpus, tmp_path):
    done = run_import(tmp_path, file_of(corpus, "hidden sheet"))
    assert done.returncode == 0, done.stderr
    (warning,) = [line for line in done.stderr.splitlines() if "Kirjaukset" in line]
    assert "Traceback" not in done.stderr and warning


def test_the_command_line_says_one_error_in_the_singular(corpus, tmp_path):
    done = run_import(tmp_path, file_of(corpus, "error value"))
    assert done.returncode == 1
    assert "Mitään ei tuotu; työkirjassa on virhe:" in done.stderr
