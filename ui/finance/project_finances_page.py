"""Each project's own budget against the costs booked to it up to a day (*hankkeiden talous*).

The figures come from ``services.finance.project_finances`` (summed by SQL): our budget, the
expenses booked to the project up to the chosen day, the per cent used, what remains, and
the income booked to it. A project whose costs exceed its budget is shown in light red with
a tooltip saying by how much. Opening a row (double-click or Enter) lists the project's
expenses up to the day; opening its Income cell lists its income. The table copies as
tab-separated text and HTML.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from domain.finance import CategoryKind, ProjectFinance, project_total
from domain.formats import format_date, format_money, percent_or_dash
from domain.i18n import N_, _
from services.finance import drill_down_query, project_finances
from storage.database import Database
from storage.repositories import TransactionQuery
from ui.caselog.statistics_page import Index, RowKind
from ui.common.figures import (
    DayChooser,
    FigurePage,
    FigureRow,
    FigureSection,
    FigureTableModel,
    heading_label,
    notice_label,
)
from ui.common.table_model import Column, Columns

# The code and name to the left, the figures to the right.
COLUMNS = Columns(
    Column("code", N_("Code")),
    Column("name", N_("Project")),
    Column("budget", N_("Our budget €"), align_right=True),
    Column("costs", N_("Costs €"), align_right=True),
    Column("used", N_("Used %"), align_right=True),
    Column("remaining", N_("Remaining €"), align_right=True),
    Column("income", N_("Income €"), align_right=True),
)


@dataclass(frozen=True)
class ProjectRow(FigureRow):
    """A project's row: the row opens its costs; the Income cell opens its income."""

    income_query: TransactionQuery | None = None
    income_title: str = ""


class ProjectFinancesModel(FigureTableModel):
    """The figure table with two text columns (code and name) on the left."""

    def __init__(self) -> None:
        super().__init__([c.header for c in COLUMNS])

    @staticmethod
    def column(key: str) -> int:
        return COLUMNS.index_of(key)

    @staticmethod
    def _alignment(column: int) -> int:
        horizontal = (
            Qt.AlignmentFlag.AlignRight
            if COLUMNS[column].align_right
            else Qt.AlignmentFlag.AlignLeft
        )
        return int(horizontal | Qt.AlignmentFlag.AlignVCenter)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and index.isValid()
            and index.row() < self.rowCount()
            and index.column() < self.columnCount()
        ):
            return self._alignment(index.column())
        return super().data(index, role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.headers)
        ):
            return self._alignment(section)
        return super().headerData(section, orientation, role)

    def as_html(self) -> str:
        """The table as HTML: bold header and total, the code and name left, figures right."""

        def cell(tag: str, column: int, text: str, bold: bool) -> str:
            align = "right" if COLUMNS[column].align_right else "left"
            body = html.escape(text)
            return f'<{tag} style="text-align:{align}">{f"<b>{body}</b>" if bold else body}</{tag}>'

        out = [
            '<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse">'
        ]
        out.append(
            "<tr>"
            + "".join(cell("th", i, h, True) for i, h in enumerate(self.header_texts()))
            + "</tr>"
        )
        for row in self._rows:
            bold = row.kind is not RowKind.ITEM
            out.append(
                "<tr>" + "".join(cell("td", i, t, bold) for i, t in enumerate(row.cells)) + "</tr>"
            )
        out.append("</table>")
        return "\n".join(out)


# --------------------------------------------------------------------------- building rows


def _over_budget_tip(r: ProjectFinance) -> str:
    budget = r.our_budget if r.our_budget is not None else Decimal("0.00")
    return _("Over budget: costs {costs} exceed our budget {budget} by {over}").format(
        costs=format_money(r.costs),
        budget=format_money(budget),
        over=format_money(r.costs - budget),
    )


def project_rows(projects: Sequence[ProjectFinance], as_of: date) -> list[ProjectRow]:
    """A row per project, then the total; none when no project is listed."""
    if not projects:
        return []
    day = format_date(as_of)
    rows = [
        ProjectRow(
            (
                r.code,
                r.name,
                format_money(r.our_budget),
                format_money(r.costs),
                percent_or_dash(r.used_percent),
                format_money(r.remaining),
                format_money(r.income),
            ),
            tooltip=_over_budget_tip(r) if r.over_budget else "",
            highlight=r.over_budget,
            query=drill_down_query(
                None, None, as_of, project_id=r.project_id, kind=CategoryKind.EXPENSE
            ),
            title=_("Costs of {project} until {date}").format(project=r.code, date=day),
            income_query=drill_down_query(
                None, None, as_of, project_id=r.project_id, kind=CategoryKind.INCOME
            ),
            income_title=_("Income of {project} until {date}").format(project=r.code, date=day),
        )
        for r in projects
    ]
    total = project_total(projects)
    rows.append(
        ProjectRow(
            (
                _("Total"),
                "",
                format_money(total.our_budget),
                format_money(total.costs),
                percent_or_dash(total.used_percent),
                format_money(total.remaining),
                format_money(total.income),
            ),
            RowKind.TOTAL,
            tooltip=""
            if total.all_budgeted
            else _("Used % and remaining are of the projects with our budget"),
        )
    )
    return rows


# --------------------------------------------------------------------------- the page


class ProjectSection(FigureSection):
    """The figure section whose Income cells open the project's income."""

    def target(self, row: FigureRow, column: int) -> tuple[TransactionQuery, str] | None:
        if (
            column == COLUMNS.index_of("income")
            and isinstance(row, ProjectRow)
            and row.income_query is not None
        ):
            return row.income_query, row.income_title
        return super().target(row, column)


class ProjectFinancesPage(FigurePage):
    """Our budget of each project against its costs up to a chosen day (today unless changed)."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.projects: list[ProjectFinance] = []
        self.day_chooser = DayChooser(
            _("Costs and income booked up to this day are counted"),
            "projects_as_of",
            self.content,
            self,
        )
        self.heading = heading_label(self.content, "projects_heading")
        self.empty_notice = notice_label(self.content, "no_projects_notice")
        self.model = ProjectFinancesModel()
        self.lay_out(
            self.day_chooser,
            ProjectSection(
                _("Projects' budgets and costs"), self.model, "project_finances", self.content
            ),
            self.heading,
            self.empty_notice,
        )

    def _show(self) -> None:
        as_of = self.day_chooser.day()
        if as_of is None:
            return  # the figures of the last readable day stay, greyed out
        self._shown = True
        with self.db.unit_of_work() as uow:
            projects = project_finances(uow, as_of)
        self.projects = projects
        day = format_date(as_of)
        self.heading.setText(_("Project finances on {date}").format(date=day))
        self.empty_notice.setText(
            _("No project has our budget for {year} or bookings up to {date}.").format(
                year=as_of.year, date=day
            )
        )
        self.empty_notice.setVisible(not projects)
        self.section.set_rows(
            project_rows(projects, as_of),
            _(
                "Costs are the expenses booked to the project up to the day; a project whose costs exceed "
                "our budget is shown in red. Double-click a row or press Enter to list its costs; on the "
                "Income column, its income."
            ),
        )
