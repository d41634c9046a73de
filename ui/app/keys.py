"""The application's keyboard scheme: the window's keys for its tabs and pages, and the
Help → Keyboard shortcuts dialog that lists every key of the scheme.

The scheme is written down once, in ``SCHEME``; the lists (``ui/common/list_page.py``),
the forms (``ui/forms/base.py``) and the date fields (``ui/common/widgets.py``) bind
their keys where they live, and ``tests/ui/test_keyboard_scheme.py`` holds each one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from domain.i18n import N_, _

# Keys that hold a word, not only what is printed on the keyboard: translated when shown.
# The others are not (Ctrl, Alt, Enter, Delete are printed on the keyboards in Finland too).
WORDED_KEYS = (N_("Shift+↑ ↓, Ctrl+click"),)

# (keys, what they do): the keys as shown, what they do as an N_() string.
SCHEME: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        N_("The window"),
        (
            (
                "Alt+1 … Alt+5",
                N_("Go to a main tab (Staff, Board, Projects, Case log, Financials)"),
            ),
            ("Ctrl+Tab, Ctrl+Shift+Tab", N_("Next or previous main tab")),
            ("Ctrl+PgDn, Ctrl+PgUp", N_("Next or previous page of the tab")),
            ("Ctrl+K", N_("Find anything: people, projects, customers, vouchers, events")),
            ("F1", N_("The user guide, at the page of the tab in view")),
            ("F5", N_("Refresh: read the tab in view again")),
            ("Ctrl+I", N_("Import a workbook")),
            ("Ctrl+E", N_("Export a workbook")),
            ("Ctrl+,", N_("Settings")),
            ("Ctrl+Q", N_("Quit")),
            ("Alt", N_("With the underlined letter: a menu, a tab, a button or a field")),
        ),
    ),
    (
        N_("Lists"),
        (
            ("Ctrl+N", N_("New record (Ctrl+Shift+N: in the page's second list)")),
            ("Enter", N_("Edit the selected record (or double-click it)")),
            (
                N_("Shift+↑ ↓, Ctrl+click"),
                N_("Select several rows (Ctrl+A: every row read so far)"),
            ),
            ("Delete", N_("Delete the selected records, after asking once")),
            ("Ctrl+F", N_("Search the list")),
            ("Ctrl+C", N_("Copy the selected rows with the header, as a table")),
            (
                "Ctrl+V",
                N_(
                    "Paste rows from a spreadsheet: the import preview opens (transactions, case "
                    "events, staff)"
                ),
            ),
            ("Ctrl+Home, Ctrl+End", N_("The first or the last row of the whole list")),
        ),
    ),
    (
        N_("Forms"),
        (
            ("Tab, Shift+Tab", N_("Next or previous field; Tab takes the highlighted suggestion")),
            ("Esc", N_("In a field's suggestions: close them and keep what was typed")),
            ("Enter", N_("Save and close")),
            ("Ctrl+Enter", N_("Save and start the next one (case events, transactions)")),
            ("Esc", N_("Cancel; a form with changes asks first")),
            ("Ctrl+D", N_("Today, in a date field")),
            ("Ctrl+H", N_("The record's change history")),
        ),
    ),
)


def install_window_keys(
    window: QWidget, tabs: QTabWidget, current_page: Callable[[], QWidget] | None = None
) -> None:
    """Alt+1…5 go to the main tabs, Ctrl+Tab and Ctrl+Shift+Tab step through them from
    anywhere in the window, Ctrl+PgDn and Ctrl+PgUp step through the pages of the tab in
    view (its ``pages``, when it has them). ``current_page`` gives the tab in view's page
    where the tab widget holds a placeholder for it (pages built when first shown)."""
    page_in_view = current_page or tabs.currentWidget

    def go(index: int) -> None:
        if tabs.isVisible() and 0 <= index < tabs.count():
            tabs.setCurrentIndex(index)
            focus_main_list(page_in_view())

    def step_tab(step: int) -> None:
        go((tabs.currentIndex() + step) % max(1, tabs.count()))

    def step_page(step: int) -> None:
        pages = getattr(page_in_view(), "pages", None)
        if tabs.isVisible() and isinstance(pages, QTabWidget) and pages.count():
            pages.setCurrentIndex((pages.currentIndex() + step) % pages.count())
            focus_main_list(pages.currentWidget())

    for i in range(tabs.count()):
        tabs.setTabToolTip(i, f"Alt+{i + 1}")
    for i in range(9):
        QShortcut(QKeySequence(f"Alt+{i + 1}"), window, lambda i=i: go(i))
    for keys, step in (("Ctrl+Tab", 1), ("Ctrl+Shift+Tab", -1), ("Ctrl+Shift+Backtab", -1)):
        QShortcut(QKeySequence(keys), window, lambda step=step: step_tab(step))
    for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
        QShortcut(QKeySequence(keys), window, lambda step=step: step_page(step))


def focus_main_list(widget: QWidget | None) -> None:
    """The page's main list takes the focus (else the widget itself), so the list's keys act
    at once: the largest list shown, the topmost of equals. (Qt lists a page's children in
    no visual order: the staff tab's trainees, the board's "board on a day" table and a
    project's staff came first, and Enter or Delete acted on them.)"""
    if widget is None:
        return
    views = [v for v in widget.findChildren(QAbstractItemView) if v.isVisible()]

    def weight(view: QAbstractItemView) -> tuple[int, int, int]:
        corner = view.mapTo(widget, view.rect().topLeft())
        return (-view.width() * view.height(), corner.y(), corner.x())

    (min(views, key=weight) if views else widget).setFocus(Qt.FocusReason.ShortcutFocusReason)


class ShortcutsDialog(QDialog):
    """Help → Keyboard shortcuts: the scheme as a table, in the interface's language."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Keyboard shortcuts"))
        rows: list[tuple[str, str]] = []
        for title, keys in SCHEME:
            rows.append(("", _(title)))
            rows += [(_(key) if key in WORDED_KEYS else key, _(what)) for key, what in keys]
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcuts")
        self.table.setHorizontalHeaderLabels([_("Key"), _("What it does")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        # One line of text a row, as in the lists, not Qt's default of 30 pixels.
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        for row, (key, what) in enumerate(rows):
            if not key:  # a section's title across both columns
                item = QTableWidgetItem(what)
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                self.table.setItem(row, 0, item)
                self.table.setSpan(row, 0, 1, 2)
                continue
            self.table.setItem(row, 0, QTableWidgetItem(key))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        note = QLabel(_("Esc closes this list."), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(note)
        layout.addWidget(buttons)
        from ui.common.widgets import fit_to_screen  # not loaded at start-up for this

        fit_to_screen(self, 900, 640)  # the longest line whole, as "Ctrl+V" with its list

    def keys(self) -> list[tuple[str, str]]:
        """The rows as shown: (key, what it does); a section's title has no key."""
        out = []
        for row in range(self.table.rowCount()):
            first, second = self.table.item(row, 0), self.table.item(row, 1)
            assert first is not None  # every row has its first cell
            out.append(("", first.text()) if second is None else (first.text(), second.text()))
        return out
