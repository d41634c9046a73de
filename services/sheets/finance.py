"""The financial sheets: the categories, the budget and the transactions."""

from __future__ import annotations

from typing import Any

from domain.errors import ValidationError
from domain.finance import (
    BudgetLine,
    Category,
    Transaction,
    check_category_name,
    voucher_taken_message,
)
from domain.i18n import _
from exports.workbook import RecordProblem
from services.finance import check_budget_line, check_transaction
from services.sheets.base import ImportContext, SheetHandler
from storage.uow import UnitOfWork


class CategoriesSheet(SheetHandler):
    """Categories by name. The categories a new database starts with have IDs of their own;
    a workbook from another database names the same categories with its IDs."""

    def find(self, ctx: ImportContext, natural_key: dict[str, Any]) -> Category | None:
        return ctx.uow.categories.by_name(natural_key["name"] or "")

    def take_id(self, ctx: ImportContext, record: Category, record_id: str) -> bool:
        # One that nothing uses yet takes the workbook's ID, so that the import recreates
        # the same records.
        if ctx.uow.categories.usage(record.id):
            return False
        ctx.uow.categories.change_id(record, record_id)
        ctx.changed(self.key)
        return True

    def add(self, ctx: ImportContext, record: Category) -> None:
        # At the end of its kind, as a category added in the tab
        record.position = ctx.uow.categories.next_position(record.kind)
        super().add(ctx, record)

    def update(self, ctx: ImportContext, record: Category, changes: dict[str, Any]) -> None:
        """The changes that may be made; a name another category has is refused before it
        is written (the database allows each name once)."""
        if "name" in changes:
            same = ctx.uow.categories.by_name(changes["name"])
            if same is not None and same.id != record.id:
                ctx.refuse(
                    self.key,
                    RecordProblem(
                        record.id,
                        "name",
                        _("The category “{name}” already exists").format(name=same.name),
                    ),
                )
                changes = {k: v for k, v in changes.items() if k != "name"}
        if "kind" in changes:
            # An income become an expense (or back) goes to the end of its new kind; its
            # transactions and budgets follow it.
            record.position = ctx.uow.categories.next_position(changes["kind"])
        super().update(ctx, record, changes)

    def check(
        self, ctx: ImportContext, records: list[Any], columns: set[str]
    ) -> list[RecordProblem]:
        """An English name is used once, as the form has it (the database does not enforce it)."""
        problems = super().check(ctx, records, columns)
        if "name_en" not in columns:
            return problems
        everyone = ctx.uow.categories.all()
        for record in records:
            try:
                check_category_name(record, everyone)
            except ValidationError as exc:
                problems += [
                    RecordProblem(record.id, e.field, e.message)
                    for e in exc.errors
                    if e.field == "name_en"
                ]
        return problems


class BudgetSheet(SheetHandler):
    """A line per year and category."""

    def find(self, ctx: ImportContext, natural_key: dict[str, Any]) -> BudgetLine | None:
        return ctx.uow.budget.find(natural_key["year"], natural_key["category_id"])

    def update(self, ctx: ImportContext, record: BudgetLine, changes: dict[str, Any]) -> None:
        """A stored budget line may not move to a year and category another line has."""
        if {"year", "category_id"} & changes.keys():
            year = changes.get("year", record.year)
            category_id = changes.get("category_id", record.category_id)
            same = ctx.uow.budget.find(year, category_id)
            if same is not None and same.id != record.id:
                category = ctx.categories().by_id.get(category_id)
                ctx.refuse(
                    self.key,
                    RecordProblem(
                        record.id,
                        "category_id",
                        _("“{name}” already has a budget for {year}").format(
                            name=category.name if category else "", year=year
                        ),
                    ),
                )
                changes = {k: v for k, v in changes.items() if k not in ("year", "category_id")}
        super().update(ctx, record, changes)

    def check(
        self, ctx: ImportContext, records: list[Any], columns: set[str]
    ) -> list[RecordProblem]:
        problems = ctx.take_refused(self.key)
        refused = {p.record_id for p in problems}
        keys = {c.key for c in self.spec.columns}
        for line in records:
            if line.id in refused:
                continue
            try:
                check_budget_line(ctx.uow, line)
            except ValidationError as exc:
                problems += [
                    RecordProblem(line.id, e.field if e.field in keys else "category_id", e.message)
                    for e in exc.errors
                ]
        return problems


