"""Table views and small interactions shared by the tabs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QWidget,
)

from domain.errors import ValidationError
from domain.formats import format_number
from domain.i18n import _
from ui.common.table_model import FIND_BATCHES, SqlSortedModel
from ui.common.widgets import DateField, SearchBox
from ui.forms.base import ERROR_STYLE, QuickEntryDialog, RecordDialog


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
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        view.scrollTo(index)
    if focus:
        view.setFocus()


def ensure_current(view: QTableView) -> None:
    """A table always has a selected row when it has rows, so Enter and Delete act at once."""
    if view.model().rowCount() and not view.currentIndex().isValid():
        select_row(view, 0, focus=False)


def select_saved(
    view: QTableView,
    model: SqlSortedModel,
    record_id: str,
    *,
    batches: int = FIND_BATCHES,
    focus: bool = True,
) -> bool:
    """Select a record just saved (or kept over a refresh) if the lazy list shows it; False when
    it is not among the loaded rows and ``batches`` more, as when a filter hides it. The table
    takes the focus either way, so the keys act on the list again after a dialog."""
    row = model.find(record_id, batches)
    if row >= 0:
        select_row(view, row, focus=focus)
    elif focus:
        view.setFocus()
    return row >= 0


def show_sql_sort(view: QTableView, model: SqlSortedModel) -> None:
    """Show the order of a table sorted in SQL in its header; a click on a column that has no
    order of its own puts the indicator back, as the rows stay as they were."""
    header = view.horizontalHeader()
    header.setSortIndicatorShown(True)

    def show_order(*_args: object) -> None:
        order = (
            Qt.SortOrder.DescendingOrder if model.query.descending else Qt.SortOrder.AscendingOrder
        )
        header.blockSignals(True)
        try:
            header.setSortIndicator(model.sort_column(), order)
        finally:
            header.blockSignals(False)

    def indicator_changed(column: int, _order: Qt.SortOrder) -> None:
        if not model.sortable(column):
            show_order()

    show_order()
    header.sortIndicatorChanged.connect(indicator_changed)


def refill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
    """Replace a filter's choices, keeping the chosen one if it is still there."""
    keep = combo.currentData()
    combo.blockSignals(True)
    try:
        combo.clear()
        for label, data in items:
            combo.addItem(label, data)
        combo.setCurrentIndex(max(0, combo.findData(keep)) if keep is not None else 0)
    finally:
        combo.blockSignals(False)


class PeriodFilter(QObject):
    """A list's From and To dates, read together: a date that cannot be read is marked and
    leaves the period shown as it was. The list follows ``settle``: on Enter at once, and
    300 ms after the typing stops when the page starts ``pause`` on each change (it connects
    ``changed`` itself, as a page may also want to react to the typing)."""

    def __init__(
        self,
        parent: QWidget,
        shown: Callable[[], tuple[date | None, date | None]],
        apply: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self._shown = shown
        self._apply = apply
        self.start = DateField(parent)
        self.end = DateField(parent)
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(300)
        self.pause.timeout.connect(self.settle)
        for field in (self.start, self.end):
            metrics = field.edit.fontMetrics()
            field.edit.setMinimumWidth(metrics.horizontalAdvance("1.1.2000") + 10)
            field.edit.setMaximumWidth(metrics.horizontalAdvance("30.12.20000") + 12)
            field.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            field.edit.returnPressed.connect(self.settle)

    def read(self) -> tuple[date | None, date | None] | None:
        """The period typed; None (and the field marked) while a date is unreadable."""
        period: list[date | None] = []
        ok = True
        for field, name in ((self.start, "start"), (self.end, "end")):
            try:
                period.append(field.date(name))
                field.edit.setStyleSheet("")
                field.edit.setToolTip("")
            except ValidationError as exc:
                period.append(None)
                field.edit.setStyleSheet(f"QLineEdit {{ {ERROR_STYLE} }}")
                field.edit.setToolTip(exc.message)
                ok = False
        return (period[0], period[1]) if ok else None

    def settle(self) -> None:
        """Show the period typed, unless a date is unreadable or the list shows it already."""
        self.pause.stop()
        period = self.read()
        if period is not None and period != self._shown():
            self._apply()


def current_record(view: QTableView) -> object | None:
    index = view.currentIndex()
    if not index.isValid():
        return None
    return view.model().record(index.row())  # type: ignore[attr-defined]


def confirm_deletion(parent: QWidget, question: str) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("Confirm deletion"),
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)  # Enter does not delete by accident
    return box.exec() == QMessageBox.StandardButton.Yes


