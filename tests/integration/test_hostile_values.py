"""Hostile values in workbooks and in old databases (issue 20, items 3, 4, 5 and 7): control
characters, disguised identity codes, numbers at the edges, dates outside 1900–2100.

Each ends in a message naming the sheet, row and column, with nothing stored and no
exception; and an export never fails on what an older version stored. Real parts: a
database (SQLite or PostgreSQL), workbooks built with openpyxl (a hostile number patched
into the sheet's XML, where openpyxl would not write it), and exports read back with
python-calamine, as the import reads them. Text stored "below the domain" goes in by SQL.
"""

from __future__ import annotations

import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import text

from domain.caselog import Guardian
from domain.i18n import set_language
from domain.staff import StaffMember
from services.caselog import save_guardian
from services.staff import save_staff_member
from services.workbook import export_database, import_file
from tests.integration.workbook_files import write_workbook

STAFF_FI = [
    "Tunniste",
    "Sukunimi",
    "Etunimi",
    "Tehtävänimike",
    "Palvelussuhde",
    "Työaika-%",
    "Alkaen",
    "Päättyen",
    "Sähköposti",
    "Puhelin",
    "Lisätiedot",
]
BUDGET_FI = ["Tunniste", "Vuosi", "Luokka", "Summa €"]
TRANSACTIONS_FI = [
    "Tunniste",
    "Päivämäärä",
    "Luokka",
    "Summa €",
    "Selite",
    "Hanke",
    "Asiakas",
    "Työpäivät",
    "Tosite",
]
REQUESTS_FI = [
    "Tunniste",
    "Päivämäärä",
    "Pyytäjä",
    "Asia",
    "Alue",
    "Viite",
    "Edunvalvoja",
    "Tila",
    "Päättynyt",
]
EVENTS_FI = [
    "Tunniste",
    "Päivämäärä",
    "Asiamies",
    "Alue",
    "Kunta",
    "Sektori",
    "Palvelutehtävä",
    "Luonne",
    "Syy",
    "Yhteydenottaja",
    "Yhteystapa",
    "Toimenpide",
    "Palveluntuottaja",
    "Kieli",
    "Aika (min)",
    "Kuvaus",
]
TRAVEL = "Matkakulut"
CODE = "131052-308T"


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("fi")


def staff_row(notes=None, *, title="koordinaattori", fte=100, start="1.1.2024", last="Virta"):
    return [None, last, "Anna", title, "vakinainen", fte, start, None, None, None, notes]


def where(report) -> list[tuple[str, int, str]]:
    return [(e.sheet, e.row, e.column) for e in report.errors]


def cells(path: Path, sheet: str) -> list[list]:
    """A sheet as the import reads it (python-calamine decodes Excel's _xHHHH_ escapes)."""
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def patched(path: Path, replacements: dict[str, str]) -> Path:
    """``path`` with texts of its sheets' XML replaced: a number openpyxl will not write
    (``<v>NaN</v>``) put where a placeholder number was."""
    out = path.with_name("patched-" + path.name)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                xml = data.decode()
                for old, new in replacements.items():
                    xml = xml.replace(old, new)
                data = xml.encode()
            target.writestr(item, data)
    return out


def stored_staff(db) -> list[tuple]:
    with db.unit_of_work() as uow:
        return sorted((s.last_name, s.title, s.start, s.notes) for s in uow.staff.all())


def set_by_sql(db, table: str, record_id: str, **values) -> None:
    """Store values as an older version could have: below the domain's checks."""
    assignments = ", ".join(f"{name} = :{name}" for name in values)
    with db.engine.begin() as conn:
        conn.execute(
            text(f"UPDATE {table} SET {assignments} WHERE id = :id"), values | {"id": record_id}
        )


# --------------------------------------------------------------------------- control characters


def test_an_old_database_with_control_characters_exports_them_as_excel_holds_them(db, tmp_path):
    member = save_staff_member(db, StaffMember("Virta", "Anna", "koordinaattori"), None)
    guardian = save_guardian(db, Guardian("Nieminen", "Eeva"), None)
    set_by_sql(db, "staff", member.id, notes="eka\x01toka", title="rivi\x0brivi")
    set_by_sql(db, "guardians", guardian.id, notes="ESC on _x001B_, ei merkki\x1b")
    path = tmp_path / "out.xlsx"

    export_database(db, path)

    staff = cells(path, "Henkilöstö")
    assert staff[1][3] == "rivi\nrivi"  # the vertical tab is written as the line break meant
    assert staff[1][10] == "eka\x01toka"  # kept, the way Excel writes it
    assert cells(path, "Edunvalvojat")[1][8] == "ESC on _x001B_, ei merkki\x1b"


