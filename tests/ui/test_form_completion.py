"""Completing fields at the keyboard: Tab takes the highlighted suggestion, and a customer
none of the ledger's is asked about once, under the field, before it is saved as new."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from domain.finance import Transaction
from services.finance import save_transaction
from tests.ui.test_transactions import press, show, type_keys
from ui.forms.transaction import TransactionDialog

DAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def no_previous_entry():
    TransactionDialog.last_day = None
    yield
    TransactionDialog.last_day = None


def booked(db, customer: str) -> None:
    with db.unit_of_work() as uow:
        sales = uow.categories.by_name("Asiantuntijapalvelujen myynti").id
    save_transaction(db, Transaction(DAY, sales, Decimal(500), customer=customer), None)


def new_sale(qtbot, db) -> TransactionDialog:
    dialog = show(qtbot, TransactionDialog(db))
    dialog.category.setEditText("Asiantuntijapalvelujen myynti")
    dialog.amount.setText("1200")
    dialog.customer.setFocus()
    return dialog


def question(dialog) -> str:
    label = dialog.findChild(QLabel, "new_value_question")
    return label.text() if label.isVisibleTo(dialog) else ""


def customers(db) -> list[str]:
    with db.unit_of_work() as uow:
        return sorted(t.customer for t in uow.transactions.all())


def test_tab_takes_the_highlighted_customer(qtbot, db):
    booked(db, "Tampereen kaupunki")
    booked(db, "Oulun kaupunki")
    dialog = new_sale(qtbot, db)
    type_keys(qtbot, dialog, "Tampereen k")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.customer.currentText() == "Tampereen kaupunki"
    assert dialog.focusWidget() is dialog.work_days
    assert question(dialog) == ""


def test_tab_takes_the_highlighted_project_too(qtbot, db):
    from domain.projects import OurRole, Project
    from services.projects import save_project

    save_project(db, Project("HANKE-1", "Hyvä arki", OurRole.ADMINISTRATOR), None)
    save_project(db, Project("HANKE-2", "Hyvä ikä", OurRole.ADMINISTRATOR), None)
    dialog = new_sale(qtbot, db)
    dialog.project.setFocus()
    type_keys(qtbot, dialog, "hyv")  # both: the first is highlighted
    qtbot.wait(20)  # as between a person's keys: the suggestions are shown
    press(qtbot, dialog, Qt.Key.Key_Down)  # the user moves to the second
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.project.currentText().endswith("Hyvä ikä")


def test_a_new_customer_is_asked_about_under_the_field_and_saved_once_confirmed(qtbot, db):
    booked(db, "Oulun kaupunki")
    dialog = new_sale(qtbot, db)
    type_keys(qtbot, dialog, "Tampereen k")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert question(dialog) == "Uusi asiakas: Tampereen k?"

    press(qtbot, dialog, Qt.Key.Key_Return)  # Save: held until the question is answered
    assert dialog.isVisible()
    assert customers(db) == ["Oulun kaupunki"]
    assert dialog.focusWidget() is dialog.customer_question.button

    press(qtbot, dialog, Qt.Key.Key_Return)  # yes, a new customer: the save goes on
    assert not dialog.isVisible()
    assert customers(db) == ["Oulun kaupunki", "Tampereen k"]


def test_a_customer_corrected_to_a_known_one_is_not_asked_about(qtbot, db):
    booked(db, "Tampereen kaupunki")
    dialog = new_sale(qtbot, db)
    dialog.customer.setCurrentText("Tampereen k")
    dialog.work_days.setFocus()  # leaving the field
    assert question(dialog) == "Uusi asiakas: Tampereen k?"
    dialog.customer.setFocus()
    type_keys(qtbot, dialog, "aupunki")
    press(qtbot, dialog, Qt.Key.Key_Escape)  # closes the suggestions only
    assert dialog.isVisible()
    assert question(dialog) == ""
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert customers(db) == ["Tampereen kaupunki", "Tampereen kaupunki"]
