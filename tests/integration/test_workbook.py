"""The workbook as a user meets it: export, import, round trips and error reports.

Real parts only: a SQLite file in ``tmp_path``, real .xlsx files written by openpyxl, and
exported workbooks read back with a second reader (python-calamine) as well as openpyxl.
The contract is docs/workbook.md.
"""

from __future__ import annotations

import gc
import sys
import uuid
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

# The project root is not on sys.path when pytest runs without a conftest that adds it
# (pyproject.toml sets no ``pythonpath``); these tests must not depend on a conftest.
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import openpyxl
from python_calamine import CalamineWorkbook

from domain import i18n
from domain.projects import OurRole, Project
from domain.staff import Employment, StaffMember, Trainee, TraineeKind
from exports.columns import CellError, Money, Number
from exports.workbook import WorkbookError
from services.workbook import export_database, import_file
from tests.databases import new_database
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
STAFF_EN = [
    "ID",
    "Last name",
    "First name",
    "Title",
    "Employment",
    "FTE %",
    "Start",
    "End",
    "Email",
    "Phone",
    "Notes",
]
TRAINEES_FI = [
    "Tunniste",
    "Sukunimi",
    "Etunimi",
    "Oppilaitos tai organisaatio",
    "Tyyppi",
    "Hanke",
    "Alkaen",
    "Päättyen",
    "Ohjaaja",
    "Lisätiedot",
]
TRAINEES_EN = [
    "ID",
    "Last name",
    "First name",
    "Institution",
    "Kind",
    "Project",
    "Start",
    "End",
    "Supervisor",
    "Notes",
]
DATA_SHEETS_FI = ("Henkilöstö", "Harjoittelijat")
STAFF_FIELDS = (
    "last_name",
    "first_name",
    "title",
    "employment",
    "fte_percent",
    "start",
    "end",
    "email",
    "phone",
    "notes",
)
TRAINEE_FIELDS = (
    "last_name",
    "first_name",
    "kind",
    "institution",
    "project_id",
    "start",
    "end",
    "supervisor_id",
    "notes",
)


# ----------------------------------------------------------------------------- helpers


def _open(path: Path):
    return new_database(path)


@pytest.fixture
def db(tmp_path):
    database = _open(tmp_path / "oske.sqlite")
    yield database
    database.close()


@pytest.fixture
def empty_db(tmp_path):
    database = _open(tmp_path / "other.sqlite")
    yield database
    database.close()


def add(db, *records) -> None:
    with db.unit_of_work() as uow:
        for r in records:
            r.tidy()
            (uow.staff if isinstance(r, StaffMember) else uow.trainees).add(r)
        uow.commit()


def staff_in(db) -> dict[str, tuple]:
    with db.unit_of_work() as uow:
        return {s.id: tuple(getattr(s, f) for f in STAFF_FIELDS) for s in uow.staff.all()}


def trainees_in(db) -> dict[str, tuple]:
    with db.unit_of_work() as uow:
        return {t.id: tuple(getattr(t, f) for f in TRAINEE_FIELDS) for t in uow.trainees.all()}


