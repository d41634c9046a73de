"""The case log's reference lists (service areas, natures, reasons, …), edited in the settings.

A value used by old events cannot be deleted, only retired: it stays on those events and in
their statistics, but the forms no longer offer it. The order set here is the order of the
forms and of the statistics.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain.caselog import ReferenceKind, ReferenceValue, Sector
from domain.errors import ValidationError
from domain.i18n import N_, _
from services.caselog import (
    add_reference,
    delete_reference,
    move_reference,
    rename_reference,
    set_retired,
)
from storage.database import Database
from ui.forms.base import RecordDialog, read_and_validate
from ui.table_model import RecordListModel, TableColumn
from ui.views import (
    bind_keys,
    confirm_deletion,
    current_record,
    ensure_current,
    record_table,
    select_row,
)

Index = QModelIndex | QPersistentModelIndex


def list_label(kind: ReferenceKind, sector: Sector | None) -> str:
    """``Palvelutehtävät – sosiaalihuolto``: service areas are one list per sector."""
    return f"{kind.label} – {sector.label}" if sector is not None else kind.label


def reference_lists() -> list[tuple[ReferenceKind, Sector | None]]:
    """The lists in the order the dialog shows them."""
    out: list[tuple[ReferenceKind, Sector | None]] = []
    for kind in ReferenceKind:
        if kind is ReferenceKind.SERVICE_AREA:
            out += [(kind, sector) for sector in Sector]
        else:
            out.append((kind, None))
    return out


class ReferenceValuesModel(RecordListModel):
    """One list's values in their order; retired ones greyed and marked."""

    COL_FI, COL_EN, COL_STATE = range(3)
    COLUMNS = (
        TableColumn("name_fi", N_("Finnish name"), lambda v: v.name_fi, lambda v: v.position),
        TableColumn("name_en", N_("English name"), lambda v: v.name_en, lambda v: v.position),
        TableColumn("retired", N_("Status"), lambda v: _("retired") if v.retired else "", lambda v: v.retired),
    )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.row() < self.rowCount() and self.record(index.row()).retired:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#6b6b6b")
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Retired: kept on old records and in old statistics, no longer offered")
        return super().data(index, role)


