"""The financials tab: the ledger, budget versus actual, the budget, the funding sources,
expert-service sales per customer and the projects' finances, one page each.

The report pages emit ``drill_down(query, title)`` when a figure is opened; the tab shows
the transactions behind it in a window of their own, summed with the same query."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from domain.i18n import _
from storage.database import Database
from storage.repositories import TransactionQuery
from ui.common.paged_tab import PagedTab
from ui.finance.budget_comparison_page import BudgetComparisonPage
from ui.finance.budget_page import BudgetPage
from ui.finance.funding_page import FundingPage
from ui.finance.project_finances_page import ProjectFinancesPage
from ui.finance.sales_page import SalesPage
from ui.finance.transactions_page import TransactionsPage, show_transactions


class FinanceTab(PagedTab):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.transactions_page = TransactionsPage(db, self)
        self.comparison_page = BudgetComparisonPage(db, self)
        self.budget_page = BudgetPage(db, self)
        self.funding_page = FundingPage(db, self)
        self.sales_page = SalesPage(db, self)
        self.projects_page = ProjectFinancesPage(db, self)
        self.add_pages(
            (
                (self.transactions_page, _("Transactions")),
                (self.comparison_page, _("Budget vs actual")),
                (self.budget_page, _("Budget")),
                (self.funding_page, _("Funding sources")),
                (self.sales_page, _("Expert-service sales")),
                (self.projects_page, _("Project finances")),
            )
        )
        for page in (self.comparison_page, self.funding_page, self.sales_page, self.projects_page):
            page.drill_down.connect(self.show_transactions)

    def show_transactions(self, query: TransactionQuery, title: str) -> QWidget:
        """The transactions behind a figure, in a window beside the tab; a change made there
        shows in the page at once."""
        dialog = show_transactions(self, self.db, query, title)
        dialog.data_changed.connect(self.refresh)
        return dialog
