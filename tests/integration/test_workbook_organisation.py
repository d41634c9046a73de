"""The Organisaatio / Organisation sheet: the organisation's settings travel in the workbook.

Exported always; imported into a database without organisation settings, or where the
user takes them; otherwise each setting that differs is reported and the database's kept.
Read back by python-calamine; the report header read back from the PDF with pypdf.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from domain.organisation import LegalForm, Organisation
from exports.workbook import Choices
from services.reports import write_annual
from services.settings import save_organisation
from services.workbook import export_database, import_file, preview_file
from storage.database import Database, open_database
from tests.databases import database_args, new_database_url
from tests.integration.pdf_text import read
from tests.integration.workbook_files import write_workbook

ROOT = Path(__file__).parents[2]
ORGANISATION = Organisation(
    name="Sosiaalialan osaamiskeskus Pikassos Oy",
    short_name="Pikassos",
    business_id="1572860-0",
    legal_form=LegalForm.ASSOCIATION,
    address="Kauppakatu 1, 33200 Tampere",
    areas=["Pirkanmaan hyvinvointialue", "Kanta-Hämeen hyvinvointialue"],
    board_seat_cap=7,
)
OTHER = Organisation(name="Toinen keskus ry", legal_form=LegalForm.OTHER, areas=["Pirkanmaa"])
HEADER = ["Asetus", "Arvo"]


def organisation_of(db: Database) -> Organisation:
    with db.unit_of_work() as uow:
        return uow.settings.organisation()


def settings_history(db: Database) -> list:
    with db.unit_of_work() as uow:
        return uow.history.of_record("settings", "organisation")


def sheet(path: Path, name: str = "Organisaatio") -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def exported(db: Database, folder: Path, lang: str = "fi", **kwargs) -> Path:
    path = folder / f"kirja-{lang}.xlsx"
    export_database(db, path, lang=lang, **kwargs)
    return path


def organisation_sheet(folder: Path, rows: list[list]) -> Path:
    return write_workbook(folder / "kasin.xlsx", {"Organisaatio": [HEADER, *rows]})


def test_the_export_has_an_organisation_sheet_that_a_second_reader_reads(db, tmp_path):
    save_organisation(db, ORGANISATION)

    path = exported(db, tmp_path)

    assert sheet(path) == [
        HEADER,
        ["Nimi", "Sosiaalialan osaamiskeskus Pikassos Oy"],
        ["Lyhyt nimi", "Pikassos"],
        ["Y-tunnus", "1572860-0"],
        ["Yhtiömuoto", "yhdistys"],
        ["Osoite", "Kauppakatu 1, 33200 Tampere"],
        ["Toiminta-alueet", "Pirkanmaan hyvinvointialue; Kanta-Hämeen hyvinvointialue"],
        ["Hallituksen jäseniä enintään", 7],
    ]
    names = CalamineWorkbook.from_path(str(path)).sheet_names
    assert names[-2:] == ["Organisaatio", "Tiedot"]


def test_an_english_export_names_the_settings_in_english(db, tmp_path):
    save_organisation(db, ORGANISATION)

    rows = sheet(exported(db, tmp_path, "en"), "Organisation")

    assert [row[0] for row in rows] == [
        "Setting",
        "Name",
        "Short name",
        "Business ID",
        "Legal form",
        "Address",
        "Areas served",
        "Board members at most",
    ]
    assert rows[4][1] == "association"


def test_a_years_workbook_has_the_organisation_sheet_too(db, tmp_path):
    save_organisation(db, ORGANISATION)

    rows = sheet(exported(db, tmp_path, year=2022))

    assert rows[1] == ["Nimi", "Sosiaalialan osaamiskeskus Pikassos Oy"]


def test_a_database_rebuilt_from_its_workbook_prints_the_same_report_header(db, empty_db, tmp_path):
    save_organisation(db, ORGANISATION)
    path = exported(db, tmp_path)

    report = import_file(empty_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert organisation_of(empty_db) == ORGANISATION
    when = datetime(2026, 12, 1, 12, 0)
    first = read(write_annual(db, 2025, tmp_path / "a.pdf", generated=when)).pages[0]
    second = read(write_annual(empty_db, 2025, tmp_path / "b.pdf", generated=when)).pages[0]
    assert "Sosiaalialan osaamiskeskus Pikassos Oy" in first
    assert "1572860-0" in first
    assert second == first


def test_taking_the_organisation_into_an_empty_database_is_a_settings_change_in_the_history(
    db, empty_db, tmp_path
):
    save_organisation(db, ORGANISATION)

    report = import_file(empty_db, exported(db, tmp_path))

    assert report.organisation is not None and report.organisation.new
    (entry,) = settings_history(empty_db)
    changed = {change.field: change.new for change in entry.changes}
    assert changed["name"] == "Sosiaalialan osaamiskeskus Pikassos Oy"
    assert changed["business_id"] == "1572860-0"


def test_an_english_workbook_brings_the_organisation_too(db, empty_db, tmp_path):
    save_organisation(db, ORGANISATION)

    report = import_file(empty_db, exported(db, tmp_path, "en"))

    assert report.ok, [str(e) for e in report.errors]
    assert organisation_of(empty_db) == ORGANISATION


def test_the_preview_of_a_workbook_with_other_settings_lists_each_difference(
    db, empty_db, tmp_path
):
    save_organisation(db, ORGANISATION)
    save_organisation(empty_db, OTHER)

    report = preview_file(empty_db, exported(db, tmp_path))

    assert report.organisation is not None and report.organisation.kept
    shown = [(d.column, d.database, d.workbook) for d in report.organisation.differences]
    assert shown == [
        ("Nimi", "Toinen keskus ry", "Sosiaalialan osaamiskeskus Pikassos Oy"),
        ("Lyhyt nimi", "", "Pikassos"),
        ("Y-tunnus", "", "1572860-0"),
        ("Yhtiömuoto", "muu", "yhdistys"),
        ("Osoite", "", "Kauppakatu 1, 33200 Tampere"),
        (
            "Toiminta-alueet",
            "Pirkanmaa",
            "Pirkanmaan hyvinvointialue; Kanta-Hämeen hyvinvointialue",
        ),
        ("Hallituksen jäseniä enintään", "", "7"),
    ]


def test_an_import_keeps_the_databases_other_settings_unless_taken(db, empty_db, tmp_path):
    save_organisation(db, ORGANISATION)
    save_organisation(empty_db, OTHER)
    history = len(settings_history(empty_db))

    report = import_file(empty_db, exported(db, tmp_path))

    assert report.ok and report.organisation is not None and not report.organisation.taken
    assert organisation_of(empty_db) == OTHER
    assert len(settings_history(empty_db)) == history


def test_an_import_that_takes_the_organisation_stores_the_workbooks_settings(
    db, empty_db, tmp_path
):
    save_organisation(db, ORGANISATION)
    save_organisation(empty_db, OTHER)

    report = import_file(empty_db, exported(db, tmp_path), choices=Choices(take_organisation=True))

    assert report.ok and report.organisation is not None and report.organisation.taken
    assert organisation_of(empty_db) == ORGANISATION
    assert settings_history(empty_db)[0].changes[0].new == "Sosiaalialan osaamiskeskus Pikassos Oy"


def test_reimporting_the_same_settings_changes_nothing(db, tmp_path):
    save_organisation(db, ORGANISATION)
    history = len(settings_history(db))

    report = import_file(db, exported(db, tmp_path), choices=Choices(take_organisation=True))

    assert report.organisation is not None and report.organisation.differences == ()
    assert len(settings_history(db)) == history


def test_a_workbook_of_a_database_without_settings_leaves_the_organisation_alone(
    db, empty_db, tmp_path
):
    save_organisation(empty_db, OTHER)

    report = import_file(empty_db, exported(db, tmp_path), choices=Choices(take_organisation=True))

    assert report.ok, [str(e) for e in report.errors]
    assert report.organisation is None
    assert organisation_of(empty_db) == OTHER


def test_a_setting_absent_from_the_sheet_stays_as_it_is(db, tmp_path):
    save_organisation(db, ORGANISATION)
    path = organisation_sheet(tmp_path, [["Lyhyt nimi", "PKS"]])

    report = import_file(db, path, choices=Choices(take_organisation=True))

    assert report.ok, [str(e) for e in report.errors]
    assert organisation_of(db).short_name == "PKS"
    assert organisation_of(db).name == ORGANISATION.name


def test_a_wrong_business_id_check_digit_names_the_sheet_row_and_column(empty_db, tmp_path):
    path = organisation_sheet(tmp_path, [["Nimi", "Keskus Oy"], ["Y-tunnus", "1572860-1"]])

    report = import_file(empty_db, path)

    assert [str(e) for e in report.errors] == [
        "Organisaatio, rivi 3, sarake Arvo: “1572860-1” ei ole kelvollinen Y-tunnus "
        "(muoto 1234567-8; tarkista myös tarkistusnumero)"
    ]
    assert organisation_of(empty_db) == Organisation()


def test_settings_without_a_name_are_refused_naming_the_missing_setting(empty_db, tmp_path):
    path = organisation_sheet(tmp_path, [["Osoite", "Kauppakatu 1"]])

    report = import_file(empty_db, path)

    assert [str(e) for e in report.errors] == [
        "Organisaatio, sarake Nimi: Nimi on pakollinen tieto"
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["Yhtiömuoto", "säätiö"], "“säätiö” ei ole mikään seuraavista: osakeyhtiö, yhdistys, muu"),
        (["Hallituksen jäseniä enintään", "seitsemän"], "“seitsemän” ei ole luku"),
        (
            ["Hallituksen jäseniä enintään", 120],
            "Hallituksen jäsenten enimmäismäärän on oltava 1–99",
        ),
    ],
)
def test_a_value_that_does_not_fit_its_setting_is_refused(empty_db, tmp_path, row, message):
    path = organisation_sheet(tmp_path, [["Nimi", "Keskus Oy"], row])

    report = import_file(empty_db, path)

    assert [str(e) for e in report.errors] == [f"Organisaatio, rivi 3, sarake Arvo: {message}"]


def test_a_setting_given_twice_is_refused_and_an_unknown_one_is_a_warning(empty_db, tmp_path):
    path = organisation_sheet(
        tmp_path, [["Nimi", "Keskus Oy"], ["Puhelin", "040 123"], ["nimi", "Toinen Oy"]]
    )

    report = import_file(empty_db, path)

    assert [str(e) for e in report.errors] == [
        "Organisaatio, rivi 4, sarake Asetus: sama asetus on myös rivillä 2"
    ]
    assert [str(w) for w in report.warnings] == [
        "Organisaatio, rivi 3, sarake Asetus: “Puhelin” ei ole taulukon asetus, ohitettiin"
    ]


def test_areas_are_read_separated_by_semicolons_or_one_per_line(empty_db, tmp_path):
    path = organisation_sheet(
        tmp_path, [["Nimi", "Keskus Oy"], ["Toiminta-alueet", "Pirkanmaa;\nKanta-Häme; ry\n"]]
    )

    import_file(empty_db, path)

    assert organisation_of(empty_db).areas == ["Pirkanmaa;", "Kanta-Häme; ry"]


def test_an_area_with_a_semicolon_survives_the_round_trip(db, empty_db, tmp_path):
    save_organisation(db, Organisation(name="Keskus Oy", areas=["A; B", "C"]))

    import_file(empty_db, exported(db, tmp_path))

    assert organisation_of(empty_db).areas == ["A; B", "C"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_line_prints_the_differences_and_takes_them_with_a_flag(db, tmp_path):
    save_organisation(db, ORGANISATION)
    path = exported(db, tmp_path)
    url = new_database_url(tmp_path / "toinen.sqlite")
    other = open_database(url)
    save_organisation(other, OTHER)
    other.close()

    kept = run(*database_args(url), "import", str(path))
    taken = run(*database_args(url), "import", str(path), "--take-organisation")

    assert kept.returncode == 0, kept.stderr
    assert "Nimi: Toinen keskus ry → Sosiaalialan osaamiskeskus Pikassos Oy" in kept.stdout
    assert "--take-organisation" in kept.stdout
    assert taken.returncode == 0, taken.stderr
    assert "Nimi: Toinen keskus ry → Sosiaalialan osaamiskeskus Pikassos Oy" in taken.stdout
    reopened = open_database(url)
    try:
        assert organisation_of(reopened) == ORGANISATION
    finally:
        reopened.close()


def test_a_formula_in_a_value_cell_is_refused(empty_db, tmp_path):
    path = write_workbook(
        tmp_path / "kaava.xlsx",
        {"Organisaatio": [HEADER, ["Nimi", '="Keskus"&" Oy"']]},
        formulas=True,
    )

    report = import_file(empty_db, path)

    assert len(report.errors) == 1
    assert str(report.errors[0]).startswith("Organisaatio, rivi 2, sarake Arvo: ")
    assert organisation_of(empty_db) == Organisation()


def test_a_sheet_without_its_header_row_is_refused_naming_the_columns(empty_db, tmp_path):
    path = write_workbook(tmp_path / "ilman.xlsx", {"Organisaatio": [["Nimi", "Keskus Oy"]]})

    report = import_file(empty_db, path)

    assert [str(e) for e in report.errors] == [
        "Organisaatio, rivi 1, sarake A: sarakkeen otsikon on oltava “Asetus”",
        "Organisaatio, rivi 1, sarake B: sarakkeen otsikon on oltava “Arvo”",
    ]


def test_the_organisation_sheet_in_both_languages_is_refused_naming_both(empty_db, tmp_path):
    path = write_workbook(
        tmp_path / "kaksi.xlsx",
        {
            "Organisaatio": [HEADER, ["Nimi", "Keskus Oy"]],
            "Organisation": [["Setting", "Value"], ["Name", "Centre Ltd"]],
        },
    )

    report = import_file(empty_db, path)

    assert [str(e) for e in report.errors] == [
        "Organisaatio: työkirjassa on sekä “Organisaatio” että “Organisation”, sama taulukko "
        "kahdella kielellä; säilytä niistä toinen ja poista toinen"
    ]
    assert organisation_of(empty_db) == Organisation()