def calamine(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def calamine_sheet_names(path: Path) -> list[str]:
    return list(CalamineWorkbook.from_path(str(path)).sheet_names)


def where(report) -> set[tuple[str, int, str]]:
    return {(e.sheet, e.row, e.column) for e in report.errors}


MONNI = Project(
    "MONNI",
    "Monialainen nuorten palveluohjaus",
    OurRole.LEAD_IMPLEMENTER,
    date(2022, 1, 1),
    date(2024, 12, 31),
    id="5d0c1f7e-4c1b-4a53-9a62-0b0b8f1f0a11",
)


def sample_records() -> tuple[list[StaffMember], list[Trainee]]:
    anna = StaffMember(
        "Virtanen",
        "Anna",
        "projektipäällikkö",
        Employment.FIXED_TERM,
        Decimal("62.5"),
        date(2022, 4, 1),
        date(2023, 3, 31),
        email="anna.virtanen@example.fi",
        phone="+358 40 123 4567",
        notes="=SUM(A1)",
    )
    anna_again = StaffMember(
        "Virtanen",
        "Anna",
        "kehittämispäällikkö",
        Employment.PERMANENT,
        Decimal(100),
        date(2023, 4, 1),
        notes="-jatkuu toistaiseksi",
    )
    aijala = StaffMember("Äijälä", "Åke", "toimitusjohtaja")  # employed all along
    kantola = StaffMember(
        "Kantola",
        "Marjo",
        "hallintoassistentti",
        fte_percent=Decimal(80),
        start=date(2022, 4, 1),
        notes="@toimisto",
    )
    staff = [anna, anna_again, aijala, kantola]
    trainees = [
        Trainee(
            "Koski",
            "Oona",
            TraineeKind.THESIS,
            date(2023, 1, 9),
            date(2023, 6, 30),
            institution="Saimaan AMK",
            project_id=MONNI.id,
            supervisor_id=kantola.id,
        ),
        Trainee("Laine", "Eero", TraineeKind.WORK_TRIAL, date(2024, 2, 1), notes="+2 viikkoa"),
    ]
    return staff, trainees


def fill_staff(db) -> None:
    """The sample records, with the project a trainee belongs to."""
    staff, trainees = sample_records()
    add(db, *staff)
    add(db, Project(MONNI.code, MONNI.name, MONNI.our_role, MONNI.start, MONNI.end, id=MONNI.id))
    add(db, *trainees)


@pytest.fixture
def filled_db(db):
    fill_staff(db)
    return db


# ----------------------------------------------------------------------------- round trips


def test_two_exports_of_the_same_records_are_identical_cell_for_cell(filled_db, tmp_path):
    export_database(filled_db, tmp_path / "a.xlsx")
    export_database(filled_db, tmp_path / "b.xlsx")
    for sheet in DATA_SHEETS_FI:
        assert calamine(tmp_path / "a.xlsx", sheet) == calamine(tmp_path / "b.xlsx", sheet)


def test_a_supervisor_with_two_employment_periods_survives_the_round_trip(db, empty_db, tmp_path):
    # The natural key (Sukunimi, Etunimi, Alkaen) lets one person have several periods;
    # a trainee supervised by that person must still export and import again.
    earlier = StaffMember(
        "Virtanen", "Anna", "suunnittelija", start=date(2021, 1, 1), end=date(2022, 3, 31)
    )
    later = StaffMember("Virtanen", "Anna", "projektipäällikkö", start=date(2022, 4, 1))
    add(db, earlier, later)
    add(
        db,
        Trainee("Koski", "Oona", TraineeKind.INTERNSHIP, date(2023, 1, 9), supervisor_id=later.id),
    )
    path = tmp_path / "export.xlsx"
    export_database(db, path)

    report = import_file(empty_db, path)

    assert report.ok, [str(e) for e in report.errors]
    assert trainees_in(empty_db) == trainees_in(db)


# ----------------------------------------------------------------------------- export format


def test_export_writes_real_excel_dates(filled_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(filled_db, path)

    rows = calamine(path, "Henkilöstö")
    start, end = STAFF_FI.index("Alkaen"), STAFF_FI.index("Päättyen")
    anna = next(r for r in rows if r[STAFF_FI.index("Tehtävänimike")] == "projektipäällikkö")
    assert isinstance(anna[start], date) and anna[start] == date(2022, 4, 1)
    assert isinstance(anna[end], date) and anna[end] == date(2023, 3, 31)
    trainee = calamine(path, "Harjoittelijat")[1]
    assert isinstance(trainee[TRAINEES_FI.index("Alkaen")], date)

    ws = openpyxl.load_workbook(path)["Henkilöstö"]
    cell = ws.cell(row=rows.index(anna) + 1, column=start + 1)
    assert cell.is_date
    assert cell.number_format == "d.m.yyyy"


def test_export_writes_fte_percent_as_a_real_number(filled_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(filled_db, path)

    fte = STAFF_FI.index("Työaika-%")
    values = sorted(r[fte] for r in calamine(path, "Henkilöstö")[1:])
    assert all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
    assert values == [62.5, 80, 100, 100]


def test_export_writes_finnish_headers_and_sheet_names_by_default(filled_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(filled_db, path)

    assert calamine_sheet_names(path) == [
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
        "Muutokset",
        "Yhteenveto",
        "Organisaatio",
        "Tiedot",
    ]
    assert calamine(path, "Henkilöstö")[0] == STAFF_FI
    assert calamine(path, "Harjoittelijat")[0] == TRAINEES_FI


def test_export_with_lang_en_writes_english_headers_and_choices(filled_db, tmp_path):
    path = tmp_path / "export-en.xlsx"
    export_database(filled_db, path, lang="en")

    assert calamine_sheet_names(path) == [
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
        "Changes",
        "Summary",
        "Organisation",
        "About",
    ]
    staff = calamine(path, "Staff")
    assert staff[0] == STAFF_EN
    assert calamine(path, "Trainees")[0] == TRAINEES_EN
    employment = {r[STAFF_EN.index("Employment")] for r in staff[1:]}
    assert employment == {"permanent", "fixed-term"}


def test_export_freezes_the_header_row_and_sets_an_autofilter_over_the_data(filled_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(filled_db, path)

    wb = openpyxl.load_workbook(path)
    staff, trainees = wb["Henkilöstö"], wb["Harjoittelijat"]
    assert staff.freeze_panes == "A2"
    assert trainees.freeze_panes == "A2"
    assert staff.auto_filter.ref == "A1:K5"  # 11 columns, header + 4 people
    assert trainees.auto_filter.ref == "A1:J3"
    assert all(cell.font.bold for cell in staff[1])


def test_the_id_column_tunniste_comes_first_and_holds_each_records_uuid(filled_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(filled_db, path)

    rows = calamine(path, "Henkilöstö")
    assert rows[0][0] == "Tunniste"
    ids = [r[0] for r in rows[1:]]
    assert set(ids) == set(staff_in(filled_db))
    assert all(str(uuid.UUID(i)) == i for i in ids)


def test_export_orders_staff_by_last_name_first_name_and_start(filled_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(filled_db, path)

    rows = calamine(path, "Henkilöstö")[1:]
    names = [(r[1], r[2], r[6]) for r in rows]
    assert names == [
        ("Kantola", "Marjo", date(2022, 4, 1)),
        ("Virtanen", "Anna", date(2022, 4, 1)),
        ("Virtanen", "Anna", date(2023, 4, 1)),
        ("Äijälä", "Åke", ""),
    ]


def test_export_writes_the_supervisor_as_last_name_first_name(filled_db, tmp_path):
    path = tmp_path / "export.xlsx"
    export_database(filled_db, path)

    rows = calamine(path, "Harjoittelijat")
    koski = next(r for r in rows if r[1] == "Koski")
    assert koski[TRAINEES_FI.index("Ohjaaja")] == "Kantola Marjo"


@pytest.mark.parametrize(
    "text", ["=SUM(A1)", "+358 40 123 4567", "-jatkuu toistaiseksi", "@toimisto"]
)
def test_text_that_looks_like_a_formula_is_exported_as_text_and_round_trips(
    db, empty_db, tmp_path, text
):
    person = StaffMember("Testi", "Teppo", "tutkija", notes=text, phone=text)
    add(db, person)
    path = tmp_path / "export.xlsx"
    export_database(db, path)

    ws = openpyxl.load_workbook(path)["Henkilöstö"]
    for header in ("Lisätiedot", "Puhelin"):
        cell = ws.cell(row=2, column=STAFF_FI.index(header) + 1)
        assert cell.data_type == "s", header
        assert cell.value == text
    row = calamine(path, "Henkilöstö")[1]
    assert row[STAFF_FI.index("Lisätiedot")] == text

    assert import_file(empty_db, path).ok
    (stored,) = staff_in(empty_db).values()
    assert stored[STAFF_FIELDS.index("notes")] == text
    assert stored[STAFF_FIELDS.index("phone")] == text


# ----------------------------------------------------------------------------- import: what it accepts


def test_import_accepts_english_headers_in_any_order_and_any_case(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "staff": [
                [
                    "fte %",
                    "TITLE",
                    "First Name",
                    "LAST NAME",
                    "employment",
                    "start",
                    "End",
                    "notes",
                ],
                [
                    50,
                    "suunnittelija",
                    "Outi",
                    "Kulo",
                    "fixed-term",
                    "1.1.2022",
                    "2022-03-31",
                    "sijainen",
                ],
            ],
        },
    )

    report = import_file(db, path)

    assert report.ok, report.errors
    (record,) = staff_in(db).values()
    assert record == (
        "Kulo",
        "Outi",
        "suunnittelija",
        Employment.FIXED_TERM,
        Decimal(50),
        date(2022, 1, 1),
        date(2022, 3, 31),
        "",
        "",
        "sijainen",
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("määräaikainen", Employment.FIXED_TERM),
        ("Määräaikainen", Employment.FIXED_TERM),
        ("fixed-term", Employment.FIXED_TERM),
        ("VAKINAINEN", Employment.PERMANENT),
        ("permanent", Employment.PERMANENT),
    ],
)
def test_import_accepts_choices_in_either_language_and_any_case(db, tmp_path, written, expected):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Tehtävänimike", "Palvelussuhde"],
                ["Kulo", "Outi", "suunnittelija", written],
            ],
        },
    )

    assert import_file(db, path).ok
    (record,) = staff_in(db).values()
    assert record[STAFF_FIELDS.index("employment")] == expected


@pytest.mark.parametrize("written", ["1.4.2022", "01.04.2022", "2022-04-01", datetime(2022, 4, 1)])
def test_import_accepts_dates_as_excel_dates_or_as_finnish_or_iso_text(db, tmp_path, written):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Tehtävänimike", "Alkaen"],
                ["Kantola", "Marjo", "hallintoassistentti", written],
            ],
        },
    )

    assert import_file(db, path).ok
    (record,) = staff_in(db).values()
    assert record[STAFF_FIELDS.index("start")] == date(2022, 4, 1)


