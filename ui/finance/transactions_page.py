"""The ledger: every booked income and expense, filtered by period, category, project,
customer and free text, with a running total of what is shown; and the window that lists
the transactions behind a figure of a report (the drill-down).

The table loads lazily and sums in SQL, so a ledger of 100 000 transactions opens as fast
as one of 100.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.errors import ValidationError
from domain.finance import Category, CategoryKind, Transaction, name_key
from domain.formats import format_date, format_decimal_short, format_money, format_number
from domain.i18n import N_, _
from exports.pasted import flip_amounts, negative_expenses
from services.finance import delete_transaction, delete_transactions
from storage.database import Database
from storage.repositories import TransactionQuery
from storage.uow import UnitOfWork
from ui.common.figures import EXPENSE_TEXT
from ui.common.list_page import ListPage, RecordList
from ui.common.table_model import Columns, Index, LazyRecordModel, TableColumn, field_column
from ui.common.views import (
    PeriodFilter,
    current_record,
    ensure_current,
    record_table,
    refill,
    select_row,
)
from ui.common.widgets import editable_combo
from ui.forms.base import RecordDialog
from ui.forms.transaction import TransactionDialog

# The period combo's choice when the dates were typed rather than chosen by year.
CUSTOM_PERIOD = "custom"

# The category filter's data: a kind ("kind:income") or one category ("category:<id>").
KIND_PREFIX = "kind:"
CATEGORY_PREFIX = "category:"


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def net_query(query: TransactionQuery) -> bool:
    """Whether a list mixes income and expenses, so that its sums count expenses negative."""
    return not query.category_id and not query.kind


def query_total(totals: dict[CategoryKind, Decimal], query: TransactionQuery) -> Decimal:
    """The one figure of a query: income minus expenses when both kinds are shown, else the
    plain sum of the one kind shown."""
    if net_query(query):
        return totals[CategoryKind.INCOME] - totals[CategoryKind.EXPENSE]
    return sum(totals.values(), Decimal("0.00"))


def _filters(query: TransactionQuery) -> TransactionQuery:
    """What a query shows, whatever its order."""
    return replace(query, sort="day", descending=False)


class TransactionTableModel(LazyRecordModel[TransactionQuery]):
    """Transactions, newest first (a day's in the order of their vouchers); category names
    from one dict per load, project codes and running totals looked up for each batch read.
    The running total follows the rows as shown, whatever they are sorted by: it has no
    order of its own, so it does not sort."""

    def __init__(self, db: Database, query: TransactionQuery | None = None) -> None:
        super().__init__(
            db,
            lambda uow: uow.transactions,
            query if query is not None else TransactionQuery(sort="day", descending=True),
        )
        self._categories: dict[str, Category] = {}
        self._codes: dict[str, str] = {}
        self._running: dict[str, Decimal] = {}
        self._totals: dict[CategoryKind, Decimal] | None = None
        self._totals_of: TransactionQuery | None = None  # the filters they are the sums of
        self.COLUMNS = Columns(
            field_column("day", N_("Date"), format_date, align_right=True, width=10),
            TableColumn(
                "category", N_("Category"), self.category_name, self._category_order, width=27
            ),
            TableColumn(
                "description",
                N_("Description"),
                lambda t: _one_line(t.description),
                lambda t: t.description.casefold(),
                width=30,
                stretch=True,
            ),
            TableColumn(
                "project",
                N_("Project"),
                self.project_code,
                lambda t: self.project_code(t).casefold(),
                width=10,
                whole=True,
            ),
            TableColumn(
                "customer",
                N_("Customer"),
                lambda t: t.customer,
                lambda t: t.customer.casefold(),
                width=22,
                stretch=True,
            ),
            TableColumn(
                "work_days",
                N_("Work days"),
                lambda t: format_decimal_short(t.work_days),
                lambda t: Decimal(-1) if t.work_days is None else t.work_days,
                align_right=True,
                width=8,
            ),
            field_column("voucher", N_("Voucher"), width=9, whole=True),
            TableColumn(
                "amount",
                N_("Amount €"),
                lambda t: format_money(self.shown_amount(t)),
                lambda t: t.amount,
                align_right=True,
                width=13,
            ),
            TableColumn(
                "running_total",
                N_("Running total €"),
                lambda t: format_money(self.running_total(t)),
                self.running_total,
                align_right=True,
                width=14,
                sortable=False,
            ),
        )

    # --- what the cells show --------------------------------------------------------------
    def category(self, t: Transaction) -> Category | None:
        return self._categories.get(t.category_id)

    def category_name(self, t: Transaction) -> str:
        category = self.category(t)
        return category.shown_name if category is not None else ""

    def _category_order(self, t: Transaction) -> tuple[int, int]:
        category = self.category(t)
        if category is None:
            return (9, 0)
        return (0 if category.kind is CategoryKind.INCOME else 1, category.position)

    def project_code(self, t: Transaction) -> str:
        return self._codes.get(t.project_id or "", "")

    def expense_names(self) -> set[str]:
        """The expense categories' names in both languages, folded by ``name_key``."""
        return {
            name_key(name)
            for c in self._categories.values()
            if c.kind is CategoryKind.EXPENSE
            for name in (c.name, c.name_en)
            if name
        }

    def is_expense(self, t: Transaction) -> bool:
        category = self.category(t)
        return category is not None and category.kind is CategoryKind.EXPENSE

    def shown_amount(self, t: Transaction) -> Decimal:
        """The amount as the running total counts it: an expense negative in a list of both
        kinds, so that income and expenses tell apart at a glance and add up as shown."""
        return -t.amount if self.net and self.is_expense(t) else t.amount

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and self.COLUMNS[index.column()].key == "amount"
        ):
            record = self.record(index.row())
            if record is not None and self.is_expense(record):
                return EXPENSE_TEXT
        return super().data(index, role)

    def running_total(self, t: Transaction) -> Decimal | None:
        """The sum of the shown transactions up to and including this one, counted from the
        list's ascending end: each row's is its neighbour's with one amount more or less."""
        return self._running.get(t.id)

    @property
    def net(self) -> bool:
        """A list of both kinds counts expenses negative; a list of one kind sums as booked."""
        return net_query(self._query)

    # --- loading ------------------------------------------------------------------------------
    def loaded(self, uow: UnitOfWork, rows: list[Any]) -> None:
        if self._stale:  # once per load: a renamed category shows its new name at the next refresh
            self._categories = uow.categories.by_id()
            self._codes = {}
            self._running = {}
            if self._totals_of != _filters(self._query):  # a new sort keeps the sums
                self._totals = None
            self._stale = False
        ids = sorted(
            {t.project_id for t in rows if t.project_id and t.project_id not in self._codes}
        )
        self._codes.update(uow.projects.codes(ids))
        if self._query.descending and self._totals is None:
            # the sum of every shown row, which a list from its greatest end counts down from
            self._totals = uow.transactions.totals(self._query)
            self._totals_of = _filters(self._query)
        whole = query_total(self._totals, self._query) if self._totals is not None else None
        self._running.update(
            uow.transactions.running_totals(
                self._query, [t.id for t in rows], net=self.net, whole=whole
            )
        )

    def refresh(self) -> None:
        self._totals_of = None  # changed meanwhile, perhaps: summed again
        super().refresh()

    @property
    def totals(self) -> dict[CategoryKind, Decimal] | None:
        """The sums of income and expenses shown, if the list has read them (a list shown
        from its greatest end needs them for its running total)."""
        return self._totals


