"""The income and expense categories (*luokat*), edited from the budget page.

A category named by a transaction or a budget line cannot be deleted, only retired: it stays
on those rows and in old years' tables, but is no longer offered for new bookings. The order
set here is the order of the budget and of every financial table.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

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
from storage.uow import UnitOfWork
from ui.common.table_model import Columns, TableColumn
from ui.forms.base import RecordDialog, read_and_validate
from ui.forms.list_editor import ListEditorDialog, ListTexts, RetirableModel


class CategoriesModel(RetirableModel):
    """One kind's categories in their order; retired ones greyed and marked "(retired)"."""

    COLUMNS = Columns(
        TableColumn(
            "name",
            N_("Name"),
            lambda c: c.name + (" " + _("(retired)") if c.retired else ""),
            lambda c: c.position,
            stretch=True,
        ),
        TableColumn(
            "name_en", N_("English name"), lambda c: c.name_en, lambda c: c.position, width=30
        ),
    )

    def retired_tip(self) -> str:
        return _("Retired: kept on old transactions and budgets, no longer offered for new ones")


class CategoryDialog(RecordDialog):
    """Add a category (a name, an optional English name and whether it is income or an
    expense), or rename one."""

    text_limits = Category.TEXT_LIMITS

    def __init__(
        self,
        db: Database,
        kind: CategoryKind,
        category: Category | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = (
            _("Rename “{name}”").format(name=category.name)
            if category is not None
            else _("New category")
        )
        super().__init__(title, parent, db=db, original=category)
        self.setMinimumWidth(460)
        self.name = self.add_field("name", _("&Name"), QLineEdit(self), required=True)
        self.name_en = self.add_field("name_en", _("&English name"), QLineEdit(self))
        self.name_en.setPlaceholderText(_("Shown in English reports and the English interface"))
        self.kind = QComboBox(self)
        for k in CategoryKind:
            self.kind.addItem(k.label, k)
        self.add_field("kind", _("&Type"), self.kind, required=True)
        self.kind.setCurrentIndex(
            self.kind.findData(category.kind if category is not None else kind)
        )
        if category is not None:
            self._load(category)
            # A category's transactions and budgets were booked as income or as expenses.
            self.kind.setEnabled(False)
            self.kind.setToolTip(
                _("The type of a category cannot change; add a new category instead")
            )

    def _load(self, category: Category) -> None:
        self.name.setText(category.name)
        self.name_en.setText(category.name_en)

    @property
    def values(self) -> Category:
        def build(_v: dict) -> Category:
            category = Category(
                self.name.text(), self.kind.currentData(), name_en=self.name_en.text()
            )
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
            self.saved = rename_category(
                self.db, self.original, values.name, values.name_en, overwrite=self.overwrite
            )


class CategoriesDialog(ListEditorDialog):
    """Income and expenses on the left, the chosen kind's categories on the right, the
    actions beside them. A list is a CategoryKind."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        texts = ListTexts(
            title=_("Income and expense categories"),
            note=_(
                "A retired category stays on old transactions and budgets, but is no longer "
                "offered for new ones. The order here is the order of the budget and the reports."
            ),
            delete_tip=_("Delete key; only a category that no transaction or budget uses"),
            bring_back_tip=_("Offer the category again for new transactions and budgets"),
            retire_tip=_("No longer offer the category; old transactions and budgets keep it"),
            kept_title=_("The category is kept"),
            retire_offer=_(
                "Retire “{name}” now? It stays on the old transactions and budgets but is "
                "no longer offered for new ones."
            ),
            already_retired=_(
                "“{name}” is already retired and is not offered for new transactions."
            ),
        )
        super().__init__(
            db,
            parent,
            texts,
            lists=[(kind.heading, kind) for kind in CategoryKind],
            model=CategoriesModel(),
            size=(760, 480),
            list_room=80,
            names=("category_kinds", "categories"),
        )

    # --- hooks -----------------------------------------------------------------------
    def records(self, uow: UnitOfWork, key: CategoryKind) -> list[Category]:
        return [c for c in uow.categories.all() if c.kind is key]

    def heading(self, key: CategoryKind) -> str:
        return _("&Categories: {kind}").format(kind=key.heading)

    def form(self, key: CategoryKind, value: Category | None) -> CategoryDialog:
        return CategoryDialog(self.db, key, value, parent=self)

    def list_of(self, value: Category) -> CategoryKind:
        # An expense added while the income list was shown goes to the expenses.
        return value.kind

    def name_of(self, value: Category) -> str:
        return value.name

    def deletion_question(self, value: Category) -> str:
        return _("Delete the category “{name}”?").format(name=value.name)

    def usage(self, uow: UnitOfWork, value_id: str) -> int:
        return uow.categories.usage(value_id)

    def store_retired(self, value_id: str, retired: bool) -> None:
        set_category_retired(self.db, value_id, retired)

    def store_move(self, value_id: str, step: int) -> None:
        move_category(self.db, value_id, step)

    def store_delete(self, value: Category) -> None:
        delete_category(self.db, value)