@pytest.mark.parametrize("written", ["62,5", "62.5", 62.5, "62,5 %"])
def test_import_accepts_fte_percent_as_a_number_or_finnish_text(db, tmp_path, written):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Tehtävänimike", "Työaika-%"],
                ["Kantola", "Marjo", "hallintoassistentti", written],
            ],
        },
    )

    assert import_file(db, path).ok
    (record,) = staff_in(db).values()
    assert record[STAFF_FIELDS.index("fte_percent")] == Decimal("62.5")


def test_optional_columns_left_out_take_their_defaults(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Tehtävänimike"],
                ["Kulo", "Outi", "toimistosihteeri"],
            ],
        },
    )

    assert import_file(db, path).ok
    (record,) = staff_in(db).values()
    assert record == (
        "Kulo",
        "Outi",
        "toimistosihteeri",
        Employment.PERMANENT,
        Decimal(100),
        None,
        None,
        "",
        "",
        "",
    )


def test_an_unknown_column_gives_a_warning_and_the_rows_are_still_imported(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Huone", "Tehtävänimike"],
                ["Kulo", "Outi", "B204", "toimistosihteeri"],
            ],
        },
    )

    report = import_file(db, path)

    assert report.ok
    assert [(w.sheet, w.row, w.column) for w in report.warnings] == [("Henkilöstö", 1, "Huone")]
    assert report.counts["Henkilöstö"].added == 1
    assert len(staff_in(db)) == 1


