"""File → Change history: the whole log, newest first, filtered by a period, a person, a
record kind and words, read a page at a time as the table scrolls.

The pages are found by the entry's ID (``HistoryRepository.page_before``: the entries
before the last one shown), never by an offset, and nothing is counted: a million entries
open as fast as a hundred, and a filter shows its first page as soon as it is found."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.errors import ValidationError
from domain.history import KIND_NAMES, Entry, HistoryFilter, kind_name
from domain.i18n import N_, _
from services.history import (
    can_undo,
    current_record,
    referenced_labels,
    undo_change,
    value_changes,
)
from storage.database import Database
from ui.common.list_page import SEARCH_CHARACTERS
from ui.common.views import PeriodFilter
from ui.common.widgets import SearchBox, fit_to_screen
from ui.history.record_history import ERROR_STYLE, RecordHistoryDialog
from ui.history.shown import details, record_text, summary

Index = QModelIndex | QPersistentModelIndex
EntryRole = Qt.ItemDataRole.UserRole + 1

COLUMNS = (
    ("time", N_("Time")),
    ("who", N_("Who")),
    ("kind", N_("Record kind")),
    ("label", N_("Record")),
    ("action", N_("Action")),
    ("changes", N_("Changes")),
)


class HistoryLogModel(QAbstractTableModel):
    """The log's entries for a filter, newest first, a page (``BATCH``) at a time."""

    BATCH = 200

    def __init__(self, db: Database) -> None:
        super().__init__()
        self._db = db
        self._query = HistoryFilter()
        self._rows: list[Entry] = []
        self._cells: dict[int, list[str]] = {}  # a row's cells, once shown
        self._labels: dict[tuple[str, str], str] = {}  # the records the changes name
        self._more = False

    @property
    def query(self) -> HistoryFilter:
        return self._query

    def _read(self, before: int | None, limit: int) -> list[Entry]:
        with self._db.unit_of_work() as uow:
            entries = uow.history.page_before(self._query, before, limit)
            self._labels.update(referenced_labels(uow, entries))
        self._more = len(entries) == limit
        return entries

    def _shown(self, row: int) -> list[str]:
        """A row's cells, made when first shown (a page has rows out of view)."""
        cells = self._cells.get(row)
        if cells is None:
            entry = self._rows[row]
            cells = self._cells[row] = [
                entry.shown_time(),
                entry.who(),
                kind_name(entry.kind),
                record_text(entry),
                entry.action.label(),
                summary(entry, value_changes(entry, self._labels)),
            ]
        return cells

    def _tooltip(self, row: int) -> str:
        entry = self._rows[row]
        return details(entry, value_changes(entry, self._labels))

    def set_query(self, query: HistoryFilter) -> None:
        self.beginResetModel()
        self._query = query
        self._cells.clear()
        self._labels.clear()
        self._rows = self._read(None, self.BATCH)
        self.endResetModel()

    def refresh(self) -> None:
        """Read again from the newest, at least as many entries as were loaded."""
        self.beginResetModel()
        self._cells.clear()
        self._labels.clear()
        self._rows = self._read(None, max(len(self._rows), self.BATCH))
        self.endResetModel()

    def entry(self, row: int) -> Entry:
        return self._rows[row]

    def row_of(self, entry_id: int | None) -> int:
        for row, entry in enumerate(self._rows):
            if entry.id == entry_id:
                return row
        return -1

    # --- Qt's model -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown(index.row())[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row())
        if role == EntryRole:
            return self._rows[index.row()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section][1])
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more or not self._rows:
            return
        rows = self._read(self._rows[-1].id, self.BATCH)
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()


