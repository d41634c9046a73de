"""The editor of lists whose values are added, renamed, retired, moved and deleted.

The case log's reference lists and the financial categories are edited the same way: the
lists on the left, the chosen list's values on the right, the actions beside them, the same
keys. The dialog is written once here; each editor subclasses ListEditorDialog and fills in
its hooks: which lists there are, what a list holds, the services that change it, the add and
rename form, and the words the user reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain.errors import ValidationError
from domain.i18n import _
from storage.database import Database
from storage.uow import UnitOfWork
from ui.common.list_page import delete_asking_again
from ui.common.table_model import RecordListModel
from ui.common.views import (
    bind_keys,
    confirm_deletion,
    current_record,
    ensure_current,
    record_table,
    select_row,
)
from ui.forms.base import RecordDialog

Index = QModelIndex | QPersistentModelIndex
RETIRED_COLOUR = QColor("#6b6b6b")


class RetirableModel(RecordListModel):
    """A list's values in their order; retired ones greyed and in italics, the tooltip says why."""

    def retired_tip(self) -> str:
        """The tooltip of a retired value (translated when shown)."""
        raise NotImplementedError

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.row() < self.rowCount() and self.record(index.row()).retired:
            if role == Qt.ItemDataRole.ForegroundRole:
                return RETIRED_COLOUR
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.retired_tip()
        return super().data(index, role)


@dataclass(frozen=True)
class ListTexts:
    """The words that differ between the editors, already translated; ``{name}`` in the last
    two stands for the value's name."""

    title: str  # the window title
    note: str  # above the lists: what retiring means
    delete_tip: str  # the Delete button's tooltip
    bring_back_tip: str  # the tooltip of the retire button when it brings a value back
    retire_tip: str  # … and when it retires one
    kept_title: str  # the title of the box that refuses to delete a used value
    retire_offer: str  # … offering to retire it instead
    already_retired: str  # … saying it is retired already


