"""How the reports' tables and chart fit the page: a sum of money is never split over two
lines, a register of long Finnish words breaks none of the usual ones, and a negative
figure's bar stays on the page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Rect

from domain.finance import Transaction
from domain.projects import FundingLine, OurRole, Project
from exports.pdf import bar_chart
from services.finance import save_transaction
from services.projects import save_funding, save_project
from services.reports import write_annual, write_board_report
from tests.integration.pdf_text import normalised, read

D = Decimal


def lines_of(path) -> list[str]:
    return [normalised(line) for page in read(path).raw for line in page.splitlines()]


def test_a_large_total_of_the_project_finances_is_printed_on_one_line(db, tmp_path):
    with db.unit_of_work() as uow:
        ids = {c.name: c.id for c in uow.categories.all()}
    for code, budget, costs, income in (
        ("KEHITTÄMINEN", "999999999.99", "148159146.80", "999999999.99"),
        ("ALFA", "1000000.00", "-1000000.00", "12345678.90"),  # a refund of costs
    ):
        project = Project(
            code,
            "Täydennyskoulutushankkeen arviointi",
            OurRole.LEAD_IMPLEMENTER,
            date(2026, 1, 1),
            our_budget=D(budget),
        )
        save_project(db, project, None)
        for category, amount in (("Henkilöstökulut", costs), ("Hankerahoitus", income)):
            line = Transaction(date(2026, 5, 5), ids[category], D(amount), project_id=project.id)
            save_transaction(db, line, None)

    path = write_board_report(db, date(2026, 11, 23), tmp_path / "hallitus.pdf")

    lines = lines_of(path)
    projects = lines[next(i for i, line in enumerate(lines) if "Hankkeiden talous" in line) :]
    for total in ("147 159 146,80 €", "1 012 345 678,89 €"):
        assert any(total in line for line in projects), total


def test_a_register_of_long_finnish_words_breaks_no_role_or_lead_organisation(db, tmp_path):
    for number in range(3):
        project = Project(
            f"AISAPA{number}",
            "Asiakkaan itsemääräämisoikeuden vahvistaminen",
            OurRole.EXPERT_SERVICE,  # "asiantuntijapalvelu"
            date(2025, 9, 1),
            date(2027, 12, 31),
            lead_organisation="Pohjois-Pohjanmaan hyvinvointialue",
        )
        save_project(db, project, None)
        save_funding(db, FundingLine(project.id, "Euroopan aluekehitysrahasto"), None)

    path = write_annual(db, 2026, tmp_path / "vuosikertomus.pdf")

    lines = lines_of(path)
    for word in ("asiantuntijapalvelu", "Pohjois-Pohjanmaan", "1.9.2025–31.12.2027"):
        assert sum(word in line for line in lines) == 3, word


def bars(node: Any) -> list[Rect]:
    found = []
    for child in getattr(node, "contents", []):
        found += [child] if isinstance(child, Rect) else bars(child)
    return found


def test_a_negative_figure_in_the_chart_is_drawn_right_of_the_labels():
    drawing = bar_chart(
        "Talousarvio ja toteuma luokittain",
        ["Matkakulut", "Muut tuotot"],
        [("Talousarvio", [D(100), D(0)]), ("Toteuma", [D(-300), D(-500)])],
    )
    chart = next(c for c in drawing.contents if isinstance(c, HorizontalBarChart))

    drawn = bars(chart.draw())

    assert min(min(r.x, r.x + r.width) for r in drawn) >= chart.x - 0.5
