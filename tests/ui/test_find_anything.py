"""Find anything (Ctrl+K): type, choose with the keys, and the record opens in its tab."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from domain.caselog import CaseEvent, Sector
from domain.finance import Transaction
from domain.staff import StaffMember
from services.caselog import save_case_event
from services.finance import save_transaction
from services.staff import save_staff_member
from ui.app.find_dialog import FindDialog
from ui.app.main_window import MainWindow


@pytest.fixture
def window(qtbot, db, db_path):
    ended = StaffMember("Virtanen", "Helena", "toimitusjohtaja", end=date(2020, 12, 31))
    save_staff_member(db, ended, None)
    save_staff_member(db, StaffMember("Kantola", "Marjo", "hallintoassistentti"), None)
    with db.unit_of_work() as uow:
        sales = uow.categories.by_name("Asiantuntijapalvelujen myynti").id
    for day, text in (
        (date(2025, 3, 2), "Koulutus Virtain kaupungille"),
        (date(2025, 3, 9), "Luento"),
    ):
        save_transaction(
            db, Transaction(day, sales, Decimal("1200.00"), text, customer="Virtain kaupunki"), None
        )
    for day in (date(2024, 4, 1), date(2024, 4, 2)):
        save_case_event(
            db, CaseEvent(day, "Pirkanmaa", Sector.SOCIAL, summary=f"Kotihoito {day}"), None
        )
    shown = MainWindow(db, str(db_path))
    qtbot.addWidget(shown)
    shown.show()
    return shown


def find(window, qtbot, text: str) -> FindDialog:
    window.find_action.trigger()
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, FindDialog)
    qtbot.keyClicks(dialog.text, text)
    dialog.search()  # at once, not after the typing pause
    return dialog


def test_ctrl_k_opens_the_search_from_any_tab(window, qtbot):
    window.open_tab("finance_tab")

    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)

    assert isinstance(QApplication.activeModalWidget(), FindDialog)
    QApplication.activeModalWidget().reject()


def test_enter_opens_a_former_staff_member_in_the_roster(window, qtbot):
    dialog = find(window, qtbot, "helena")

    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)

    tab = window.staff_tab
    assert window.tabs.currentIndex() == 0
    assert tab.all_dates.isChecked()  # she left in 2020: the list shows everyone
    assert tab.staff_model.record(tab.staff_view.currentIndex().row()).last_name == "Virtanen"


def test_down_moves_past_a_heading_to_the_next_match(window, qtbot):
    dialog = find(window, qtbot, "virta")
    first = dialog.current_match()

    qtbot.keyClick(dialog.text, Qt.Key.Key_Down)

    assert dialog.current_match() is not None
    assert dialog.current_match() != first
    assert dialog.focusWidget() is dialog.text


def test_a_case_event_opens_among_the_events_of_its_day(window, qtbot):
    dialog = find(window, qtbot, "kotihoito 2024-04-02")

    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)

    page = window.caselog_tab.events_page
    assert window.caselog_tab.pages.currentWidget() is page
    assert page.model.rowCount() == 1
    assert page.model.record(page.view.currentIndex().row()).summary == "Kotihoito 2024-04-02"
    assert "2.4.2024" in window.statusBar().currentMessage()


def test_a_customer_opens_the_ledger_filtered_to_them_over_every_year(window, qtbot):
    dialog = find(window, qtbot, "virtain kaupunki")
    customer = next(
        row
        for row in range(dialog.matches.count())
        if (m := dialog.matches.item(row).data(Qt.ItemDataRole.UserRole)) is not None
        and m.kind.value == "customer"
    )
    dialog.matches.setCurrentRow(customer)

    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)

    page = window.finance_tab.transactions_page
    assert window.finance_tab.pages.currentWidget() is page
    assert page.model.rowCount() == 2


def test_nothing_found_says_so_and_enter_does_nothing(window, qtbot):
    dialog = find(window, qtbot, "kvanttitietokone")

    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)

    assert dialog.isVisible()
    assert "kvanttitietokone" in dialog.status.text()
    dialog.reject()
