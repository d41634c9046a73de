"""Table views and small interactions shared by the tabs."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
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
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSizePolicy,
    QStyle,
    QTableView,
    QWidget,
)

from domain.errors import ValidationError
from domain.i18n import _
from ui.common.table_model import FIND_BATCHES, Column, LazyRecordModel, RecordTableModel
from ui.common.widgets import DateField
from ui.forms.base import ERROR_STYLE


def record_table(model: RecordTableModel, parent: QWidget) -> QTableView:
    """A read-only, row-selecting table laid out from its model's column list (see
    ``ColumnFitter``). A lazy list sorts in SQL when a header is clicked; a list held in
    memory keeps its order."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.setTabKeyNavigation(False)  # Tab leaves the table, as in a form
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    header.setHighlightSections(False)
    if isinstance(model, LazyRecordModel):
        show_sql_sort(view, model)
        view.setSortingEnabled(True)  # sorts only if the query's order is another
        to_the_end_at_once(view, model)
    ColumnFitter(view, model.COLUMNS)
    FocusMark(view)
    return view


class FocusMark(QObject):
    """A list's selected row in the strong highlight while the list has the keyboard
    focus, in a pale one while it has not: Enter and Delete act on the list whose row is
    strong. (Two lists on a tab, the staff and the trainees, showed theirs alike.)"""

    PALE = 0.35  # of the strong highlight over the list's background

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        self._show(view.hasFocus())
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self._show(event.type() == QEvent.Type.FocusIn)
        return False

    def _show(self, focused: bool) -> None:
        palette = QPalette(QApplication.palette(self._view))
        if not focused:
            strong = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
            base = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base)
            pale = QColor(
                round(base.red() + (strong.red() - base.red()) * self.PALE),
                round(base.green() + (strong.green() - base.green()) * self.PALE),
                round(base.blue() + (strong.blue() - base.blue()) * self.PALE),
            )
            for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
                text = palette.color(group, QPalette.ColorRole.Text)
                palette.setColor(group, QPalette.ColorRole.Highlight, pale)
                palette.setColor(group, QPalette.ColorRole.HighlightedText, text)
        self._view.setPalette(palette)


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


STRETCH_MINIMUM = 16  # average characters a name or description column keeps at least
STRETCH_COMFORT = 30  # ... and up to this many, of its width, before other text is cut
TEXT_MAXIMUM = 40  # average characters a column of text widens to for what its rows show