class TransactionsSheet(SheetHandler):
    """The ledger: the rows it adds are written together when the sheet is in (a few
    executemany statements, their history entries too)."""

    builds_fast = True

    def rows(self, uow: UnitOfWork) -> list[Any]:
        return uow.transactions.export_rows()

    def add(self, ctx: ImportContext, record: Any) -> None:
        if self._voucher_free(ctx, record, record.day, record.voucher):
            self._new(ctx).append(record)  # written in check

    def _new(self, ctx: ImportContext) -> list[Transaction]:
        """The transactions this import added, until the sheet's end writes them."""
        return ctx.state(f"{self.key}:new", list)

    def update(self, ctx: ImportContext, record: Any, changes: dict[str, Any]) -> None:
        day = changes.get("day", record.day)
        voucher = changes.get("voucher", record.voucher)
        if self._voucher_free(ctx, record, day, voucher):
            super().update(ctx, record, changes)

    def _voucher_free(
        self, ctx: ImportContext, record: Transaction, day: Any, voucher: str
    ) -> bool:
        """Whether no other transaction of the year, stored or in the workbook, has the
        row's voucher number; it is then the row's. A taken one refuses the row: the unique
        index would refuse the whole import without naming it."""
        books = ctx.state(self.key, _VoucherBooks)
        if books.taken_by(ctx, record.id, day.year, voucher):
            ctx.refuse(
                self.key,
                RecordProblem(record.id, "voucher", voucher_taken_message(voucher, day.year)),
            )
            return False
        books.give(ctx, record, day.year, voucher)
        return True

    def check(
        self, ctx: ImportContext, records: list[Any], columns: set[str]
    ) -> list[RecordProblem]:
        """Each transaction's category and project; retired categories are accepted, since
        a workbook brings old years back. A transaction its row leaves as stored is not
        checked again."""
        new = self._new(ctx)
        ctx.uow.transactions.add_all(new)  # the changed ones are flushed first
        new.clear()
        ctx.uow.flush()
        problems = ctx.take_refused(self.key)  # voucher numbers taken
        if not records:
            return problems
        categories = ctx.categories().by_id
        keys = {c.key for c in self.spec.columns}
        for transaction in records:
            if transaction.id in ctx.unchanged:
                continue  # left as stored: it passed these checks when written
            try:
                check_transaction(
                    ctx.uow,
                    transaction,
                    allow_retired=True,
                    categories=categories,
                    vouchers=False,
                    validated=True,  # tidied and validated with its row
                )
            except ValidationError as exc:
                problems += [
                    RecordProblem(
                        transaction.id, e.field if e.field in keys else "amount", e.message
                    )
                    for e in exc.errors
                ]
        return problems


class _VoucherBooks:
    """The voucher numbers of the years an import's transactions are in: each year's
    stored numbers read once, then kept up to date as rows take and leave numbers."""

    def __init__(self) -> None:
        self._years: dict[int, dict[str, str]] = {}  # year → voucher → transaction ID
        self._held: dict[str, tuple[int, str]] = {}  # transaction ID → (year, voucher)

    def _year(self, ctx: ImportContext, year: int) -> dict[str, str]:
        if year not in self._years:
            self._years[year] = ctx.uow.transactions.vouchers_of_year(year)
            for voucher, record_id in self._years[year].items():
                self._held.setdefault(record_id, (year, voucher))
        return self._years[year]

    def taken_by(self, ctx: ImportContext, record_id: str, year: int, voucher: str) -> bool:
        if not voucher:
            return False
        holder = self._year(ctx, year).get(voucher)
        return holder is not None and holder != record_id

    def give(self, ctx: ImportContext, record: Transaction, year: int, voucher: str) -> None:
        held = self._held.pop(record.id, None)
        if held is None:
            # A stored transaction of a year not read yet: its number is read with the year
            stored_day = getattr(record, "day", None)
            if stored_day is not None:
                self._year(ctx, stored_day.year)
                held = self._held.pop(record.id, None)
        if held is not None and self._years[held[0]].get(held[1]) == record.id:
            del self._years[held[0]][held[1]]
        if voucher:
            self._year(ctx, year)[voucher] = record.id
            self._held[record.id] = (year, voucher)
