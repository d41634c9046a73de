"""Financial use cases: transactions and the budget checked against the categories and
projects, the category list, and the tables of the financials tab and the reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from domain.errors import ConcurrentChange, ValidationError
from domain.finance import (
    BudgetComparison,
    BudgetLine,
    Category,
    CategoryKind,
    FundingTable,
    ProjectFinance,
    SalesTable,
    Transaction,
    VoucherChange,
    VoucherTaken,
    budget_vs_actual,
    check_category_name,
    funding_table,
    voucher_taken_message,
    year_start,
)
from domain.i18n import _
from domain.projects import ProjectStatus
from domain.records import reordered
from services.records import delete_record, delete_records, save_record
from storage.database import Database
from storage.repositories import TransactionQuery
from storage.repositories.base import changed_meanwhile
from storage.uow import UnitOfWork

# --------------------------------------------------------------------------- transactions


def check_transaction(
    uow: UnitOfWork,
    transaction: Transaction,
    *,
    allow_retired: bool = False,
    categories: Mapping[str, Category] | None = None,
    vouchers: bool = True,
    validated: bool = False,
) -> None:
    """The transaction's own rules, then its category, project and voucher number (unless
    ``vouchers`` is False: the import checks the numbers of its rows together).

    A retired category is refused for a new booking; the stored transaction that already
    had it keeps it, and a workbook bringing old rows back (``allow_retired``) may name it."""
    if not validated:  # an import has tidied and validated its rows already
        transaction.tidy()
        transaction.validate()
    categories = categories if categories is not None else uow.categories.by_id()
    category = categories.get(transaction.category_id)
    if category is None:
        raise ValidationError("category_id", _("The category no longer exists"))
    if category.retired and not allow_retired:
        stored = uow.transactions.get(transaction.id)
        if stored is None or stored.category_id != category.id:
            raise ValidationError(
                "category_id",
                _("The category “{name}” has been retired").format(name=category.name),
            )
    if transaction.project_id and uow.projects.get(transaction.project_id) is None:
        raise ValidationError("project_id", _("The project no longer exists"))
    if vouchers:
        check_voucher(uow, transaction)


def check_voucher(uow: UnitOfWork, transaction: Transaction) -> None:
    """No other transaction of the booking day's year has the voucher number."""
    year = transaction.day.year
    if uow.transactions.voucher_holder(transaction.voucher, year, transaction.id) is not None:
        raise ValidationError("voucher", voucher_taken_message(transaction.voucher, year))


# How often a new transaction's proposed voucher number moves on because other
# workstations saved the free one first, before the save gives up.
VOUCHER_ATTEMPTS = 20


@dataclass(frozen=True)
class SavedTransaction:
    """What was stored, and the voucher number it got instead of the proposed one."""

    transaction: Transaction
    voucher_change: VoucherChange | None = None


def book_transaction(
    db: Database,
    transaction: Transaction,
    original: Transaction | None,
    proposed: str = "",
    *,
    overwrite: bool = False,
) -> SavedTransaction:
    """Add a transaction (``original`` None) or change the stored one.

    ``proposed`` is the voucher number the form offered a new transaction. Kept as offered,
    it is only a proposal: when another workstation has taken it meanwhile, the next free
    number of the year is given (the unique index decides, so two saves at once cannot
    both get one), and ``voucher_change`` says so. A number typed by hand that is taken is
    refused with a message at the voucher field."""
    proposed = " ".join(proposed.split())
    allocate = (
        original is None and bool(proposed) and " ".join(transaction.voucher.split()) == proposed
    )

    def check(uow: UnitOfWork, record: Transaction) -> None:
        if allocate:
            record.tidy()
            if record.day is not None:
                given = uow.transactions.free_voucher(proposed, record.day.year)
                if not given:
                    raise ValidationError(
                        "voucher",
                        _("No free voucher number follows {voucher}; type one").format(
                            voucher=proposed
                        ),
                    )
                record.voucher = given
        # A number just found free may be taken before the insert: the index decides then
        check_transaction(uow, record, vouchers=not allocate)

    for _attempt in range(VOUCHER_ATTEMPTS):
        try:
            saved = save_record(
                db, lambda uow: uow.transactions, transaction, original, check, overwrite=overwrite
            )
        except VoucherTaken as taken:
            if not allocate:
                raise ValidationError("voucher", taken.message) from None
            continue  # another workstation saved that number first: the next free one
        change = (
            VoucherChange(proposed, saved.voucher)
            if allocate and saved.voucher != proposed
            else None
        )
        return SavedTransaction(saved, change)
    raise ValidationError(
        "voucher",
        _("Other workstations kept taking the next voucher number; save again"),
    )


