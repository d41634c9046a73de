"""A year's workbook (``export --year 2022``) as an auditor meets it: the records of that year.

Real parts only: a SQLite file with records entered through the services, on both sides of
the turn of the year; the 2022 workbook is exported once for the module and read back with
python-calamine, as a second reader. What belongs to a year is described in
services/workbook_year.py; the format is docs/workbook.md.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from python_calamine import CalamineWorkbook

from domain.board import BoardRole, BoardSeat, BoardTerm, Meeting, MeetingKind
from domain.caselog import CaseEvent, Guardian, GuardianRequest, Matter, ReferenceKind, Sector
from domain.finance import Transaction
from domain.projects import (
    FundingLine,
    OurRole,
    PartnerRole,
    Project,
    ProjectAssignment,
    ProjectPartner,
)
from domain.staff import StaffMember, Trainee, TraineeKind
from services.board import save_meeting, save_seat, save_term
from services.caselog import save_case_event, save_guardian, save_request
from services.finance import save_transaction, set_budget
from services.projects import save_assignment, save_funding, save_partner, save_project
from services.workbook import export_database, import_file
from storage.database import open_database
from tests.databases import new_database

YEAR = 2022
# The turn of the year on both sides: only the middle two belong to 2022
LAST_OF_2021, FIRST_OF_2022, LAST_OF_2022, FIRST_OF_2023 = (
    date(2021, 12, 31),
    date(2022, 1, 1),
    date(2022, 12, 31),
    date(2023, 1, 1),
)
TURN_OF_THE_YEAR = (LAST_OF_2021, FIRST_OF_2022, LAST_OF_2022, FIRST_OF_2023)
IN_2022 = {FIRST_OF_2022, LAST_OF_2022}


# ----------------------------------------------------------------------------- the records


def build(db) -> SimpleNamespace:
    """Records of 2021–2023 in ``db``; returns them by what the tests call them."""
    r = SimpleNamespace()
    r.two_years = StaffMember(
        "Kaksivuotinen", "Kaisa", "koordinaattori", start=date(2021, 3, 1), end=date(2022, 6, 30)
    )
    r.left = StaffMember(
        "Lähtenyt", "Lauri", "suunnittelija", start=date(2019, 1, 1), end=LAST_OF_2021
    )
    r.starting = StaffMember("Aloittava", "Aino", "suunnittelija", start=FIRST_OF_2023)
    r.undated = StaffMember("Ajaton", "Arto", "toimitusjohtaja")
    r.former_ombudsman = StaffMember(
        "Entinen", "Eila", "sosiaaliasiamies", start=date(2015, 1, 1), end=date(2020, 12, 31)
    )
    r.trainees = {
        "2021–2022": Trainee(
            "Harjoittelija",
            "Hanna",
            TraineeKind.INTERNSHIP,
            date(2021, 9, 1),
            date(2022, 2, 28),
            supervisor_id=r.two_years.id,
        ),
        "left 31.12.2021": Trainee(
            "Opiskelija", "Olli", TraineeKind.THESIS, date(2021, 6, 1), LAST_OF_2021
        ),
        "starting 1.1.2023": Trainee("Kokeilija", "Kalle", TraineeKind.WORK_TRIAL, FIRST_OF_2023),
        "2022 and still": Trainee(
            "Jatkaja", "Jenni", TraineeKind.PROJECT_STUDIES, date(2022, 9, 1)
        ),
    }
    with db.unit_of_work() as uow:
        for person in (r.two_years, r.left, r.starting, r.undated, r.former_ombudsman):
            uow.staff.add(person)
        for trainee in r.trainees.values():
            uow.trainees.add(trainee)
        uow.commit()

    r.term_2021, _ = save_term(db, BoardTerm(date(2021, 1, 1), LAST_OF_2022))
    r.term_2023, _ = save_term(db, BoardTerm(FIRST_OF_2023))
    r.seats_2021 = [
        BoardSeat(r.term_2021.id, BoardRole.CHAIR, "Puheenjohtaja", "Pirjo"),
        BoardSeat(r.term_2021.id, BoardRole.MEMBER, "Jäsen", "Jussi"),
    ]
    r.seats_2023 = [BoardSeat(r.term_2023.id, BoardRole.CHAIR, "Uusi", "Ulla")]
    for seat in (*r.seats_2021, *r.seats_2023):
        save_seat(db, seat, None)
    r.meetings = {day: Meeting(day, MeetingKind.BOARD) for day in TURN_OF_THE_YEAR}
    for meeting in r.meetings.values():
        save_meeting(db, meeting, None)

    r.running = Project(
        "VANHA", "Vuodesta 2020", OurRole.LEAD_IMPLEMENTER, date(2020, 1, 1), date(2022, 3, 31)
    )
    r.coming = Project(
        "TULEVA", "Vuodesta 2023", OurRole.CO_IMPLEMENTER, FIRST_OF_2023, date(2024, 12, 31)
    )
    r.open = Project("AVOIN", "Ilman päivämääriä", OurRole.EXPERT_SERVICE)
    r.ended = Project(
        "PÄÄTTYNYT", "Päättyi 2021", OurRole.ADMINISTRATOR, date(2019, 1, 1), LAST_OF_2021
    )
    for project in (r.running, r.coming, r.open, r.ended):
        save_project(db, project, None)
    r.partners = {
        p.code: ProjectPartner(p.id, f"{p.code} Oy", PartnerRole.CO_IMPLEMENTER)
        for p in (r.running, r.coming)
    }
    r.funding = {
        p.code: FundingLine(p.id, "ESR", Decimal(80), Decimal("10000.00"))
        for p in (r.running, r.coming)
    }
    for code in r.partners:
        save_partner(db, r.partners[code], None)
        save_funding(db, r.funding[code], None)
    r.roles = {
        "in the year": ProjectAssignment(
            r.running.id,
            r.two_years.id,
            "koordinaattori",
            Decimal(50),
            date(2021, 3, 1),
            date(2022, 3, 31),
        ),
        "with the project's dates": ProjectAssignment(
            r.running.id, r.undated.id, "ohjaaja", Decimal(20)
        ),
        "in 2020 only": ProjectAssignment(
            r.running.id,
            r.undated.id,
            "asiantuntija",
            Decimal(10),
            date(2020, 1, 1),
            date(2020, 12, 31),
        ),
        "of a person who left": ProjectAssignment(
            r.running.id, r.left.id, "suunnittelija", Decimal(50), date(2020, 1, 1), LAST_OF_2021
        ),
        "in a project of 2023": ProjectAssignment(
            r.coming.id, r.starting.id, "suunnittelija", Decimal(100)
        ),
    }
    for role in r.roles.values():
        save_assignment(db, role, None)

    with db.unit_of_work() as uow:
        area = uow.references.of_kind(ReferenceKind.SERVICE_AREA, Sector.SOCIAL)[0].id
        requester = uow.references.of_kind(ReferenceKind.REQUESTER)[0].id
        categories = {c.name: c.id for c in uow.categories.all()}
    r.events = {
        day: CaseEvent(day, "Eksote", Sector.SOCIAL, r.undated.id, service_area_id=area)
        for day in TURN_OF_THE_YEAR
    }
    r.former_ombudsmans_event = CaseEvent(
        date(2022, 5, 5), "Eksote", Sector.SOCIAL, r.former_ombudsman.id
    )
    for event in (*r.events.values(), r.former_ombudsmans_event):
        save_case_event(db, event, None)
    r.guardians = [Guardian("Virta", "Liisa"), Guardian("Aalto", "Matti")]
    for guardian in r.guardians:
        save_guardian(db, guardian, None)
    # Aalto is named only by a request of 2021: the bank is a reference sheet, whole all the same
    r.requests = {
        day: GuardianRequest(
            day, requester, Matter.CRIMINAL, guardian_id=r.guardians[day.year % 2].id
        )
        for day in TURN_OF_THE_YEAR
    }
    for request in r.requests.values():
        save_request(db, request, None)

    staff_costs = categories["Henkilöstökulut"]
    r.transactions = {
        day: Transaction(day, staff_costs, Decimal("100.00"), "palkat") for day in TURN_OF_THE_YEAR
    }
    # The last payment of a project that ended in 2021 arrives in 2022
    r.late_payment = Transaction(
        date(2022, 2, 15),
        categories["Hankerahoitus"],
        Decimal("2500.00"),
        "loppumaksatus",
        project_id=r.ended.id,
    )
    for transaction in (*r.transactions.values(), r.late_payment):
        save_transaction(db, transaction, None)
    for year, amount in ((2021, "1000.00"), (2022, "2000.00"), (2023, "3000.00")):
        set_budget(db, year, staff_costs, Decimal(amount))
    return r


@pytest.fixture(scope="module")
def year_book(tmp_path_factory) -> tuple[Path, SimpleNamespace]:
    """The 2022 workbook of the records above, exported once: the tests only read it."""
    folder = tmp_path_factory.mktemp("year")
    database = new_database(folder / "oske.sqlite")
    try:
        records = build(database)
        export_database(database, folder / "2022.xlsx", year=YEAR)
    finally:
        database.close()
    records.url = database.url
    return folder / "2022.xlsx", records


@pytest.fixture(scope="module")
def book(year_book) -> Path:
    return year_book[0]


@pytest.fixture(scope="module")
def r(year_book) -> SimpleNamespace:
    return year_book[1]


def rows(path: Path, sheet: str) -> list[list]:
    """A sheet's data rows as python-calamine reads them."""
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()[1:]


