"""Several rows at once: Shift+Down selects, Delete asks once and deletes all or none,
Ctrl+C copies the selected rows as a table."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from domain.finance import Transaction
from domain.formats import format_date, format_money
from domain.history import Action, HistoryFilter
from domain.i18n import _
from services.finance import delete_transaction, save_transaction
from tests.ui.dialogs import answer_yes
from tests.ui.showing import show
from ui.finance.transactions_page import TransactionsPage

YEAR = date.today().year
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def categories(db):
    with db.unit_of_work() as uow:
        return {c.name: c for c in uow.categories.all()}


@pytest.fixture
def ledger(db, categories) -> list[Transaction]:
    """Four expenses this year, the newest (shown first) on 4 March."""
    travel = categories["Matkakulut"].id
    return [
        save_transaction(
            db,
            Transaction(date(YEAR, 3, day), travel, Decimal(f"{day}0.50"), f"Matka {day}"),
            None,
        )
        for day in (1, 2, 3, 4)
    ]


@pytest.fixture
def page(qtbot, db, ledger):
    widget = show(qtbot, TransactionsPage(db), (1200, 600))
    widget.refresh()
    return widget


def descriptions(page: TransactionsPage) -> list[str]:
    model = page.model
    column = model.column("description")
    return [model.index(r, column).data() for r in range(model.rowCount())]


def select_first_three(qtbot, page: TransactionsPage) -> None:
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Home)
    qtbot.keyClick(page.view, Qt.Key.Key_Down, SHIFT)
    qtbot.keyClick(page.view, Qt.Key.Key_Down, SHIFT)


def transaction_deletions(db) -> list:
    with db.unit_of_work() as uow:
        return uow.history.page(
            HistoryFilter(kind="transactions", actions=(Action.DELETE,)), 0, 100
        )


def read_the_next_message(on_modal) -> list[str]:
    """The text of the next message box (in the list once shown), closed with OK."""
    told: list[str] = []

    def note(box: QMessageBox) -> None:
        told.append(box.text())
        box.button(QMessageBox.StandardButton.Ok).click()

    on_modal(note)
    return told


def delete_first_three_and_read_the_message(qtbot, page, on_modal) -> str:
    """Select the first three rows, press Delete, answer Yes; the message that follows."""
    select_first_three(qtbot, page)
    on_modal(answer_yes())
    told = read_the_next_message(on_modal)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(told))
    return told[0]


def test_delete_of_three_selected_rows_asks_once_and_deletes_them_together(
    qtbot, db, page, on_modal
):
    asked: list[str] = []

    def yes(box: QMessageBox) -> None:
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    select_first_three(qtbot, page)
    on_modal(yes)
    with qtbot.waitSignal(page.data_changed):
        qtbot.keyClick(page.view, Qt.Key.Key_Delete)

    assert asked == [_("Delete {n} transactions?").format(n=3)]
    assert asked == ["Poistetaanko 3 kirjausta?"]
    assert descriptions(page) == ["Matka 1"]
    deletions = transaction_deletions(db)
    assert len(deletions) == 3
    ids = sorted(e.id for e in deletions)
    assert ids == list(range(ids[0], ids[0] + 3))  # written together, nothing between


def test_a_row_changed_elsewhere_meanwhile_deletes_none_and_says_so(
    qtbot, db, page, ledger, on_modal
):
    third = ledger[1]  # 2 March: the third row
    save_transaction(db, replace(third, description="Matka 2, korjattu"), third)
    told = delete_first_three_and_read_the_message(qtbot, page, on_modal)

    assert "muutti yhtä valituista tietueista klo" in told
    assert "Mitään ei poistettu." in told
    assert descriptions(page) == ["Matka 4", "Matka 3", "Matka 2, korjattu", "Matka 1"]
    assert transaction_deletions(db) == []


def test_a_row_deleted_elsewhere_meanwhile_deletes_none_and_says_so(
    qtbot, db, page, ledger, on_modal
):
    delete_transaction(db, ledger[2])  # 3 March: the second row
    told = delete_first_three_and_read_the_message(qtbot, page, on_modal)

    assert told.startswith(_("Another user deleted one of the selected records meanwhile."))
    assert descriptions(page) == ["Matka 4", "Matka 2", "Matka 1"]
    assert len(transaction_deletions(db)) == 1  # the other user's


def test_ctrl_c_copies_the_header_and_the_selected_rows_as_shown(qtbot, page):
    select_first_three(qtbot, page)
    qtbot.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)

    mime = QApplication.clipboard().mimeData()
    lines = mime.text().splitlines()
    header = lines[0].split("\t")
    assert header[:3] == [_("Date"), _("Category"), _("Description")]
    assert len(lines) == 4
    first = lines[1].split("\t")
    assert first[:3] == [format_date(date(YEAR, 3, 4)), "Matkakulut", "Matka 4"]
    assert first[-2:] == [format_money(Decimal("-40.50")), format_money(Decimal("-102.00"))]
    assert [line.split("\t")[2] for line in lines[1:]] == ["Matka 4", "Matka 3", "Matka 2"]
    assert "<th>" + _("Description") + "</th>" in mime.html()
    assert "Matka 2" in mime.html()


@pytest.mark.parametrize("key", [Qt.Key.Key_C, Qt.Key.Key_Delete])
def test_more_rows_than_the_limit_are_refused_with_the_workbook_as_the_way(
    qtbot, db, page, on_modal, monkeypatch, key
):
    """Ctrl+A in a long list selects rows not yet read: copying or deleting them row by
    row is refused above the limit (made small here) before any is read."""
    monkeypatch.setattr("ui.common.list_page.SEVERAL_MAX", 2)
    QApplication.clipboard().setText("before")
    told = read_the_next_message(on_modal)
    select_first_three(qtbot, page)
    modifiers = Qt.KeyboardModifier.ControlModifier if key == Qt.Key.Key_C else None
    if modifiers:
        qtbot.keyClick(page.view, key, modifiers)
    else:
        qtbot.keyClick(page.view, key)
    qtbot.waitUntil(lambda: bool(told))

    assert told[0].startswith("Valittuna on 3 riviä.")
    assert "Tiedosto → Vie työkirja…" in told[0]
    assert QApplication.clipboard().text() == "before"
    assert len(descriptions(page)) == 4
