"""Expert-service sales of a year per customer (*asiantuntijapalvelujen myynti*).

A sale is an income transaction with a customer; its work days count in the table. The
figures come from ``services.finance.customer_sales`` (summed by SQL, a customer written in
different cases counted once), the largest customer first, with a bold total row. Opening a
customer (double-click or Enter) lists the year's sales to that customer with the same
filter they were summed with. The table copies as tab-separated text and HTML.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from domain.finance import CategoryKind, SalesTable
from domain.formats import format_decimal_short, format_money, format_number
from domain.i18n import N_, _
from services.finance import customer_sales, drill_down_query
from storage.database import Database
from ui.caselog.statistics_page import RowKind
from ui.common.figures import (
    FigurePage,
    FigureRow,
    FigureSection,
    FigureTableModel,
    YearChooser,
    heading_label,
    notice_label,
)

# --------------------------------------------------------------------------- building rows


def work_days_text(days) -> str:
    """Work days with as many decimals as they have, at most two: ``12``, ``2,5``, ``0,25``."""
    return format_decimal_short(days)


def sales_rows(table: SalesTable) -> list[FigureRow]:
    """A row per customer, largest first, then the total; none for a year without sales."""
    if not table.rows:
        return []
    start, end = date(table.year, 1, 1), date(table.year, 12, 31)
    rows = [
        FigureRow(
            (
                r.customer,
                work_days_text(r.work_days),
                format_money(r.amount),
                format_number(r.count),
            ),
            query=drill_down_query(None, start, end, customer=r.customer, kind=CategoryKind.INCOME),
            title=_("Sales to {customer} {year}").format(customer=r.customer, year=table.year),
        )
        for r in table.rows
    ]
    rows.append(
        FigureRow(
            (
                _("Total"),
                work_days_text(table.work_days),
                format_money(table.amount),
                format_number(table.count),
            ),
            RowKind.TOTAL,
            tooltip=_("All expert-service sales of {year}").format(year=table.year),
        )
    )
    return rows


# --------------------------------------------------------------------------- the page


class SalesPage(FigurePage):
    """Expert-service sales of a chosen year per customer: work days, euros, transactions."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.table: SalesTable | None = None
        self.year_chooser = YearChooser("sales_year", self)
        self.year_combo = self.year_chooser.combo
        self.heading = heading_label(self.content, "sales_heading")
        self.empty_notice = notice_label(self.content, "no_sales_notice")
        self.model = FigureTableModel(
            (N_("Customer"), N_("Work days"), N_("Amount €"), N_("Transactions"))
        )
        self.lay_out(
            self.year_chooser,
            FigureSection(_("Sales per customer"), self.model, "sales", self.content),
            self.heading,
            self.empty_notice,
        )

    def refresh(self) -> None:
        """Read the years and the figures again (transactions may have changed meanwhile);
        the current year at first, later the year chosen."""
        with self.db.unit_of_work() as uow:
            self.year_chooser.set_years(uow.transactions.years())
        self._show()

    def _show(self) -> None:
        self._shown = True
        year = self.year_chooser.year
        with self.db.unit_of_work() as uow:
            table = customer_sales(uow, year)
        self.table = table
        self.heading.setText(_("Expert-service sales {year}").format(year=year))
        self.empty_notice.setText(
            _("No expert-service sales are booked in {year}.").format(year=year)
        )
        self.empty_notice.setVisible(not table.rows)
        self.section.set_rows(
            sales_rows(table),
            _(
                "A sale is an income transaction with a customer; an expense with a customer is not a sale. "
                "A customer written in different cases is counted once. "
                "Double-click a customer or press Enter to list the sales."
            ),
        )