def ids(path: Path, sheet: str) -> set[str]:
    return {row[0] for row in rows(path, sheet)}


def dates(path: Path, sheet: str) -> set[date]:
    """The dates in column B (Päivämäärä) of a sheet."""
    return {row[1] for row in rows(path, sheet)}


# ----------------------------------------------------------------------------- people


def test_a_person_employed_2021_to_2022_is_in_the_2022_workbook(book, r):
    assert r.two_years.id in ids(book, "Henkilöstö")


def test_a_person_who_left_on_31_12_2021_is_not_in_the_2022_workbook(book, r):
    assert r.left.id not in ids(book, "Henkilöstö")


def test_a_person_starting_on_1_1_2023_is_not_in_the_2022_workbook(book, r):
    assert r.starting.id not in ids(book, "Henkilöstö")


def test_a_person_without_employment_dates_is_in_the_2022_workbook(book, r):
    assert r.undated.id in ids(book, "Henkilöstö")


@pytest.mark.parametrize(
    ("trainee", "kept"),
    [
        ("2021–2022", True),
        ("left 31.12.2021", False),
        ("starting 1.1.2023", False),
        ("2022 and still", True),
    ],
)
def test_a_trainee_is_in_the_2022_workbook_when_the_traineeship_overlaps_2022(
    book, r, trainee, kept
):
    assert (r.trainees[trainee].id in ids(book, "Harjoittelijat")) is kept


