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
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from domain.errors import ValidationError
from domain.finance import CategoryKind, ProjectFinance, percent_of, project_totals
from domain.formats import format_date, format_money, format_percent
from domain.i18n import N_, _
from services.finance import drill_down_query, project_finances
from storage.database import Database
from storage.repositories import ListQuery
from ui.budget_comparison_page import NO_PERCENT, FigureRow, FigureTableModel
from ui.case_statistics_page import ERROR_STYLE, HEADING_STYLE, Index, RowKind, WrappedLabel, muted
from ui.sales_page import FigureSection
from ui.widgets import DateField

COL_CODE, COL_NAME, COL_BUDGET, COL_COSTS, COL_USED, COL_REMAINING, COL_INCOME = range(7)
TEXT_COLUMNS = (COL_CODE, COL_NAME)


@dataclass(frozen=True)
class ProjectRow(FigureRow):
    """A project's row: the row opens its costs; the Income cell opens its income."""

    income_query: ListQuery | None = None
    income_title: str = ""


class ProjectTableModel(FigureTableModel):
    """The figure table with two text columns (code and name) on the left."""

    @staticmethod
    def _alignment(column: int) -> int:
        horizontal = Qt.AlignmentFlag.AlignLeft if column in TEXT_COLUMNS else Qt.AlignmentFlag.AlignRight
        return int(horizontal | Qt.AlignmentFlag.AlignVCenter)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.row() < self.rowCount() \
                and index.column() < self.columnCount():
            return self._alignment(index.column())
        return super().data(index, role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.headers):
            return self._alignment(section)
        return super().headerData(section, orientation, role)

    def as_html(self) -> str:
        """The table as HTML: bold header and total, the code and name left, figures right."""

        def cell(tag: str, column: int, text: str, bold: bool) -> str:
            align = "left" if column in TEXT_COLUMNS else "right"
            body = html.escape(text)
            return f'<{tag} style="text-align:{align}">{f"<b>{body}</b>" if bold else body}</{tag}>'

        out = ['<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse">']
        out.append("<tr>" + "".join(cell("th", i, h, True) for i, h in enumerate(self.header_texts())) + "</tr>")
        for row in self._rows:
            bold = row.kind is not RowKind.ITEM
            out.append("<tr>" + "".join(cell("td", i, t, bold) for i, t in enumerate(row.cells)) + "</tr>")
        out.append("</table>")
        return "\n".join(out)


# --------------------------------------------------------------------------- building rows


def _percent(value: Decimal | None) -> str:
    return NO_PERCENT if value is None else format_percent(value, 1)


def _over_budget_tip(r: ProjectFinance) -> str:
    return _("Over budget: costs {costs} exceed our budget {budget} by {over}").format(
        costs=format_money(r.costs), budget=format_money(r.our_budget), over=format_money(r.costs - r.our_budget))


def project_rows(projects: Sequence[ProjectFinance], as_of: date) -> list[ProjectRow]:
    """A row per project, then the total; none when no project is listed."""
    if not projects:
        return []
    day = format_date(as_of)
    rows = [
        ProjectRow(
            (r.code, r.name, format_money(r.our_budget), format_money(r.costs), _percent(r.used_percent),
             format_money(r.remaining), format_money(r.income)),
            tooltip=_over_budget_tip(r) if r.over_budget else "",
            highlight=r.over_budget,
            query=drill_down_query(None, None, as_of, project_id=r.project_id, kind=CategoryKind.EXPENSE),
            title=_("Costs of {project} until {date}").format(project=r.code, date=day),
            income_query=drill_down_query(None, None, as_of, project_id=r.project_id, kind=CategoryKind.INCOME),
            income_title=_("Income of {project} until {date}").format(project=r.code, date=day),
        )
        for r in projects
    ]
    budgets, costs, income = project_totals(projects)
    # Used and remaining are of the projects with our budget: the costs of a project
    # without one would otherwise count against the others' budgets.
    budgeted = [r for r in projects if r.our_budget is not None]
    used = percent_of(sum((r.costs for r in budgeted), Decimal(0)), budgets) if budgets else None
    remaining = sum((r.remaining for r in budgeted), Decimal("0.00")) if budgeted else None
    rows.append(ProjectRow(
        (_("Total"), "", format_money(budgets), format_money(costs), _percent(used), format_money(remaining),
         format_money(income)),
        RowKind.TOTAL,
        tooltip=_("Used % and remaining are of the projects with our budget")
        if len(budgeted) < len(projects) else "",
    ))
    return rows