def test_an_unknown_sheet_gives_a_warning_and_the_known_sheets_are_imported(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Muistiinpanoja": [["mitä tahansa"]],
            "Henkilöstö": [["Sukunimi", "Etunimi", "Tehtävänimike"], ["Kulo", "Outi", "sihteeri"]],
        },
    )

    report = import_file(db, path)

    assert report.ok
    assert [w.sheet for w in report.warnings] == ["Muistiinpanoja"]
    assert len(staff_in(db)) == 1


def test_a_sheet_that_is_absent_leaves_its_records_untouched(filled_db, tmp_path):
    staff_before = staff_in(filled_db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Harjoittelijat": [
                ["Sukunimi", "Etunimi", "Tyyppi", "Alkaen"],
                ["Uusi", "Ulla", "harjoittelu", "1.9.2024"],
            ],
        },
    )

    assert import_file(filled_db, path).ok
    assert staff_in(filled_db) == staff_before
    assert len(trainees_in(filled_db)) == 3


def test_empty_rows_are_skipped_and_rows_after_them_are_still_imported(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Tehtävänimike"],
                ["Kulo", "Outi", "toimistosihteeri"],
                [None, None, None],
                ["   ", "", None],  # only blanks: empty as well
                ["Kantola", "Marjo", "hallintoassistentti"],
            ],
        },
    )

    report = import_file(db, path)

    assert report.ok, report.errors
    assert report.counts["Henkilöstö"].added == 2
    assert sorted(r[0] for r in staff_in(db).values()) == ["Kantola", "Kulo"]


