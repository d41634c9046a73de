"""Table views and small interactions shared by the tabs."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QMimeData,
    QObject,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QTableView,
    QWidget,
)

from domain.errors import ValidationError
from domain.i18n import _
from ui.common.table_model import FIND_BATCHES, LazyRecordModel, RecordTableModel
from ui.common.widgets import DateField
from ui.forms.base import ERROR_STYLE


def record_table(model: RecordTableModel, parent: QWidget) -> QTableView:
    """A read-only, row-selecting table laid out from its model's column list: each column as
    wide as its ``width`` in average characters, the ``stretch`` column taking the room left.
    A lazy list sorts in SQL when a header is clicked; a list held in memory keeps its order."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
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
    for index, column in enumerate(model.COLUMNS):
        if column.width is not None:
            header.resizeSection(index, column.width * char + 24)
    for index, column in enumerate(model.COLUMNS):
        if column.stretch:
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.Stretch)
    if isinstance(model, LazyRecordModel):
        show_sql_sort(view, model)
        view.setSortingEnabled(True)  # sorts only if the query's order is another
        to_the_end_at_once(view, model)
    return view


class _EndKey(QObject):
    """Ctrl+End goes to the list's last row at once: its last rows are read, not every
    batch before them."""

    def __init__(self, view: QTableView, model: LazyRecordModel) -> None:
        super().__init__(view)
        self._model = model

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_End
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._model.fetch_to_end()
        return False  # the view moves to the last row as ever


def to_the_end_at_once(view: QTableView, model: LazyRecordModel) -> None:
    """Ctrl+End, or the scroll bar dragged to the bottom, shows the end of a long list
    without reading every batch before it."""
    view.installEventFilter(_EndKey(view, model))
    bar = view.verticalScrollBar()

    def dragged(value: int) -> None:
        if value >= bar.maximum() and model.canFetchMore():
            model.fetch_to_end()

    bar.sliderMoved.connect(dragged)


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
    model: RecordTableModel,
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


def show_sql_sort(view: QTableView, model: LazyRecordModel) -> None:
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
    ``changed`` itself, as a page may also want to react to the typing).

    A page that places ``message_label()`` beside the dates gets the reason in words while a
    date cannot be read: the period shown stays the previous one, and the line says so."""

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
        self._parent = parent
        self.message: QLabel | None = None
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
                if ok and self.message is not None:
                    self.message.setText(
                        _(
                            "The period was not applied: {problem}. The list shows the previous one."
                        ).format(problem=exc.message)
                    )
                ok = False
        if self.message is not None:
            self.message.setVisible(not ok)
        return (period[0], period[1]) if ok else None

    def message_label(self) -> QLabel:
        """The line that says why the period typed cannot be applied (hidden while it can)."""
        if self.message is None:
            self.message = QLabel(self._parent)
            self.message.setObjectName("period_message")
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setWordWrap(True)
            self.message.hide()
        return self.message

    def settle(self) -> None:
        """Show the period typed, unless a date is unreadable or the list shows it already."""
        self.pause.stop()
        period = self.read()
        if period is not None and period != self._shown():
            self._apply()


def current_record(view: QTableView) -> Any:
    """The record of the table's current row; None without one."""
    index = view.currentIndex()
    model = view.model()
    if not index.isValid() or not isinstance(model, RecordTableModel):
        return None
    return model.record(index.row())


def selected_rows(view: QTableView) -> list[int]:
    """The rows selected in the table, top to bottom; the current row when none is."""
    rows = sorted({index.row() for index in view.selectionModel().selectedRows()})
    if not rows and view.currentIndex().isValid():
        rows = [view.currentIndex().row()]
    return rows


def _cell_text(text: object) -> str:
    """A cell as one line of a copied table: a tab or a line break would start another."""
    return " ".join(str(text or "").split("\t")).replace("\r", " ").replace("\n", " ")


def rows_as_table(view: QTableView, rows: list[int]) -> QMimeData:
    """The header and the given rows of a table as it shows them: tab-separated text (Excel,
    LibreOffice and the list's own paste read it) and an HTML table (Word, mail)."""
    model = view.model()
    display = Qt.ItemDataRole.DisplayRole
    columns = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]
    header = [_cell_text(model.headerData(c, Qt.Orientation.Horizontal, display)) for c in columns]
    body = [[_cell_text(model.index(r, c).data(display)) for c in columns] for r in rows]
    right = (
        {
            c
            for c in columns
            if int(model.index(rows[0], c).data(Qt.ItemDataRole.TextAlignmentRole) or 0)
            & int(Qt.AlignmentFlag.AlignRight)
        }
        if rows
        else set()
    )
    mime = QMimeData()
    mime.setText("\n".join("\t".join(line) for line in [header, *body]) + "\n")
    html_rows = ["<tr>" + "".join(f"<th>{html.escape(text)}</th>" for text in header) + "</tr>"]
    for line in body:
        cells = (
            f'<td style="text-align:right">{html.escape(t)}</td>'
            if c in right
            else f"<td>{html.escape(t)}</td>"
            for c, t in zip(columns, line, strict=True)
        )
        html_rows.append("<tr>" + "".join(cells) + "</tr>")
    mime.setHtml(
        '<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse">'
        + "".join(html_rows)
        + "</table>"
    )
    return mime


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
