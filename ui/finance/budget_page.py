"""The budget of a year (*talousarvio*): an amount per income and expense category.

The amounts are typed in the table the Finnish way (``12 500`` or ``4 530,77``); Enter saves
the amount (``services.finance.set_budget``, checked by the domain) and goes on to the next
category, as in a spreadsheet, and an emptied amount removes the category's line. Beside
each amount the previous year's budget and what was booked in it help the planning. The
totals of income and expenses and the result follow each change.

A retired category is shown only when it has a figure in the table, so that every column
still adds up to its total; its amount can be changed or removed but not added anew.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.errors import ConcurrentChange, ValidationError
from domain.finance import BudgetLine, Category, CategoryKind
from domain.formats import format_money, format_number, parse_decimal
from domain.i18n import N_, _
from services.finance import change_budget, copy_budget
from storage.database import Database
from ui.caselog.statistics_page import ERROR_STYLE, WrappedLabel, muted
from ui.common.table_model import Column, Columns
from ui.common.views import bind_keys, confirm_deletion
from ui.forms.categories_dialog import CategoriesDialog

Index = QModelIndex | QPersistentModelIndex
ZERO = Decimal("0.00")
RETIRED_COLOUR = QColor("#6b6b6b")
FIRST_YEAR, LAST_YEAR = 1900, 2200  # the years a budget can be for (domain.finance.BudgetLine)


# --------------------------------------------------------------------------- the table


class Line(enum.Enum):
    HEADING = "heading"  # Income, Expenses
    CATEGORY = "category"
    TOTAL = "total"  # Income total, Expenses total
    RESULT = "result"  # income − expenses


@dataclass(frozen=True)
class BudgetTableRow:
    line: Line
    kind: CategoryKind | None = None
    category: Category | None = None

    @property
    def key(self) -> tuple[Line, CategoryKind | None, str | None]:
        return self.line, self.kind, self.category.id if self.category is not None else None


def shown_categories(
    categories: Sequence[Category], *figures: Mapping[str, Decimal]
) -> list[Category]:
    """The categories in use, and retired ones that still have a figure in one of the
    table's columns (so that each column adds up to its total)."""
    return [c for c in categories if not c.retired or any(c.id in f for f in figures)]


def budget_rows(categories: Sequence[Category]) -> list[BudgetTableRow]:
    """Income: its heading, categories and total; expenses likewise; then the result."""
    rows: list[BudgetTableRow] = []
    for kind in CategoryKind:
        rows.append(BudgetTableRow(Line.HEADING, kind))
        rows += [BudgetTableRow(Line.CATEGORY, kind, c) for c in categories if c.kind is kind]
        rows.append(BudgetTableRow(Line.TOTAL, kind))
    rows.append(BudgetTableRow(Line.RESULT))
    return rows


def amount_text(value: Decimal | None) -> str:
    """An amount as it is typed: ``12 500``, ``4 530,77``."""
    if value is None:
        return ""
    return format_number(value, 2 if value % 1 else 0)


