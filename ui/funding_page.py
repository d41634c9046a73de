"""The funding sources of a year (*rahoituslähteet*), as the annual report prints them.

Income per category in euros and per cent, the per cents rounded by the largest-remainder
method (``domain.finance.funding_table``) so that the column adds up to exactly 100, and a
total row. Opening a row lists the year's transactions behind it; a chart shows the same
income by source.
"""

from __future__ import annotations

import itertools
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from domain.finance import CategoryKind, FundingTable
from domain.formats import format_money, format_percent, format_period
from domain.i18n import N_, _
from services.finance import drill_down_query, funding_sources
from storage.database import Database
from ui.budget_comparison_page import FigurePanel, FigureRow, FigureTableModel
from ui.case_statistics_page import HEADING_STYLE, RowKind, WrappedLabel, muted
from ui.charts import BarChart


def funding_rows(table: FundingTable, category_ids: dict[str, str]) -> list[FigureRow]:
    """A row per source, then the total (YHTEENSÄ); none for a year without income.

    ``category_ids``: the income categories' IDs by name, for the drill-down."""
    if not table.rows:
        return []
    start, end = date(table.year, 1, 1), date(table.year, 12, 31)
    period = format_period(start, end)
    rows = [
        FigureRow(
            (r.name, format_money(r.amount), format_percent(r.percent)),
            tooltip=_("{name}: {share} of the year's income").format(name=r.name, share=format_percent(r.percent)),
            query=drill_down_query(category_ids.get(r.name), start, end),
            title=f"{r.name} {period}",
        )
        for r in table.rows
    ]
    rows.append(FigureRow(
        (_("TOTAL"), format_money(table.total), format_percent(table.total_percent)),
        RowKind.TOTAL,
        tooltip=_("All income of the year"),
        query=drill_down_query(None, start, end, kind=CategoryKind.INCOME),
        title=f"{_('Income')} {period}",
    ))
    return rows


class FundingPage(QWidget):
    """Income of a year by source, € and %, with a total row and a chart."""

    status_message = Signal(str)
    drill_down = Signal(object, str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.table: FundingTable | None = None

        self.year_combo = QComboBox(self)
        self.year_combo.setObjectName("funding_year")
        self.year_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        year_label = QLabel(_("&Year:"), self)
        year_label.setBuddy(self.year_combo)
        controls = QHBoxLayout()
        controls.addWidget(year_label)
        controls.addWidget(self.year_combo)
        controls.addStretch(1)

        self.heading = WrappedLabel("", self)
        self.heading.setObjectName("funding_heading")
        self.heading.setStyleSheet(HEADING_STYLE)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty_notice = QLabel(self)
        self.empty_notice.setObjectName("no_income_notice")
        muted(self.empty_notice)
        self.empty_notice.hide()
        self.model = FigureTableModel((N_("Source"), N_("€"), N_("%")))
        self.chart = BarChart(self, suffix="€")
        self.chart.setObjectName("funding_chart")
        self.panel = FigurePanel(_("Funding sources"), self.model, "funding", self.chart, self)
        self.view = self.panel.view
        self.copy_button = self.panel.copy_button
        self.note = self.panel.note

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.heading)
        layout.addWidget(self.empty_notice)
        layout.addWidget(self.panel, 1)

        self.year_combo.currentIndexChanged.connect(lambda _i: self._show())
        self.panel.status_message.connect(self.status_message)
        self.panel.drill_down.connect(self.drill_down)
        for first, second in itertools.pairwise((self.year_combo, self.view, self.copy_button)):
            self.setTabOrder(first, second)
        self._shown = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            self.refresh()

    # --- the year ---------------------------------------------------------------------
    def _fill_years(self) -> None:
        """The years with transactions and the current one, newest first. At first the
        current year, or the newest year with income when the current has none."""
        keep = self.year_combo.currentData()
        this_year = date.today().year
        with self.db.unit_of_work() as uow:
            booked = uow.transactions.years()
            years = sorted({*booked, this_year}, reverse=True)
            if keep is None:
                keep = this_year
                if not funding_sources(uow, this_year).rows:
                    keep = next((y for y in booked if funding_sources(uow, y).rows), this_year)
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in years:
            self.year_combo.addItem(str(year), year)
        index = self.year_combo.findData(keep)
        self.year_combo.setCurrentIndex(index if index >= 0 else self.year_combo.findData(this_year))
        self.year_combo.blockSignals(False)

    @property
    def year(self) -> int:
        return self.year_combo.currentData() or date.today().year

    # --- showing ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the years and the figures again (transactions may have changed meanwhile)."""
        self._fill_years()
        self._show()

    def _show(self) -> None:
        self._shown = True
        year = self.year
        with self.db.unit_of_work() as uow:
            table = funding_sources(uow, year)
            category_ids = {c.name: c.id for c in uow.categories.all() if c.kind is CategoryKind.INCOME}
        self.table = table
        self.heading.setText(_("Funding sources {year}").format(year=year))
        self.empty_notice.setText(_("No income is booked in {year}.").format(year=year))
        self.empty_notice.setVisible(not table.rows)
        self.panel.set_rows(
            funding_rows(table, category_ids),
            _("The per cents are rounded so that they add up to 100 (largest remainder). "
              "Double-click a row or press Enter to list its transactions.") if table.rows else "",
        )
        self.chart.set_data(
            [r.name for r in table.rows],
            [(_("Income"), [r.amount for r in table.rows])] if table.rows else [],
            _("Income by source {year}").format(year=year),
        )