def test_reimporting_such_an_export_names_each_cell_and_changes_nothing(db, tmp_path):
    member = save_staff_member(db, StaffMember("Virta", "Anna", "koordinaattori"), None)
    set_by_sql(db, "staff", member.id, notes="eka\x01toka")
    guardian = save_guardian(db, Guardian("Nieminen", "Eeva"), None)
    set_by_sql(db, "guardians", guardian.id, notes="ESC on _x001B_")
    path = tmp_path / "out.xlsx"
    export_database(db, path)
    before = stored_staff(db)

    report = import_file(db, path)

    assert where(report) == [("Henkilöstö", 2, "Lisätiedot"), ("Edunvalvojat", 2, "Lisätiedot")]
    assert "control character (U+0001)" in report.errors[0].message
    assert "_x001B_" in report.errors[1].message
    assert stored_staff(db) == before


def test_a_workbook_with_control_characters_is_refused_cell_by_cell(db, tmp_path):
    # Excel writes a control character in a cell as _xHHHH_; a literal "_x001B_" as
    # _x005F_x001B_. openpyxl writes what it is given, so these are the hostile cells.
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                STAFF_FI,
                staff_row("hyvä rivi", last="Aalto"),
                staff_row("a_x0001_b", last="Berg"),
                staff_row(None, title="_x005F_x001B_", last="Carlsson"),
                staff_row("ESC_x001B_", last="Dahl"),
            ]
        },
    )

    report = import_file(db, path)

    assert where(report) == [
        ("Henkilöstö", 3, "Lisätiedot"),
        ("Henkilöstö", 4, "Tehtävänimike"),
        ("Henkilöstö", 5, "Lisätiedot"),
    ]
    assert stored_staff(db) == []


def test_a_vertical_tab_in_a_workbook_is_imported_as_a_line_break(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx", {"Henkilöstö": [STAFF_FI, staff_row("eka_x000B_toka")]}
    )

    report = import_file(db, path)

    assert report.errors == []
    assert stored_staff(db)[0][3] == "eka\ntoka"


# --------------------------------------------------------------------------- identity codes

DISGUISED = [
    "131052 308T",
    "131052 - 308T",
    "131052\u2013308T",
    "131052\u2010308T",
    "131052\u2212308T",
    "131\u200b052-308T",
    "131052\u00ad-308T",
    "131052-\u2060308T",
    "１３１０５２－３０８Ｔ",
    "131052-\n308T",
    "1310\n52-308T",
    "131052\u00a0-\u00a0308T",
    "hetu131052-308T",
    "hetu131052-308Tkysyi",
    "131052-308t",
    "131052308T",
    "(131052-308T)",
]


def test_seventeen_disguised_codes_in_references_are_each_refused(db, tmp_path):
    rows = [[None, "1.2.2024", "poliisi", "rikosasia", None, code] for code in DISGUISED]
    path = write_workbook(tmp_path / "in.xlsx", {"Edunvalvontapyynnöt": [REQUESTS_FI, *rows]})

    report = import_file(db, path)

    assert where(report) == [("Edunvalvontapyynnöt", n, "Viite") for n in range(2, 19)]
    assert not any("131052" in e.message or "308" in e.message for e in report.errors)
    with db.unit_of_work() as uow:
        assert uow.guardian_requests.all() == []


def test_a_code_in_an_area_or_a_municipality_is_refused(db, tmp_path):
    def event(area, municipality):
        return [None, "1.2.2024", None, area, municipality, "sosiaalihuolto"]

    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Asiatapahtumat": [
                EVENTS_FI,
                event("Eksote 131052\u2013308T", "Lappeenranta"),
                event("Eksote", "Lappeenranta 131052 308T"),
            ],
            "Edunvalvontapyynnöt": [
                REQUESTS_FI,
                [None, "1.2.2024", "poliisi", "rikosasia", "hetu131052-308T"],
            ],
        },
    )

    report = import_file(db, path)

    assert set(where(report)) == {
        ("Asiatapahtumat", 2, "Alue"),
        ("Asiatapahtumat", 3, "Kunta"),
        ("Edunvalvontapyynnöt", 2, "Alue"),
    }


# --------------------------------------------------------------------------- numbers at the edges

NAN, INF = 123456.25, 654321.25  # placeholders patched into <v>NaN</v> and <v>INF</v>
EDGE_CELLS = [1e308, 1e30, "NaN", "INF", "-INF", 10**17, NAN, INF]
NUMBER_PATCH = {"<v>123456.25</v>": "<v>NaN</v>", "<v>654321.25</v>": "<v>INF</v>"}


