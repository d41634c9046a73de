"""The board-meeting financial summary (*talousarvion toteutumavertailu*) as the board reads it.

Known figures are entered through the finance and project services into a real SQLite
file, the PDF is written by ``services.reports`` and read back with pypdf, an independent
reader: the page, the header and footer, every figure of the budget table, the funding
table and its 100 %, the project finances, and a day without any figures.

23.11.2026 is day 327 of 365: 89,6 % of the year has passed, and a budget that is a
multiple of 365 euros has an exact share for the time passed (365 000 € → 327 000 €).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from pypdf import PdfReader

from domain.finance import Transaction
from domain.i18n import set_language
from domain.organisation import Organisation
from domain.projects import OurRole, Project, ProjectStatus
from exports.tasks import Cancelled
from services.finance import save_transaction, set_budget
from services.projects import save_project
from services.reports import write_board_report
from storage.database import Database
from tests.databases import new_database
from tests.integration.pdf_text import Pdf, read

D = Decimal
AS_OF = date(2026, 11, 23)
GENERATED = datetime(2026, 11, 23, 14, 5)
ORGANISATION = "Osaamiskeskus <b>& Pikassos Oy"
BUSINESS_ID = "1572860-0"
STATE_GRANT, SALES, PROJECT_FUNDING, MUNICIPAL = (
    "Valtionavustus perustoimintaan",
    "Asiantuntijapalvelujen myynti",
    "Hankerahoitus",
    "Kuntarahoitus",
)
STAFF_COSTS, PREMISES, TRAVEL = "Henkilöstökulut", "Toimitilakulut", "Matkakulut"


# ----------------------------------------------------------------------------- known data


def category_ids(db: Database) -> dict[str, str]:
    with db.unit_of_work() as uow:
        return {c.name: c.id for c in uow.categories.all()}


def book(
    db: Database,
    ids: dict[str, str],
    day: date,
    category: str,
    amount: str,
    project: Project | None = None,
):
    save_transaction(
        db,
        Transaction(day, ids[category], D(amount), project_id=project.id if project else None),
        None,
    )


def fill(db: Database) -> None:
    with db.unit_of_work() as uow:
        uow.settings.save_organisation(Organisation(name=ORGANISATION, business_id=BUSINESS_ID))
        uow.commit()
    ids = category_ids(db)
    for name, amount in (
        (STATE_GRANT, "365000.00"),
        (PROJECT_FUNDING, "292000.00"),
        (MUNICIPAL, "292000.00"),
        (STAFF_COSTS, "730000.00"),
        (PREMISES, "73000.00"),
    ):
        set_budget(db, 2026, ids[name], D(amount))
    set_budget(
        db, 2025, ids[STATE_GRANT], D("999000.00")
    )  # another year's budget is not this year's
    monni = Project(
        "MONNI",
        "Monialainen nuorten palveluohjaus",
        OurRole.LEAD_IMPLEMENTER,
        date(2025, 1, 1),
        date(2027, 12, 31),
        our_budget=D("100000.00"),
    )
    applied = Project(
        "HAKU",
        "Haettu hanke",
        OurRole.CO_IMPLEMENTER,
        date(2026, 1, 1),
        date(2026, 12, 31),
        status=ProjectStatus.APPLIED,
        our_budget=D("50000.00"),
    )
    save_project(db, monni, None)
    save_project(db, applied, None)
    book(db, ids, date(2026, 2, 1), STATE_GRANT, "166500.00")
    book(db, ids, date(2026, 8, 1), STATE_GRANT, "166500.00")
    book(db, ids, date(2026, 3, 31), PROJECT_FUNDING, "300000.00")
    book(db, ids, date(2026, 6, 30), PROJECT_FUNDING, "34000.00", monni)
    book(db, ids, date(2026, 4, 15), MUNICIPAL, "333000.00")
    book(db, ids, date(2026, 11, 20), STAFF_COSTS, "600000.00")
    book(db, ids, AS_OF, STAFF_COSTS, "60000.00", monni)  # the day itself counts
    book(db, ids, date(2026, 5, 5), PREMISES, "60000.00")
    book(db, ids, date(2026, 9, 9), TRAVEL, "1234.56")
    # Outside 1.1.–23.11.2026: the next day and the previous year.
    book(db, ids, date(2026, 11, 24), STATE_GRANT, "99999.00")
    book(db, ids, date(2025, 12, 31), STATE_GRANT, "88888.00")
    book(db, ids, date(2026, 11, 24), STAFF_COSTS, "77777.00", monni)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory) -> Database:
    database = new_database(tmp_path_factory.mktemp("board") / "oske.sqlite")
    fill(database)
    yield database
    database.close()


@pytest.fixture(scope="module")
def report(ledger, tmp_path_factory) -> Pdf:
    set_language("fi")  # module fixtures run before the per-test language reset
    path = write_board_report(
        ledger, AS_OF, tmp_path_factory.mktemp("out") / "hallitus.pdf", generated=GENERATED
    )
    return read(path)


# ----------------------------------------------------------------------------- the page


def test_the_report_is_written_where_asked(report):
    assert report.path.name == "hallitus.pdf" and report.path.is_file()
    assert [p.name for p in report.path.parent.iterdir()] == [
        "hallitus.pdf"
    ]  # no temporary left behind


def test_a_report_cancelled_while_written_leaves_the_earlier_file_as_it_was(db, tmp_path):
    target = tmp_path / "hallitukselle.pdf"
    target.write_bytes(b"the earlier report")
    with pytest.raises(Cancelled):
        write_board_report(db, AS_OF, target, generated=GENERATED, cancelled=lambda: True)
    assert target.read_bytes() == b"the earlier report"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".pdf"] == ["hallitukselle.pdf"]


def test_every_page_is_a4(report):
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height)))
        for p in PdfReader(report.path).pages
    }
    assert sizes == {(595, 842)}


def test_every_page_has_the_organisation_in_its_header(report):
    assert all(ORGANISATION in page for page in report.pages)


def test_every_page_is_numbered_n_of_m_in_its_footer(report):
    total = len(report.pages)
    assert total >= 2
    for number, page in enumerate(report.pages, start=1):
        assert f"Sivu {number}/{total}" in page


def test_every_page_gives_the_generation_date_and_time(report):
    assert all("Luotu 23.11.2026 klo 14.05" in page for page in report.pages)


def test_the_title_names_the_day_the_business_id_and_the_share_of_the_year_passed(report):
    first = report.pages[0]
    assert "Talousarvion toteutumavertailu 23.11.2026" in first
    assert f"Y-tunnus {BUSINESS_ID}" in first
    assert "1.1.\u201323.11.2026; vuodesta on kulunut 89,6 %" in first


def test_a_name_with_markup_characters_prints_as_typed(report):
    first = report.pages[0]
    assert first.count(ORGANISATION) >= 2  # the title and the header
    assert "&amp;" not in report.text and "&lt;" not in report.text


# ----------------------------------------------------------------------------- budget versus actual


def test_the_budget_table_has_its_header_row(report):
    assert (
        "Luokka Talousarvio € Toteuma € Toteutunut % Vuodesta kulunut % Poikkeama €" in report.text
    )


@pytest.mark.parametrize(
    "row",
    [
        # category, budget, actual to the day, realised % of the year's budget, year passed %, variance
        f"{STATE_GRANT} 365 000,00 € 333 000,00 € 91,2 % 89,6 % 6 000,00 €",
        f"{PROJECT_FUNDING} 292 000,00 € 334 000,00 € 114,4 % 89,6 % 72 400,00 €",
        f"{MUNICIPAL} 292 000,00 € 333 000,00 € 114,0 % 89,6 % 71 400,00 €",
        f"{SALES} 0,00 € 0,00 € – 89,6 % 0,00 €",
        f"{STAFF_COSTS} 730 000,00 € 660 000,00 € 90,4 % 89,6 % 6 000,00 €",
        f"{PREMISES} 73 000,00 € 60 000,00 € 82,2 % 89,6 % -5 400,00 €",
        f"{TRAVEL} 0,00 € 1 234,56 € – 89,6 % 1 234,56 €",  # no budget: a dash, as on the tab
    ],
)
def test_each_category_shows_budget_actual_per_cents_and_variance(report, row):
    assert row in report.text


def test_the_income_and_expense_totals_and_the_result(report):
    assert "Tuotot yhteensä 949 000,00 € 1 000 000,00 € 105,4 % 89,6 % 149 800,00 €" in report.text
    assert "Kulut yhteensä 803 000,00 € 721 234,56 € 89,8 % 89,6 % 1 834,56 €" in report.text
    assert "Tulos 146 000,00 € 278 765,44 € 147 965,44 €" in report.text


def test_bookings_after_the_day_and_in_the_previous_year_are_not_counted(report):
    for amount in ("99 999", "88 888", "77 777", "999 000"):
        assert amount not in report.text


def test_income_is_listed_before_expenses(report):
    text = report.text
    assert (
        text.index("Tuotot yhteensä")
        < text.index(STAFF_COSTS)
        < text.index("Kulut yhteensä")
        < text.index("Tulos")
    )


# ----------------------------------------------------------------------------- funding and projects


def test_the_funding_table_lists_income_by_source_to_the_day(report):
    assert "Tuotot rahoituslähteittäin 1.1.\u201323.11.2026" in report.text
    assert "Rahoituslähde € %" in report.text
    # 33,3 / 33,4 / 33,3: rounded to whole per cents by the largest remainder, 33 + 34 + 33.
    assert (
        f"{STATE_GRANT} 333 000,00 € 33 % {PROJECT_FUNDING} 334 000,00 € 34 % "
        f"{MUNICIPAL} 333 000,00 € 33 % YHTEENSÄ 1 000 000,00 € 100 %"
    ) in report.text


def test_the_funding_per_cents_add_up_to_100(report):
    table = report.text.split("Rahoituslähde € %")[1].split("YHTEENSÄ")[0]
    assert sum(int(p) for p in re.findall(r"€ (\d+) %", table)) == 100


def test_the_project_finances_show_budget_costs_use_remaining_and_income_to_the_day(report):
    assert "Hankkeiden talous 23.11.2026" in report.text
    assert "Hanke Oma budjetti € Kulut € Käytetty % Jäljellä € Tuotot €" in report.text
    assert (
        "MONNI Monialainen nuorten palveluohjaus 100 000,00 € 60 000,00 € 60,0 % 40 000,00 € 34 000,00 € "
        "Yhteensä 100 000,00 € 60 000,00 € 60,0 % 40 000,00 € 34 000,00 €"
    ) in report.text


def test_an_applied_project_without_bookings_is_not_in_the_project_finances(report):
    assert "HAKU" not in report.text


# ----------------------------------------------------------------------------- Finnish formats


def test_money_has_grouped_thousands_a_decimal_comma_and_the_euro_sign_after_a_space(report):
    raw = "".join(report.raw)
    assert re.search(r"1[\u00a0 ]234,56[\u00a0 ]€", raw)
    assert re.search(r"278[\u00a0 ]765,44[\u00a0 ]€", raw)
    assert "1234.56" not in raw and "1,234.56" not in raw and "€1" not in raw


def test_per_cents_have_a_decimal_comma_and_the_sign_after_a_space(report):
    raw = "".join(report.raw)
    assert re.search(r"89,6[\u00a0 ]%", raw)
    assert "89.6" not in raw and "89,6%" not in raw


# ----------------------------------------------------------------------------- no figures; long tables


def test_a_day_without_budget_bookings_or_projects_gives_a_report_that_says_so(db, tmp_path):
    path = write_board_report(db, AS_OF, tmp_path / "tyhja.pdf", generated=GENERATED)
    text = read(path).text
    assert "Vuodelle 2026 ei ole vielä talousarviota: talousarvion luvut ovat nollia." in text
    assert "Ajalle 1.1.2026\u201323.11.2026 ei ole kirjattu tuottoja." in text
    assert "Yhdelläkään hankkeella ei ole tänä vuonna omaa budjettia eikä kirjauksia." in text
    assert "YHTEENSÄ" not in text


def test_a_database_without_an_organisation_says_that_it_is_not_set(db, tmp_path):
    path = write_board_report(db, AS_OF, tmp_path / "tyhja.pdf", generated=GENERATED)
    assert (
        read(path)
        .pages[0]
        .startswith("(organisaatiota ei ole asetettu) Talousarvion toteutumavertailu 23.11.2026")
    )


def test_a_project_table_that_continues_on_the_next_page_repeats_its_header_row(db, tmp_path):
    for n in range(1, 81):
        save_project(
            db,
            Project(
                f"P{n:03d}",
                f"Kehittämishanke {n}",
                OurRole.CO_IMPLEMENTER,
                date(2026, 1, 1),
                date(2026, 12, 31),
                our_budget=D(1000 * n),
            ),
            None,
        )
    pages = read(write_board_report(db, AS_OF, tmp_path / "pitka.pdf", generated=GENERATED)).pages
    header = "Hanke Oma budjetti € Kulut € Käytetty % Jäljellä € Tuotot €"
    with_rows = [page for page in pages if re.search(r"P0\d\d Kehittämishanke", page)]
    assert len(with_rows) >= 2
    assert all(header in page for page in with_rows)
    assert (
        "P001 Kehittämishanke 1 1 000,00 €" in with_rows[0]
        and "P080 Kehittämishanke 80" in with_rows[-1]
    )
    assert "Yhteensä 3 240 000,00 € 0,00 € 0,0 % 3 240 000,00 € 0,00 €" in with_rows[-1]
