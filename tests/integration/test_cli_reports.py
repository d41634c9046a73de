"""``main.py report board|annual`` run in-process as a person runs them: the exit code, the
message, the file, its language; and what a bad day, a missing year or an output folder
that does not exist give instead of a traceback."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

import main
from domain.finance import Transaction
from domain.organisation import Organisation
from domain.staff import StaffMember
from services.finance import save_transaction, set_budget
from tests.databases import database_args, new_database
from ui.app.preferences import store_language, stored_language

ORGANISATION = "Osaamiskeskus Pikassos Oy"


def text_of(path: Path) -> str:
    """The PDF's text as pypdf reads it, whitespace (no-break spaces too) as single spaces."""
    pages = [page.extract_text() for page in PdfReader(path).pages]
    return " ".join(" ".join(pages).replace("\u00a0", " ").split())


@pytest.fixture(autouse=True)
def finnish_preference():
    """The workstation's stored interface language is Finnish, whatever a test before left."""
    before = stored_language()
    store_language("fi")
    yield
    store_language(before)


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> str:
    """A database with an organisation, a budget and bookings in 2026 and staff in 2022."""
    path = tmp_path_factory.mktemp("cli") / "oske.sqlite"
    db = new_database(path)
    with db.unit_of_work() as uow:
        uow.settings.save_organisation(Organisation(name=ORGANISATION, business_id="1572860-0"))
        uow.staff.add(
            StaffMember("Kantola", "Marjo", "hallintoassistentti", start=date(2022, 4, 1))
        )
        uow.staff.add(StaffMember("Aho", "Pekka", "toimitusjohtaja", start=date(2010, 8, 1)))
        ids = {c.name: c.id for c in uow.categories.all()}
        uow.commit()
    set_budget(db, 2026, ids["Henkilöstökulut"], Decimal("730000.00"))
    save_transaction(
        db, Transaction(date(2026, 3, 1), ids["Henkilöstökulut"], Decimal("12345.67")), None
    )
    save_transaction(
        db, Transaction(date(2026, 2, 1), ids["Kuntarahoitus"], Decimal("50000.00")), None
    )
    db.close()
    return db.url


def run(capsys, *args: str) -> tuple[int, str, str]:
    """``main.main`` on the arguments: the exit code, stdout and stderr. argparse's usage
    errors end in SystemExit, which a shell sees as the exit code."""
    try:
        code = main.main(list(args))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


# ----------------------------------------------------------------------------- good reports


def test_a_board_report_is_written_and_its_file_named(capsys, database, tmp_path):
    out_file = tmp_path / "hallitus.pdf"
    code, out, err = run(
        capsys, *database_args(database), "report", "board", "--as-of", "2026-11-23", str(out_file)
    )
    assert (code, err) == (0, "")
    assert out.strip() == f"Raportti on tiedostossa {out_file}"
    assert out_file.read_bytes().startswith(b"%PDF-")


def test_the_board_report_is_in_finnish_by_default(capsys, database, tmp_path):
    out_file = tmp_path / "hallitus.pdf"
    run(capsys, *database_args(database), "report", "board", "--as-of", "2026-11-23", str(out_file))
    text = text_of(out_file)
    assert "Talousarvion toteutumavertailu 23.11.2026" in text
    assert "Henkilöstökulut 730 000,00 € 12 345,67 € 1,7 % 89,6 %" in text
    assert "Kuntarahoitus 50 000,00 € 100 % YHTEENSÄ 50 000,00 € 100 %" in text
    assert "Sivu 1/" in text and "Luotu " in text


def test_the_board_report_in_english_keeps_the_finnish_number_formats(capsys, database, tmp_path):
    out_file = tmp_path / "board.pdf"
    code, out, _err = run(
        capsys,
        *database_args(database),
        "report",
        "board",
        "--as-of",
        "23.11.2026",
        str(out_file),
        "--lang",
        "en",
    )
    assert code == 0 and out.strip() == f"The report is in {out_file}"
    text = text_of(out_file)
    assert "Budget versus actual 23.11.2026" in text
    assert "Personnel expenses 730 000,00 € 12 345,67 € 1,7 % 89,6 %" in text
    assert "Municipal funding 50 000,00 € 100 % TOTAL 50 000,00 € 100 %" in text
    assert "Page 1 of " in text and "Generated " in text
    assert "Talousarvion toteutumavertailu" not in text