class BudgetTableModel(QAbstractTableModel):
    """The year's budget per category beside the previous year's budget and actual; the
    headings, totals and result in bold. Only the year's amounts of categories are editable."""

    # The name takes the room left; the figures are as wide as their contents.
    COLUMNS = Columns(
        Column("name", N_("Category"), stretch=True),
        Column("budget", N_("Budget €"), align_right=True),
        Column("previous_budget", N_("Previous year's budget €"), align_right=True),
        Column("previous_actual", N_("Previous year's actual €"), align_right=True),
    )
    FIGURES = ("budget", "previous_budget", "previous_actual")  # the columns of figures

    def __init__(self) -> None:
        super().__init__()
        self.year = date.today().year
        self._rows: list[BudgetTableRow] = []
        self._figures: dict[str, dict[str, Decimal]] = {key: {} for key in self.FIGURES}

    @classmethod
    def column(cls, key: str) -> int:
        """The index of the column named ``key``."""
        return cls.COLUMNS.index_of(key)

    # --- the figures ------------------------------------------------------------------
    def set_figures(
        self,
        year: int,
        categories: Sequence[Category],
        budget: Mapping[str, Decimal],
        previous_budget: Mapping[str, Decimal],
        previous_actual: Mapping[str, Decimal],
    ) -> None:
        rows = budget_rows(shown_categories(categories, budget, previous_budget, previous_actual))
        figures = {
            "budget": dict(budget),
            "previous_budget": dict(previous_budget),
            "previous_actual": dict(previous_actual),
        }
        if year == self.year and [r.key for r in rows] == [r.key for r in self._rows]:
            # The same rows: update them in place, so an amount being typed stays open.
            self._rows, self._figures = rows, figures
            self._figures_changed()
            return
        self.beginResetModel()
        self.year, self._rows, self._figures = year, rows, figures
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)

    def set_amount(self, category_id: str, amount: Decimal | None) -> None:
        """The year's amount of a category as now stored; the totals follow."""
        if amount is None:
            self._figures["budget"].pop(category_id, None)
        else:
            self._figures["budget"][category_id] = amount
        self._figures_changed()

    def _figures_changed(self) -> None:
        # A range, never one cell: one cell's dataChanged would reset an open editor's text.
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.COLUMNS) - 1)
            )

    def row(self, number: int) -> BudgetTableRow:
        return self._rows[number]

    def rows(self) -> list[BudgetTableRow]:
        return list(self._rows)

    def row_of(self, category_id: str) -> int:
        for number, r in enumerate(self._rows):
            if r.category is not None and r.category.id == category_id:
                return number
        return -1

    def amount(self, category_id: str) -> Decimal | None:
        return self._figures["budget"].get(category_id)

    def has_budget(self) -> bool:
        return bool(self._figures["budget"])

    def total(self, kind: CategoryKind, figures_of: str = "budget") -> Decimal:
        """The total of a kind in a column of figures (named by its key)."""
        figures = self._figures[figures_of]
        return sum(
            (
                figures.get(r.category.id, ZERO)
                for r in self._rows
                if r.line is Line.CATEGORY and r.kind is kind and r.category is not None
            ),
            ZERO,
        )

    def result(self, figures_of: str = "budget") -> Decimal:
        income = self.total(CategoryKind.INCOME, figures_of)
        return income - self.total(CategoryKind.EXPENSE, figures_of)

    def figure(self, number: int, column: int) -> Decimal | None:
        r = self._rows[number]
        key = self.COLUMNS[column].key
        if key not in self.FIGURES or r.line is Line.HEADING:
            return None
        if r.line is Line.CATEGORY and r.category is not None:
            return self._figures[key].get(r.category.id)
        if r.line is Line.TOTAL and r.kind is not None:
            return self.total(r.kind, key)
        return self.result(key)

    def editable(self, number: int) -> bool:
        """A category's amount, unless the category is retired and has none this year."""
        if not 0 <= number < len(self._rows):
            return False
        r = self._rows[number]
        if r.line is not Line.CATEGORY or r.category is None:
            return False
        return not r.category.retired or r.category.id in self._figures["budget"]

    def next_editable(self, number: int) -> int:
        """The next row whose amount can be typed, or -1."""
        return next((n for n in range(number + 1, len(self._rows)) if self.editable(n)), -1)

    def name(self, number: int) -> str:
        r = self._rows[number]
        if r.line is Line.HEADING and r.kind is not None:
            return r.kind.heading
        if r.line is Line.CATEGORY and r.category is not None:
            return r.category.label
        if r.line is Line.TOTAL:
            return _("Income total") if r.kind is CategoryKind.INCOME else _("Expenses total")
        return _("Result")

    def text(self, number: int, column: int) -> str:
        if self.COLUMNS[column].key == "name":
            return self.name(number)
        return format_money(self.figure(number, column))

    # --- Qt model interface ----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.column("budget") and self.editable(index.row()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            not index.isValid()
            or index.row() >= len(self._rows)
            or index.column() >= len(self.COLUMNS)
        ):
            return None
        number, column = index.row(), index.column()
        key = self.COLUMNS[column].key
        r = self._rows[number]
        if role == Qt.ItemDataRole.DisplayRole:
            text = self.text(number, column)
            # An em space sets the categories in under their heading.
            return "\u2003" + text if key == "name" and r.line is Line.CATEGORY else text
        if role == Qt.ItemDataRole.EditRole:
            if key == "budget" and r.category is not None:
                return amount_text(self.amount(r.category.id))
            return self.text(number, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(column)
        if role == Qt.ItemDataRole.FontRole and r.line is not Line.CATEGORY:
            font = QFont()
            font.setBold(True)
            return font
        retired = r.category is not None and r.category.retired
        if role == Qt.ItemDataRole.ForegroundRole and retired:
            return RETIRED_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(number, column)
        return None

    def _tooltip(self, number: int, column: int) -> str | None:
        r = self._rows[number]
        if r.line is Line.RESULT:
            return _("Income minus expenses")
        if r.line is not Line.CATEGORY or r.category is None:
            return None
        if self.COLUMNS[column].key == "budget":
            if self.editable(number):
                return _(
                    "Type the amount (12 500 or 4 530,77) and press Enter; an empty amount removes the line"
                )
            return _("The category is retired: bring it back under Categories… to budget it")
        if r.category.retired:
            return _(
                "Retired: kept on old transactions and budgets, no longer offered for new ones"
            )
        return self.text(number, column) or None

    def _alignment(self, column: int) -> int:
        horizontal = (
            Qt.AlignmentFlag.AlignRight
            if self.COLUMNS[column].align_right
            else Qt.AlignmentFlag.AlignLeft
        )
        return int(horizontal | Qt.AlignmentFlag.AlignVCenter)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        key = self.COLUMNS[section].key
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self.COLUMNS[section].header)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "budget":
                return _("The budget of {year}").format(year=self.year)
            if key == "previous_budget":
                return _("The budget of {year}").format(year=self.year - 1)
            if key == "previous_actual":
                return _("What was booked in {year}").format(year=self.year - 1)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(section)
        return None