def save_transaction(
    db: Database,
    transaction: Transaction,
    original: Transaction | None,
    proposed: str = "",
    *,
    overwrite: bool = False,
) -> Transaction:
    """Add a transaction (``original`` None) or change the stored one (see
    ``book_transaction``)."""
    return book_transaction(db, transaction, original, proposed, overwrite=overwrite).transaction


def delete_transaction(db: Database, transaction: Transaction | str) -> bool:
    return delete_record(db, lambda uow: uow.transactions, transaction)


def delete_transactions(db: Database, transactions: Sequence[Transaction]) -> None:
    """Delete the transactions as shown, in one transaction: all, or none when one changed."""
    delete_records(db, lambda uow: uow.transactions, transactions)


def drill_down_query(
    category_id: str | None,
    start: date | None,
    end: date | None,
    project_id: str | None = None,
    customer: str | None = None,
    kind: CategoryKind | None = None,
) -> TransactionQuery:
    """The transactions behind a figure: the same filter the figure was summed with."""
    return TransactionQuery(
        start=start,
        end=end,
        category_id=category_id,
        project_id=project_id,
        customer=customer,
        kind=kind.value if kind else None,
        sort="day",
    )


# --------------------------------------------------------------------------- budget


def check_budget_line(uow: UnitOfWork, line: BudgetLine) -> None:
    """A line's own rules; its category exists; the year and category are budgeted once."""
    line.tidy()
    line.validate()
    category = uow.categories.get(line.category_id)
    if category is None:
        raise ValidationError("category_id", _("The category no longer exists"))
    same = uow.budget.find(line.year, line.category_id)
    if same is not None and same.id != line.id:
        raise ValidationError(
            "category_id",
            _("“{name}” already has a budget for {year}").format(
                name=category.name, year=line.year
            ),
        )


def set_budget(db: Database, year: int, category_id: str, amount: Decimal | None) -> None:
    """Set the year's budget of a category; no amount removes it."""
    with db.unit_of_work() as uow:
        uow.one_writer("budget_lines")
        stored = uow.budget.find(year, category_id)
        if amount is None:
            if stored is not None:
                uow.budget.delete(stored.id)
        else:
            line = BudgetLine(year, category_id, amount)
            if stored is not None:
                line.id = stored.id
            check_budget_line(uow, line)
            if stored is None:
                uow.budget.add(line)
            else:
                uow.budget.update(line)
        uow.commit()


def change_budget(
    db: Database,
    year: int,
    category_id: str,
    amount: Decimal | None,
    shown: BudgetLine | None,
    *,
    overwrite: bool = False,
) -> BudgetLine | None:
    """Set the year's budget of a category as ``set_budget`` does, from a page that showed
    ``shown`` (None: no line); returns the line stored, None when removed.

    A line another user added, changed or removed since it was shown is refused with
    ConcurrentChange (``current``: their line, None when removed), and nothing is stored;
    ``overwrite`` stores the amount over theirs all the same, as the user chose."""
    with db.unit_of_work() as uow:
        uow.one_writer("budget_lines")
        stored = uow.budget.find(year, category_id)
        if not overwrite:
            if stored is None and shown is not None:
                raise ConcurrentChange(None)
            if stored is not None and (shown is None or shown.id != stored.id):
                raise changed_meanwhile(stored)
        if amount is None:
            if stored is not None:
                uow.budget.delete(stored.id, None if overwrite else shown)
            uow.commit()
            return None
        line = BudgetLine(year, category_id, amount)
        if stored is not None:
            line.id = stored.id
        check_budget_line(uow, line)
        if stored is None:
            uow.budget.add(line)
            saved = line
        else:
            saved = uow.budget.update(line, shown or stored, overwrite=overwrite)
        uow.commit()
        uow.budget.same_version(line, saved)
    return line


def copy_budget(db: Database, from_year: int, to_year: int) -> int:
    """Copy a year's budget to another year that has none yet; returns the lines copied."""
    with db.unit_of_work() as uow:
        uow.one_writer("budget_lines")
        if uow.budget.of_year(to_year):
            raise ValidationError("year", _("{year} already has a budget").format(year=to_year))
        source = uow.budget.of_year(from_year)
        if not source:
            raise ValidationError("year", _("{year} has no budget to copy").format(year=from_year))
        categories = uow.categories.by_id()
        copies = []
        for category_id, line in source.items():
            if categories[category_id].retired:
                continue
            copy = BudgetLine(to_year, category_id, line.amount)
            copy.tidy()
            copy.validate()
            copies.append(copy)
        uow.budget.add_all(copies)
        uow.commit()
    return len(copies)


# --------------------------------------------------------------------------- categories


def add_category(db: Database, category: Category) -> Category:
    """Add a category at the end of its kind's list."""
    category.tidy()
    category.validate()
    with db.unit_of_work() as uow:
        uow.one_writer("categories")
        check_category_name(category, uow.categories.all())
        category.position = uow.categories.next_position(category.kind)
        uow.categories.add(category)
        uow.commit()
    return category