def test_errors_after_empty_rows_name_the_row_number_as_excel_shows_it(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Tehtävänimike", "Alkaen"],
                ["Kulo", "Outi", "toimistosihteeri", None],
                [None, None, None, None],
                [None, None, None, None],
                ["Kantola", "Marjo", "hallintoassistentti", "31.11.2023"],
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Henkilöstö", 5, "Alkaen")}


# ----------------------------------------------------------------------------- import: matching


def test_a_row_without_id_matching_a_natural_key_updates_that_record(db, tmp_path):
    existing = StaffMember("Virtanen", "Anna", "suunnittelija", start=date(2022, 4, 1))
    add(db, existing)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Tehtävänimike", "Alkaen"],
                ["virtanen", "ANNA", "projektipäällikkö", "1.4.2022"],
            ],
        },
    )

    report = import_file(db, path)

    assert report.ok
    counts = report.counts["Henkilöstö"]
    assert (counts.added, counts.updated, counts.unchanged) == (0, 1, 0)
    staff = staff_in(db)
    assert list(staff) == [existing.id]
    assert staff[existing.id][STAFF_FIELDS.index("title")] == "projektipäällikkö"


def test_natural_key_matching_ignores_case_of_finnish_letters(db, tmp_path):
    existing = StaffMember("Äijälä", "Åke", "toimitusjohtaja")
    add(db, existing)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Tehtävänimike"],
                ["ÄIJÄLÄ", "åke", "hallituksen sihteeri"],
            ],
        },
    )

    report = import_file(db, path)

    assert report.ok
    assert report.counts["Henkilöstö"].updated == 1
    assert list(staff_in(db)) == [existing.id]


def test_a_row_with_a_different_start_is_a_new_employment_period(db, tmp_path):
    add(db, StaffMember("Virtanen", "Anna", "suunnittelija", start=date(2021, 1, 1)))
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Tehtävänimike", "Alkaen"],
                ["Virtanen", "Anna", "projektipäällikkö", "1.4.2022"],
            ],
        },
    )

    report = import_file(db, path)

    assert report.ok
    assert report.counts["Henkilöstö"].added == 1
    assert len(staff_in(db)) == 2


def test_a_row_with_an_unknown_id_is_inserted_with_exactly_that_id(db, tmp_path):
    new_id = "0b9e6f0e-3c1a-4a53-9d39-6c7f1e2a4b5c"
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Tunniste", "Sukunimi", "Etunimi", "Tehtävänimike"],
                [new_id, "Kulo", "Outi", "toimistosihteeri"],
            ],
        },
    )

    report = import_file(db, path)

    assert report.ok
    assert report.counts["Henkilöstö"].added == 1
    assert list(staff_in(db)) == [new_id]


def test_a_row_with_a_known_id_updates_that_record_even_when_the_name_changed(db, tmp_path):
    existing = StaffMember("Virtanen", "Anna", "suunnittelija", start=date(2022, 4, 1))
    add(db, existing)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Tunniste", "Sukunimi", "Etunimi", "Tehtävänimike", "Alkaen"],
                [existing.id, "Virtanen-Laine", "Anna", "suunnittelija", "1.4.2022"],
            ],
        },
    )

    report = import_file(db, path)

    assert report.ok
    assert report.counts["Henkilöstö"].updated == 1
    assert staff_in(db)[existing.id][0] == "Virtanen-Laine"


def test_an_update_leaves_fields_of_columns_absent_from_the_sheet_as_they_were(db, tmp_path):
    existing = StaffMember(
        "Kantola",
        "Marjo",
        "hallintoassistentti",
        start=date(2022, 4, 1),
        email="marjo.kantola@example.fi",
        notes="avainkortti 12",
    )
    add(db, existing)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Tunniste", "Sukunimi", "Etunimi", "Tehtävänimike"],
                [existing.id, "Kantola", "Marjo", "toimistopäällikkö"],
            ],
        },
    )

    assert import_file(db, path).ok
    record = staff_in(db)[existing.id]
    assert record[STAFF_FIELDS.index("title")] == "toimistopäällikkö"
    assert record[STAFF_FIELDS.index("email")] == "marjo.kantola@example.fi"
    assert record[STAFF_FIELDS.index("notes")] == "avainkortti 12"
    assert record[STAFF_FIELDS.index("start")] == date(2022, 4, 1)


# ----------------------------------------------------------------------------- import: references


