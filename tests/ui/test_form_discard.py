"""Esc, Cancel or closing a form with changes asks "Hylätäänkö muutokset?" first, No the
default; a form without changes closes at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.dialogs import answer_no, answer_yes
from tests.ui.test_transactions import show
from ui.forms.staff_member import StaffDialog

QUESTION = "Hylätäänkö muutokset?"


def test_esc_on_an_unchanged_form_closes_it_without_asking(qtbot, db):
    dialog = show(qtbot, StaffDialog(db))
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_esc_on_a_changed_form_asks_and_no_keeps_what_was_typed(qtbot, db, on_modal):
    dialog = show(qtbot, StaffDialog(db))
    qtbot.keyClicks(dialog.focusWidget(), "Virtanen")
    asked = []

    def look_then_no(box):
        assert isinstance(box, QMessageBox)
        asked.append(box.defaultButton() is box.button(QMessageBox.StandardButton.No))
        answer_no(QUESTION)(box)

    on_modal(look_then_no)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    assert asked == [True]  # Enter on the question keeps the form
    assert dialog.isVisible()
    assert dialog.last_name.text() == "Virtanen"


def test_yes_discards_the_changes(qtbot, db, on_modal):
    dialog = show(qtbot, StaffDialog(db))
    qtbot.keyClicks(dialog.focusWidget(), "Virtanen")
    on_modal(answer_yes(QUESTION))
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    with db.unit_of_work() as uow:
        assert uow.staff.all() == []


def test_closing_the_window_of_a_changed_form_asks_too(qtbot, db, on_modal):
    dialog = show(qtbot, StaffDialog(db))
    dialog.notes.setText("uusi")
    on_modal(answer_no(QUESTION))
    dialog.close()
    assert dialog.isVisible()


def test_a_change_undone_by_hand_is_no_change(qtbot, db):
    dialog = show(qtbot, StaffDialog(db))
    dialog.notes.setText("uusi")
    dialog.notes.setText("")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible()