def test_an_ombudsman_no_longer_employed_comes_along_with_an_event_of_the_year_that_names_them(
    book, r
):
    event = next(
        row for row in rows(book, "Asiatapahtumat") if row[0] == r.former_ombudsmans_event.id
    )
    assert event[2] == "Entinen Eila"
    assert r.former_ombudsman.id in ids(book, "Henkilöstö")


# ----------------------------------------------------------------------------- board


def test_a_board_term_of_2021_to_2022_is_in_the_2022_workbook_with_every_seat(book, r):
    assert {s.id for s in r.seats_2021} <= ids(book, "Hallitus")


def test_a_board_term_from_2023_on_is_not_in_the_2022_workbook(book, r):
    assert not {s.id for s in r.seats_2023} & ids(book, "Hallitus")


# ----------------------------------------------------------------------------- projects


def test_a_project_of_2020_to_2022_is_in_the_2022_workbook_with_its_partners_and_funding(book, r):
    assert r.running.id in ids(book, "Hankkeet")
    assert r.partners["VANHA"].id in ids(book, "Hankekumppanit")
    assert r.funding["VANHA"].id in ids(book, "Hankerahoitus")


def test_a_project_of_2023_is_not_in_the_2022_workbook_nor_its_partners_funding_or_roles(book, r):
    assert r.coming.id not in ids(book, "Hankkeet")
    assert r.partners["TULEVA"].id not in ids(book, "Hankekumppanit")
    assert r.funding["TULEVA"].id not in ids(book, "Hankerahoitus")
    assert r.roles["in a project of 2023"].id not in ids(book, "Hanketehtävät")


