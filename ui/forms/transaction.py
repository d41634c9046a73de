"""One booked income or expense: a dialog for a new or an existing transaction, made for
entering a pile of vouchers.

A new transaction is offered the year's next voucher number. The number is given when the
transaction is saved: if another workstation took it meanwhile, the next free one is, and
the form says so (on the line of what was saved, and in the list's status line).

Ctrl+Enter saves the transaction and starts the next one in the same dialog: the date and
the category stay, the voucher number moves on by one, everything else is cleared and the
cursor waits in the amount. Enter saves and closes, Esc cancels.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from domain.errors import ValidationError
from domain.finance import Category, CategoryKind, Transaction, next_voucher
from domain.formats import format_date, format_money
from domain.i18n import _
from services.finance import book_transaction
from storage.database import Database
from ui.common.choice_widgets import ChoiceBox, Item
from ui.common.widgets import DateField, DecimalField, editable_combo
from ui.forms.base import QuickEntryDialog, read_and_validate
from ui.forms.project import MoneyField
from ui.forms.shown_values import offer


def category_items(categories: list[Category], keep: str | None = None) -> tuple[list[Item], int]:
    """The categories offered for a booking (income first, each kind in its order), the
    retired ones left out except ``keep``; and how many income categories lead the list."""
    shown = [c for c in categories if not c.retired or c.id == keep]
    income = [c for c in shown if c.kind is CategoryKind.INCOME]
    expenses = [c for c in shown if c.kind is CategoryKind.EXPENSE]
    return [(c.label, c.id) for c in income + expenses], len(income)


class TransactionDialog(QuickEntryDialog):
    """A new transaction (``transaction`` None) or an existing one. ``saved_records``
    holds every transaction saved while the dialog was open; ``saved`` the last of them."""

    text_limits = Transaction.TEXT_LIMITS

    # The date of the last new transaction saved in this session: the next one starts there.
    last_day: ClassVar[date | None] = None

    def __init__(
        self, db: Database, transaction: Transaction | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Edit transaction") if transaction else _("New transaction"),
            parent,
            db=db,
            original=transaction,
        )
        with db.unit_of_work() as uow:
            categories = uow.categories.all()
            projects = uow.projects.all()
            customers = uow.transactions.customers()
        self._categories = {c.id: c for c in categories}
        self.proposed_voucher = ""  # the number offered: a proposal while left as it is
        self._proposed_for: int | None = None  # the year it was offered for
        # What the user must know of the saves: a voucher number other than the one offered
        self.voucher_notices: list[str] = []

        self.day = self.add_field("day", _("&Date"), DateField(self), required=True)
        self.category = ChoiceBox(self)
        items, income_count = category_items(
            categories, transaction.category_id if transaction else None
        )
        self.category.set_items(items)
        if 0 < income_count < len(items):
            self.category.insertSeparator(income_count)  # income above the line, expenses below
        self.category.setMinimumWidth(280)
        self.category.setToolTip(
            _("Income categories first, then expenses; type any part of the name")
        )
        self.add_field("category_id", _("&Category"), self.category, required=True)
        self.amount = self.add_field("amount", _("&Amount €"), MoneyField(self), required=True)
        self.amount.setMaximumWidth(160)
        self.amount.setToolTip(
            _("As booked: an income or an expense is positive, a refund negative")
        )
        self.description = self.add_field("description", _("Desc&ription"), QLineEdit(self))
        self.project = ChoiceBox(self, [(p.full_name, p.id) for p in projects])
        self.project.setMinimumWidth(280)
        self.add_field("project_id", _("&Project"), self.project)
        self.customer = editable_combo(self, customers)
        self.customer.setToolTip(
            _("The buyer of an expert service; the sales table sums its income")
        )
        self.add_field("customer", _("C&ustomer"), self.customer)
        self.work_days = self.add_field("work_days", _("Wor&k days"), DecimalField(self))
        self.work_days.setMaximumWidth(90)
        self.voucher = self.add_field("voucher", _("&Voucher"), QLineEdit(self))
        self.voucher.setMaximumWidth(160)

        self.add_save_and_new(
            _("Saves this transaction and starts the next one; the dialog stays open")
        )
        if transaction is None:
            day = TransactionDialog.last_day or date.today()
            self.day.set_date(day)
            self.category.set_value(None)
            # The vouchers of a year run in order: the next one is offered, to type over.
            self._propose_for(day.year)
            self.mark_untouched()
            # Another year's date: that year's next number, unless one was typed
            self.day.changed.connect(self._day_changed)
        else:
            self._load(transaction)

    def _offer(self, t: Transaction) -> None:
        """The category and the project it names, though added or retired since."""

        def category(category_id: str) -> str | None:
            with self.db.unit_of_work() as uow:
                found = uow.categories.get(category_id)
            if found is not None:
                self._categories[found.id] = found
            return found.label if found else None

        def project(project_id: str) -> str | None:
            with self.db.unit_of_work() as uow:
                found = uow.projects.get(project_id)
            return found.full_name if found else None

        offer(self.category, t.category_id, category)
        offer(self.project, t.project_id, project)

    def _load(self, t: Transaction) -> None:
        self._offer(t)
        self.day.set_date(t.day)
        self.category.set_value(t.category_id)
        self.amount.set_value(t.amount)
        self.description.setText(t.description)
        self.project.set_value(t.project_id)
        self.customer.setCurrentText(t.customer)
        self.work_days.set_value(t.work_days)
        self.voucher.setText(t.voucher)

    # --- focus ---------------------------------------------------------------------------
    def first_to_fill(self) -> QWidget:
        """The date is set (today, or the previous entry's): a new transaction starts at the
        category, or at the amount once the category is chosen."""
        return self.category if not self.category.currentText().strip() else self.amount

    # --- reading and saving --------------------------------------------------------------
    @property
    def values(self) -> Transaction:
        for box in (self.category, self.project):
            box.finish_typing()
        readers = {
            "day": lambda: self.day.date("day"),
            "category_id": lambda: self.category.value("category_id"),
            "amount": lambda: self.amount.value("amount"),
            "project_id": lambda: self.project.value("project_id"),
            "work_days": lambda: self.work_days.value("work_days"),
        }

        def build(v: dict[str, Any]) -> Transaction:
            return Transaction(
                day=v["day"],
                category_id=v["category_id"] or "",
                amount=v["amount"],
                description=self.description.text(),
                project_id=v["project_id"],
                customer=self.customer.currentText(),
                work_days=v["work_days"],
                voucher=self.voucher.text(),
            )

        return read_and_validate(readers, build)

    def propose_voucher(self, voucher: str, year: int) -> None:
        self.proposed_voucher = voucher
        self._proposed_for = year
        self.voucher.setText(voucher)

    def _propose_for(self, year: int) -> None:
        with self.db.unit_of_work() as uow:
            self.propose_voucher(next_voucher(uow.transactions.last_voucher(year)), year)

    def _day_changed(self) -> None:
        if self.voucher.text() != self.proposed_voucher:
            return  # typed by hand: kept
        try:
            day = self.day.date()
        except ValidationError:
            return  # not a date yet
        if day is not None and 1900 <= day.year <= 2200 and day.year != self._proposed_for:
            self._propose_for(day.year)

    def save(self, values: Transaction) -> None:
        proposed = self.proposed_voucher if self.original is None else ""
        result = book_transaction(
            self.db, values, self.original, proposed, overwrite=self.overwrite
        )
        stored = result.transaction
        if result.voucher_change is not None:
            self.voucher_notices.append(result.voucher_change.message)
            self.voucher.setText(stored.voucher)
        self.saved = stored
        if self.original is None:
            self.saved_records.append(stored)
            TransactionDialog.last_day = stored.day

    def save_and_new(self) -> None:
        told = len(self.voucher_notices)
        super().save_and_new()
        if len(self.voucher_notices) > told:  # the line says what was saved, and this first
            self.saved_line.setText(self.voucher_notices[-1] + "\n" + self.saved_line.text())

    def describe(self, t: Transaction) -> str:
        category = self._categories.get(t.category_id)
        return ", ".join(
            part
            for part in (
                format_date(t.day),
                category.shown_name if category else "",
                format_money(t.amount),
                t.voucher,
            )
            if part
        )

    def _start_next(self, previous: Transaction) -> None:
        """The same date and category, the next voucher number; everything else empty."""
        self.amount.clear()
        self.description.clear()
        self.project.set_value(None)
        self.customer.setCurrentIndex(-1)
        self.customer.setCurrentText("")
        self.work_days.clear()
        self.propose_voucher(next_voucher(previous.voucher), previous.day.year)
        self.mark_untouched()
        self.first_to_fill().setFocus(Qt.FocusReason.TabFocusReason)

    def _state(self) -> tuple[Any, ...]:
        """What the form shows, to tell whether anything was typed since it was reset."""
        return (
            self.day.text(),
            self.category.currentText(),
            self.amount.text(),
            self.description.text(),
            self.project.currentText(),
            self.customer.currentText(),
            self.work_days.text(),
            self.voucher.text(),
        )