def test_a_supervisor_defined_as_a_new_person_in_the_same_workbook_is_resolved(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            # the trainees sheet comes first in the file: the import must order the sheets
            "Harjoittelijat": [
                ["Sukunimi", "Etunimi", "Tyyppi", "Alkaen", "Ohjaaja"],
                ["Koski", "Oona", "opinnäytetyö", "9.1.2023", "Kantola  Marjo"],
            ],
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Tehtävänimike"],
                ["Kantola", "Marjo", "hallintoassistentti"],
            ],
        },
    )

    report = import_file(db, path)

    assert report.ok, report.errors
    (staff_id,) = staff_in(db)
    (trainee,) = trainees_in(db).values()
    assert trainee[TRAINEE_FIELDS.index("supervisor_id")] == staff_id


def test_a_supervisor_already_in_the_database_is_resolved_by_name(db, tmp_path):
    kantola = StaffMember("Kantola", "Marjo", "hallintoassistentti")
    add(db, kantola)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Trainees": [
                ["Last name", "First name", "Kind", "Start", "Supervisor"],
                ["Koski", "Oona", "thesis", "2023-01-09", "kantola marjo"],
            ],
        },
    )

    report = import_file(db, path)

    assert report.ok, report.errors
    (trainee,) = trainees_in(db).values()
    assert trainee[TRAINEE_FIELDS.index("supervisor_id")] == kantola.id
    assert trainee[TRAINEE_FIELDS.index("kind")] == TraineeKind.THESIS


def test_an_unknown_supervisor_is_an_error_on_that_row_and_column(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Tehtävänimike"],
                ["Kantola", "Marjo", "hallintoassistentti"],
            ],
            "Harjoittelijat": [
                ["Sukunimi", "Etunimi", "Tyyppi", "Alkaen", "Ohjaaja"],
                ["Koski", "Oona", "harjoittelu", "9.1.2023", "Kantola Marjo"],
                ["Laine", "Eero", "työkokeilu", "1.2.2024", "Bragge Kaisa"],
            ],
        },
    )

    report = import_file(db, path)

    assert not report.ok
    assert where(report) == {("Harjoittelijat", 3, "Ohjaaja")}
    assert "Bragge Kaisa" in report.errors[0].message
    assert staff_in(db) == {} and trainees_in(db) == {}


# ----------------------------------------------------------------------------- import: errors


def test_a_workbook_with_several_errors_lists_them_all_and_changes_nothing(db, tmp_path):
    existing = StaffMember("Virtanen", "Anna", "suunnittelija", start=date(2022, 4, 1))
    other = StaffMember("Kantola", "Marjo", "hallintoassistentti")
    add(db, existing, other)
    before = staff_in(db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                [
                    "Tunniste",
                    "Sukunimi",
                    "Etunimi",
                    "Tehtävänimike",
                    "Työaika-%",
                    "Alkaen",
                    "Päättyen",
                ],
                [existing.id, "Virtanen", "Anna", "JOHTAJA", 100, "1.4.2022", None],  # valid update
                ["", "Kulo", "Outi", "sihteeri", 100, "31.11.2023", None],
                ["", "Bragge", "Kaisa", "kehittäjä", "150", "1.1.2023", None],
                ["", "Laine", "Eero", "tutkija", 100, "1.1.2023", "ei päivä"],
                ["", None, "Sanna", "tutkija", 100, "1.1.2023", None],
                ["", "Koski", "Oona", "tutkija", 100, "1.6.2023", "31.5.2023"],
                ["", "Uusi", "Ulla", "tutkija", 100, "1.6.2023", None],  # valid insert
            ],
        },
    )

    report = import_file(db, path)

    assert not report.ok
    assert where(report) == {
        ("Henkilöstö", 3, "Alkaen"),
        ("Henkilöstö", 4, "Työaika-%"),
        ("Henkilöstö", 5, "Päättyen"),
        ("Henkilöstö", 6, "Sukunimi"),
        ("Henkilöstö", 7, "Päättyen"),
    }
    assert len(report.errors) == 5
    assert staff_in(db) == before  # nothing added, the valid update not kept either