# --------------------------------------------------------------------------- the page


class ProjectSection(FigureSection):
    def target(self, row: FigureRow, column: int) -> tuple[ListQuery, str] | None:
        if column == COL_INCOME and isinstance(row, ProjectRow) and row.income_query is not None:
            return row.income_query, row.income_title
        return super().target(row, column)


class ProjectFinancesPage(QWidget):
    """Our budget of each project against its costs up to a chosen day (today unless changed)."""

    status_message = Signal(str)
    drill_down = Signal(object, str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.projects: list[ProjectFinance] = []

        # --- the day ----------------------------------------------------------------------
        self.date_field = DateField(self)
        self.date_field.setObjectName("projects_as_of")
        self.date_field.set_date(date.today())
        self.date_field.setToolTip(_("Costs and income booked up to this day are counted"))
        date_label = QLabel(_("Sit&uation on:"), self)
        date_label.setBuddy(self.date_field)
        self.date_error = QLabel(self)
        self.date_error.setObjectName("projects_date_error")
        self.date_error.setStyleSheet(ERROR_STYLE)
        self.date_error.setWordWrap(True)
        controls = QHBoxLayout()
        controls.addWidget(date_label)
        controls.addWidget(self.date_field)
        controls.addSpacing(12)
        controls.addWidget(self.date_error, 1)

        # --- the figures ----------------------------------------------------------------
        self.content = QWidget(self)
        self.heading = WrappedLabel("", self.content)
        self.heading.setObjectName("projects_heading")
        self.heading.setStyleSheet(HEADING_STYLE)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty_notice = QLabel(self.content)
        self.empty_notice.setObjectName("no_projects_notice")
        muted(self.empty_notice)
        self.empty_notice.hide()
        self.model = ProjectTableModel((
            N_("Code"), N_("Project"), N_("Our budget €"), N_("Costs €"), N_("Used %"), N_("Remaining €"),
            N_("Income €"),
        ))
        self.section = ProjectSection(_("Projects' budgets and costs"), self.model, "project_finances", self.content)
        self.view = self.section.view
        self.copy_button = self.section.copy_button
        self.note = self.section.note
        body = QVBoxLayout(self.content)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(6)
        body.addWidget(self.heading)
        body.addWidget(self.empty_notice)
        body.addWidget(self.section, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.content, 1)

        # --- behaviour ------------------------------------------------------------------
        self._date_timer = QTimer(self)
        self._date_timer.setSingleShot(True)
        self._date_timer.setInterval(400)  # a pause in typing, not every key
        self._date_timer.timeout.connect(self._show)
        self.date_field.changed.connect(self._date_timer.start)
        self.date_field.edit.returnPressed.connect(self._show)
        self.section.status_message.connect(self.status_message)
        self.section.drill_down.connect(self.drill_down)
        for first, second in itertools.pairwise((self.date_field, self.view, self.copy_button)):
            self.setTabOrder(first, second)
        # Summed when first shown: at start-up the page is hidden behind the ledger.
        self._shown = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            self._show()

    def refresh(self) -> None:
        """Sum the figures again (transactions or projects may have changed meanwhile)."""
        self._show()

    def as_of(self) -> date:
        """The day typed; raises ValidationError when it cannot be read."""
        day = self.date_field.date("as_of")
        if day is None:
            raise ValidationError("as_of", _("{field} is required").format(field=_("Situation on")))
        return day

    def _show(self) -> None:
        self._date_timer.stop()
        try:
            as_of = self.as_of()
        except ValidationError as exc:
            self.date_error.setText(exc.message)
            # The figures of the last readable day stay, greyed out: they are not of this day.
            self.content.setEnabled(False)
            return
        self.date_error.clear()
        self.content.setEnabled(True)
        self._shown = True
        with self.db.unit_of_work() as uow:
            projects = project_finances(uow, as_of)
        self.projects = projects
        day = format_date(as_of)
        self.heading.setText(_("Project finances on {date}").format(date=day))
        self.empty_notice.setText(
            _("No project has our budget for {year} or bookings up to {date}.").format(year=as_of.year, date=day))
        self.empty_notice.setVisible(not projects)
        self.section.set_rows(project_rows(projects, as_of), _(
            "Costs are the expenses booked to the project up to the day; a project whose costs exceed "
            "our budget is shown in red. Double-click a row or press Enter to list its costs; on the "
            "Income column, its income."
        ))
