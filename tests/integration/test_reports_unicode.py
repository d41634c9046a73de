"""Every letter of every language the office meets prints in both reports, and every font of
the files is embedded.

Names in Finnish, Swedish, North, Inari and Skolt Sámi, Estonian, Latvian, Lithuanian,
Polish, Czech, Hungarian, German, Spanish, Greek and Russian are entered through the
services as staff, board members, project partners and funders (the annual report of 2026)
and as income categories and projects (the board's summary); the PDFs are read back with
pypdf, an independent reader, letter for letter.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from pypdf import PdfReader

from domain.board import BoardRole, BoardSeat, BoardTerm
from domain.finance import Category, CategoryKind, Transaction
from domain.i18n import set_language
from domain.organisation import Organisation
from domain.projects import FundingLine, OurRole, Project
from domain.staff import StaffMember
from services.board import save_seat, save_term
from services.finance import add_category, save_transaction
from services.projects import save_funding, save_project
from services.reports import write_annual, write_board_report
from storage.database import Database
from tests.databases import new_database
from tests.integration.pdf_text import Pdf, read

D = Decimal
YEAR = 2026
AS_OF = date(2026, 11, 23)
GENERATED = datetime(2026, 11, 23, 14, 5)
ORGANISATION = "Sámi Ŋuoraid Čálli ja Łódźin Őrség"

# language: (last name, first names, an organisation), each with the letters it needs
PEOPLE = {
    "Finnish": ("Hämäläinen-Äijälä", "Yrjö Öljymäki", "Pyhäjärven työväenyhdistys"),
    "Swedish": ("Åström", "Märta Öberg", "Föreningen Ålänningar i Åbo"),
    "North Sámi": ("Čuđđe", "Ŋuolga Áilu", "Ŧuolbmajávrri Žiŋŋa Šiella Sámesearvi"),
    "Inari Sámi": ("Âšhiin", "Säämmáš Đuuvdâ", "Anarâškielâ servi Ŋuurâ"),
    "Skolt Sámi": ("Ǩiõʹllsie", "Ǯuõʹlljuuʹlv Ǧǥǧ", "Čeʹvetjääuʹrr Säʹmmlai ǩiõll ʒǯ ǥ"),
    "Estonian": ("Õunapuu", "Ülle Žõgova", "Tõrva Šokolaadivabrik"),
    "Latvian": ("Ķēniņa", "Ģirts Ļaudis Īvāns", "Rīgas Ūdens Ņirgas Ēka Čaļa"),
    "Lithuanian": ("Ąžuolaitė", "Įveta Ųlė Ęglė Čėsna", "Minties Bitės"),
    "Polish": ("Wiśniewska", "Małgorzata Ńaś", "Fundacja Łódź Żółć Ścięgno Źrebię"),
    "Czech": ("Dvořák", "Ťuhýř Ďoubalík Ůžasný Ěmil", "Nadace Přerov Řeka"),
    "Hungarian": ("Őrségi", "Űrhajós Győző", "Őrség Nemzeti Park Szűrő"),
    "German": ("Großmann", "Jürgen Änne", "Straßenbahn Übermaß GmbH"),
    "Spanish": ("Núñez", "Íñigo Peñalosa", "Fundación Señorío ¿Qué? ¡Ojalá!"),
    "Greek": ("Παπαδοπούλου", "Αθηνά Ώρα", "Ελληνικός Σύλλογος Άλφα Ϊ"),
    "Russian": ("Ёлкина", "Юлия Эдуардовна", "Общество Жёлтый Ящик Щъы"),
}


def enter_the_year(db: Database) -> None:
    with db.unit_of_work() as uow:
        uow.settings.save_organisation(Organisation(name=ORGANISATION))
        for last, first, organisation in PEOPLE.values():
            uow.staff.add(StaffMember(last, first, organisation, start=date(2020, 1, 1)))
        uow.commit()
    term = BoardTerm(date(2026, 1, 1))
    save_term(db, term)
    for n, (last, first, organisation) in enumerate(PEOPLE.values()):
        save_seat(
            db,
            BoardSeat(
                term.id,
                BoardRole.CHAIR if n == 0 else BoardRole.MEMBER,
                last,
                first,
                member_organisation=organisation,
            ),
            None,
        )
    for n, (language, (last, _first, organisation)) in enumerate(PEOPLE.items(), start=1):
        project = Project(
            f"H{n:02d}",
            f"{language}: {last}",
            OurRole.CO_IMPLEMENTER,
            date(2026, 1, 1),
            date(2026, 12, 31),
            lead_organisation=organisation,
            our_budget=D("1000.00"),
        )
        save_project(db, project, None)
        save_funding(db, FundingLine(project.id, f"{last} {organisation}"), None)
        category = add_category(db, Category(f"{last} {n}", CategoryKind.INCOME))
        save_transaction(db, Transaction(date(2026, 3, n), category.id, D(100 * n)), None)


@pytest.fixture(scope="module")
def year_db(tmp_path_factory) -> Database:
    database = new_database(tmp_path_factory.mktemp("unicode") / "oske.sqlite")
    enter_the_year(database)
    yield database
    database.close()


@pytest.fixture(scope="module")
def annual(year_db, tmp_path_factory) -> Pdf:
    set_language("fi")
    path = tmp_path_factory.mktemp("unicode-out") / "vuosikertomus.pdf"
    return read(write_annual(year_db, YEAR, path, generated=GENERATED))


@pytest.fixture(scope="module")
def board(year_db, tmp_path_factory) -> Pdf:
    set_language("fi")
    path = tmp_path_factory.mktemp("unicode-out") / "hallitus.pdf"
    return read(write_board_report(year_db, AS_OF, path, generated=GENERATED))


@pytest.mark.parametrize("language", PEOPLE)
def test_a_staff_member_and_board_member_is_read_back_letter_for_letter(annual, language):
    last, first, organisation = PEOPLE[language]
    staff = annual.between("Henkilöstö", "Hankkeet")
    board = annual.between("Hallinto", "Talous")
    assert f"{last} {first}, {organisation}" in staff
    assert f"{first} {last}, {organisation}" in board


@pytest.mark.parametrize("language", PEOPLE)
def test_a_partner_and_funder_of_a_project_is_read_back_letter_for_letter(annual, language):
    last, _first, organisation = PEOPLE[language]
    projects = annual.between("Hankkeet", "Asiavastaavatoiminta")
    assert f"{language}: {last}" in projects
    assert organisation in projects
    assert f"{last} {organisation}" in projects


@pytest.mark.parametrize("language", PEOPLE)
def test_a_category_and_project_of_the_board_report_is_read_back_letter_for_letter(board, language):
    n = list(PEOPLE).index(language) + 1
    last = PEOPLE[language][0]
    budget = board.between("Tuotot ja kulut luokittain", "Tuotot rahoituslähteittäin")
    assert f"{last} {n}" in budget
    assert f"{last} {n}" in board.between("Tuotot rahoituslähteittäin", "Hankkeiden talous")
    assert f"H{n:02d} {language}: {last}" in board.between("Hankkeiden talous", "Yhteensä")


def test_the_organisation_heads_every_page(annual, board):
    for report in (annual, board):
        assert report.text.startswith(ORGANISATION)
        assert all(ORGANISATION in page for page in report.pages)


def fonts(pdf: Pdf) -> dict[str, dict]:
    """Every font the pages of ``pdf`` use, by its name in the file."""
    found = {}
    for page in PdfReader(pdf.path).pages:
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            found[str(font["/BaseFont"])] = font
    return found


@pytest.mark.parametrize("report", ["annual", "board"])
def test_every_font_is_dejavu_sans_embedded_as_a_subset(report, request):
    used = fonts(request.getfixturevalue(report))
    assert used
    for name, font in used.items():
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, name  # the TrueType program is in the file
        assert name.split("+")[1] in ("DejaVuSans", "DejaVuSans-Bold"), name
        assert "/ToUnicode" in font, name  # every glyph reads back as its letter


def test_no_standard_font_is_left_in_either_report(annual, board):
    for report in (annual, board):
        assert not [n for n in fonts(report) if "Helvetica" in n or "Times" in n]