class HistoryWindow(QDialog):
    """The whole change history, filtered; Enter or a double-click opens an entry's record
    (its changes), "Undo this change" undoes a record's latest change."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("Change history"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.model = HistoryLogModel(db)

        # --- filters, on one row ---------------------------------------------------------
        self.period = PeriodFilter(
            self, lambda: (self.model.query.start, self.model.query.end), self.apply_filters
        )
        self.start, self.end = self.period.start, self.period.end
        for field in (self.start, self.end):
            field.changed.connect(self.period.pause.start)
        start_label = QLabel(_("Fro&m:"), self)
        start_label.setBuddy(self.start)
        end_label = QLabel(_("T&o:"), self)
        end_label.setBuddy(self.end)
        self.person = QComboBox(self)
        self.person.setMinimumContentsLength(10)
        person_label = QLabel(_("&Person:"), self)
        person_label.setBuddy(self.person)
        self.kind = QComboBox(self)
        self.kind.addItem(_("All kinds"), None)
        for kind, name in sorted(KIND_NAMES.items(), key=lambda item: _(item[1])):
            self.kind.addItem(_(name), kind)
        kind_label = QLabel(_("&Kind:"), self)
        kind_label.setBuddy(self.kind)
        self.search = SearchBox(_("Words in the record or the values (Ctrl+F)"), self)
        # Wide enough to read what is typed; the kind list gives up its width first
        self.search.setMinimumWidth(self.fontMetrics().averageCharWidth() * SEARCH_CHARACTERS + 30)
        self.kind.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind.setMinimumContentsLength(14)
        search_label = QLabel(_("&Search:"), self)
        search_label.setBuddy(self.search)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        filters = QHBoxLayout()
        for i, (label, widget) in enumerate(
            (
                (start_label, self.start),
                (end_label, self.end),
                (person_label, self.person),
                (kind_label, self.kind),
                (search_label, self.search),
            )
        ):
            if i:
                filters.addSpacing(2 if widget is self.end else 8)
            filters.addWidget(label)
            filters.addWidget(widget, 2 if widget is self.search else 0)

        # --- the table ----------------------------------------------------------------------
        self.view = QTableView(self)
        self.view.setObjectName("history_log")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        metrics = self.view.fontMetrics()
        self.view.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
        header = self.view.horizontalHeader()
        width = metrics.averageCharWidth()
        header.resizeSection(0, metrics.horizontalAdvance("30.12.2026 23.59.59") + 16)
        for column, chars in enumerate((20, 18, 24, 14), start=1):
            header.resizeSection(column, chars * width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.doubleClicked.connect(lambda _index: self.open_entry())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.view, self.open_entry)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)  # the filters' Enter filters
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self._current_changed())

        # --- the buttons -------------------------------------------------------------------
        self.message = QLabel(self)
        self.message.setObjectName("history_message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.open_button = QPushButton(_("Open the record's &history"), self)
        self.open_button.clicked.connect(self.open_entry)
        self.undo_button = QPushButton(_("&Undo this change"), self)
        self.undo_button.clicked.connect(self.undo)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        for button in (self.open_button, self.undo_button):
            button.setAutoDefault(False)
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)  # Enter in a filter filters; it never closes the window
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("F5"), self, self.refresh)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.person.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.kind.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.search.search.connect(lambda _text: self.apply_filters())
        fit_to_screen(self, 1400, 760)  # the changes column gets what a large screen has
        self._fill_people()
        self.apply_filters()
        self.view.setFocus()

    def _fill_people(self) -> None:
        chosen = self.person.currentData()
        with self.db.unit_of_work() as uow:
            logins = uow.history.logins()
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItem(_("Everyone"), None)
        for login in logins:
            self.person.addItem(login, login)
        self.person.setCurrentIndex(max(0, self.person.findData(chosen)))
        self.person.blockSignals(False)

    # --- filtering ------------------------------------------------------------------------
    def query(self) -> HistoryFilter | None:
        """The filter the controls show; None while a date cannot be read."""
        period = self.period.read()
        if period is None:
            return None
        return HistoryFilter(
            start=period[0],
            end=period[1],
            login=self.person.currentData(),
            kind=self.kind.currentData(),
            text=self.search.text().strip(),
        )

    def apply_filters(self) -> None:
        query = self.query()
        if query is None:
            return
        self.model.set_query(query)
        self._select(0)

    def refresh(self) -> None:
        """Read the log again (F5, a change committed), keeping the entry selected."""
        current = self.selected_entry()
        self._fill_people()
        self.model.refresh()
        row = self.model.row_of(current.id) if current is not None else -1
        self._select(max(row, 0))

    def _select(self, row: int) -> None:
        if self.model.rowCount() > row:
            self.view.selectRow(row)
            self.view.setCurrentIndex(self.model.index(row, 0))
        self._current_changed()

    # --- the entry selected -----------------------------------------------------------------
    def selected_entry(self) -> Entry | None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().hasSelection():
            return None
        return self.model.entry(index.row())

    def _current_changed(self) -> None:
        entry = self.selected_entry()
        self.open_button.setEnabled(entry is not None)
        self.undo_button.setEnabled(entry is not None and can_undo(entry))

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.show()

    def open_entry(self) -> None:
        """The record's changes when it still exists; else the entry's own details."""
        entry = self.selected_entry()
        if entry is None:
            return
        if current_record(self.db, entry.kind, entry.record_id) is None:
            with self.db.unit_of_work() as uow:
                labels = referenced_labels(uow, [entry])
            text = details(entry, value_changes(entry, labels))
            box = QMessageBox(QMessageBox.Icon.Information, _("Change history"), text)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setParent(self, box.windowFlags())
            box.exec()
            return
        dialog = RecordHistoryDialog(self.db, entry.kind, entry.record_id, parent=self)
        dialog.undone.connect(self.refresh)
        dialog.exec()

    def undo(self) -> None:
        """Undo the selected change, when it is its record's latest."""
        entry = self.selected_entry()
        if entry is None:
            return
        try:
            undo_change(self.db, entry)
        except ValidationError as refused:
            self.show_message(" ".join(e.message for e in refused.errors), error=True)
            return
        self.refresh()
        self._select(0)
        self.show_message(_("The change was undone; the undo is the newest change above."))