class ColumnFitter(QObject):
    """Shares a table's width among its columns by their place in the column list.

    A column with a ``width`` (dates, figures, codes, short labels) is as wide as that many
    average characters, and never narrower than its header. The ``stretch`` columns (names,
    titles, customers, descriptions) take the width left, shared in proportion to their own
    ``width`` (20 without one), so a wider window widens them and not the last column. A
    column is widened for what the rows in view show: a voucher or figure whole always.
    When the window is too narrow for all that, the columns of text give up their room down
    to their headers before a stretch column goes under ``STRETCH_MINIMUM`` characters;
    figures (``align_right``) and dates, periods and codes (``whole``) keep theirs, as a cut
    figure or date misleads. Past that the table scrolls sideways.

    A column with a ``drop`` rank (a detail the record's form shows too) is hidden while
    the window is too narrow for every column's ``width`` and the stretch columns'
    comfortable width, the highest rank first, and shown again in a wider window. A column
    hidden by its page (as the drill-down hides the column it was filtered by) takes no room.

    The columns are fitted again whenever the table's width changes, until the user drags
    a column's edge (or a saved layout is restored): from then on the widths are theirs."""

    def __init__(self, view: QTableView, columns: Sequence[Column]) -> None:
        super().__init__(view)
        self.view = view
        self.columns = list(columns)
        self.manual = False
        self._fitting = False
        self.dropped: set[int] = set()  # the columns hidden for want of room
        view.viewport().installEventFilter(self)
        header = view.horizontalHeader()
        # The rows in view, as said above: Qt's default reads the first thousand rows of
        # every column, 75 ms a fit for the case log, which fits on every sort and filter
        header.setResizeContentsPrecision(0)
        header.sectionResized.connect(self._resized)
        header.sortIndicatorChanged.connect(self._refit)  # the arrow needs its place
        model = view.model()
        model.modelReset.connect(self._refit)  # the rows now shown may need other widths
        model.rowsInserted.connect(self._rows_inserted)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and not self.manual:
            self.fit()
        return super().eventFilter(watched, event)

    def _rows_inserted(self, _parent: object, first: int, _last: int) -> None:
        if first == 0:  # the first rows of a list; later batches keep the widths
            self._refit()

    def _refit(self, *_args: object) -> None:
        if not self.manual:
            self.fit()

    def _resized(self, _index: int, old: int, new: int) -> None:
        # A column hidden or shown again (by its page) is not a column dragged by the user.
        if not self._fitting and old and new:
            self.manual = True

    def header_width(self, index: int) -> int:
        """The width the header of column ``index`` needs: its text, the margins, and the
        sort arrow's place when the list is sorted by it."""
        header = self.view.horizontalHeader()
        text = str(header.model().headerData(index, Qt.Orientation.Horizontal) or "")
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        width = header.fontMetrics().horizontalAdvance(text) + 2 * margin + 8
        if header.isSortIndicatorShown() and header.sortIndicatorSection() == index:
            width += header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize) + margin
        return width

    def wanted(self, index: int, column: Column, char: int) -> int:
        """The width a column asks for: its ``width`` in characters, or what the rows in view
        show if wider (up to ``TEXT_MAXIMUM`` characters for text that may be cut)."""
        width = (column.width or 10) * char + 16
        content = self.view.sizeHintForColumn(index) + 4
        if not (column.align_right or column.whole):
            content = min(content, TEXT_MAXIMUM * char)
        return max(width, content)

    def _declared(self, index: int, char: int) -> int:
        column = self.columns[index]
        return max(self.header_width(index), (column.width or 10) * char + 16)

    def _comfortable(self, index: int, char: int) -> int:
        column = self.columns[index]
        return max(self.header_width(index), min(column.width or 20, STRETCH_COMFORT) * char)

    def to_drop(self, room: int, shown: set[int]) -> set[int]:
        """The columns with a ``drop`` rank to hide, the highest rank first, until the
        ``shown`` columns' declared widths and the stretch columns' comfortable widths fit
        a table ``room`` pixels wide."""
        char = self.view.fontMetrics().averageCharWidth()
        left = set(shown)

        def need() -> int:
            return sum(
                self._comfortable(i, char) if self.columns[i].stretch else self._declared(i, char)
                for i in left
            )

        dropped: set[int] = set()
        ranked = sorted(
            (i for i in shown if self.columns[i].drop), key=lambda i: (-self.columns[i].drop, i)
        )
        for index in ranked:
            if need() <= room:
                break
            left.discard(index)
            dropped.add(index)
        return dropped

    def widths(self, room: int, shown: set[int] | None = None) -> list[int]:
        """Each column's width in a table ``room`` pixels wide whose ``shown`` columns (all,
        without it) share the room; a column not shown gets 0."""
        if shown is None:
            shown = set(range(len(self.columns)))
        char = self.view.fontMetrics().averageCharWidth()
        heads = [self.header_width(i) if i in shown else 0 for i in range(len(self.columns))]
        wanted = [
            0 if c.stretch or i not in shown else self.wanted(i, c, char)
            for i, c in enumerate(self.columns)
        ]
        wanted = [max(w, h) if w else 0 for w, h in zip(wanted, heads, strict=True)]
        stretch = [i for i, c in enumerate(self.columns) if c.stretch and i in shown]
        shrinkable = [
            i
            for i, c in enumerate(self.columns)
            if i in shown and not (c.stretch or c.align_right or c.whole)
        ]
        declared = [self._declared(i, char) if i in shown else 0 for i in range(len(self.columns))]
        comfortable = [self._comfortable(i, char) for i in stretch]
        least = [max(heads[i], STRETCH_MINIMUM * char) for i in stretch]
        # Too narrow: the columns of text give up what they widened to for their rows so that
        # the stretch columns keep a comfortable width; failing that, they give up more, down
        # to their headers, so that the stretch columns keep their least.
        fitted = list(wanted)
        for floor, lowest in ((comfortable, declared), (least, heads)):
            over = sum(fitted) + sum(floor) - room
            spare = sum(max(0, fitted[i] - lowest[i]) for i in shrinkable)
            if over > 0 and spare:
                give = min(spare, over)
                for i in shrinkable:
                    share = max(0, fitted[i] - lowest[i])
                    fitted[i] -= -(-give * share // spare)  # rounded up: no pixel over
            if sum(fitted) + sum(floor) <= room:
                break
        wanted = fitted
        left = room - sum(wanted) - sum(floor)
        weights = [self.columns[i].width or 20 for i in stretch]
        total = sum(weights)
        for n, i in enumerate(stretch):
            wanted[i] = floor[n] + max(0, left) * weights[n] // total
        return wanted

    def fit(self) -> None:
        """Lay the columns out for the table's present width."""
        room = self.view.viewport().width()
        if room <= 0:
            return
        header = self.view.horizontalHeader()
        count = min(header.count(), len(self.columns))
        # A column the page hid stays hidden and takes no room; the fitter's own come back
        # when there is room for them.
        shown = {i for i in range(count) if i in self.dropped or not header.isSectionHidden(i)}
        dropped = self.to_drop(room, shown)
        self._fitting = True
        try:
            for index in range(count):
                if index in shown:
                    self.view.setColumnHidden(index, index in dropped)
            self.dropped = dropped
            for index, width in enumerate(self.widths(room, shown - dropped)):
                laid_out = index < count and index in shown and index not in dropped
                if laid_out and header.sectionSize(index) != width:
                    header.resizeSection(index, width)
        finally:
            self._fitting = False


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


def hidden_by_page(view: QTableView, column: int) -> bool:
    """Whether the page hid the column (as a drill-down its filtered one): a column hidden
    only for want of room (``ColumnFitter``) is still one of the list's columns, for a copy
    or a paste, whatever the window's width."""
    fitter = view.findChild(ColumnFitter)
    dropped = fitter.dropped if fitter is not None else set()
    return view.isColumnHidden(column) and column not in dropped


def rows_as_table(view: QTableView, rows: list[int]) -> QMimeData:
    """The header and the given rows of a table as it lists them (a column left out of a
    narrow window too): tab-separated text (Excel,
    LibreOffice and the list's own paste read it) and an HTML table (Word, mail)."""
    model = view.model()
    display = Qt.ItemDataRole.DisplayRole
    columns = [c for c in range(model.columnCount()) if not hidden_by_page(view, c)]
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