def test_an_annual_report_is_written_in_finnish_by_default(capsys, database, tmp_path):
    out_file = tmp_path / "vuosi.pdf"
    code, out, err = run(
        capsys, *database_args(database), "report", "annual", "--year", "2022", str(out_file)
    )
    assert (code, err) == (0, "")
    assert out.strip() == f"Raportti on tiedostossa {out_file}"
    text = text_of(out_file)
    assert f"{ORGANISATION} Vuosikertomus 2022: taulukot" in text
    assert "Henkilöstöä oli vuoden alussa 1 ja vuoden lopussa 2." in text
    assert "Kantola Marjo, hallintoassistentti 1.4.2022 alkaen" in text


def test_an_annual_report_in_english(capsys, database, tmp_path):
    out_file = tmp_path / "annual.pdf"
    code, _out, _err = run(
        capsys,
        *database_args(database),
        "report",
        "annual",
        "--year",
        "2022",
        str(out_file),
        "--lang",
        "en",
    )
    assert code == 0
    text = text_of(out_file)
    assert "Annual report 2022: tables" in text
    assert "At the start of the year the staff numbered 1 and at the end of the year 2." in text
    assert "Kantola Marjo, hallintoassistentti from 1.4.2022" in text
    assert "Vuosikertomus" not in text


def test_an_annual_report_of_a_year_without_records_is_written_and_says_so(
    capsys, database, tmp_path
):
    out_file = tmp_path / "tyhja.pdf"
    code, _out, err = run(
        capsys, *database_args(database), "report", "annual", "--year", "1990", str(out_file)
    )
    assert (code, err) == (0, "")
    assert "Vuonna 1990 ei ollut henkilöstöä." in text_of(out_file)


# ----------------------------------------------------------------------------- mistakes


def test_a_day_that_does_not_exist_is_a_usage_error_that_names_the_problem(
    capsys, database, tmp_path
):
    out_file = tmp_path / "hallitus.pdf"
    code, out, err = run(
        capsys, *database_args(database), "report", "board", "--as-of", "31.11.2026", str(out_file)
    )
    assert code == 2 and out == ""
    assert "--as-of" in err and "31.11.2026" in err and "kuussa 11 on 30 päivää" in err
    assert "Traceback" not in err
    assert not out_file.exists()


def test_text_that_is_not_a_day_is_a_usage_error(capsys, database, tmp_path):
    code, _out, err = run(
        capsys,
        *database_args(database),
        "report",
        "board",
        "--as-of",
        "huomenna",
        str(tmp_path / "x.pdf"),
    )
    assert code == 2 and "huomenna" in err


def test_the_board_report_without_a_day_is_a_usage_error(capsys, database, tmp_path):
    code, _out, err = run(
        capsys, *database_args(database), "report", "board", str(tmp_path / "x.pdf")
    )
    assert code == 2 and "--as-of" in err


def test_the_annual_report_without_a_year_is_a_usage_error_that_names_the_year(
    capsys, database, tmp_path
):
    out_file = tmp_path / "vuosi.pdf"
    code, out, err = run(capsys, *database_args(database), "report", "annual", str(out_file))
    assert code == 2 and out == ""
    assert "--year" in err and "Traceback" not in err
    assert not out_file.exists()


def test_a_year_that_is_not_a_year_is_a_usage_error(capsys, database, tmp_path):
    code, _out, err = run(
        capsys,
        *database_args(database),
        "report",
        "annual",
        "--year",
        "22",
        str(tmp_path / "x.pdf"),
    )
    assert code == 2 and "ei ole vuosi väliltä 1900–2100" in err


def test_an_output_folder_that_does_not_exist_is_a_message_and_exit_1(capsys, database, tmp_path):
    out_file = tmp_path / "puuttuu" / "hallitus.pdf"
    code, out, err = run(
        capsys, *database_args(database), "report", "board", "--as-of", "2026-11-23", str(out_file)
    )
    assert code == 1 and out == ""
    assert err.startswith("Raporttia ei voitu kirjoittaa tiedostoon") and "Traceback" not in err
    assert not (tmp_path / "puuttuu").exists()


def test_an_output_path_under_a_file_is_a_message_and_exit_1(capsys, database, tmp_path):
    (tmp_path / "tiedosto").write_text("ei kansio")
    code, _out, err = run(
        capsys,
        *database_args(database),
        "report",
        "annual",
        "--year",
        "2022",
        str(tmp_path / "tiedosto" / "vuosi.pdf"),
    )
    assert code == 1 and err.startswith("Raporttia ei voitu kirjoittaa tiedostoon")
    assert [p.name for p in tmp_path.iterdir()] == ["tiedosto"]


def test_the_message_for_an_output_folder_that_does_not_exist_names_it(capsys, database, tmp_path):
    out_file = tmp_path / "puuttuu" / "hallitus.pdf"
    _code, _out, err = run(
        capsys, *database_args(database), "report", "board", "--as-of", "2026-11-23", str(out_file)
    )
    assert "puuttuu" in err
