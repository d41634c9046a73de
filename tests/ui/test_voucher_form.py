"""The transaction form and voucher numbers: the proposal is shown, a save that got another
number because a workstation took the proposal says so, a typed taken number is told at
its field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from domain.finance import Transaction
from services.finance import save_transaction
from storage.database import open_database
from tests.ui.dialogs import error_beside
from tests.ui.test_transactions import CTRL, press, show
from ui.forms.transaction import TransactionDialog

YEAR = date.today().year


@pytest.fixture(autouse=True)
def no_previous_entry():
    TransactionDialog.last_day = None
    yield
    TransactionDialog.last_day = None


def book(db, voucher: str) -> None:
    with db.unit_of_work() as uow:
        travel = uow.categories.by_name("Matkakulut").id
    save_transaction(db, Transaction(date(YEAR, 1, 2), travel, Decimal(10), voucher=voucher), None)


def fill(dialog) -> None:
    dialog.category.setEditText("Matkakulut")
    dialog.amount.setText("42")


def test_a_proposal_taken_meanwhile_gives_the_next_number_and_the_form_says_so(qtbot, db):
    book(db, f"{YEAR}-0299")
    dialog = show(qtbot, TransactionDialog(db))
    assert dialog.voucher.text() == f"{YEAR}-0300"
    other = open_database(db.engine.url.render_as_string(hide_password=False))
    try:
        book(other, f"{YEAR}-0300")  # another workstation saves first
    finally:
        other.close()
    fill(dialog)

    press(qtbot, dialog, Qt.Key.Key_Return, CTRL)

    assert dialog.saved_line.text().splitlines()[0] == (
        f"Tositenumero {YEAR}-0300 oli jo käytössä; kirjaus sai numeron {YEAR}-0301"
    )
    assert dialog.voucher.text() == f"{YEAR}-0302"  # the next one follows the number given
    assert dialog.saved_records[-1].voucher == f"{YEAR}-0301"


def test_a_typed_voucher_that_is_taken_is_told_beside_the_field(qtbot, db):
    book(db, f"{YEAR}-0007")
    dialog = show(qtbot, TransactionDialog(db))
    fill(dialog)
    dialog.voucher.setText(f"{YEAR}-0007")

    press(qtbot, dialog, Qt.Key.Key_Return)

    assert dialog.isVisible()
    assert error_beside(dialog, "voucher") == f"Tosite {YEAR}-0007 on jo käytössä vuonna {YEAR}"


def test_after_enter_the_lists_status_line_names_the_number_given(qtbot, db, on_modal):
    from ui.finance.transactions_page import TransactionsPage

    book(db, f"{YEAR}-0299")
    page = show(qtbot, TransactionsPage(db))

    def enter(dialog):
        qtbot.waitUntil(dialog.isActiveWindow)
        assert dialog.voucher.text() == f"{YEAR}-0300"
        other = open_database(db.engine.url.render_as_string(hide_password=False))
        try:
            book(other, f"{YEAR}-0300")  # another workstation saves first
        finally:
            other.close()
        fill(dialog)
        press(qtbot, dialog, Qt.Key.Key_Return)

    on_modal(enter)
    messages = []
    page.status_message.connect(messages.append)
    with qtbot.waitSignal(page.data_changed):
        qtbot.keyClick(page.view, Qt.Key.Key_N, CTRL)

    assert messages == [
        f"Kirjaus tallennettu. Tositenumero {YEAR}-0300 oli jo käytössä;"
        f" kirjaus sai numeron {YEAR}-0301"
    ]


def test_a_date_in_another_year_offers_that_years_next_number(qtbot, db):
    book(db, f"{YEAR}-0299")
    with db.unit_of_work() as uow:
        travel = uow.categories.by_name("Matkakulut").id
    save_transaction(db, Transaction(date(2019, 5, 2), travel, Decimal(10), voucher="19-041"), None)
    dialog = show(qtbot, TransactionDialog(db))
    assert dialog.voucher.text() == f"{YEAR}-0300"

    dialog.day.setText("5.6.2019")

    assert dialog.voucher.text() == "19-042"