def rename_category(
    db: Database,
    category: Category | str,
    name: str,
    name_en: str | None = None,
    *,
    overwrite: bool = False,
) -> Category:
    """Rename a category: its transactions and budgets, old years too, show the new name.
    ``name_en`` is its English name ("" for none; None keeps the stored one).

    Given the category as shown, one another user changed or deleted since is refused with
    ConcurrentChange (``overwrite``: rename theirs all the same); given an ID, the stored
    one is renamed."""
    shown = None if isinstance(category, str) else category
    category_id = category if isinstance(category, str) else category.id
    with db.unit_of_work() as uow:
        uow.one_writer("categories")
        stored = uow.categories.get(category_id)
        if stored is None:
            if shown is not None:
                raise ConcurrentChange(None)
            raise ValidationError("name", _("The category was deleted meanwhile"))
        # Renamed on a copy: the stored one keeps its name until the check below has passed
        # (were it written first, a taken name would hit the unique index, not a message).
        renamed = replace(stored, name=name, name_en=stored.name_en if name_en is None else name_en)
        renamed.tidy()
        renamed.validate()
        check_category_name(renamed, uow.categories.all())
        stored = uow.categories.update(renamed, shown or stored, overwrite=overwrite)
        uow.commit()
        uow.categories.same_version(renamed, stored)
    return renamed


def set_category_retired(db: Database, category_id: str, retired: bool) -> None:
    """Retire a category (no longer offered; kept on old rows) or bring it back."""
    with db.unit_of_work() as uow:
        category = uow.categories.get(category_id)
        if category is not None:
            category.retired = retired
            category.validate()
            uow.categories.update(category)
            uow.commit()


def move_category(db: Database, category_id: str, step: int) -> None:
    """Move a category up (−1) or down (+1) within its kind; the tables follow this order."""
    with db.unit_of_work() as uow:
        category = uow.categories.get(category_id)
        if category is None:
            return
        moved = reordered(
            [c for c in uow.categories.all() if c.kind is category.kind], category_id, step
        )
        if moved is None:
            return
        for position, c in enumerate(moved, start=1):
            c.position = position
            uow.categories.update(c)
        uow.commit()


def _unused_category(uow: UnitOfWork, category_id: str) -> None:
    used = uow.categories.usage(category_id)
    if used:
        raise ValidationError(
            "",
            _("The category is used by {n} transactions or budget lines: retire it instead").format(
                n=used
            ),
        )


def delete_category(db: Database, category: Category | str) -> bool:
    """Delete a category nothing names (a typing mistake); a used one can only be retired."""
    return delete_record(db, lambda uow: uow.categories, category, _unused_category)


# --------------------------------------------------------------------------- tables


def budget_comparison(uow: UnitOfWork, as_of: date) -> BudgetComparison:
    """Budget versus actual from 1 January to ``as_of``, summed by SQL."""
    return budget_vs_actual(
        as_of,
        uow.categories.all(),
        uow.budget.amounts(as_of.year),
        uow.transactions.sums_by_category(year_start(as_of), as_of),
    )


def funding_sources(uow: UnitOfWork, year: int) -> FundingTable:
    income = uow.transactions.sums_by_category(date(year, 1, 1), date(year, 12, 31))
    return funding_table(year, uow.categories.all(), income)


def customer_sales(uow: UnitOfWork, year: int) -> SalesTable:
    return SalesTable(year, tuple(uow.transactions.sales_by_customer(year)))


def project_finances(uow: UnitOfWork, as_of: date) -> list[ProjectFinance]:
    """Projects with our own budget that are granted and under way in ``as_of``'s year,
    and every project with bookings up to ``as_of``; by code."""
    booked = uow.transactions.by_project(as_of)
    rows = []
    for project in uow.projects.all():
        figures = booked.get(project.id, {})
        in_year = (project.start is None or project.start.year <= as_of.year) and (
            project.end is None or project.end.year >= as_of.year
        )
        budgeted = (
            project.our_budget is not None and project.status is ProjectStatus.GRANTED and in_year
        )
        if not figures and not budgeted:
            continue
        rows.append(
            ProjectFinance(
                project.id,
                project.code,
                project.name,
                project.our_budget,
                figures.get(CategoryKind.EXPENSE, Decimal("0.00")),
                figures.get(CategoryKind.INCOME, Decimal("0.00")),
            )
        )
    return rows


def project_deletion_problem(uow: UnitOfWork, project_id: str) -> str:
    """Why a project cannot be deleted (its bookings), or an empty text."""
    n = uow.transactions.project_count(project_id)
    if not n:
        return ""
    return _(
        "The project cannot be deleted. Transactions booked to it: {n}. Move them to another "
        "project first."
    ).format(n=n)