# --------------------------------------------------------------------------- typing amounts


class AmountEditor(QLineEdit):
    """The line an amount is typed in; knows the row it belongs to."""

    def __init__(self, parent: QWidget, index: Index) -> None:
        super().__init__(parent)
        self.index = QPersistentModelIndex(index)
        self.setObjectName("amount_editor")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMaxLength(40)


class AmountDelegate(QStyledItemDelegate):
    """Saves an amount through the page. Enter saves and goes on to the next category; a
    refused amount keeps the editor open with the text as typed, the reason under the table.
    Leaving the cell (Tab, a click elsewhere) saves as well, without going on."""

    def __init__(self, page: BudgetPage) -> None:
        super().__init__(page)
        self.page = page

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        return AmountEditor(parent, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QLineEdit):
            editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QLineEdit):
            self.page.save_amount(index.row(), editor.text())

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (
            isinstance(editor, AmountEditor)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            key = event.key()
            row = editor.index.row()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.page.save_amount(row, editor.text()):
                    self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                    self.page.edit_next(row)
                else:
                    editor.selectAll()
                return True
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                if self.page.save_amount(row, editor.text()):
                    self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                    self.page.focusNextPrevChild(key == Qt.Key.Key_Tab)
                else:
                    editor.selectAll()
                return True
        return super().eventFilter(editor, event)


# --------------------------------------------------------------------------- the page


class BudgetPage(QWidget):
    """A year's budget per category, typed in the table, with the totals and the result."""

    status_message = Signal(str)
    data_changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db

        # --- the year and the actions ----------------------------------------------------
        self.year_spin = QSpinBox(self)
        self.year_spin.setObjectName("budget_year")
        self.year_spin.setRange(FIRST_YEAR, LAST_YEAR)
        self.year_spin.setValue(date.today().year)
        # Qt's own width leaves the four digits a pixel short of their room.
        self.year_spin.setMinimumWidth(
            self.year_spin.sizeHint().width() + self.year_spin.fontMetrics().averageCharWidth()
        )
        self.year_spin.setKeyboardTracking(
            False
        )  # the year is read when typed whole, not per digit
        self.year_spin.setToolTip(_("The year of the budget; choose a coming year to plan ahead"))
        year_label = QLabel(_("&Year:"), self)
        year_label.setBuddy(self.year_spin)
        self.copy_button = QPushButton(_("Copy f&rom previous year"), self)
        self.copy_button.setObjectName("copy_budget")
        self.categories_button = QPushButton(_("Cat&egories…"), self)
        self.categories_button.setObjectName("edit_categories")
        self.categories_button.setToolTip(
            _("Add, rename, retire, reorder or delete the income and expense categories")
        )
        controls = QHBoxLayout()
        controls.addWidget(year_label)
        controls.addWidget(self.year_spin)
        controls.addSpacing(18)
        controls.addWidget(self.copy_button)
        controls.addWidget(self.categories_button)
        controls.addStretch(1)

        # --- the table ------------------------------------------------------------------
        self.caption = QLabel(self)  # names the year: set by _show()
        self.caption.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.model = BudgetTableModel()
        self.view = self._table()
        self.caption.setBuddy(self.view)
        self.message = WrappedLabel("", self)
        self.message.setObjectName("budget_message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        self.note = WrappedLabel(
            _(
                "Type an amount the Finnish way (12 500 or 4 530,77) and press Enter: it is saved and the next "
                "category's amount opens. An empty amount removes the line; Delete removes it too. The previous "
                "year's figures are there for planning."
            ),
            self,
        )
        self.note.setObjectName("budget_note")
        muted(self.note)

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addSpacing(6)
        layout.addWidget(self.caption)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.note)

        # --- behaviour ------------------------------------------------------------------
        self.year_spin.valueChanged.connect(lambda _y: self._year_changed())
        self.copy_button.clicked.connect(self.copy_previous_year)
        self.categories_button.clicked.connect(self.edit_categories)
        self.view.activated.connect(self.open_amount)
        bind_keys(self.view, {Qt.Key.Key_Delete: self.remove_amount})
        for first, second in itertools.pairwise(
            (self.year_spin, self.copy_button, self.categories_button, self.view)
        ):
            self.setTabOrder(first, second)
        # Read when first shown: at start-up the page is hidden behind the ledger.
        self._shown = False

    def _table(self) -> QTableView:
        view = QTableView(self)
        view.setObjectName("budget_table")
        view.setModel(self.model)
        view.setItemDelegateForColumn(self.model.column("budget"), AmountDelegate(self))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        view.setTabKeyNavigation(False)  # Tab leaves the table, as in a form
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setCornerButtonEnabled(False)
        view.verticalHeader().hide()
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        for index, column in enumerate(self.model.COLUMNS):
            header.setSectionResizeMode(
                index,
                QHeaderView.ResizeMode.Stretch
                if column.stretch
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        char = view.fontMetrics().averageCharWidth()
        header.setMinimumSectionSize(16 * char)  # room for "1 234 567,89 €" and for typing it
        view.setMinimumWidth(70 * char)
        return view

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown:
            self._show()

    # --- what is shown -----------------------------------------------------------------
    @property
    def year(self) -> int:
        return self.year_spin.value()

    # The year is remembered per workstation (ui.common.remember)
    def choices(self) -> dict[str, int | str | bool | None]:
        return {"year": self.year}

    def restore_choices(self, choices: dict[str, object]) -> None:
        year = choices.get("year")
        if type(year) is not int or not FIRST_YEAR <= year <= LAST_YEAR or year == self.year:
            return
        self.year_spin.blockSignals(True)
        self.year_spin.setValue(year)
        self.year_spin.blockSignals(False)
        if self._shown:  # read already: once more, for the year put back
            self._show()

    def refresh(self) -> None:
        """Read the budget again (the categories or the ledger may have changed meanwhile)."""
        self._show()

    def _year_changed(self) -> None:
        self.show_problem("")
        self._show()

    def _show(self) -> None:
        self._shown = True
        year = self.year
        with self.db.unit_of_work() as uow:
            categories = uow.categories.all()
            self._lines = uow.budget.of_year(year)  # as shown: a change is checked against them
            budget = {category_id: line.amount for category_id, line in self._lines.items()}
            previous_budget = uow.budget.amounts(year - 1)
            previous_actual = uow.transactions.sums_by_category(
                date(year - 1, 1, 1), date(year - 1, 12, 31)
            )
        self.model.set_figures(year, categories, budget, previous_budget, previous_actual)
        self.caption.setText(_("B&udget {year} by category").format(year=year))
        self._update_copy_button(bool(previous_budget))
        if not self.view.currentIndex().isValid():
            first = self.model.next_editable(-1)
            if first >= 0:
                self.view.setCurrentIndex(self.model.index(first, self.model.column("budget")))

    def _update_copy_button(self, previous_has_budget: bool) -> None:
        year = self.year
        if self.model.has_budget():
            tip = _("{year} already has a budget").format(year=year)
        elif not previous_has_budget:
            tip = _("{year} has no budget to copy").format(year=year - 1)
        else:
            tip = _("Copies the {source} budget to {year}; retired categories are left out").format(
                source=year - 1, year=year
            )
        self.copy_button.setEnabled(not self.model.has_budget() and previous_has_budget)
        self.copy_button.setToolTip(tip)

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def amounts(self) -> dict[str, str]:
        """What the table shows in the budget column, by category name (as the user reads it)."""
        return {
            r.category.name: self.model.text(n, self.model.column("budget"))
            for n, r in enumerate(self.model.rows())
            if r.category is not None
        }

    # --- typing amounts ----------------------------------------------------------------
    def save_amount(self, row: int, text: str) -> bool:
        """Save the amount typed for a row's category (empty text removes the line).

        A wrong amount is refused with the category and the reason under the table, and
        nothing is saved. Returns whether the amount now stands."""
        if not 0 <= row < self.model.rowCount():
            return False
        category = self.model.row(row).category
        if category is None or not self.model.editable(row):
            return False
        year = self.year
        stored = self.model.amount(category.id)
        try:
            amount = parse_decimal(text, "amount")
            if amount == stored:  # nothing changed (also: both empty)
                self.show_problem("")
                return True
            shown = self._lines.get(category.id)
            try:
                line = change_budget(self.db, year, category.id, amount, shown)
            except ConcurrentChange as change:
                if not self._save_over(category, amount, change):
                    return False
                # over the line as shown: the history records it as saved over theirs
                line = change_budget(self.db, year, category.id, amount, shown, overwrite=True)
        except ValidationError as exc:
            self.show_problem(
                _("The budget of “{category}” was not saved: {problem}").format(
                    category=category.name, problem=exc.message
                )
            )
            return False
        self._lines.pop(category.id, None)
        if line is not None:
            self._lines[category.id] = line
        self.model.set_amount(category.id, amount)
        self.show_problem("")
        if amount is None:
            self.status_message.emit(
                _("Removed the {year} budget of “{category}”").format(
                    year=year, category=category.name
                )
            )
        else:
            self.status_message.emit(
                _("Saved the {year} budget of “{category}”: {amount}").format(
                    year=year, category=category.name, amount=format_money(amount)
                )
            )
        with self.db.unit_of_work() as uow:
            previous_has_budget = bool(uow.budget.of_year(year - 1))
        self._update_copy_button(previous_has_budget)
        self.data_changed.emit()
        return True

    def _save_over(
        self, category: Category, amount: Decimal | None, change: ConcurrentChange
    ) -> bool:
        """Another user changed or removed the line since it was shown: the table shows
        theirs, and the user is asked whether to store theirs over it."""
        theirs = change.current if isinstance(change.current, BudgetLine) else None
        self._lines.pop(category.id, None)
        if theirs is not None:
            self._lines[category.id] = theirs
        self.model.set_amount(category.id, theirs.amount if theirs is not None else None)
        parts = [change.describe()]
        if theirs is not None:
            parts.append(
                _("Their budget of “{category}” for {year}: {amount}.").format(
                    category=category.name, year=self.year, amount=format_money(theirs.amount)
                )
            )
        if amount is None:
            parts.append(_("Remove it all the same?"))
        else:
            parts.append(
                _("Save yours, {amount}, all the same?").format(amount=format_money(amount))
            )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Budget changed meanwhile"),
            " ".join(parts),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() == QMessageBox.StandardButton.Yes:
            return True
        self.show_problem(
            _("The budget of “{category}” was not saved: {problem}").format(
                category=category.name, problem=change.describe()
            )
        )
        return False

    def open_amount(self, index: QModelIndex) -> None:
        """Enter or a double-click on a row: type its amount."""
        if not index.isValid() or not self.model.editable(index.row()):
            return
        cell = self.model.index(index.row(), self.model.column("budget"))
        self.view.setCurrentIndex(cell)
        self.view.edit(cell)

    def edit_next(self, row: int) -> None:
        """After Enter: the next category's amount, ready to be typed over."""
        following = self.model.next_editable(row)
        if following < 0:
            self.view.setCurrentIndex(self.model.index(row, self.model.column("budget")))
            self.view.setFocus()
            return
        self.open_amount(self.model.index(following, self.model.column("budget")))

    def remove_amount(self) -> None:
        """Delete: remove the current category's line of the year, after asking."""
        row = self.view.currentIndex().row()
        if not 0 <= row < self.model.rowCount():
            return
        category = self.model.row(row).category
        if category is None or self.model.amount(category.id) is None:
            return
        if confirm_deletion(
            self,
            _("Remove the {year} budget of “{category}”?").format(
                year=self.year, category=category.name
            ),
        ):
            self.save_amount(row, "")
        self.view.setFocus()

    # --- actions ------------------------------------------------------------------------
    def copy_previous_year(self) -> None:
        year = self.year
        try:
            copied = copy_budget(self.db, year - 1, year)
        except ValidationError as exc:
            self.show_problem(exc.message)
            return
        self.show_problem("")
        self._show()
        self.status_message.emit(
            _("Copied {n} budget lines from {source} to {year}").format(
                n=copied, source=year - 1, year=year
            )
        )
        self.data_changed.emit()
        self.view.setFocus()

    def edit_categories(self) -> None:
        dialog = CategoriesDialog(self.db, self)
        dialog.exec()
        if dialog.changed:
            self._show()
            self.data_changed.emit()
        self.view.setFocus()
