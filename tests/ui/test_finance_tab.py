"""The financials tab as the CEO uses it: a transaction typed on the ledger moves the figures
of budget versus actual, and opening a figure lists the transactions behind it."""

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from domain.formats import format_money
from services.finance import set_budget
from ui.finance.tab import FinanceTab
from ui.finance.transactions_page import TransactionsDialog

TODAY = date.today()


@pytest.fixture
def tab(qtbot, db):
    with db.unit_of_work() as uow:
        personnel = uow.categories.by_name("Henkilöstökulut")
    set_budget(db, TODAY.year, personnel.id, Decimal(120000))
    widget = FinanceTab(db)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


def comparison_row(tab, name: str) -> list[str]:
    model = tab.comparison_page.model
    rows = [
        [model.row(r).cells[c] for c in range(model.columnCount())] for r in range(model.rowCount())
    ]
    return next(row for row in rows if row[0] == name)


def test_a_transaction_typed_on_the_ledger_moves_budget_versus_actual(qtbot, tab, on_modal):
    tab.pages.setCurrentWidget(tab.comparison_page)
    before = comparison_row(tab, "Henkilöstökulut")
    assert before[1:3] == [format_money(Decimal(120000)), format_money(Decimal(0))]

    tab.pages.setCurrentWidget(tab.transactions_page)

    def enter(dialog):
        qtbot.waitUntil(dialog.isActiveWindow)
        QTest.keyClicks(QApplication.focusWidget(), "henkil")
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        QTest.keyClicks(QApplication.focusWidget(), "12 000,10")
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    on_modal(enter)
    with qtbot.waitSignal(tab.transactions_page.data_changed):
        qtbot.keyClick(
            tab.transactions_page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
        )

    tab.pages.setCurrentWidget(tab.comparison_page)
    after = comparison_row(tab, "Henkilöstökulut")
    assert after[1:4] == [
        format_money(Decimal(120000)),
        format_money(Decimal("12000.10")),
        "10,0\u00a0%",
    ]


def test_opening_a_figure_lists_the_transactions_that_make_it(qtbot, tab, db):
    from domain.finance import Transaction
    from services.finance import save_transaction

    with db.unit_of_work() as uow:
        personnel = uow.categories.by_name("Henkilöstökulut")
    for amount in ("5000.05", "7000.05", "-1000.00"):
        save_transaction(
            db, Transaction(date(TODAY.year, 1, 1), personnel.id, Decimal(amount)), None
        )
    tab.pages.setCurrentWidget(tab.comparison_page)
    page = tab.comparison_page
    row = next(
        r for r in range(page.model.rowCount()) if page.model.row(r).cells[0] == "Henkilöstökulut"
    )
    page.view.setCurrentIndex(page.model.index(row, 2))
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    shown = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, TransactionsDialog) and w.isVisible()
    ]
    assert len(shown) == 1
    dialog = shown[0]
    qtbot.addWidget(dialog)
    assert dialog.total == Decimal("11000.10")
    assert dialog.model.rowCount() == 3
    assert page.model.row(row).cells[2] == format_money(dialog.total)


def test_the_list_behind_a_category_leaves_out_the_category_column(qtbot, db):
    from services.finance import drill_down_query

    with db.unit_of_work() as uow:
        personnel = uow.categories.by_name("Henkilöstökulut")
    dialog = TransactionsDialog(
        db, drill_down_query(personnel.id, date(TODAY.year, 1, 1), TODAY), "Henkilöstökulut"
    )
    qtbot.addWidget(dialog)
    assert dialog.view.isColumnHidden(dialog.model.column("category"))
    assert not dialog.view.isColumnHidden(dialog.model.column("description"))


def test_a_new_transaction_is_offered_the_next_voucher_of_its_year(qtbot, db):
    from domain.finance import Transaction
    from services.finance import save_transaction
    from ui.forms.transaction import TransactionDialog

    with db.unit_of_work() as uow:
        personnel = uow.categories.by_name("Henkilöstökulut")
    for voucher in (f"{TODAY.year - 1}-0099", f"{TODAY.year}-0041", f"{TODAY.year}-0042"):
        day = date(int(voucher[:4]), 1, 2)
        save_transaction(db, Transaction(day, personnel.id, Decimal(10), voucher=voucher), None)
    TransactionDialog.last_day = None
    dialog = TransactionDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.voucher.text() == f"{TODAY.year}-0043"
