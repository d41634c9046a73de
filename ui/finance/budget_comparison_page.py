"""Budget versus actual to a date (*talousarvion toteutumavertailu*), as the CEO shows it
to the board.

Every figure comes from ``services.finance.budget_comparison`` (summed by SQL, rules in
``domain.finance``): per category the year's budget, what is booked from 1 January to the
chosen day, the per cent realised beside the share of the year passed, and the variance
against the budget's share for that time. Opening a figure (double-click or Enter) asks
for the transactions behind it with the same filter it was summed with. The table copies
as tab-separated text and HTML, and a chart sets budget and actual side by side.

The table, its section with the chart beside it, and the day chooser are in ``ui.common.figures``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QWidget

from domain.finance import BudgetComparison, BudgetRow, BudgetSection
from domain.formats import format_date, format_money, format_percent, format_period, percent_or_dash
from domain.i18n import N_, _
from services.finance import budget_comparison, drill_down_query
from storage.database import Database
from ui.caselog.statistics_page import RowKind
from ui.common.charts import BarChart
from ui.common.figures import (
    DayChooser,
    FigurePage,
    FigureRow,
    FigureSection,
    FigureTableModel,
    heading_label,
    notice_label,
)

ELAPSED_COLUMN = 4  # "Year elapsed %": the same on every row

# --------------------------------------------------------------------------- building rows


def _over_budget_tip(row: BudgetRow, comparison: BudgetComparison) -> str:
    return _(
        "Over budget: {actual} spent by {day}, {variance} more than the {allowed} the budget "
        "allows for {elapsed} of the year"
    ).format(
        actual=format_money(row.actual),
        day=format_date(comparison.as_of),
        variance=format_money(row.variance),
        allowed=format_money(row.to_date_budget),
        elapsed=format_percent(comparison.elapsed_percent, 1),
    )


def comparison_rows(comparison: BudgetComparison) -> list[FigureRow]:
    """Income, its categories and total; expenses likewise; then the result."""
    start, end = comparison.start, comparison.as_of
    period = format_period(start, end)
    elapsed = format_percent(comparison.elapsed_percent, 1)
    rows: list[FigureRow] = []

    def section_rows(section: BudgetSection) -> None:
        rows.append(FigureRow((section.kind.heading, "", "", "", "", ""), RowKind.GROUP))
        for r in section.rows:
            name = r.category.label
            rows.append(
                FigureRow(
                    (
                        name,
                        format_money(r.budget),
                        format_money(r.actual),
                        percent_or_dash(r.realised_percent),
                        elapsed,
                        format_money(r.variance),
                    ),
                    indent=True,
                    tooltip=_over_budget_tip(r, comparison) if r.over_budget else "",
                    highlight=r.over_budget,
                    query=drill_down_query(r.category.id, start, end),
                    title=f"{r.category.shown_name} {period}",
                )
            )
        rows.append(
            FigureRow(
                (
                    section.kind.total_label,
                    format_money(section.budget),
                    format_money(section.actual),
                    percent_or_dash(section.realised_percent),
                    elapsed,
                    format_money(section.variance),
                ),
                RowKind.TOTAL,
                query=drill_down_query(None, start, end, kind=section.kind),
                title=f"{section.kind.heading} {period}",
            )
        )

    for section in comparison.sections:
        section_rows(section)
    rows.append(
        FigureRow(
            (
                _("Result"),
                format_money(comparison.result_budget),
                format_money(comparison.result_actual),
                "",
                "",
                format_money(comparison.result_variance),
            ),
            RowKind.TOTAL,
            tooltip=_("Income minus expenses"),
            query=drill_down_query(None, start, end),
            title=f"{_('Income and expenses')} {period}",
        )
    )
    return rows


# --------------------------------------------------------------------------- the page


class BudgetComparisonPage(FigurePage):
    """Budget versus actual from 1 January to a chosen day (today unless changed)."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.comparison: BudgetComparison | None = None
        self.day_chooser = DayChooser(
            _("The figures are from 1 January of this day's year to this day"),
            "as_of",
            self.content,
            self,
        )
        self.heading = heading_label(self.content, "comparison_heading")
        self.elapsed_label = QLabel(self.content)
        self.elapsed_label.setObjectName("elapsed")
        self.no_budget_notice = notice_label(self.content, "no_budget_notice")
        self.model = FigureTableModel(
            (
                N_("Category"),
                N_("Budget €"),
                N_("Actual €"),
                N_("Realised %"),
                N_("Year elapsed %"),
                N_("Variance €"),
            )
        )
        self.chart = BarChart(self.content, suffix="€")
        self.chart.setObjectName("comparison_chart")
        self.lay_out(
            self.day_chooser,
            FigureSection(
                _("Income and expenses by category"),
                self.model,
                "comparison",
                self.content,
                self.chart,
                narrow_hides=(ELAPSED_COLUMN,),  # the line above the table says it
            ),
            self.heading,
            self.elapsed_label,
            self.no_budget_notice,
        )

    def _show(self) -> None:
        as_of = self.day_chooser.day()
        if as_of is None:
            return  # the figures of the last readable day stay, greyed out
        self._shown = True
        with self.db.unit_of_work() as uow:
            comparison = budget_comparison(uow, as_of)
        self.comparison = comparison
        period = format_period(comparison.start, as_of)
        self.heading.setText(f"{_('Budget versus actual')} {period}")
        day = as_of.timetuple().tm_yday
        days = (date(as_of.year, 12, 31) - date(as_of.year, 1, 1)).days + 1
        self.elapsed_label.setText(
            _("{percent} of the year has passed (day {day} of {days})").format(
                percent=format_percent(comparison.elapsed_percent, 1), day=day, days=days
            )
        )
        budgeted = any(r.budget for s in comparison.sections for r in s.rows)
        self.no_budget_notice.setText(
            _("{year} has no budget yet: the budget figures are zero.").format(year=as_of.year)
        )
        self.no_budget_notice.setVisible(not budgeted)
        self.section.set_rows(
            comparison_rows(comparison),
            _(
                "Variance = actual − the budget's share for the time passed (the year's budget × {elapsed}). "
                "Rows in red are expenses running ahead of their budget; point at one to see by how much. "
                "Double-click a row or press Enter to list its transactions."
            ).format(elapsed=format_percent(comparison.elapsed_percent, 1)),
        )
        rows = [r for s in comparison.sections for r in s.rows]
        self.chart.set_data(
            [r.category.label for r in rows],
            [(_("Budget"), [r.budget for r in rows]), (_("Actual"), [r.actual for r in rows])],
            _("Budget and actual by category"),
        )
