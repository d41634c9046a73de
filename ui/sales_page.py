"""Expert-service sales of a year per customer (*asiantuntijapalvelujen myynti*).

A sale is an income transaction with a customer; its work days count in the table. The
figures come from ``services.finance.customer_sales`` (summed by SQL, a customer written in
different cases counted once), the largest customer first, with a bold total row. Opening a
customer (double-click or Enter) lists the year's sales to that customer with the same
filter they were summed with. The table copies as tab-separated text and HTML.

``FigureSection`` — a caption with a Copy button, the table and a note — is shared with the
project finances page.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from domain.finance import CategoryKind, SalesTable
from domain.formats import format_decimal_short, format_money, format_number
from domain.i18n import N_, _
from services.finance import customer_sales, drill_down_query
from storage.database import Database
from storage.repositories import ListQuery
from ui.budget_comparison_page import FigureRow, FigureTable, FigureTableModel
from ui.case_statistics_page import CAPTION_STYLE, HEADING_STYLE, RowKind, WrappedLabel, muted
from ui.views import bind_keys

# --------------------------------------------------------------------------- a table section


class FigureSection(QWidget):
    """A caption with a Copy button, the table, and a note under it.

    Enter or a double-click on a row emits ``drill_down`` with the query and title that
    ``target`` gives for the cell (by default the row's own)."""

    status_message = Signal(str)
    drill_down = Signal(object, str)

    def __init__(self, caption: str, model: FigureTableModel, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.model = model
        self.caption = QLabel(caption, self)
        self.caption.setStyleSheet(CAPTION_STYLE)
        self.copy_button = QPushButton(_("C&opy"), self)
        self.copy_button.setObjectName(f"copy_{name}")
        self.copy_button.setToolTip(_("Copies the table (Ctrl+C in the table); it pastes into Excel and Word as a table"))
        self.copy_button.setAccessibleName(f"{_('Copy')}: {caption}")
        self.view = FigureTable(model, self, f"{name}_table", caption)
        self.note = WrappedLabel("", self)
        self.note.setObjectName(f"{name}_note")
        muted(self.note)
        self.note.hide()

        # The caption, its Copy button and the table as wide as the table's columns: a few
        # columns do not spread across a wide window.
        table_side = QWidget(self)
        table_side.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.caption, 1)
        top.addWidget(self.copy_button)
        column = QVBoxLayout(table_side)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(top)
        column.addWidget(self.view)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(table_side)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addStretch(1)

        self.copy_button.clicked.connect(self.copy_table)
        bind_keys(self.view, {QKeySequence.StandardKey.Copy: self.copy_table})
        self.view.activated.connect(self._open)  # Enter and double-click both activate

    def set_rows(self, rows: Sequence[FigureRow], note: str = "") -> None:
        self.model.set_rows(rows)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.copy_button.setEnabled(bool(rows))

    def copy_table(self) -> None:
        if not self.model.rowCount():
            return
        QGuiApplication.clipboard().setMimeData(self.model.mime_data())
        self.status_message.emit(_("Copied the table"))

    def target(self, row: FigureRow, column: int) -> tuple[ListQuery, str] | None:
        """The transactions behind a cell, with the window's title; None: nothing to open."""
        return None if row.query is None else (row.query, row.title)

    def target_at(self, index: QModelIndex) -> tuple[ListQuery, str] | None:
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.target(self.model.row(index.row()), index.column())

    def _open(self, index: QModelIndex) -> None:
        found = self.target_at(index)
        if found is not None:
            self.drill_down.emit(*found)

    def open_current(self) -> None:
        """Open the current cell's transactions, as Enter does."""
        self._open(self.view.currentIndex())


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
            (r.customer, work_days_text(r.work_days), format_money(r.amount), format_number(r.count)),
            query=drill_down_query(None, start, end, customer=r.customer, kind=CategoryKind.INCOME),
            title=_("Sales to {customer} {year}").format(customer=r.customer, year=table.year),
        )
        for r in table.rows
    ]
    rows.append(FigureRow(
        (_("Total"), work_days_text(table.work_days), format_money(table.amount), format_number(table.count)),
        RowKind.TOTAL,
        tooltip=_("All expert-service sales of {year}").format(year=table.year),
    ))
    return rows


# --------------------------------------------------------------------------- the page


class SalesPage(QWidget):
    """Expert-service sales of a chosen year per customer: work days, euros, transactions."""

    status_message = Signal(str)
    drill_down = Signal(object, str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.table: SalesTable | None = None

        self.year_combo = QComboBox(self)
        self.year_combo.setObjectName("sales_year")
        self.year_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        year_label = QLabel(_("&Year:"), self)
        year_label.setBuddy(self.year_combo)
        controls = QHBoxLayout()
        controls.addWidget(year_label)
        controls.addWidget(self.year_combo)
        controls.addStretch(1)

        self.heading = WrappedLabel("", self)
        self.heading.setObjectName("sales_heading")
        self.heading.setStyleSheet(HEADING_STYLE)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty_notice = QLabel(self)
        self.empty_notice.setObjectName("no_sales_notice")
        muted(self.empty_notice)
        self.empty_notice.hide()
        self.model = FigureTableModel((N_("Customer"), N_("Work days"), N_("Amount €"), N_("Transactions")))
        self.section = FigureSection(_("Sales per customer"), self.model, "sales", self)
        self.view = self.section.view
        self.copy_button = self.section.copy_button
        self.note = self.section.note

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.heading)
        layout.addWidget(self.empty_notice)
        layout.addWidget(self.section, 1)

        self.year_combo.currentIndexChanged.connect(lambda _i: self._show())
        self.section.status_message.connect(self.status_message)
        self.section.drill_down.connect(self.drill_down)
        for first, second in itertools.pairwise((self.year_combo, self.view, self.copy_button)):
            self.setTabOrder(first, second)
        # Summed when first shown: at start-up the page is hidden behind the ledger.
        self._shown = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            self.refresh()

    # --- the year ---------------------------------------------------------------------
    def _fill_years(self) -> None:
        """The years with transactions and the current one, newest first; the current
        year at first, later the year chosen."""
        keep = self.year_combo.currentData()
        this_year = date.today().year
        with self.db.unit_of_work() as uow:
            years = sorted({*uow.transactions.years(), this_year}, reverse=True)
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in years:
            self.year_combo.addItem(str(year), year)
        index = self.year_combo.findData(keep if keep is not None else this_year)
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
            table = customer_sales(uow, year)
        self.table = table
        self.heading.setText(_("Expert-service sales {year}").format(year=year))
        self.empty_notice.setText(_("No expert-service sales are booked in {year}.").format(year=year))
        self.empty_notice.setVisible(not table.rows)
        self.section.set_rows(sales_rows(table), _(
            "A sale is an income transaction with a customer; an expense with a customer is not a sale. "
            "A customer written in different cases is counted once. "
            "Double-click a customer or press Enter to list the sales."
        ))