def test_an_update_that_puts_the_end_before_the_start_is_reported_not_a_crash(db, tmp_path):
    existing = StaffMember("Virtanen", "Anna", "suunnittelija", start=date(2022, 4, 1))
    add(db, existing)
    before = staff_in(db)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Tunniste", "Sukunimi", "Etunimi", "Tehtävänimike", "Alkaen", "Päättyen"],
                [existing.id, "Virtanen", "Anna", "suunnittelija", "1.4.2022", "31.3.2022"],
                [None, "Kulo", "Outi", "sihteeri", None, None],  # any later row
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Henkilöstö", 2, "Päättyen")}
    assert staff_in(db) == before


def test_an_error_names_the_column_as_it_is_written_in_the_file(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Staff": [
                ["last name", "First name", "Title", "START"],
                ["Kulo", "Outi", "sihteeri", "31.11.2023"],
                [None, "Sanna", "tutkija", None],
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Staff", 2, "START"), ("Staff", 3, "last name")}


def test_an_error_reads_sheet_row_column_and_message_in_finnish(db, tmp_path):
    previous = i18n.current_language()
    i18n.set_language("fi")
    try:
        path = write_workbook(
            tmp_path / "in.xlsx",
            {
                "Henkilöstö": [
                    ["Sukunimi", "Etunimi", "Tehtävänimike", "Alkaen"],
                    ["Kulo", "Outi", "sihteeri", "31.11.2023"],
                ],
            },
        )
        report = import_file(db, path)
        (problem,) = report.errors
        text = str(problem)
    finally:
        i18n.set_language(previous)

    assert text.startswith("Henkilöstö, rivi 2, sarake Alkaen: ")
    assert "31.11.2023" in text


def test_a_missing_required_column_is_an_error_naming_the_sheet_and_column(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Alkaen"],
                ["Kulo", "Outi", "1.1.2022"],
                ["Kantola", "Marjo", "1.4.2022"],
            ],
        },
    )

    report = import_file(db, path)

    assert not report.ok
    assert [(e.sheet, e.column) for e in report.errors] == [("Henkilöstö", "Tehtävänimike")]
    assert staff_in(db) == {}


def test_a_missing_required_column_stops_the_other_sheets_too(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [["Sukunimi", "Etunimi", "Tehtävänimike"], ["Kulo", "Outi", "sihteeri"]],
            "Harjoittelijat": [["Sukunimi", "Etunimi", "Alkaen"], ["Koski", "Oona", "9.1.2023"]],
        },
    )

    report = import_file(db, path)

    assert [(e.sheet, e.column) for e in report.errors] == [("Harjoittelijat", "Tyyppi")]
    assert staff_in(db) == {} and trainees_in(db) == {}


def test_a_column_given_twice_is_an_error(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Tehtävänimike", "Title"],
                ["Kulo", "Outi", "sihteeri", "tutkija"],
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Henkilöstö", 1, "Title")}
    assert staff_in(db) == {}


def test_the_same_person_twice_without_ids_is_an_error_on_the_second_row(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Tehtävänimike", "Alkaen"],
                ["Kulo", "Outi", "sihteeri", "1.1.2022"],
                ["KULO", "outi", "tutkija", "2022-01-01"],
            ],
        },
    )

    report = import_file(db, path)

    assert [(e.sheet, e.row) for e in report.errors] == [("Henkilöstö", 3)]
    assert staff_in(db) == {}


def test_an_id_that_is_not_a_uuid_is_an_error_in_the_id_column(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Tunniste", "Sukunimi", "Etunimi", "Tehtävänimike"],
                ["henkilö-1", "Kulo", "Outi", "sihteeri"],
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Henkilöstö", 2, "Tunniste")}
    assert staff_in(db) == {}


def test_the_same_id_on_two_rows_is_an_error(db, tmp_path):
    same = str(uuid.uuid4())
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Tunniste", "Sukunimi", "Etunimi", "Tehtävänimike"],
                [same, "Kulo", "Outi", "sihteeri"],
                [same, "Kantola", "Marjo", "hallintoassistentti"],
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Henkilöstö", 3, "Tunniste")}
    assert staff_in(db) == {}


def test_an_invalid_email_is_an_error_in_the_email_column(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Henkilöstö": [
                ["Sukunimi", "Etunimi", "Tehtävänimike", "Sähköposti"],
                ["Kulo", "Outi", "sihteeri", "outi.kulo(at)example.fi"],
            ],
        },
    )

    report = import_file(db, path)

    assert where(report) == {("Henkilöstö", 2, "Sähköposti")}


