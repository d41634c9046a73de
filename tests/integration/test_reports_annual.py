"""The annual report's tables (*toimintakertomus*) for 2022, as the office prints them.

A year of known records — the foreword, two board terms with deputies, meetings, bookings,
staff and a trainee, projects with funders, case events, guardian requests — is entered
through the services into a real SQLite file, the PDF is written by ``services.reports``
and read back with pypdf, an independent reader. A year without records, an empty
database and a year long enough to run tables and lists over several pages follow.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from domain.board import BoardRole, BoardSeat, BoardTerm, Meeting, MeetingKind
from domain.caselog import CaseEvent, Guardian, GuardianRequest, Matter, ReferenceKind, Sector
from domain.finance import Transaction
from domain.i18n import set_language
from domain.organisation import Organisation
from domain.projects import FundingLine, OurRole, Project
from domain.report_texts import ReportSection, ReportTexts
from domain.staff import StaffMember, Trainee, TraineeKind
from services.board import save_meeting, save_seat, save_term
from services.caselog import save_case_event, save_guardian, save_request
from services.finance import save_transaction
from services.projects import save_funding, save_project
from services.report_texts import save_report_texts
from services.reports import annual_report, write_annual
from storage.database import Database
from tests.databases import new_database
from tests.integration.pdf_text import Pdf, read

D = Decimal
YEAR = 2022
GENERATED = datetime(2026, 11, 23, 14, 5)
ORGANISATION = "Osaamiskeskus <b>& Pikassos Oy"
BUSINESS_ID = "1572860-0"
PIRKANMAA, KANTA_HAME = "Pirkanmaan hyvinvointialue", "Kanta-Hämeen hyvinvointialue"
DASH = "\u2013"


def write(db: Database, year: int, folder: Path, name: str = "vuosikertomus.pdf") -> Pdf:
    return read(write_annual(db, year, folder / name, generated=GENERATED))


# ----------------------------------------------------------------------------- known data


def ref(db: Database, kind: ReferenceKind, name: str) -> str:
    with db.unit_of_work() as uow:
        found = [v for v in uow.references.of_kind(kind) if v.name_fi == name]
    assert len(found) == 1, (kind, name)
    return found[0].id


def organisation(db: Database) -> None:
    with db.unit_of_work() as uow:
        uow.settings.save_organisation(
            Organisation(name=ORGANISATION, business_id=BUSINESS_ID, areas=[PIRKANMAA, KANTA_HAME])
        )
        uow.commit()


def board(db: Database) -> None:
    def term(start, end=None) -> BoardTerm:
        t = BoardTerm(start, end)
        save_term(db, t)
        return t

    old, previous, current = (
        term(date(2019, 6, 1), date(2021, 6, 6)),
        term(date(2021, 6, 7), date(2022, 6, 6)),
        term(date(2022, 6, 7)),
    )
    save_seat(db, BoardSeat(old.id, BoardRole.CHAIR, "Vanhala", "Ville"), None)
    save_seat(
        db,
        BoardSeat(
            previous.id,
            BoardRole.CHAIR,
            "Lindqvist",
            "Marja",
            deputy_last_name="Koivisto",
            deputy_first_name="Timo",
        ),
        None,
    )
    # Saved out of the printed order: the report lists chair, vice chair, then members.
    save_seat(
        db,
        BoardSeat(
            current.id,
            BoardRole.MEMBER,
            "Aaltonen",
            "Riikka",
            member_organisation="Ylöjärven <b>& Nokian kaupunki",
            deputy_last_name="Forsman",
            deputy_first_name="Elina",
        ),
        None,
    )
    save_seat(
        db,
        BoardSeat(
            current.id,
            BoardRole.VICE_CHAIR,
            "Hakala",
            "Tiina",
            member_organisation="Tampereen yliopisto",
        ),
        None,
    )
    save_seat(
        db,
        BoardSeat(
            current.id,
            BoardRole.CHAIR,
            "Levonen",
            "Mari",
            member_title="johtaja",
            member_organisation="Porin kaupunki",
            deputy_last_name="Järvinen",
            deputy_first_name="Matti",
            deputy_organisation="Satakunnan hyvinvointialue",
        ),
        None,
    )
    for n, day in enumerate(
        (
            date(2022, 1, 20),
            date(2022, 3, 3),
            date(2022, 4, 28),
            date(2022, 6, 7),
            date(2022, 9, 1),
            date(2022, 10, 27),
            date(2022, 12, 15),
        ),
        start=1,
    ):
        save_meeting(db, Meeting(day, MeetingKind.BOARD, f"{n}/2022"), None)
    save_meeting(db, Meeting(date(2022, 6, 7), MeetingKind.ANNUAL_GENERAL), None)
    save_meeting(db, Meeting(date(2021, 12, 16), MeetingKind.BOARD, "8/2021"), None)


def finances(db: Database) -> None:
    with db.unit_of_work() as uow:
        ids = {c.name: c.id for c in uow.categories.all()}

    def book(day: date, category: str, amount: str) -> None:
        save_transaction(db, Transaction(day, ids[category], D(amount)), None)

    # 50 / 16,665 / 16,67 / 16,665 %: whole per cents by the largest remainder are 50, 17, 17, 16.
    book(date(2022, 2, 1), "Valtionavustus perustoimintaan", "250000.00")
    book(date(2022, 8, 1), "Valtionavustus perustoimintaan", "250000.00")
    book(date(2022, 5, 5), "Asiantuntijapalvelujen myynti", "166650.00")
    book(date(2022, 6, 6), "Hankerahoitus", "166700.00")
    book(date(2022, 12, 31), "Kuntarahoitus", "166650.00")
    book(date(2022, 1, 1), "Henkilöstökulut", "800000.00")
    book(date(2022, 7, 7), "Toimitilakulut", "123456.78")
    book(date(2021, 12, 31), "Valtionavustus perustoimintaan", "11111.00")  # the year before
    book(date(2023, 1, 1), "Henkilöstökulut", "22222.00")  # the year after


def staff(db: Database) -> dict[str, Project]:
    with db.unit_of_work() as uow:
        for member in (
            StaffMember("Kantola", "Marjo", "hallintoassistentti", start=date(2022, 4, 1)),
            StaffMember(
                "Bragge",
                "Kaisa",
                "kehittämispäällikkö",
                start=date(2015, 1, 1),
                end=date(2022, 10, 26),
            ),
            StaffMember(
                "Kulo", "Outi", "toimistosihteeri", start=date(2022, 2, 1), end=date(2022, 3, 31)
            ),
            StaffMember("Aho", "Pekka", "toimitusjohtaja", start=date(2010, 8, 1)),
            StaffMember("Salo", "Jussi", "suunnittelija", start=date(2022, 1, 1)),
            StaffMember("Mäki", "Anna", "projektipäällikkö", start=date(2022, 12, 1)),
            StaffMember("Virtanen <b>&", "Helena", "kouluttaja", start=date(2019, 3, 1)),
            StaffMember(
                "Lehto",
                "Ville",
                "erityisasiantuntija",
                start=date(2018, 1, 1),
                end=date(2021, 12, 31),
            ),
            StaffMember("Nieminen", "Sari", "viestintäsuunnittelija", start=date(2023, 1, 1)),
        ):
            uow.staff.add(member)
        uow.commit()
    projects = {
        "TulLas": Project(
            "TulLas",
            "Tulevaisuuden lastensuojelu",
            OurRole.CO_IMPLEMENTER,
            date(2021, 1, 1),
            date(2023, 12, 31),
            lead_organisation="Tampereen yliopisto",
        ),
        "MONNI": Project(
            "MONNI",
            "Monialainen nuorten palveluohjaus",
            OurRole.LEAD_IMPLEMENTER,
            date(2022, 3, 1),
            date(2022, 12, 31),
            lead_organisation="Osaamiskeskus Pikassos",
        ),
        "VANHA": Project(
            "VANHA", "Päättynyt hanke", OurRole.OTHER, date(2020, 1, 1), date(2021, 12, 31)
        ),
        "UUSI": Project("UUSI", "Alkava hanke", OurRole.OTHER, date(2023, 1, 1)),
    }
    for project in projects.values():
        save_project(db, project, None)
    # Saved smaller share first; the project's funding list shows the largest share first.
    save_funding(db, FundingLine(projects["TulLas"].id, "Pirkanmaan hyvinvointialue", D(20)), None)
    save_funding(db, FundingLine(projects["TulLas"].id, "STM", D(80)), None)
    with db.unit_of_work() as uow:
        uow.trainees.add(
            Trainee(
                "Laine",
                "Aino",
                TraineeKind.INTERNSHIP,
                date(2022, 9, 1),
                date(2022, 11, 30),
                institution="Tampereen yliopisto",
                project_id=projects["TulLas"].id,
            )
        )
        uow.trainees.add(
            Trainee("Koski", "Eero", TraineeKind.WORK_TRIAL, date(2021, 3, 1), date(2021, 5, 31))
        )
        uow.commit()
    return projects


def caselog(db: Database) -> None:
    def event(day: date, area: str, sector: Sector) -> None:
        save_case_event(db, CaseEvent(day, area, sector), None)

    for day in (date(2022, 1, 1), date(2022, 5, 2), date(2022, 12, 31)):
        event(day, PIRKANMAA, Sector.SOCIAL)
    for day in (date(2022, 3, 14), date(2022, 9, 9)):
        event(day, PIRKANMAA, Sector.HEALTH)
    event(date(2022, 4, 4), KANTA_HAME, Sector.SOCIAL)
    event(date(2022, 11, 11), "Kymsote", Sector.HEALTH)  # not an area served: after the served ones
    event(date(2021, 12, 31), PIRKANMAA, Sector.HEALTH)
    event(date(2023, 1, 1), PIRKANMAA, Sector.SOCIAL)

    guardians = [
        Guardian("Virta", "Liisa"),
        Guardian("Aalto", "Matti"),
        Guardian("Ojala", "Sanna", active=False),
    ]
    for g in guardians:
        save_guardian(db, g, None)
    police, prosecutor, welfare = (
        ref(db, ReferenceKind.REQUESTER, n) for n in ("poliisi", "syyttäjä", "lastensuojelu")
    )
    for day, requester, matter in (
        (date(2022, 2, 1), police, Matter.CRIMINAL),
        (date(2022, 8, 8), prosecutor, Matter.CRIMINAL),
        (date(2022, 5, 20), welfare, Matter.CHILD_WELFARE),
        (date(2021, 11, 1), police, Matter.CHILD_WELFARE),
    ):
        save_request(db, GuardianRequest(day, requester, matter), None)


FOREWORD = "Vuosi 2022 oli <b>& muutosten vuosi.\n\nHyvinvointialueet aloittivat 1.1.2023."
HIGHLIGHTS = "Uusi asiakastietojärjestelmä otettiin käyttöön."


@pytest.fixture(scope="module")
def year_db(tmp_path_factory) -> Database:
    database = new_database(tmp_path_factory.mktemp("annual") / "oske.sqlite")
    organisation(database)
    board(database)
    finances(database)
    staff(database)
    caselog(database)
    save_report_texts(
        database,
        ReportTexts(YEAR, {ReportSection.FOREWORD: FOREWORD, ReportSection.HIGHLIGHTS: HIGHLIGHTS}),
    )
    save_report_texts(
        database, ReportTexts(2021, {ReportSection.FOREWORD: "Edellisen vuoden esipuhe."})
    )
    yield database
    database.close()


@pytest.fixture(scope="module")
def report(year_db, tmp_path_factory) -> Pdf:
    set_language("fi")  # module fixtures run before the per-test language reset
    return write(year_db, YEAR, tmp_path_factory.mktemp("out"))


# ----------------------------------------------------------------------------- the page


def test_every_page_is_a4(report):
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height)))
        for p in PdfReader(report.path).pages
    }
    assert sizes == {(595, 842)}


def test_every_page_has_the_organisation_in_its_header_and_is_numbered_n_of_m(report):
    total = len(report.pages)
    for number, page in enumerate(report.pages, start=1):
        assert ORGANISATION in page
        assert f"Sivu {number}/{total}" in page


def test_every_page_gives_the_generation_date_and_time(report):
    assert all("Luotu 23.11.2026 klo 14.05" in page for page in report.pages)


def test_the_title_names_the_year_the_business_id_and_the_period(report):
    assert report.pages[0].startswith(
        f"{ORGANISATION} Vuosikertomus 2022: taulukot Y-tunnus {BUSINESS_ID} · 1.1.{DASH}31.12.2022"
    )


def test_markup_characters_typed_into_names_and_texts_print_as_typed(report):
    assert "Virtanen <b>& Helena" in report.text
    assert "Ylöjärven <b>& Nokian kaupunki" in report.text
    assert "Vuosi 2022 oli <b>& muutosten vuosi." in report.text
    assert "&amp;" not in report.text and "&lt;" not in report.text


def test_the_sections_come_in_the_order_of_the_annual_report(report):
    text = report.text
    order = [
        "Hallinto",
        "Talous",
        "Henkilöstö",
        "Hankkeet",
        "Asiamiestoiminta",
        "Lapsen edunvalvonta",
    ]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)


# ----------------------------------------------------------------------------- the year's texts


def test_the_foreword_and_highlights_of_the_year_come_first_under_their_headings(report):
    text = report.text
    foreword, highlights = ReportSection.FOREWORD.label, ReportSection.HIGHLIGHTS.label
    assert (
        f"{foreword} Vuosi 2022 oli <b>& muutosten vuosi. Hyvinvointialueet aloittivat 1.1.2023. "
        f"{highlights} {HIGHLIGHTS} Hallinto"
    ) in text


def test_another_years_foreword_is_not_printed(report):
    assert "Edellisen vuoden esipuhe" not in report.text


# ----------------------------------------------------------------------------- Hallinto


def test_each_board_term_in_force_during_the_year_is_printed_as_member_and_deputy_pairs(report):
    administration = report.between("Hallinto", "Talous")
    assert (
        f"Hallitus toimikaudella 7.6.2021{DASH}6.6.2022 Jäsen Henkilökohtainen varajäsen "
        "Marja Lindqvist (puheenjohtaja) Timo Koivisto"
    ) in administration
    assert (
        "Hallitus toimikaudella 7.6.2022 alkaen Jäsen Henkilökohtainen varajäsen "
        "johtaja Mari Levonen, Porin kaupunki (puheenjohtaja) Matti Järvinen, Satakunnan hyvinvointialue "
        "Tiina Hakala, Tampereen yliopisto (varapuheenjohtaja) "
        "Riikka Aaltonen, Ylöjärven <b>& Nokian kaupunki Elina Forsman"
    ) in administration


def test_the_chair_and_vice_chair_are_named_after_the_pairs(report):
    assert "Puheenjohtaja: Mari Levonen. Varapuheenjohtaja: Tiina Hakala." in report.text


def test_a_term_that_ended_before_the_year_is_not_printed(report):
    assert "Vanhala" not in report.text and "2019" not in report.text


def test_the_meetings_sentence_counts_the_years_board_meetings_and_dates_the_general_meeting(
    report,
):
    assert (
        "Hallitus kokoontui 7 kertaa vuonna 2022; varsinainen yhtiökokous pidettiin 7.6.2022."
        in report.text
    )


# ----------------------------------------------------------------------------- Talous


def test_the_funding_table_lists_the_years_income_with_a_total_of_100_per_cent(report):
    finances = report.between("Talous", "Henkilöstö")
    assert (
        "Rahoituslähteet 2022 Rahoituslähde € % "
        "Valtionavustus perustoimintaan 500 000,00 € 50 % "
        "Asiantuntijapalvelujen myynti 166 650,00 € 17 % "
        "Hankerahoitus 166 700,00 € 17 % "
        "Kuntarahoitus 166 650,00 € 16 % "
        "YHTEENSÄ 1 000 000,00 € 100 %"
    ) in finances


def test_the_funding_per_cents_add_up_to_100(report):
    table = report.text.split("Rahoituslähde € %")[1].split("YHTEENSÄ")[0]
    assert sum(int(p) for p in re.findall(r"€ (\d+) %", table)) == 100


def test_income_expenses_and_the_result_of_the_year(report):
    assert (
        "Tuotot ja kulut 2022 € Tuotot 1 000 000,00 € Kulut 923 456,78 € "
        "Tilikauden tulos 76 543,22 €"
    ) in report.text


def test_bookings_of_other_years_are_not_counted(report):
    assert "11 111" not in report.text and "22 222" not in report.text


# ----------------------------------------------------------------------------- Henkilöstö


def test_the_headcount_at_the_start_and_at_the_end_of_the_year(report):
    assert "Henkilöstöä oli vuoden alussa 4 ja vuoden lopussa 5." in report.text


def test_the_staff_list_gives_a_date_only_where_it_falls_inside_the_year_sorted_by_last_name(
    report,
):
    staff = report.between("Henkilöstöä oli", "Harjoittelijat ja työkokeilijat")
    lines = [line.strip() for line in staff.split("\u2022")[1:]]
    assert lines == [
        "Aho Pekka, toimitusjohtaja",
        "Bragge Kaisa, kehittämispäällikkö 26.10.2022 saakka",
        "Kantola Marjo, hallintoassistentti 1.4.2022 alkaen",
        f"Kulo Outi, toimistosihteeri 1.2.{DASH}31.3.2022",
        "Mäki Anna, projektipäällikkö 1.12.2022 alkaen",
        "Salo Jussi, suunnittelija 1.1.2022 alkaen",
        "Virtanen <b>& Helena, kouluttaja",
    ]


def test_people_employed_only_in_other_years_are_not_listed(report):
    assert "Lehto" not in report.text and "Nieminen" not in report.text


def test_trainees_are_listed_apart_with_kind_institution_project_and_period(report):
    assert (
        "Harjoittelijat ja työkokeilijat \u2022 "
        f"Laine Aino, harjoittelu, Tampereen yliopisto, TulLas, 1.9.{DASH}30.11.2022"
    ) in report.text
    assert "Koski" not in report.text


# ----------------------------------------------------------------------------- Hankkeet


def test_the_projects_of_the_year_are_listed_by_code_with_period_role_lead_and_funders(report):
    projects = report.between("Hankkeet", "Asiamiestoiminta")
    assert "Lyhenne Nimi Ajanjakso Roolimme Päätoteuttaja tai hallinnoija Rahoittajat" in projects
    assert (
        f"MONNI Monialainen nuorten palveluohjaus 1.3.{DASH}31.12.2022 päätoteuttaja "
        "Osaamiskeskus Pikassos"
    ) in projects
    assert (
        f"TulLas Tulevaisuuden lastensuojelu 1.1.2021{DASH}31.12.2023 osatoteuttaja Tampereen yliopisto"
        in projects
    )
    assert projects.index("MONNI") < projects.index("TulLas")
    assert "STM" in projects and "Pirkanmaan hyvinvointialue" in projects


def test_a_projects_funders_are_printed_largest_share_first_as_the_project_lists_them(report):
    assert "STM, Pirkanmaan hyvinvointialue" in report.between("Hankkeet", "Asiamiestoiminta")


def test_projects_that_ran_only_in_other_years_are_not_listed(report):
    assert "VANHA" not in report.text and "UUSI" not in report.text


# ----------------------------------------------------------------------------- Asiamiestoiminta


def test_the_case_events_per_area_with_social_welfare_and_health_care_side_by_side_and_totals(
    report,
):
    assert (
        "Asiatapahtumat alueittain 2022 Alue Sosiaalihuolto Terveydenhuolto Yhteensä "
        f"{PIRKANMAA} 3 2 5 {KANTA_HAME} 1 0 1 Kymsote 0 1 1 Yhteensä 4 3 7"
    ) in report.text


# ----------------------------------------------------------------------------- Lapsen edunvalvonta


def test_the_children_a_guardian_was_requested_for_by_matter(report):
    guardians = report.text[report.text.index("Lapsen edunvalvonta") :]
    assert "Vuonna 2022 edunvalvojaa pyydettiin 3 lapselle." in guardians
    assert "Asia Lapsia Rikosasia 2 Lastensuojeluasia 1 Yhteensä 3" in guardians


def test_the_active_guardians_are_counted_as_the_bank_stands_on_the_day_of_the_report(report):
    assert "Edunvalvojapankissa on 2 aktiivista edunvalvojaa (tilanne 23.11.2026)." in report.text


# ----------------------------------------------------------------------------- the records themselves


def test_the_headcount_figures_come_from_the_dates(year_db):
    figures = annual_report(year_db, YEAR, today=date(2026, 11, 23))
    assert (figures.headcount_start.day, figures.headcount_start.people) == (date(2022, 1, 1), 4)
    assert (figures.headcount_end.day, figures.headcount_end.people) == (date(2022, 12, 31), 5)
    assert figures.result == D("76543.22")


# ----------------------------------------------------------------------------- no records


def test_a_year_without_records_gives_a_report_that_says_so_section_by_section(year_db, tmp_path):
    text = write(year_db, 2005, tmp_path).text
    for sentence in (
        "Vuodelle 2005 ei ole kirjattu hallituksen toimikautta.",
        "Hallitus ei kokoontunut vuonna 2005.",
        "Vuonna 2005 ei kirjattu tapahtumia.",
        "Henkilöstöä oli vuoden alussa 0 ja vuoden lopussa 0.",
        "Vuonna 2005 ei ollut henkilöstöä.",
        "Vuonna 2005 ei ollut käynnissä hankkeita.",
        "Vuonna 2005 ei kirjattu asiatapahtumia.",
        "Vuonna 2005 ei pyydetty edunvalvojaa yhdellekään lapselle.",
    ):
        assert sentence in text
    assert "YHTEENSÄ" not in text and ReportSection.FOREWORD.label not in text


def test_an_empty_database_gives_a_report_for_2024_with_the_new_title_of_the_advocate(db, tmp_path):
    pdf = write(db, 2024, tmp_path)
    assert pdf.pages[0].startswith("(organisaatiota ei ole asetettu) Vuosikertomus 2024: taulukot")
    assert "Asiavastaavatoiminta Vuonna 2024 ei kirjattu asiatapahtumia." in pdf.text
    assert "Edunvalvojapankissa on 0 aktiivista edunvalvojaa (tilanne 23.11.2026)." in pdf.text


def test_one_active_guardian_is_said_in_the_singular(db, tmp_path):
    save_guardian(db, Guardian("Virta", "Liisa"), None)
    pdf = write(db, 2024, tmp_path)
    assert "Edunvalvojapankissa on yksi aktiivinen edunvalvoja (tilanne 23.11.2026)." in pdf.text


# ----------------------------------------------------------------------------- many pages


@pytest.fixture(scope="module")
def long_year(tmp_path_factory) -> Pdf:
    """2023 with 120 staff and 80 projects: the list and the table run over several pages."""
    set_language("fi")
    database = new_database(tmp_path_factory.mktemp("long") / "oske.sqlite")
    organisation(database)
    with database.unit_of_work() as uow:
        for n in range(120):
            uow.staff.add(
                StaffMember(
                    f"Sukunimi{n:03d}",
                    "Etunimi",
                    "asiantuntija",
                    start=date(2023, 1, 2) + timedelta(days=n),
                )
            )
        uow.commit()
    for n in range(1, 81):
        save_project(
            database,
            Project(
                f"H{n:03d}",
                f"Kehittämishanke numero {n}",
                OurRole.CO_IMPLEMENTER,
                date(2023, 1, 1),
                date(2024, 6, 30),
                lead_organisation="Tampereen yliopisto",
            ),
            None,
        )
    pdf = write(database, 2023, tmp_path_factory.mktemp("long-out"))
    database.close()
    return pdf


def test_a_long_year_runs_over_several_numbered_pages(long_year):
    total = len(long_year.pages)
    assert total >= 4
    for number, page in enumerate(long_year.pages, start=1):
        assert ORGANISATION in page and f"Sivu {number}/{total}" in page


def test_every_one_of_120_people_is_listed_in_order_across_pages(long_year):
    listed = re.findall(r"Sukunimi(\d{3}) Etunimi", long_year.text)
    assert listed == [f"{n:03d}" for n in range(120)]
    assert len([p for p in long_year.pages if "Sukunimi" in p]) >= 2


def test_a_project_table_that_continues_on_the_next_page_repeats_its_header_row(long_year):
    header = "Lyhenne Nimi Ajanjakso Roolimme Päätoteuttaja tai hallinnoija Rahoittajat"
    with_rows = [page for page in long_year.pages if re.search(r"H\d{3} Kehittämishanke", page)]
    assert len(with_rows) >= 2
    for page in with_rows:
        assert page.count(header) == 1
        assert page.index(header) < page.index(re.search(r"H\d{3} Kehittämishanke", page).group())
    codes = re.findall(r"(H\d{3}) Kehittämishanke", long_year.text)
    assert codes == [f"H{n:03d}" for n in range(1, 81)]