class ListEditorDialog(QDialog):
    """The lists on the left, the chosen list's values on the right, the actions beside them.

    A list is known by a key (its item data: whatever the subclass uses to name a list); a
    value is a record with ``id`` and ``retired``. The hooks below the layout say the rest.
    """

    def __init__(
        self,
        db: Database,
        parent: QWidget | None,
        texts: ListTexts,
        *,
        lists: Iterable[tuple[str, Any]],  # (label, key) in the order shown
        model: RetirableModel,  # its column list lays out the value table
        size: tuple[int, int],
        list_room: int,  # how much wider than its longest label the list of lists may grow
        names: tuple[str, str],  # object names of the list of lists and of the value table
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.texts = texts
        self.changed = False  # whether anything was saved: the caller refreshes its views
        self.setWindowTitle(texts.title)
        self.setModal(True)
        self.resize(*size)

        note = QLabel(texts.note, self)
        note.setWordWrap(True)

        self.lists = QListWidget(self)
        self.lists.setObjectName(names[0])
        for label, key in lists:
            item = QListWidgetItem(label, self.lists)
            item.setData(Qt.ItemDataRole.UserRole, key)
        self.lists.setMinimumWidth(self.lists.sizeHintForColumn(0) + 24)
        self.lists.setMaximumWidth(self.lists.sizeHintForColumn(0) + list_room)
        lists_label = QLabel(_("&Lists"), self)
        lists_label.setBuddy(self.lists)

        self.model = model
        self.view = record_table(self.model, self)
        self.view.setObjectName(names[1])
        self.values_label = QLabel(self)  # names the chosen list: set by reload()
        self.values_label.setBuddy(self.view)

        self.add_button = QPushButton(_("&Add…"), self)
        self.rename_button = QPushButton(_("&Rename…"), self)
        self.retire_button = QPushButton(self)
        self.up_button = QPushButton(_("Move &up"), self)
        self.down_button = QPushButton(_("Move do&wn"), self)
        self.delete_button = QPushButton(_("&Delete"), self)
        self.add_button.setToolTip(_("Insert key"))
        self.rename_button.setToolTip(_("F2, Enter or double-click a row"))
        self.up_button.setToolTip(_("Ctrl+Up"))
        self.down_button.setToolTip(_("Ctrl+Down"))
        self.delete_button.setToolTip(texts.delete_tip)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        action_buttons = (
            self.add_button,
            self.rename_button,
            self.retire_button,
            self.up_button,
            self.down_button,
            self.delete_button,
        )
        # Enter in the table renames; it must not press a button of the dialog.
        for button in (*action_buttons, self.buttons.button(QDialogButtonBox.StandardButton.Close)):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.problem = QLabel(self)
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        self.problem.hide()

        side = QVBoxLayout()
        for button in action_buttons:
            side.addWidget(button)
        side.addStretch(1)
        grid = QGridLayout()
        grid.addWidget(lists_label, 0, 0)
        grid.addWidget(self.values_label, 0, 1)
        grid.addWidget(self.lists, 1, 0)
        grid.addWidget(self.view, 1, 1)
        grid.addLayout(side, 1, 2)
        grid.addWidget(self.problem, 2, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(grid, 1)
        layout.addWidget(self.buttons)

        # --- behaviour ---------------------------------------------------------------
        self.lists.currentRowChanged.connect(lambda _row: self.reload())
        self.view.activated.connect(lambda _i: self.rename_value())
        self.add_button.clicked.connect(self.add_value)
        self.rename_button.clicked.connect(self.rename_value)
        self.retire_button.clicked.connect(self.toggle_retired)
        self.up_button.clicked.connect(lambda: self.move_value(-1))
        self.down_button.clicked.connect(lambda: self.move_value(+1))
        self.delete_button.clicked.connect(self.delete_value)
        bind_keys(self.lists, {Qt.Key.Key_Insert: self.add_value})
        bind_keys(
            self.view,
            {
                Qt.Key.Key_Insert: self.add_value,
                Qt.Key.Key_F2: self.rename_value,
                Qt.Key.Key_Delete: self.delete_value,
            },
        )
        for keys, step in (("Ctrl+Up", -1), ("Ctrl+Down", +1)):
            shortcut = QShortcut(QKeySequence(keys), self.view, lambda s=step: self.move_value(s))
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.view.selectionModel().currentChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.setTabOrder(self.lists, self.view)
        self.setTabOrder(self.view, self.add_button)
        self.lists.setCurrentRow(0)
        self.lists.setFocus()

    # --- hooks: what differs between the editors -------------------------------------
    def records(self, uow: UnitOfWork, key: Any) -> list[Any]:
        """The values of the list ``key``, retired ones too, in their order."""
        raise NotImplementedError

    def heading(self, key: Any) -> str:
        """The label above the values, naming the list ``key`` (with its mnemonic)."""
        raise NotImplementedError

    def form(self, key: Any, value: Any | None) -> RecordDialog:
        """The dialog that adds a value to the list ``key`` (``value`` None) or renames ``value``."""
        raise NotImplementedError

    def list_of(self, value: Any) -> Any:
        """The list a value just added belongs to: the one shown, unless the form can choose."""
        return self.current_list

    def name_of(self, value: Any) -> str:
        """The value's name in the questions and refusals."""
        raise NotImplementedError

    def deletion_question(self, value: Any) -> str:
        raise NotImplementedError

    def usage(self, uow: UnitOfWork, value_id: str) -> int:
        """How many records use the value: a used one is not asked about, its deletion is refused."""
        raise NotImplementedError

    def store_retired(self, value_id: str, retired: bool) -> None:
        raise NotImplementedError

    def store_move(self, value_id: str, step: int) -> None:
        raise NotImplementedError

    def store_delete(self, value: Any) -> None:
        """Delete the value as shown, or raise ValidationError saying why it stays (and
        ConcurrentChange when another user changed it since it was shown)."""
        raise NotImplementedError

    # --- what is shown ---------------------------------------------------------------
    @property
    def current_list(self) -> Any:
        item = self.lists.currentItem() or self.lists.item(0)
        return item.data(Qt.ItemDataRole.UserRole)

    @property
    def current_value(self) -> Any | None:
        return current_record(self.view)

    def choose(self, key: Any) -> None:
        for row in range(self.lists.count()):
            if self.lists.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.lists.setCurrentRow(row)
                return

    def reload(self, select_id: str | None = None) -> None:
        """Read the chosen list again (retired values too) and keep or move the selection."""
        key = self.current_list
        row = self.view.currentIndex().row()
        with self.db.unit_of_work() as uow:
            values = self.records(uow, key)
        self.model.set_rows(values)
        self.values_label.setText(self.heading(key))
        self.show_problem("")
        if select_id is not None and self.model.row_of(select_id) >= 0:
            select_row(self.view, self.model.row_of(select_id), focus=False)
        elif row >= 0:
            select_row(self.view, row, focus=False)
        ensure_current(self.view)
        self._update_buttons()

    def _update_buttons(self) -> None:
        value = self.current_value
        for button in (self.rename_button, self.retire_button, self.delete_button):
            button.setEnabled(value is not None)
        row = self.view.currentIndex().row() if value is not None else -1
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.model.rowCount() - 1)
        if value is not None and value.retired:
            self.retire_button.setText(_("&Bring back"))
            self.retire_button.setToolTip(self.texts.bring_back_tip)
        else:
            self.retire_button.setText(_("Re&tire"))
            self.retire_button.setToolTip(self.texts.retire_tip)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _done(self, select_id: str | None) -> None:
        self.changed = True
        self.reload(select_id)
        self.view.setFocus()

    # --- actions ---------------------------------------------------------------------
    def add_value(self) -> None:
        dialog = self.form(self.current_list, None)
        if dialog.exec() and dialog.saved is not None:
            # The form may have put it on another list than the one shown: show where it went.
            self.choose(self.list_of(dialog.saved))
            self._done(dialog.saved.id)
        else:
            self.view.setFocus()

    def rename_value(self) -> None:
        value = self.current_value
        if value is None:
            return
        dialog = self.form(self.current_list, value)
        if dialog.exec() and dialog.saved is not None:
            self._done(value.id)
        else:
            self.view.setFocus()

    def toggle_retired(self) -> None:
        value = self.current_value
        if value is None:
            return
        self.store_retired(value.id, not value.retired)
        self._done(value.id)

    def move_value(self, step: int) -> None:
        value = self.current_value
        if value is None:
            return
        self.store_move(value.id, step)
        self._done(value.id)

    def delete_value(self) -> None:
        """Delete a value nothing uses (after asking); a used one is refused with the reason."""
        value = self.current_value
        if value is None:
            return
        with self.db.unit_of_work() as uow:
            used = self.usage(uow, value.id)
        if not used and not confirm_deletion(self, self.deletion_question(value)):
            self.view.setFocus()
            return
        row = self.view.currentIndex().row()
        try:
            # changed by another user since it was shown: asked again
            deleted = delete_asking_again(self, value, self._delete_shown)
        except ValidationError as exc:
            self._refuse_deletion(value, exc.message)
            return
        if deleted is None:
            self.view.setFocus()
            return
        self.changed = True
        self.reload()
        select_row(self.view, row)

    def _delete_shown(self, value: Any) -> bool:
        self.store_delete(value)
        return True

    def _refuse_deletion(self, value: Any, message: str) -> None:
        """A used value stays; offer to retire it, which is what the user most likely wants."""
        self.show_problem(message)
        box = QMessageBox(QMessageBox.Icon.Information, self.texts.kept_title, message, parent=self)
        retire = None
        if not value.retired:
            box.setInformativeText(self.texts.retire_offer.format(name=self.name_of(value)))
            retire = box.addButton(_("Retire"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(retire)
        else:
            box.setInformativeText(self.texts.already_retired.format(name=self.name_of(value)))
            box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()
        if retire is not None and box.clickedButton() is retire:
            self.store_retired(value.id, True)
            self._done(value.id)
        else:
            self.view.setFocus()
