"""The financials tab: the ledger, budget versus actual, the budget, the funding sources,
expert-service sales per customer and the projects' finances, one page each.

The report pages emit ``drill_down(query, title)`` when a figure is opened; the tab shows
the transactions behind it in a window of their own, summed with the same query."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from domain.i18n import _
from storage.database import Database
from storage.repositories import ListQuery
from ui.budget_comparison_page import BudgetComparisonPage
from ui.budget_page import BudgetPage
from ui.funding_page import FundingPage
from ui.project_finances_page import ProjectFinancesPage
from ui.sales_page import SalesPage
from ui.transactions_page import TransactionsPage, show_transactions


class FinanceTab(QWidget):
    status_message = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.transactions_page = TransactionsPage(db, self)
        self.comparison_page = BudgetComparisonPage(db, self)
        self.budget_page = BudgetPage(db, self)
        self.funding_page = FundingPage(db, self)
        self.sales_page = SalesPage(db, self)
        self.projects_page = ProjectFinancesPage(db, self)
        self.pages = QTabWidget(self)
        self.pages.setDocumentMode(True)
        for page, title in (
            (self.transactions_page, _("Transactions")),
            (self.comparison_page, _("Budget vs actual")),
            (self.budget_page, _("Budget")),
            (self.funding_page, _("Funding sources")),
            (self.sales_page, _("Expert-service sales")),
            (self.projects_page, _("Project finances")),
        ):
            self.pages.addTab(page, title)
            page.status_message.connect(self.status_message)
            drill_down = getattr(page, "drill_down", None)
            if drill_down is not None:
                drill_down.connect(self.show_transactions)
        # A page asks the database again when it comes into view, so the tables follow
        # what was booked or budgeted on the other pages.
        self.pages.currentChanged.connect(lambda _i: self.refresh())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def refresh(self) -> None:
        self.pages.currentWidget().refresh()  # type: ignore[attr-defined]

    def show_transactions(self, query: ListQuery, title: str) -> QWidget:
        """The transactions behind a figure, in a window beside the tab."""
        dialog = show_transactions(self, self.db, query, title)
        data_changed = getattr(dialog, "data_changed", None)
        if data_changed is not None:
            data_changed.connect(self.refresh)
        return dialog
