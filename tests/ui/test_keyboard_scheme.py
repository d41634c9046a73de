"""The window's keys of the keyboard scheme: Alt+1…5 the main tabs, Ctrl+Tab through them,
Ctrl+PgDn/PgUp the pages of a tab, New… without an Alt key of its own (Ctrl+N is the one
key), and Help → Keyboard shortcuts listing the scheme."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from services.demo import load_demo
from ui.app.keys import ShortcutsDialog
from ui.app.main_window import MainWindow
from ui.common.list_page import RecordList

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, db, db_path):
    load_demo(db)
    w = MainWindow(db, str(db_path))
    qtbot.addWidget(w)
    w.resize(1100, 720)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    return w


def press(qtbot, window, key, modifier) -> None:
    qtbot.keyClick(window.focusWidget() or window, key, modifier)


def test_the_first_tabs_list_has_the_keys_when_the_window_opens(qtbot, window):
    """↓ and Enter work at once, without a Tab first."""
    qtbot.waitUntil(lambda: window.focusWidget() is window.staff_tab.staff_view)


def test_alt_and_a_number_goes_to_that_main_tab(qtbot, window):
    press(qtbot, window, Qt.Key.Key_3, ALT)
    assert window.current_tab() is window.projects_tab
    press(qtbot, window, Qt.Key.Key_5, ALT)
    assert window.current_tab() is window.finance_tab
    assert window.finance_tab.isAncestorOf(window.focusWidget())  # its list takes the keys


@pytest.mark.parametrize(
    ("key", "tab", "main_list"),
    [
        (Qt.Key.Key_1, "staff_tab", "staff_view"),  # not the trainees beside it
        (Qt.Key.Key_2, "board_tab", "seat_view"),  # not the board on a day
        (Qt.Key.Key_3, "projects_tab", "view"),  # not the selected project's staff
    ],
)
def test_alt_and_a_number_puts_the_focus_in_the_tabs_main_list(qtbot, window, key, tab, main_list):
    press(qtbot, window, Qt.Key.Key_4, ALT)  # from another tab
    press(qtbot, window, key, ALT)
    assert window.focusWidget() is getattr(getattr(window, tab), main_list)


def test_only_the_list_with_the_focus_shows_its_selection_strongly(qtbot, window):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    highlight = QPalette.ColorRole.Highlight
    strong = QApplication.palette().color(highlight)
    press(qtbot, window, Qt.Key.Key_1, ALT)
    staff, trainees = window.staff_tab.staff_view, window.staff_tab.trainee_view
    assert (staff.palette().color(highlight), trainees.palette().color(highlight) == strong) == (
        strong,
        False,
    )
    trainees.setFocus()
    qtbot.waitUntil(trainees.hasFocus)
    assert trainees.palette().color(highlight) == strong
    assert staff.palette().color(highlight) != strong


def test_ctrl_tab_steps_through_the_main_tabs_even_inside_projects(qtbot, window):
    press(qtbot, window, Qt.Key.Key_3, ALT)
    press(qtbot, window, Qt.Key.Key_Tab, CTRL)
    assert window.current_tab() is window.caselog_tab
    assert window.projects_tab.pages.currentIndex() == 0


def test_ctrl_page_down_and_up_step_through_the_pages_of_the_tab(qtbot, window):
    press(qtbot, window, Qt.Key.Key_3, ALT)
    press(qtbot, window, Qt.Key.Key_PageDown, CTRL)
    assert window.projects_tab.pages.currentIndex() == 1
    press(qtbot, window, Qt.Key.Key_PageUp, CTRL)
    assert window.projects_tab.pages.currentIndex() == 0
    press(qtbot, window, Qt.Key.Key_5, ALT)
    press(qtbot, window, Qt.Key.Key_PageUp, CTRL)  # from the first page round to the last
    pages = window.finance_tab.pages
    assert pages.currentIndex() == pages.count() - 1
    assert window.current_tab() is window.finance_tab


def test_no_new_button_of_a_list_has_an_alt_key_of_its_own(window):
    buttons = [
        records.add_button.text()
        for tab in (window.tab(i) for i in range(window.tabs.count()))
        for records in tab.findChildren(RecordList)
    ]
    assert len(buttons) > 6
    assert [text for text in buttons if "&" in text] == []


def test_the_shortcuts_dialog_lists_the_scheme_in_finnish(qtbot, window):
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    rows = dict(dialog.keys())
    assert rows["Ctrl+N"] == "Uusi tietue (Ctrl+Shift+N: sivun toisessa luettelossa)"
    assert rows["Ctrl+D"] == "Tämä päivä päivämääräkenttään"
    assert rows[""] == "Lomakkeet"  # the last section's title
    assert dialog.windowTitle() == "Pikanäppäimet"


def test_the_help_menu_opens_the_shortcuts(qtbot, window, on_modal):
    seen = []

    def look(dialog):
        seen.append(dialog.windowTitle())
        dialog.reject()

    on_modal(look)
    window.shortcuts_action.trigger()
    assert seen == ["Pikanäppäimet"]