def _transaction_table(model: TransactionTableModel, parent: QWidget, name: str) -> QTableView:
    """The table of transactions, sorted by SQL when a header is clicked (not the running total)."""
    view = record_table(model, parent)
    view.setObjectName(name)
    return view


def _line_edit(combo: QComboBox) -> QLineEdit:
    """The text field of an editable combo box."""
    edit = combo.lineEdit()
    if edit is None:
        raise TypeError("the combo box is not editable")
    return edit


def _transaction_text(t: Transaction, category: Category | None) -> str:
    return ", ".join(
        p
        for p in (
            format_date(t.day),
            category.shown_name if category else "",
            format_money(t.amount),
        )
        if p
    )


class TransactionList(RecordList[Transaction]):
    """The ledger; new transactions through the entry dialog, which may save several."""

    record_type = Transaction
    model: TransactionTableModel
    paste_sheet = "transactions"
    paste_columns: ClassVar[dict[str, str]] = {
        "day": "day",
        "category": "category_id",
        "description": "description",
        "project": "project_id",
        "customer": "customer",
        "work_days": "work_days",
        "voucher": "voucher",
        "amount": "amount",
    }

    _dialog: TransactionDialog | None = None

    def settle_pasted(self, table: list[list[str]]) -> bool:
        """Expenses pasted with a minus (as this list shows them beside incomes, or as the
        office's own spreadsheet keeps them) would be refunds in Oske: ask which."""
        rows = negative_expenses(table, self.model.expense_names())
        if not rows:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Paste rows"),
            (
                _("One pasted expense has a negative amount.")
                if len(rows) == 1
                else _("{n} pasted expenses have a negative amount.").format(
                    n=format_number(len(rows))
                )
            )
            + " "
            + _(
                "In Oske an expense is positive and a negative expense is a refund. Are "
                "they expenses (the minus is taken away) or refunds?"
            ),
            QMessageBox.StandardButton.NoButton,
            self.page,
        )
        expenses = box.addButton(_("&Expenses"), QMessageBox.ButtonRole.AcceptRole)
        refunds = box.addButton(_("&Refunds"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(expenses)
        box.exec()
        if box.clickedButton() is expenses:
            flip_amounts(table, rows)
            return True
        return box.clickedButton() is refunds

    def dialog(self, transaction: Transaction | None) -> RecordDialog:
        self._dialog = TransactionDialog(self.db, transaction, parent=self.page)
        return self._dialog

    def saved_message(self, saved: Sequence[Transaction]) -> str:
        if len(saved) == 1:
            message = _("Saved the transaction")
        else:
            message = _("Saved {n} transactions").format(n=format_number(len(saved)))
        # A voucher number other than the one offered: the paper voucher needs it
        notices = self._dialog.voucher_notices if self._dialog is not None else []
        return ". ".join([message, *notices])

    def delete_question(self, transaction: Transaction) -> str:
        what = _transaction_text(transaction, self.model.category(transaction))
        return _("Delete the transaction {transaction}?").format(transaction=what)

    def delete_record(self, transaction: Transaction) -> bool:
        delete_transaction(self.db, transaction)
        return True

    def deleted_message(self, transaction: Transaction) -> str:
        what = _transaction_text(transaction, self.model.category(transaction))
        return _("Deleted the transaction {transaction}").format(transaction=what)

    def several_question(self, transactions: Sequence[Transaction]) -> str:
        return _("Delete {n} transactions?").format(n=format_number(len(transactions)))

    def delete_several(self, transactions: Sequence[Transaction]) -> None:
        delete_transactions(self.db, transactions)

    def several_deleted_message(self, transactions: Sequence[Transaction]) -> str:
        return _("Deleted {n} transactions").format(n=format_number(len(transactions)))


class TransactionsPage(ListPage):
    """The ledger with its filters; transactions added, changed and deleted through the form.
    ``data_changed`` tells the report pages, which sum the ledger."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self._setting_period = False

        # --- filters: the period on the first row, the rest on the second -----------------
        self.year_filter = QComboBox(self)
        self.year_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        year_label = QLabel(_("&Year:"), self)
        year_label.setBuddy(self.year_filter)
        self.period = PeriodFilter(
            self, lambda: (self.model.query.start, self.model.query.end), self.apply_filters
        )
        self.start, self.end = self.period.start, self.period.end
        start_label = QLabel(_("Date fro&m:"), self)
        start_label.setBuddy(self.start)
        end_label = QLabel(_("Date t&o:"), self)
        end_label.setBuddy(self.end)
        self.category_filter = self._filter_combo(14)
        category_label = QLabel(_("Cate&gory:"), self)
        category_label.setBuddy(self.category_filter)
        self.project_filter = self._filter_combo(14)
        project_label = QLabel(_("Pro&ject:"), self)
        project_label.setBuddy(self.project_filter)
        self.customer_filter = editable_combo(self, [])
        self.customer_filter.setMinimumContentsLength(14)
        self.customer_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.customer_edit = _line_edit(self.customer_filter)
        self.customer_edit.setPlaceholderText(_("All customers"))
        self.customer_edit.setClearButtonEnabled(True)
        customer_label = QLabel(_("C&ustomer:"), self)
        customer_label.setBuddy(self.customer_filter)
        search_label = self.search_field(_("Search description, customer, voucher (Ctrl+F)"))
        self.search.setMinimumWidth(120)
        period_row = QHBoxLayout()
        for i, (label, widget) in enumerate(
            (
                (year_label, self.year_filter),
                (start_label, self.start),
                (end_label, self.end),
                (category_label, self.category_filter),
                (project_label, self.project_filter),
            )
        ):
            if i:
                period_row.addSpacing(2 if widget is self.end else 8)
            period_row.addWidget(label)
            period_row.addWidget(widget)
        period_row.addStretch(1)
        other_row = QHBoxLayout()
        other_row.addWidget(customer_label)
        other_row.addWidget(self.customer_filter)
        other_row.addSpacing(8)
        other_row.addWidget(search_label)
        other_row.addWidget(self.search, 1)

        # --- the heading, the summary and the table -------------------------------------------
        self.summary = QLabel(self)
        self.summary.setObjectName("transaction_summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = TransactionTableModel(db)
        self.transactions = TransactionList(
            self,
            self.model,
            name="transaction_table",
            new_text=_("&New transaction…"),
            new_tip=_("Ctrl+N; in the dialog Ctrl+Enter saves and starts the next transaction"),
        )
        self.view = self.transactions.view
        # Tab goes from the filters to the buttons, then the table.
        self.setTabOrder(self.transactions.delete_button, self.view)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addLayout(period_row)
        layout.addWidget(self.period.message_label())  # why a period typed is not applied
        layout.addLayout(other_row)
        layout.addLayout(self.heading(self.transactions, _("Transactions"), self.summary))
        layout.addWidget(self.view, 1)

        # --- behaviour ----------------------------------------------------------------------
        for field in (self.start, self.end):
            field.changed.connect(self._period_typed)
        self.year_filter.currentIndexChanged.connect(self._year_chosen)
        self.category_filter.currentIndexChanged.connect(self.apply_filters)
        self.project_filter.currentIndexChanged.connect(self.apply_filters)
        self.customer_filter.activated.connect(lambda _i: self._customer_changed())
        self.customer_edit.editingFinished.connect(self._customer_changed)
        self.customer_edit.textChanged.connect(self._customer_cleared)

        self._load_filter_lists()
        self._select_year(date.today().year)
        self.apply_filters()

    def _filter_combo(self, length: int) -> QComboBox:
        combo = QComboBox(self)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(length)
        combo.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        return combo

    # --- the filter lists ---------------------------------------------------------------------
    def _load_filter_lists(self) -> None:
        """The years, categories, projects and customers of the ledger, keeping the choices made."""
        with self.db.unit_of_work() as uow:
            years = set(uow.transactions.years())
            categories = uow.categories.all()
            projects = uow.projects.all()
            customers = uow.transactions.customers()
        self._categories = {c.id: c for c in categories}
        years.add(date.today().year)
        refill(
            self.year_filter,
            [(_("All years"), None)]
            + [(str(y), y) for y in sorted(years, reverse=True)]
            + [(_("Custom period"), CUSTOM_PERIOD)],
        )
        items: list[tuple[str, Any]] = [
            (_("All categories"), None),
            (_("All income"), KIND_PREFIX + CategoryKind.INCOME.value),
            (_("All expenses"), KIND_PREFIX + CategoryKind.EXPENSE.value),
        ]
        items += [(c.label, CATEGORY_PREFIX + c.id) for c in categories]
        refill(self.category_filter, items)
        self.category_filter.insertSeparator(3)
        refill(
            self.project_filter,
            [(_("All projects"), None)] + [(p.full_name, p.id) for p in projects],
        )
        text = self.customer_filter.currentText()
        edit = self.customer_edit
        self.customer_filter.blockSignals(True)
        edit.blockSignals(True)
        try:
            self.customer_filter.clear()
            self.customer_filter.addItems(customers)
            self.customer_filter.setCurrentIndex(-1)
            self.customer_filter.setCurrentText(text)
        finally:
            edit.blockSignals(False)
            self.customer_filter.blockSignals(False)

    # --- the period ---------------------------------------------------------------------------
    def _select_year(self, year: int | None) -> None:
        """Choose a year (None: all years) and set the dates to it."""
        self.year_filter.blockSignals(True)
        try:
            self.year_filter.setCurrentIndex(max(0, self.year_filter.findData(year)))
        finally:
            self.year_filter.blockSignals(False)
        self._set_period(year)

    def _set_period(self, year: int | None) -> None:
        self._setting_period = True
        try:
            self.start.set_date(date(year, 1, 1) if year else None)
            self.end.set_date(date(year, 12, 31) if year else None)
            self.period.read()  # clears an error mark of a date typed before
        finally:
            self._setting_period = False

    def _year_chosen(self) -> None:
        chosen = self.year_filter.currentData()
        if chosen == CUSTOM_PERIOD:
            self.start.setFocus(Qt.FocusReason.OtherFocusReason)  # the dates are for typing
            return
        self._set_period(chosen)
        self.apply_filters()

    def _period_typed(self) -> None:
        """Typed dates make the period custom (or name the year, or all years, that they cover)."""
        if self._setting_period:
            return
        self.period.pause.start()
        try:
            start, end = self.start.date(), self.end.date()
        except ValidationError:
            start = end = date.min  # not readable yet: custom
        if start is None and end is None:
            choice: Any = None
        elif (
            start
            and end
            and start.year == end.year
            and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
        ):
            choice = start.year if self.year_filter.findData(start.year) >= 0 else CUSTOM_PERIOD
        else:
            choice = CUSTOM_PERIOD
        self.year_filter.blockSignals(True)
        try:
            self.year_filter.setCurrentIndex(max(0, self.year_filter.findData(choice)))
        finally:
            self.year_filter.blockSignals(False)

    # --- the customer -------------------------------------------------------------------------
    def _customer_changed(self) -> None:
        if (self.customer_filter.currentText().strip() or None) != self.model.query.customer:
            self.apply_filters()

    def _customer_cleared(self, text: str) -> None:
        """Emptying the field (or its clear button) shows every customer again at once."""
        if not text.strip() and self.model.query.customer:
            self.apply_filters()

    # --- filtering ------------------------------------------------------------------------------
    def query(self) -> TransactionQuery:
        """What the filters ask for (an unreadable date keeps the period shown)."""
        period = self.period.read()
        start, end = (
            period if period is not None else (self.model.query.start, self.model.query.end)
        )
        chosen = self.category_filter.currentData() or ""
        return replace(
            self.model.query,
            text=self.search.text(),
            start=start,
            end=end,
            category_id=chosen.removeprefix(CATEGORY_PREFIX)
            if chosen.startswith(CATEGORY_PREFIX)
            else None,
            kind=chosen.removeprefix(KIND_PREFIX) if chosen.startswith(KIND_PREFIX) else None,
            project_id=self.project_filter.currentData(),
            customer=self.customer_filter.currentText().strip() or None,
        )

    def apply_filters(self) -> None:
        self.model.set_query(self.query())
        self.queried()

    def update_summary(self) -> None:
        totals = self.model.totals  # read with the rows already, in a list newest first
        if totals is None:
            with self.db.unit_of_work() as uow:
                totals = uow.transactions.totals(self.model.query)
        total = self.model.total
        count = (_("{n} transaction") if total == 1 else _("{n} transactions")).format(
            n=format_number(total)
        )
        income, expenses = totals[CategoryKind.INCOME], totals[CategoryKind.EXPENSE]
        figures = _("income {income} · expenses {expenses} · result {result}").format(
            income=format_money(income),
            expenses=format_money(expenses),
            result=format_money(income - expenses),
        )
        self.summary.setText(f"{count} · {figures}")

    def reload(self) -> None:
        """New years, categories, projects and customers show."""
        self._load_filter_lists()
        query = self.query()
        if query == self.model.query:
            self.model.refresh()  # keeps as many rows loaded as before
        else:
            self.model.set_query(query)  # a filter whose choice went away shows all again


class TransactionsDialog(QDialog):
    """The transactions behind a figure of a report, oldest first, and their total, summed
    with the same query as the figure so that the two agree to the cent."""

    data_changed = Signal()

    def __init__(
        self, db: Database, query: TransactionQuery, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(title)
        self.setModal(False)
        self.total = Decimal("0.00")
        heading = QLabel(title, self)
        heading.setStyleSheet("font-weight: bold; font-size: 11pt;")
        heading.setWordWrap(True)
        self.count_line = QLabel(self)
        self.model = TransactionTableModel(db, replace(query, sort="day", descending=False))
        self.view = _transaction_table(self.model, self, "drill_down_table")
        # A column the figure was filtered by says the same on every row: the room goes to
        # the description instead.
        for key, fixed in (
            ("category", query.category_id),
            ("project", query.project_id),
            ("customer", query.customer),
        ):
            self.view.setColumnHidden(self.model.column(key), bool(fixed))
        self.total_line = QLabel(self)
        self.total_line.setObjectName("drill_down_total")
        self.total_line.setStyleSheet("font-weight: bold;")
        self.total_line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.total_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_line, 1)
        bottom.addWidget(self.total_line)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.buttons)
        self.view.activated.connect(lambda _i: self.edit_transaction())
        self.resize(1000, 520)
        self.model.set_query(self.model.query)
        self._update_total()
        ensure_current(self.view)
        self.view.setFocus()

    def _update_total(self) -> None:
        totals = self.model.totals
        if totals is None:
            with self.db.unit_of_work() as uow:
                totals = uow.transactions.totals(self.model.query)
        self.total = query_total(totals, self.model.query)
        n = self.model.total
        self.count_line.setText(
            (_("{n} transaction") if n == 1 else _("{n} transactions")).format(n=format_number(n))
        )
        self.total_line.setText(_("Total {amount}").format(amount=format_money(self.total)))

    def edit_transaction(self) -> None:
        record = current_record(self.view)
        if not isinstance(record, Transaction):
            return
        dialog = TransactionDialog(self.db, record, parent=self)
        if dialog.exec() and dialog.saved is not None:
            row = self.view.currentIndex().row()
            self.model.refresh()
            self._update_total()
            select_row(self.view, row)
            self.data_changed.emit()


def show_transactions(
    parent: QWidget | None, db: Database, query: TransactionQuery, title: str
) -> TransactionsDialog:
    """Open the transactions behind a figure beside the report (not modal), gone when closed."""
    dialog = TransactionsDialog(db, query, title, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
