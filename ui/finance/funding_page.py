"""The funding sources of a year (*rahoituslähteet*), as the annual report prints them.

Income per category in euros and per cent, the per cents rounded by the largest-remainder
method (``domain.finance.funding_table``) so that the column adds up to exactly 100, and a
total row. Opening a row lists the year's transactions behind it; a chart shows the same
income by source.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from domain.finance import CategoryKind, FundingTable
from domain.formats import format_money, format_percent, format_period
from domain.i18n import N_, _
from services.finance import drill_down_query, funding_sources
from storage.database import Database
from storage.uow import UnitOfWork
from ui.caselog.statistics_page import RowKind
from ui.common.charts import BarChart
from ui.common.figures import (
    FigurePage,
    FigureRow,
    FigureSection,
    FigureTableModel,
    YearChooser,
    heading_label,
    notice_label,
)


def funding_rows(table: FundingTable) -> list[FigureRow]:
    """A row per source, then the total (YHTEENSÄ); none for a year without income."""
    if not table.rows:
        return []
    start, end = date(table.year, 1, 1), date(table.year, 12, 31)
    period = format_period(start, end)
    rows = [
        FigureRow(
            (r.name, format_money(r.amount), format_percent(r.percent)),
            tooltip=_("{name}: {share} of the year's income").format(
                name=r.name, share=format_percent(r.percent)
            ),
            query=drill_down_query(r.category_id or None, start, end),
            title=f"{r.name} {period}",
        )
        for r in table.rows
    ]
    rows.append(
        FigureRow(
            (_("TOTAL"), format_money(table.total), format_percent(table.total_percent)),
            RowKind.TOTAL,
            tooltip=_("All income of the year"),
            query=drill_down_query(None, start, end, kind=CategoryKind.INCOME),
            title=f"{_('Income')} {period}",
        )
    )
    return rows


def first_year(uow: UnitOfWork, booked: list[int]) -> int:
    """The year shown at first: the current one, or the newest year with income when the
    current has none. ``booked``: the years with transactions, newest first."""
    this_year = date.today().year
    if funding_sources(uow, this_year).rows:
        return this_year
    return next((y for y in booked if funding_sources(uow, y).rows), this_year)


class FundingPage(FigurePage):
    """Income of a year by source, € and %, with a total row and a chart."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.table: FundingTable | None = None
        self.year_chooser = YearChooser("funding_year", self)
        self.year_combo = self.year_chooser.combo
        self.heading = heading_label(self.content, "funding_heading")
        self.empty_notice = notice_label(self.content, "no_income_notice")
        self.model = FigureTableModel((N_("Source"), N_("€"), N_("%")))
        self.chart = BarChart(self.content, suffix="€")
        self.chart.setObjectName("funding_chart")
        self.lay_out(
            self.year_chooser,
            FigureSection(_("Funding sources"), self.model, "funding", self.content, self.chart),
            self.heading,
            self.empty_notice,
        )

    def refresh(self) -> None:
        """Read the years and the figures again (transactions may have changed meanwhile)."""
        with self.db.unit_of_work() as uow:
            booked = uow.transactions.years()
            self.year_chooser.set_years(booked, lambda: first_year(uow, booked))
        self._show()

    def _show(self) -> None:
        self._shown = True
        year = self.year_chooser.year
        with self.db.unit_of_work() as uow:
            table = funding_sources(uow, year)
        self.table = table
        self.heading.setText(_("Funding sources {year}").format(year=year))
        self.empty_notice.setText(_("No income is booked in {year}.").format(year=year))
        self.empty_notice.setVisible(not table.rows)
        self.section.set_rows(
            funding_rows(table),
            _(
                "The per cents are rounded so that they add up to 100 (largest remainder). "
                "Double-click a row or press Enter to list its transactions."
            )
            if table.rows
            else "",
        )
        self.chart.set_data(
            [r.name for r in table.rows],
            [(_("Income"), [r.amount for r in table.rows])] if table.rows else [],
            _("Income by source {year}").format(year=year),
        )
