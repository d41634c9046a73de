"""One record's changes, newest first (a form's Ctrl+H, or an entry of the log opened):
when, who, what was done, and each changed field with its old and new value; "Undo this
change" reverts the latest one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain.errors import ValidationError
from domain.history import Entry
from domain.i18n import _
from services.history import (
    can_undo,
    record_history,
    referenced_labels,
    undo_change,
    value_changes,
)
from storage.database import Database
from ui.common.widgets import ERROR_STYLE, fit_to_screen
from ui.history.shown import Captions, caption, new_text, old_text

EntryRole = Qt.ItemDataRole.UserRole + 1


def _headers() -> list[str]:
    return [_("Time"), _("Who"), _("Action"), _("Field"), _("Old value"), _("New value")]


class RecordHistoryDialog(QDialog):
    """The changes of the record ``kind``/``record_id``; ``captions`` names its fields as
    its form does; ``title`` names the record (by default the label of its latest change).
    ``undone`` is sent after an undo (the form reloads the record)."""

    undone = Signal()

    def __init__(
        self,
        db: Database,
        kind: str,
        record_id: str,
        title: str = "",
        parent: QWidget | None = None,
        *,
        captions: Captions | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.kind = kind
        self.record_id = record_id
        self.captions = captions
        self.entries: list[Entry] = []
        self.title = title
        self.setModal(True)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("record_history")
        self.table.setHorizontalHeaderLabels(_headers())
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.message = QLabel(self)
        self.message.setObjectName("history_message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.undo_button = QPushButton(_("&Undo this change"), self)
        self.undo_button.setAutoDefault(False)
        self.undo_button.clicked.connect(self.undo)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 960, 520)
        self.load()
        self.table.setFocus()

    # --- what is shown --------------------------------------------------------------
    def load(self) -> None:
        """Read the record's changes again, the newest selected."""
        self.entries = record_history(self.db, self.kind, self.record_id)
        title = self.title or (self.entries[0].title() if self.entries else "")
        self.setWindowTitle(
            _("Change history: {record}").format(record=title) if title else _("Change history")
        )
        rows: list[tuple[int, list[str]]] = []
        with self.db.unit_of_work() as uow:
            labels = referenced_labels(uow, self.entries)
        for number, entry in enumerate(self.entries):
            head = [entry.shown_time(), entry.who(), entry.action.label()]
            changes = value_changes(entry, labels)
            if not changes:
                rows.append((number, [*head, "", "", ""]))
            for i, change in enumerate(changes):
                cells = head if i == 0 else ["", "", ""]
                name = caption(self.kind, change.field, self.captions)
                rows.append((number, [*cells, name, old_text(change), new_text(change)]))
        self.table.setRowCount(len(rows))
        for row, (number, cells) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(EntryRole, number)
                if text:
                    item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.heading.setText(
            _("Changes recorded: {n}, the newest first.").format(n=len(self.entries))
            if self.entries
            else _("No changes of this record are recorded.")
        )
        if rows:
            self.table.selectRow(0)
            self.table.setCurrentCell(0, 0)
        self._selection_changed()

    def selected_entry(self) -> Entry | None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is None or not self.table.selectionModel().hasSelection():
            return None
        return self.entries[int(item.data(EntryRole))]

    def _selection_changed(self) -> None:
        entry = self.selected_entry()
        latest = entry is not None and self.entries and entry.id == self.entries[0].id
        undoable = bool(latest) and entry is not None and can_undo(entry)
        self.undo_button.setEnabled(undoable)
        self.undo_button.setToolTip(
            "" if undoable else _("Only a record's latest change can be undone.")
        )

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.show()

    # --- the undo -----------------------------------------------------------------------
    def undo(self) -> None:
        """Undo the selected change (the record's latest); a refusal is shown, not raised."""
        entry = self.selected_entry()
        if entry is None:
            return
        try:
            undo_change(self.db, entry)
        except ValidationError as refused:
            self.show_message(" ".join(e.message for e in refused.errors), error=True)
            self.load()
            return
        self.load()
        self.show_message(_("The change was undone; the undo is the newest change above."))
        self.undone.emit()
