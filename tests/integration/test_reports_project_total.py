"""The board report's project total row gives the figures of the Project finances tab: used %
and remaining too, computed by the same function (``domain.finance.project_total``).

Two projects with our budget (500 000 € and 370 000 €, costs 400 000 € and 231 635,53 €)
and one without: used 631 635,53 / 870 000 = 72,6 %, remaining 238 364,47 €; the costs of
the project without a budget count in the costs, not against the others' budgets.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from domain.finance import Transaction
from domain.i18n import set_language
from domain.projects import OurRole, Project
from services.finance import project_finances, save_transaction
from services.projects import save_project
from services.reports import write_board_report
from tests.databases import new_database
from tests.integration.pdf_text import Pdf, normalised, read
from ui.finance.project_finances_page import project_rows

D = Decimal
AS_OF = date(2026, 11, 23)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    database = new_database(tmp_path_factory.mktemp("total") / "oske.sqlite")
    with database.unit_of_work() as uow:
        ids = {c.name: c.id for c in uow.categories.all()}
    for code, budget, costs, income in (
        ("ALFA", "500000.00", "400000.00", "10000.00"),
        ("BETA", "370000.00", "231635.53", "0.00"),
        ("GAMMA", None, "5000.00", "2500.00"),
    ):
        project = Project(
            code,
            f"Hanke {code}",
            OurRole.LEAD_IMPLEMENTER,
            date(2026, 1, 1),
            date(2026, 12, 31),
            our_budget=D(budget) if budget else None,
        )
        db = database
        save_project(db, project, None)
        save_transaction(
            db,
            Transaction(date(2026, 5, 5), ids["Henkilöstökulut"], D(costs), project_id=project.id),
            None,
        )
        if D(income):
            income_line = Transaction(
                date(2026, 6, 6), ids["Hankerahoitus"], D(income), project_id=project.id
            )
            save_transaction(db, income_line, None)
    yield database
    database.close()


@pytest.fixture(scope="module")
def report(db, tmp_path_factory) -> Pdf:
    set_language("fi")
    path = tmp_path_factory.mktemp("total-out") / "hallitus.pdf"
    return read(write_board_report(db, AS_OF, path, generated=datetime(2026, 11, 23, 14, 5)))


def test_the_total_row_gives_used_per_cent_and_remaining(report):
    projects = report.between("Hankkeiden talous", "Kulut ja tuotot:")
    assert "Yhteensä 870 000,00 € 636 635,53 € 72,6 % 238 364,47 € 12 500,00 €" in projects


def test_the_total_row_is_the_tabs_total_row_figure_for_figure(db, report):
    set_language("fi")
    with db.unit_of_work() as uow:
        tab = project_rows(project_finances(uow, AS_OF), AS_OF)[-1].cells
    label, _name, *figures = tab
    row = normalised(f"{label} {' '.join(figures)}")
    assert row == "Yhteensä 870 000,00 € 636 635,53 € 72,6 % 238 364,47 € 12 500,00 €"
    assert row in report.between("Hankkeiden talous", "Kulut ja tuotot:")


def test_a_note_says_that_used_and_remaining_leave_out_the_project_without_a_budget(report):
    assert "Käytetty % ja jäljellä koskevat hankkeita, joilla on oma budjetti" in report.between(
        "Kulut ja tuotot:", "Sivu"
    )