def test_edge_numbers_in_amounts_and_work_days_are_refused_cell_by_cell(db, tmp_path):
    amounts = [[None, "2.1.2025", TRAVEL, v, "matka"] for v in EDGE_CELLS]
    days = [[None, "2.1.2025", TRAVEL, 10, "matka", None, None, v] for v in EDGE_CELLS]
    path = patched(
        write_workbook(tmp_path / "in.xlsx", {"Kirjaukset": [TRANSACTIONS_FI, *amounts, *days]}),
        NUMBER_PATCH,
    )

    report = import_file(db, path)

    n = len(EDGE_CELLS)
    assert where(report) == [("Kirjaukset", r, "Summa €") for r in range(2, n + 2)] + [
        ("Kirjaukset", r, "Työpäivät") for r in range(n + 2, 2 * n + 2)
    ]
    with db.unit_of_work() as uow:
        assert uow.transactions.all() == []


def test_an_amount_above_the_limit_says_the_limit(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {"Kirjaukset": [TRANSACTIONS_FI, [None, "2.1.2025", TRAVEL, 10**13, "matka"]]},
    )

    report = import_file(db, path)

    assert where(report) == [("Kirjaukset", 2, "Summa €")]
    assert "999\xa0999\xa0999\xa0999,99" in report.errors[0].message


def test_edge_numbers_in_fte_are_refused_cell_by_cell(db, tmp_path):
    rows = [staff_row(fte=v, last=f"Virta{i}") for i, v in enumerate(EDGE_CELLS)]
    path = patched(
        write_workbook(tmp_path / "in.xlsx", {"Henkilöstö": [STAFF_FI, *rows]}), NUMBER_PATCH
    )

    report = import_file(db, path)

    assert where(report) == [("Henkilöstö", r, "Työaika-%") for r in range(2, len(EDGE_CELLS) + 2)]
    assert stored_staff(db) == []


@pytest.mark.parametrize("year", [10**20, 10**10, 1899, 2101])
def test_a_budget_year_out_of_range_is_refused(db, tmp_path, year):
    path = write_workbook(
        tmp_path / "in.xlsx", {"Talousarvio": [BUDGET_FI, [None, year, TRAVEL, 1000]]}
    )

    report = import_file(db, path)

    assert where(report) == [("Talousarvio", 2, "Vuosi")]
    with db.unit_of_work() as uow:
        assert uow.budget.all() == []


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize("cell", ["1.1.0099", "31.12.1899", "0099-01-01", date(2101, 1, 1)])
def test_a_date_outside_1900_2100_is_refused_saying_the_range(db, tmp_path, cell):
    path = write_workbook(tmp_path / "in.xlsx", {"Henkilöstö": [STAFF_FI, staff_row(start=cell)]})

    report = import_file(db, path)

    assert where(report) == [("Henkilöstö", 2, "Alkaen")]
    assert "dates from 1.1.1900 to 31.12.2100" in report.errors[0].message
    assert stored_staff(db) == []


@pytest.mark.parametrize("stored", [date(99, 1, 1), date(1899, 12, 31), date(2200, 6, 1)])
def test_an_old_database_with_a_date_out_of_range_exports_and_is_refused_clearly(
    db, tmp_path, stored
):
    member = save_staff_member(db, StaffMember("Virta", "Anna", "koordinaattori"), None)
    set_by_sql(db, "staff", member.id, start=stored)
    path = tmp_path / "out.xlsx"
    export_database(db, path)
    before = stored_staff(db)

    report = import_file(db, path)

    assert where(report) == [("Henkilöstö", 2, "Alkaen")]
    assert "dates from 1.1.1900 to 31.12.2100" in report.errors[0].message
    assert stored_staff(db) == before


def test_the_first_and_last_dates_go_round_trip(db, tmp_path):
    first = save_staff_member(
        db, StaffMember("Aalto", "A", "x", start=date(1900, 1, 1), end=date(2100, 12, 31)), None
    )
    path = tmp_path / "out.xlsx"
    export_database(db, path)

    report = import_file(db, path)

    assert report.errors == []
    with db.unit_of_work() as uow:
        kept = uow.staff.get(first.id)
    assert (kept.start, kept.end) == (date(1900, 1, 1), date(2100, 12, 31))


def test_decimal_fte_is_still_read(db, tmp_path):
    path = write_workbook(tmp_path / "in.xlsx", {"Henkilöstö": [STAFF_FI, staff_row(fte=62.5)]})

    assert import_file(db, path).errors == []
    with db.unit_of_work() as uow:
        assert uow.staff.all()[0].fte_percent == Decimal("62.5")
