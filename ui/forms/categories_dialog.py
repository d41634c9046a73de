"""The income and expense categories (*luokat*), edited from the budget page.

A category named by a transaction or a budget line cannot be deleted, only retired: it stays
on those rows and in old years' tables, but is no longer offered for new bookings. The order
set here is the order of the budget and of every financial table.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
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

from domain.errors import ValidationError
from domain.finance import Category, CategoryKind, check_category_name
from domain.i18n import N_, _
from services.finance import (
    add_category,
    delete_category,
    move_category,
    rename_category,
    set_category_retired,
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
RETIRED_COLOUR = QColor("#6b6b6b")


class CategoriesModel(RecordListModel):
    """One kind's categories in their order; retired ones greyed and marked "(retired)"."""

    COL_NAME = 0
    COLUMNS = (TableColumn("name", N_("Name"), lambda c: c.label, lambda c: c.position),)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.row() < self.rowCount() and self.record(index.row()).retired:
            if role == Qt.ItemDataRole.ForegroundRole:
                return RETIRED_COLOUR
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Retired: kept on old transactions and budgets, no longer offered for new ones")
        return super().data(index, role)


class CategoryDialog(RecordDialog):
    """Add a category (a name and whether it is income or an expense), or rename one."""

    def __init__(
        self,
        db: Database,
        kind: CategoryKind,
        category: Category | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = (_("Rename “{name}”").format(name=category.name) if category is not None
                 else _("New category"))
        super().__init__(title, parent, db=db, original=category)
        self.setMinimumWidth(460)
        self.name = self.add_field("name", _("&Name"), QLineEdit(self), required=True)
        self.name.setMaxLength(200)
        self.kind = QComboBox(self)
        for k in CategoryKind:
            self.kind.addItem(k.label, k)
        self.add_field("kind", _("&Type"), self.kind, required=True)
        self.kind.setCurrentIndex(self.kind.findData(category.kind if category is not None else kind))
        if category is not None:
            self.name.setText(category.name)
            # A category's transactions and budgets were booked as income or as expenses.
            self.kind.setEnabled(False)
            self.kind.setToolTip(_("The type of a category cannot change; add a new category instead"))

    @property
    def values(self) -> Category:
        def build(_v: dict) -> Category:
            category = Category(self.name.text(), self.kind.currentData())
            if self.original is not None:
                category.id = self.original.id
                category.position = self.original.position
                category.retired = self.original.retired
            return category

        return read_and_validate({}, build)

    def save(self, values: Category) -> None:
        # Checked here too, before the service changes the stored name: the service's own
        # check reads the list after the change, when the database has already refused it.
        with self.db.unit_of_work() as uow:
            check_category_name(values, uow.categories.all())
        if self.original is None:
            self.saved = add_category(self.db, values)
        else:
            self.saved = rename_category(self.db, self.original.id, values.name)


class CategoriesDialog(QDialog):
    """Income and expenses on the left, the chosen kind's categories on the right, the
    actions beside them."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.changed = False  # whether anything was saved: the caller refreshes its views
        self.setWindowTitle(_("Income and expense categories"))
        self.setModal(True)
        self.resize(760, 480)

        note = QLabel(_("A retired category stays on old transactions and budgets, but is no longer "
                        "offered for new ones. The order here is the order of the budget and the reports."), self)
        note.setWordWrap(True)

        self.kinds = QListWidget(self)
        self.kinds.setObjectName("category_kinds")
        for kind in CategoryKind:
            item = QListWidgetItem(kind.heading, self.kinds)
            item.setData(Qt.ItemDataRole.UserRole, kind)
        self.kinds.setMinimumWidth(self.kinds.sizeHintForColumn(0) + 24)
        self.kinds.setMaximumWidth(self.kinds.sizeHintForColumn(0) + 80)
        kinds_label = QLabel(_("&Lists"), self)
        kinds_label.setBuddy(self.kinds)

        self.model = CategoriesModel()
        self.view = record_table(self.model, self, {}, stretch=CategoriesModel.COL_NAME, sortable=False)
        self.view.setObjectName("categories")
        self.categories_label = QLabel(self)  # names the chosen kind: set by reload()
        self.categories_label.setBuddy(self.view)

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
        self.delete_button.setToolTip(_("Delete key; only a category that no transaction or budget uses"))
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
        grid.addWidget(kinds_label, 0, 0)
        grid.addWidget(self.categories_label, 0, 1)
        grid.addWidget(self.kinds, 1, 0)
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
        self.kinds.currentRowChanged.connect(lambda _row: self.reload())
        self.view.activated.connect(lambda _i: self.rename_category())
        self.add_button.clicked.connect(self.add_category)
        self.rename_button.clicked.connect(self.rename_category)
        self.retire_button.clicked.connect(self.toggle_retired)
        self.up_button.clicked.connect(lambda: self.move_category(-1))
        self.down_button.clicked.connect(lambda: self.move_category(+1))
        self.delete_button.clicked.connect(self.delete_category)
        bind_keys(self.kinds, {Qt.Key.Key_Insert: self.add_category})
        bind_keys(self.view, {
            Qt.Key.Key_Insert: self.add_category,
            Qt.Key.Key_F2: self.rename_category,
            Qt.Key.Key_Delete: self.delete_category,
        })
        for keys, step in (("Ctrl+Up", -1), ("Ctrl+Down", +1)):
            shortcut = QShortcut(QKeySequence(keys), self.view, lambda s=step: self.move_category(s))
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.view.selectionModel().currentChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.setTabOrder(self.kinds, self.view)
        self.setTabOrder(self.view, self.add_button)
        self.kinds.setCurrentRow(0)
        self.kinds.setFocus()

    # --- what is shown ---------------------------------------------------------------
    @property
    def current_kind(self) -> CategoryKind:
        item = self.kinds.currentItem() or self.kinds.item(0)
        return item.data(Qt.ItemDataRole.UserRole)

    @property
    def current_category(self) -> Category | None:
        category = current_record(self.view)
        return category if isinstance(category, Category) else None

    def choose_kind(self, kind: CategoryKind) -> None:
        for row in range(self.kinds.count()):
            if self.kinds.item(row).data(Qt.ItemDataRole.UserRole) is kind:
                self.kinds.setCurrentRow(row)
                return

    def reload(self, select_id: str | None = None) -> None:
        """Read the chosen kind's categories again (retired ones too) and keep or move the selection."""
        kind = self.current_kind
        row = self.view.currentIndex().row()
        with self.db.unit_of_work() as uow:
            categories = [c for c in uow.categories.all() if c.kind is kind]
        self.model.set_rows(categories)
        self.categories_label.setText(_("&Categories: {kind}").format(kind=kind.heading))
        self.show_problem("")
        if select_id is not None and self.model.row_of(select_id) >= 0:
            select_row(self.view, self.model.row_of(select_id), focus=False)
        elif row >= 0:
            select_row(self.view, row, focus=False)
        ensure_current(self.view)
        self._update_buttons()

    def _update_buttons(self) -> None:
        category = self.current_category
        for button in (self.rename_button, self.retire_button, self.delete_button):
            button.setEnabled(category is not None)
        row = self.view.currentIndex().row() if category is not None else -1
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.model.rowCount() - 1)
        if category is not None and category.retired:
            self.retire_button.setText(_("&Bring back"))
            self.retire_button.setToolTip(_("Offer the category again for new transactions and budgets"))
        else:
            self.retire_button.setText(_("Re&tire"))
            self.retire_button.setToolTip(_("No longer offer the category; old transactions and budgets keep it"))

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _done(self, select_id: str | None) -> None:
        self.changed = True
        self.reload(select_id)
        self.view.setFocus()

    # --- actions ---------------------------------------------------------------------
    def add_category(self) -> None:
        dialog = CategoryDialog(self.db, self.current_kind, parent=self)
        if dialog.exec() and dialog.saved is not None:
            # An expense added while the income list was shown: show where it went.
            self.choose_kind(dialog.saved.kind)
            self._done(dialog.saved.id)
        else:
            self.view.setFocus()

    def rename_category(self) -> None:
        category = self.current_category
        if category is None:
            return
        dialog = CategoryDialog(self.db, category.kind, category, parent=self)
        if dialog.exec() and dialog.saved is not None:
            self._done(category.id)
        else:
            self.view.setFocus()

    def toggle_retired(self) -> None:
        category = self.current_category
        if category is None:
            return
        set_category_retired(self.db, category.id, not category.retired)
        self._done(category.id)

    def move_category(self, step: int) -> None:
        category = self.current_category
        if category is None:
            return
        move_category(self.db, category.id, step)
        self._done(category.id)

    def delete_category(self) -> None:
        """Delete a category nothing uses (after asking); a used one is refused with the reason."""
        category = self.current_category
        if category is None:
            return
        with self.db.unit_of_work() as uow:
            used = uow.categories.usage(category.id)
        if not used and not confirm_deletion(self, _("Delete the category “{name}”?").format(name=category.name)):
            self.view.setFocus()
            return
        row = self.view.currentIndex().row()
        try:
            delete_category(self.db, category.id)
        except ValidationError as exc:
            self._refuse_deletion(category, exc.message)
            return
        self.changed = True
        self.reload()
        select_row(self.view, row)

    def _refuse_deletion(self, category: Category, message: str) -> None:
        """A used category stays; offer to retire it, which is what the user most likely wants."""
        self.show_problem(message)
        box = QMessageBox(QMessageBox.Icon.Information, _("The category is kept"), message, parent=self)
        retire = None
        if not category.retired:
            box.setInformativeText(_("Retire “{name}” now? It stays on the old transactions and budgets but is "
                                     "no longer offered for new ones.").format(name=category.name))
            retire = box.addButton(_("Retire"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(retire)
        else:
            box.setInformativeText(_("“{name}” is already retired and is not offered for new transactions.").format(
                name=category.name))
            box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()
        if retire is not None and box.clickedButton() is retire:
            set_category_retired(self.db, category.id, True)
            self._done(category.id)
        else:
            self.view.setFocus()
