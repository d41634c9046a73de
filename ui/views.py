"""Table views and small interactions shared by the tabs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from domain.i18n import _


def record_table(
    model: QAbstractItemModel,
    parent: QWidget,
    widths: dict[int, int],
    stretch: int,
    *,
    sortable: bool = True,
) -> QTableView:
    """A read-only, row-selecting table; ``widths`` in average characters, one column stretches."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if sortable:
        view.setSortingEnabled(True)
        view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setTabKeyNavigation(False)  # Tab leaves the table, as in a form
    view.setWordWrap(False)
    char = view.fontMetrics().averageCharWidth()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setHighlightSections(False)
    for column, chars in widths.items():
        header.resizeSection(column, chars * char + 24)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def select_row(view: QTableView, row: int, *, focus: bool = True) -> None:
    """Make ``row`` (or the last row, if fewer) the current, selected row."""
    model = view.model()
    if model.rowCount():
        index = model.index(max(0, min(row, model.rowCount() - 1)), 0)
        view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        view.scrollTo(index)
    if focus:
        view.setFocus()


def ensure_current(view: QTableView) -> None:
    """A table always has a selected row when it has rows, so Enter and Delete act at once."""
    if view.model().rowCount() and not view.currentIndex().isValid():
        select_row(view, 0, focus=False)


def current_record(view: QTableView) -> object | None:
    index = view.currentIndex()
    if not index.isValid():
        return None
    return view.model().record(index.row())  # type: ignore[attr-defined]


def confirm_deletion(parent: QWidget, question: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, _("Confirm deletion"), question,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setDefaultButton(QMessageBox.StandardButton.No)  # Enter does not delete by accident
    return box.exec() == QMessageBox.StandardButton.Yes


class _KeyActions(QObject):
    """Runs an action when its key is pressed in the watched view (without modifiers)."""

    def __init__(self, view: QWidget, actions: dict[Qt.Key | QKeySequence.StandardKey, Callable[[], None]]) -> None:
        super().__init__(view)
        self.actions = actions
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            for key, action in self.actions.items():
                if isinstance(key, QKeySequence.StandardKey):
                    hit = event.matches(key)
                else:
                    hit = event.key() == key and event.modifiers() == Qt.KeyboardModifier.NoModifier
                if hit:
                    action()
                    return True
        return super().eventFilter(watched, event)


def bind_keys(view: QWidget, actions: dict[Qt.Key | QKeySequence.StandardKey, Callable[[], None]]) -> None:
    """Keys that act on a table while it has the focus: Delete deletes, Insert adds, Ctrl+C copies.

    An event filter rather than a shortcut, so the key works as soon as the table has the
    focus, whatever else the window binds."""
    _KeyActions(view, actions)


def list_header(
    parent: QWidget, title: str, summary: QWidget, new_text: str
) -> tuple[QHBoxLayout, QPushButton, QPushButton, QPushButton]:
    """A list's heading row: bold title, a summary line, then New…, Edit… and Delete."""
    caption = QLabel(title, parent)
    caption.setStyleSheet("font-weight: bold; font-size: 11pt;")
    add = QPushButton(new_text, parent)
    edit = QPushButton(_("&Edit…"), parent)
    delete = QPushButton(_("&Delete"), parent)
    add.setToolTip(_("Ctrl+N"))
    edit.setToolTip(_("Enter or double-click a row"))
    delete.setToolTip(_("Delete key"))
    row = QHBoxLayout()
    row.addWidget(caption)
    row.addSpacing(12)
    row.addWidget(summary, 1)
    for button in (add, edit, delete):
        row.addWidget(button)
    return row, add, edit, delete
