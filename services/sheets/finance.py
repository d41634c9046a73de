"""The financial sheets: the categories, the budget and the transactions."""

from __future__ import annotations

from typing import Any

from domain.errors import ValidationError
from domain.finance import BudgetLine, Category
from domain.i18n import _
from exports.workbook import RecordProblem
from services.finance import check_budget_line, check_transaction
from services.sheets.base import ImportContext, SheetHandler


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
    """The ledger: the rows it adds are written together when the sheet is in."""

    def add(self, ctx: ImportContext, record: Any) -> None:
        ctx.uow.transactions.add(record)  # flushed in check

    def check(
        self, ctx: ImportContext, records: list[Any], columns: set[str]
    ) -> list[RecordProblem]:
        """Each transaction's category and project; retired categories are accepted, since
        a workbook brings old years back."""
        ctx.uow.flush()
        if not records:
            return []
        categories = ctx.categories().by_id
        keys = {c.key for c in self.spec.columns}
        problems = []
        for transaction in records:
            try:
                check_transaction(ctx.uow, transaction, allow_retired=True, categories=categories)
            except ValidationError as exc:
                problems += [
                    RecordProblem(
                        transaction.id, e.field if e.field in keys else "amount", e.message
                    )
                    for e in exc.errors
                ]
        return problems