def test_a_text_file_named_xlsx_is_refused_naming_the_file(filled_db, tmp_path):
    before = staff_in(filled_db), trainees_in(filled_db)
    path = tmp_path / "henkilöstö 2023.xlsx"
    path.write_text("Sukunimi;Etunimi;Tehtävänimike\nKulo;Outi;sihteeri\n", encoding="utf-8")

    with pytest.raises(WorkbookError) as caught:
        import_file(filled_db, path)

    assert "henkilöstö 2023.xlsx" in str(caught.value)
    assert (staff_in(filled_db), trainees_in(filled_db)) == before


def test_a_file_that_does_not_exist_is_refused_naming_the_file(db, tmp_path):
    with pytest.raises(WorkbookError) as caught:
        import_file(db, tmp_path / "puuttuva.xlsx")
    assert "puuttuva.xlsx" in str(caught.value)


# The refusal comes after every row has been serialised, so openpyxl's unfinished
# write-only sheets complain when they are garbage-collected (see the report).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_export_to_a_missing_folder_is_refused_and_writes_nothing(filled_db, tmp_path):
    with pytest.raises(WorkbookError) as caught:
        export_database(filled_db, tmp_path / "ei-ole" / "export.xlsx")
    gc.collect()
    assert "ei-ole" in str(caught.value)
    assert not (tmp_path / "ei-ole").exists()
    assert list(tmp_path.glob("*.xlsx")) == []


# ----------------------------------------------------------------------------- cell types


def test_a_money_float_artefact_is_taken_to_its_cent():
    assert Money().parse(9250.230000000001) == Decimal("9250.23")


def test_money_written_the_finnish_way_is_read_exactly():
    assert Money().parse("4 530,77 €") == Decimal("4530.77")
    assert Money().parse("4\u00a0530,77\u00a0€") == Decimal("4530.77")
    assert Money().parse("4530.77") == Decimal("4530.77")


def test_money_with_a_real_third_decimal_is_an_error():
    with pytest.raises(CellError):
        Money().parse(10.005)
    with pytest.raises(CellError):
        Money().parse("10,005")


def test_a_number_with_a_decimal_comma_is_read_exactly():
    assert Number(Decimal(1), Decimal(100)).parse("62,5") == Decimal("62.5")


def test_a_number_outside_its_range_is_an_error():
    with pytest.raises(CellError):
        Number(Decimal(1), Decimal(100)).parse("150")
    with pytest.raises(CellError):
        Number(Decimal(1), Decimal(100)).parse(0)


def test_a_missing_required_column_does_not_hide_the_errors_in_the_cells(db, tmp_path):
    path = write_workbook(
        tmp_path / "puuttuu.xlsx",
        {"Henkilöstö": [["Sukunimi", "Etunimi", "Alkaen"], ["Kantola", "Marjo", "ensi viikolla"]]},
    )

    report = import_file(db, path)

    assert where(report) == {
        ("Henkilöstö", 1, "Tehtävänimike"),
        ("Henkilöstö", 2, "Alkaen"),
    }
    assert staff_in(db) == {}


def test_a_trainee_whose_project_code_is_unknown_is_refused(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Harjoittelijat": [
                ["Sukunimi", "Etunimi", "Tyyppi", "Hanke", "Alkaen"],
                ["Koski", "Oona", "opinnäytetyö", "XYZ", "9.1.2023"],
            ]
        },
    )
    report = import_file(db, path)
    assert where(report) == {("Harjoittelijat", 2, "Hanke")}
    assert report.errors[0].message == "millään hankkeella ei ole lyhennettä “XYZ”"
    assert trainees_in(db) == {}


def test_a_trainee_refers_to_a_project_of_the_same_workbook_by_its_code_in_any_case(db, tmp_path):
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Harjoittelijat": [
                ["Sukunimi", "Etunimi", "Tyyppi", "Hanke", "Alkaen"],
                ["Koski", "Oona", "opinnäytetyö", "tullas", "9.1.2023"],
            ],
            "Hankkeet": [
                ["Lyhenne", "Nimi", "Rooli"],
                ["TulLas", "Tulevaisuuden lastensuojelu", "hallinnoija"],
            ],
        },
    )
    report = import_file(db, path)
    assert report.ok, [str(e) for e in report.errors]
    with db.unit_of_work() as uow:
        trainee = uow.trainees.all()[0]
        assert uow.projects.get(trainee.project_id).code == "TulLas"