class _KeyActions(QObject):
    """Runs an action when its key is pressed in the watched view (without modifiers)."""

    def __init__(
        self, view: QWidget, actions: dict[Qt.Key | QKeySequence.StandardKey, Callable[[], None]]
    ) -> None:
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


def bind_keys(
    view: QWidget, actions: dict[Qt.Key | QKeySequence.StandardKey, Callable[[], None]]
) -> None:
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


class RecordListPage(QWidget):
    """A page that lists records lazily from SQL and enters them through a dialog (case
    events, transactions): Enter or a double-click edits the current row, Delete deletes it
    after a confirmation, Ctrl+N adds, Ctrl+F goes to the search, and a record saved is
    shown selected, or said to be hidden by the filters.

    A subclass sets ``record_type``, builds ``model``, ``view``, ``search`` and the add, edit
    and delete buttons, then calls ``connect_actions``; its ``refresh`` re-queries and ends
    with ``restore_current``. ``after_change`` runs when a record was saved or deleted.
    """

    status_message = Signal(str)
    record_type: type = object
    model: SqlSortedModel
    view: QTableView
    search: SearchBox
    add_button: QPushButton
    edit_button: QPushButton
    delete_button: QPushButton

    def connect_actions(
        self, add: Callable[[], None], edit: Callable[[], None], delete: Callable[[], None]
    ) -> None:
        self.add_button.clicked.connect(add)
        self.edit_button.clicked.connect(edit)
        self.delete_button.clicked.connect(delete)
        self.view.activated.connect(lambda _i: edit())
        bind_keys(self.view, {Qt.Key.Key_Delete: delete})
        QShortcut(QKeySequence.StandardKey.New, self, add)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        self.model.modelReset.connect(self._update_buttons)
        self.view.selectionModel().currentChanged.connect(self._update_buttons)

    def refresh(self) -> None:  # pragma: no cover - each page defines it
        raise NotImplementedError

    def after_change(self) -> None:
        """A record was saved or deleted (a page whose records other pages sum tells them)."""

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    @property
    def current(self) -> Any | None:
        record = current_record(self.view)
        return record if isinstance(record, self.record_type) else None

    def _update_buttons(self, *_args: Any) -> None:
        has = self.current is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def restore_current(self, keep: Any | None) -> None:
        """After a re-query: the row that was current stays so if it is still loaded."""
        if keep is not None:
            select_saved(self.view, self.model, keep.id, batches=0, focus=False)
        ensure_current(self.view)
        self._update_buttons()

    def _show_saved(self, record_id: str, message: str) -> None:
        self.refresh()
        if not select_saved(self.view, self.model, record_id):
            message += " " + _("(not shown: outside the filters)")
        self.status_message.emit(message)
        self.after_change()

    def add_with(self, dialog: QuickEntryDialog, saved_one: str, saved_many: str) -> None:
        """Run the entry dialog; afterwards the table shows and selects the last record saved.
        ``saved_many`` has the placeholder {n}."""
        dialog.exec()
        saved = dialog.saved_records
        if not saved:
            return
        message = saved_one if len(saved) == 1 else saved_many.format(n=format_number(len(saved)))
        self._show_saved(saved[-1].id, message)

    def edit_with(self, dialog: RecordDialog, saved_message: str) -> None:
        if dialog.exec() and dialog.saved is not None:
            self._show_saved(dialog.saved.id, saved_message)

    def delete_with(self, question: str, delete: Callable[[], None], deleted_message: str) -> None:
        """Delete the current record once the user confirms; the row after it becomes current."""
        if not confirm_deletion(self, question):
            return
        row = self.view.currentIndex().row()
        delete()
        self.refresh()
        select_row(self.view, row)
        self.status_message.emit(deleted_message)
        self.after_change()