class ReferenceValueDialog(RecordDialog):
    """Add a value to a list, or rename one: a Finnish name (required) and an English one."""

    def __init__(
        self,
        db: Database,
        kind: ReferenceKind,
        sector: Sector | None,
        value: ReferenceValue | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = (_("Rename “{name}”").format(name=value.name_fi) if value is not None
                 else _("New value in “{list}”").format(list=list_label(kind, sector)))
        super().__init__(title, parent, db=db, original=value)
        self.kind, self.sector = kind, sector
        self.setMinimumWidth(460)
        self.name_fi = self.add_field("name_fi", _("&Finnish name"), QLineEdit(self), required=True)
        self.name_en = self.add_field("name_en", _("&English name"), QLineEdit(self))
        self.name_en.setPlaceholderText(_("Shown when the interface is in English"))
        for edit in (self.name_fi, self.name_en):
            edit.setMaxLength(200)
        if value is not None:
            self.name_fi.setText(value.name_fi)
            self.name_en.setText(value.name_en)

    @property
    def values(self) -> ReferenceValue:
        def build(_v: dict) -> ReferenceValue:
            value = ReferenceValue(self.kind, self.name_fi.text(), self.name_en.text(), sector=self.sector)
            if self.original is not None:
                value.id = self.original.id
            return value

        return read_and_validate({}, build)

    def save(self, values: ReferenceValue) -> None:
        if self.original is None:
            self.saved = add_reference(self.db, values)
        else:
            self.saved = rename_reference(self.db, self.original.id, values.name_fi, values.name_en)


class ReferenceListsDialog(QDialog):
    """The lists on the left, the chosen list's values on the right, the actions beside them."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.changed = False  # whether anything was saved: the caller refreshes its views
        self.setWindowTitle(_("Case log reference lists"))
        self.setModal(True)
        self.resize(860, 520)

        note = QLabel(_("A retired value stays on old records and in old statistics, "
                        "but is no longer offered for new ones."), self)
        note.setWordWrap(True)

        self.lists = QListWidget(self)
        self.lists.setObjectName("reference_lists")
        for kind, sector in reference_lists():
            item = QListWidgetItem(list_label(kind, sector), self.lists)
            item.setData(Qt.ItemDataRole.UserRole, (kind, sector))
        self.lists.setMinimumWidth(self.lists.sizeHintForColumn(0) + 24)
        self.lists.setMaximumWidth(self.lists.sizeHintForColumn(0) + 60)
        lists_label = QLabel(_("&Lists"), self)
        lists_label.setBuddy(self.lists)

        self.model = ReferenceValuesModel()
        M = ReferenceValuesModel
        self.view = record_table(self.model, self, {M.COL_EN: 26, M.COL_STATE: 10}, stretch=M.COL_FI,
                                 sortable=False)
        self.view.setObjectName("reference_values")
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
        self.delete_button.setToolTip(_("Delete key; only a value that no record uses"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        action_buttons = (self.add_button, self.rename_button, self.retire_button, self.up_button,
                          self.down_button, self.delete_button)
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
        bind_keys(self.view, {
            Qt.Key.Key_Insert: self.add_value,
            Qt.Key.Key_F2: self.rename_value,
            Qt.Key.Key_Delete: self.delete_value,
        })
        for keys, step in (("Ctrl+Up", -1), ("Ctrl+Down", +1)):
            shortcut = QShortcut(QKeySequence(keys), self.view, lambda s=step: self.move_value(s))
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.view.selectionModel().currentChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.setTabOrder(self.lists, self.view)
        self.setTabOrder(self.view, self.add_button)
        self.lists.setCurrentRow(0)
        self.lists.setFocus()

    # --- what is shown ---------------------------------------------------------------
    @property
    def current_list(self) -> tuple[ReferenceKind, Sector | None]:
        item = self.lists.currentItem() or self.lists.item(0)
        return item.data(Qt.ItemDataRole.UserRole)

    @property
    def current_value(self) -> ReferenceValue | None:
        value = current_record(self.view)
        return value if isinstance(value, ReferenceValue) else None

    def choose_list(self, kind: ReferenceKind, sector: Sector | None = None) -> None:
        for row in range(self.lists.count()):
            if self.lists.item(row).data(Qt.ItemDataRole.UserRole) == (kind, sector):
                self.lists.setCurrentRow(row)
                return

    def reload(self, select_id: str | None = None) -> None:
        """Read the chosen list again (retired values too) and keep or move the selection."""
        kind, sector = self.current_list
        row = self.view.currentIndex().row()
        with self.db.unit_of_work() as uow:
            values = uow.references.of_kind(kind, sector, with_retired=True)
        self.model.set_rows(values)
        self.values_label.setText(_("&Values: {list}").format(list=list_label(kind, sector)))
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
            self.retire_button.setToolTip(_("Offer the value again for new records"))
        else:
            self.retire_button.setText(_("Re&tire"))
            self.retire_button.setToolTip(_("No longer offer the value; old records keep it"))

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _done(self, select_id: str | None) -> None:
        self.changed = True
        self.reload(select_id)
        self.view.setFocus()

    # --- actions ---------------------------------------------------------------------
    def add_value(self) -> None:
        kind, sector = self.current_list
        dialog = ReferenceValueDialog(self.db, kind, sector, parent=self)
        if dialog.exec() and dialog.saved is not None:
            self._done(dialog.saved.id)
        else:
            self.view.setFocus()

    def rename_value(self) -> None:
        value = self.current_value
        if value is None:
            return
        kind, sector = self.current_list
        dialog = ReferenceValueDialog(self.db, kind, sector, value, parent=self)
        if dialog.exec() and dialog.saved is not None:
            self._done(value.id)
        else:
            self.view.setFocus()

    def toggle_retired(self) -> None:
        value = self.current_value
        if value is None:
            return
        set_retired(self.db, value.id, not value.retired)
        self._done(value.id)

    def move_value(self, step: int) -> None:
        value = self.current_value
        if value is None:
            return
        move_reference(self.db, value.id, step)
        self._done(value.id)

    def delete_value(self) -> None:
        """Delete a value nobody uses (after asking); a used one is refused with the reason."""
        value = self.current_value
        if value is None:
            return
        with self.db.unit_of_work() as uow:
            used = uow.references.usage(value.id)
        if not used and not confirm_deletion(self, _("Delete “{name}” from the list “{list}”?").format(
                name=value.name_fi, list=list_label(*self.current_list))):
            self.view.setFocus()
            return
        row = self.view.currentIndex().row()
        try:
            delete_reference(self.db, value.id)
        except ValidationError as exc:
            self._refuse_deletion(value, exc.message)
            return
        self.changed = True
        self.reload()
        select_row(self.view, row)

    def _refuse_deletion(self, value: ReferenceValue, message: str) -> None:
        """A used value stays; offer to retire it, which is what the user most likely wants."""
        self.show_problem(message)
        box = QMessageBox(QMessageBox.Icon.Information, _("The value is kept"), message, parent=self)
        retire = None
        if not value.retired:
            box.setInformativeText(_("Retire “{name}” now? It stays on the old records but is no longer "
                                     "offered for new ones.").format(name=value.name_fi))
            retire = box.addButton(_("Retire"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(retire)
        else:
            box.setInformativeText(_("“{name}” is already retired and is not offered for new records.").format(
                name=value.name_fi))
            box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()
        if retire is not None and box.clickedButton() is retire:
            set_retired(self.db, value.id, True)
            self._done(value.id)
        else:
            self.view.setFocus()