def test_a_project_without_dates_is_in_every_years_workbook(book, r):
    assert r.open.id in ids(book, "Hankkeet")


def test_the_project_roles_are_those_whose_period_overlaps_the_year(book, r):
    kept = {name for name, role in r.roles.items() if role.id in ids(book, "Hanketehtävät")}
    assert kept == {"in the year", "with the project's dates"}


def test_a_project_that_ended_before_the_year_comes_along_with_a_payment_of_the_year_booked_to_it(
    book, r
):
    payment = next(row for row in rows(book, "Kirjaukset") if row[0] == r.late_payment.id)
    assert payment[5] == "PÄÄTTYNYT"
    assert r.ended.id in ids(book, "Hankkeet")


# ----------------------------------------------------------------------------- dated records


def test_only_the_meetings_of_2022_are_in_the_2022_workbook(book):
    assert dates(book, "Kokoukset") == IN_2022


def test_only_the_case_events_of_2022_are_in_the_2022_workbook(book):
    assert dates(book, "Asiatapahtumat") == IN_2022 | {date(2022, 5, 5)}


def test_only_the_guardian_requests_of_2022_are_in_the_2022_workbook(book):
    assert dates(book, "Edunvalvontapyynnöt") == IN_2022


def test_only_the_transactions_of_2022_are_in_the_2022_workbook(book):
    assert dates(book, "Kirjaukset") == IN_2022 | {date(2022, 2, 15)}


def test_only_the_budget_of_2022_is_in_the_2022_workbook(book):
    assert [(row[1], row[2], row[3]) for row in rows(book, "Talousarvio")] == [
        (2022, "Henkilöstökulut", 2000)
    ]


# ----------------------------------------------------------------------------- reference sheets


def test_the_categories_are_in_the_2022_workbook_whole(book, r, tmp_path):
    with_all = tmp_path / "kaikki.xlsx"
    database = open_database(r.url)
    try:
        export_database(database, with_all)
    finally:
        database.close()
    assert rows(book, "Luokat") == rows(with_all, "Luokat")


def test_the_guardian_bank_is_in_the_2022_workbook_whole(book, r):
    assert ids(book, "Edunvalvojat") == {g.id for g in r.guardians}


# ----------------------------------------------------------------------------- the workbook as a whole


def test_the_about_sheet_says_which_year_the_workbook_holds(book):
    about = CalamineWorkbook.from_path(str(book)).get_sheet_by_name("Tiedot").to_python()
    assert ["Vuosi", "2022"] in about


def test_the_2022_workbook_imports_into_an_empty_database_without_errors(book, tmp_path):
    database = new_database(tmp_path / "tyhja.sqlite")
    try:
        report = import_file(database, book)
    finally:
        database.close()
    assert [str(e) for e in report.errors] == []
    assert [str(w) for w in report.warnings] == []


def test_the_2022_workbook_imported_and_exported_again_for_2022_is_the_same_workbook(
    book, tmp_path
):
    again = tmp_path / "uudelleen.xlsx"
    database = new_database(tmp_path / "tyhja.sqlite")
    try:
        assert import_file(database, book).ok
        export_database(database, again, year=YEAR)
    finally:
        database.close()
    names = CalamineWorkbook.from_path(str(book)).sheet_names
    assert names == CalamineWorkbook.from_path(str(again)).sheet_names
    for sheet in names:
        # the export time differs; the imported database has a history of its own
        if sheet not in ("Tiedot", "Muutokset"):
            assert rows(book, sheet) == rows(again, sheet), sheet
