"""Financials: income and expense categories, the yearly budget, transactions, and the
tables the CEO shows the board — budget versus actual to a date, the funding sources of a
year, expert-service sales per customer and each project's budget against its costs.

Money is Decimal everywhere and exact to the cent. Amounts are written as they are booked:
an income or an expense is positive, a refund negative; the category says which it is.
"""

from __future__ import annotations

import calendar
import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import ClassVar

from domain.errors import Problems
from domain.formats import FIRST_YEAR, LAST_YEAR, format_number
from domain.i18n import N_, _, current_language
from domain.records import (
    CENT,
    CODE_MAX,
    NOTE_MAX,
    TITLE_MAX,
    TextLimit,
    check_lengths,
    check_money,
    clean,
    match_key,
    new_id,
    require_text,
)
from domain.shares import largest_remainder

ZERO = Decimal("0.00")
# The work days of one sale: a hundred thousand is far beyond any contract, and fits the
# column (hundredths in a 64-bit integer) many times over.
WORK_DAYS_MAX = Decimal(100_000)


class CategoryKind(enum.Enum):
    INCOME = "income"
    EXPENSE = "expense"

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self])

    @property
    def heading(self) -> str:
        """The section heading of a budget table: Tuotot, Kulut."""
        return _(_KIND_HEADINGS[self])

    @property
    def total_label(self) -> str:
        """The total row of a budget table's section: Tuotot yhteensä, Kulut yhteensä."""
        return _(_KIND_TOTALS[self])


_KIND_LABELS = {CategoryKind.INCOME: N_("income"), CategoryKind.EXPENSE: N_("expense")}
_KIND_HEADINGS = {CategoryKind.INCOME: N_("Income"), CategoryKind.EXPENSE: N_("Expenses")}
_KIND_TOTALS = {CategoryKind.INCOME: N_("Income total"), CategoryKind.EXPENSE: N_("Expenses total")}

SALES_CATEGORY = "Asiantuntijapalvelujen myynti"


def name_key(name: str | None) -> str:
    """Category names are unique whatever their case and spacing."""
    return match_key(name)


def customer_key(customer: str | None) -> str:
    """One customer whatever the case and spacing it is written in."""
    return match_key(customer)


@dataclass(eq=False)
class Category:
    """An income or expense category. A retired one is no longer offered for new
    transactions but stays on the old ones and in old years' tables. The name is Finnish;
    the optional English name is shown in the English interface and reports."""

    name: str
    kind: CategoryKind
    position: int = 0
    retired: bool = False
    id: str = field(default_factory=new_id)
    name_en: str = ""

    TEXT_LIMITS: ClassVar[dict[str, TextLimit]] = {
        "name": TextLimit(TITLE_MAX, N_("Name")),
        "name_en": TextLimit(TITLE_MAX, N_("English name")),
    }

    def name_in(self, lang: str) -> str:
        """The name in ``lang``: English when given, else the Finnish name."""
        return self.name_en if lang == "en" and clean(self.name_en) else self.name

    @property
    def shown_name(self) -> str:
        """The name in the interface language (and the reports')."""
        return self.name_in(current_language())

    @property
    def label(self) -> str:
        return self.shown_name + (" " + _("(retired)") if self.retired else "")

    def tidy(self) -> None:
        self.name = " ".join((self.name or "").split())
        self.name_en = " ".join((self.name_en or "").split())

    def validate(self) -> None:
        p = Problems()
        require_text(p, "name", self.name, _("Name"))
        check_lengths(p, self, self.TEXT_LIMITS)
        if not isinstance(self.kind, CategoryKind):
            p.add("kind", _("{field} is required").format(field=_("Type")))
        p.raise_if_any()


def check_category_name(category: Category, others: Iterable[Category]) -> None:
    """A name is used once, whatever its case and spacing; so is an English name."""
    p = Problems()
    for other in others:
        if other.id == category.id:
            continue
        if not p.has("name") and name_key(other.name) == name_key(category.name):
            p.add("name", _("The category “{name}” already exists").format(name=other.name))
        if (
            not p.has("name_en")
            and name_key(category.name_en)
            and name_key(other.name_en) == name_key(category.name_en)
        ):
            p.add(
                "name_en",
                _("The English name “{name}” is already used by “{other}”").format(
                    name=clean(category.name_en), other=other.name
                ),
            )
    p.raise_if_any()


@dataclass(eq=False)
class BudgetLine:
    """The budget of one category for one year (at most one per year and category)."""

    year: int
    category_id: str
    amount: Decimal
    id: str = field(default_factory=new_id)

    def tidy(self) -> None:
        pass

    def validate(self) -> None:
        p = Problems()
        if self.year is None:
            p.add("year", _("{field} is required").format(field=_("Year")))
        elif not FIRST_YEAR <= self.year <= LAST_YEAR:
            p.add(
                "year",
                _("{year} is not a year the budget can be for: years {first}–{last}").format(
                    year=self.year, first=FIRST_YEAR, last=LAST_YEAR
                ),
            )
        if not self.category_id:
            p.add("category_id", _("{field} is required").format(field=_("Category")))
        if self.amount is None:
            p.add("amount", _("{field} is required").format(field=_("Amount")))
        else:
            check_money(p, "amount", self.amount, _("Amount"))
        p.raise_if_any()


@dataclass(eq=False)
class Transaction:
    """One booked income or expense. With a customer in an income category it is an
    expert-service sale, and its work days count in the sales table."""

    day: date
    category_id: str
    amount: Decimal
    description: str = ""
    project_id: str | None = None
    customer: str = ""
    work_days: Decimal | None = None
    voucher: str = ""
    id: str = field(default_factory=new_id)

    TEXT_LIMITS: ClassVar[dict[str, TextLimit]] = {
        "description": TextLimit(NOTE_MAX, N_("Description")),
        "customer": TextLimit(TITLE_MAX, N_("Customer")),
        "voucher": TextLimit(CODE_MAX, N_("Voucher")),
    }

    def tidy(self) -> None:
        self.description = clean(self.description)
        self.customer = " ".join((self.customer or "").split())
        self.voucher = clean(self.voucher)
        self.project_id = self.project_id or None

    def validate(self) -> None:
        p = Problems()
        if self.day is None:
            p.add("day", _("{field} is required").format(field=_("Date")))
        if not self.category_id:
            p.add("category_id", _("{field} is required").format(field=_("Category")))
        if self.amount is None:
            p.add("amount", _("{field} is required").format(field=_("Amount")))
        elif self.amount == 0:
            p.add("amount", _("The amount cannot be zero"))
        else:
            check_money(p, "amount", self.amount, _("Amount"), negative=True)
        if self.work_days is not None:
            if not self.work_days.is_finite() or self.work_days > WORK_DAYS_MAX:
                p.add(
                    "work_days",
                    _("{field} must be between 0 and {max}").format(
                        field=_("Work days"), max=format_number(WORK_DAYS_MAX)
                    ),
                )
            elif self.work_days < 0:
                p.add("work_days", _("{field} cannot be negative").format(field=_("Work days")))
            elif self.work_days != self.work_days.quantize(CENT):
                p.add(
                    "work_days",
                    _("{field} may have at most two decimals").format(field=_("Work days")),
                )
        check_lengths(p, self, self.TEXT_LIMITS)
        p.raise_if_any()


# ------------------------------------------------------------------------ voucher numbers
#
# A voucher number (tosite, "2026-0300") names one transaction of its booking day's year:
# no two transactions of a year share one (an empty voucher is no number). A new
# transaction is offered the number after the year's highest; it is given when the
# transaction is saved, and one taken meanwhile by another workstation moves on to the
# next free number.

_TRAILING_NUMBER = re.compile(r"(\d+)$")


def next_voucher(voucher: str) -> str:
    """The voucher number after ``voucher`` (``2024-017`` → ``2024-018``); '' without a number."""
    match = _TRAILING_NUMBER.search(voucher.strip())
    if match is None:
        return ""
    digits = match.group(1)
    return voucher.strip()[: match.start()] + str(int(digits) + 1).zfill(len(digits))


class VoucherTaken(Exception):
    """The voucher number is another transaction's in the same year (found when writing:
    another workstation saved it first)."""

    def __init__(self, voucher: str, year: int) -> None:
        super().__init__(voucher, year)
        self.voucher = voucher
        self.year = year

    @property
    def message(self) -> str:
        return voucher_taken_message(self.voucher, self.year)


def voucher_taken_message(voucher: str, year: int) -> str:
    return _("Voucher {voucher} is already used in {year}").format(voucher=voucher, year=year)


@dataclass(frozen=True)
class VoucherChange:
    """The proposed voucher number was taken meanwhile; the transaction got ``given``."""

    proposed: str
    given: str

    @property
    def message(self) -> str:
        return _("Voucher {proposed} was already taken; the transaction got number {given}").format(
            proposed=self.proposed, given=self.given
        )


# ------------------------------------------------------------------------ budget vs actual


def year_start(day: date) -> date:
    return date(day.year, 1, 1)


def elapsed_share(day: date) -> Fraction:
    """The share of ``day``'s year that has passed by the end of that day (1.1. → 1/365,
    31.12. → 1; a leap year has 366 days)."""
    days = 366 if calendar.isleap(day.year) else 365
    return Fraction(day.timetuple().tm_yday, days)


def percent_of(
    part: Decimal | Fraction | int, whole: Decimal | Fraction | int, decimals: int = 1
) -> Decimal:
    """``part`` as a per cent of ``whole``, rounded half up to ``decimals``."""
    exact = Fraction(part) * 100 / Fraction(whole)
    step = Decimal(1).scaleb(-decimals)
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        step, rounding=ROUND_HALF_UP
    )


def cents(value: Fraction) -> Decimal:
    """A Fraction of euros rounded half up to the cent."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class BudgetRow:
    """One category in the comparison: the year's budget against what is booked to the date."""

    category: Category
    budget: Decimal
    actual: Decimal
    elapsed: Fraction

    @property
    def realised_percent(self) -> Decimal | None:
        """The actual as a per cent of the whole year's budget (none without a budget)."""
        return percent_of(self.actual, self.budget) if self.budget else None

    @property
    def elapsed_percent(self) -> Decimal:
        return percent_of(self.elapsed, 1)

    @property
    def to_date_budget(self) -> Decimal:
        """The part of the year's budget that the elapsed share of the year stands for."""
        return cents(Fraction(self.budget) * self.elapsed)

    @property
    def variance(self) -> Decimal:
        """Actual minus the budget to date: above zero an expense runs ahead of its budget
        (or an income beats it), below zero behind it."""
        return self.actual - self.to_date_budget

    @property
    def over_budget(self) -> bool:
        """An expense spent faster than its budget allows for the time passed."""
        return self.category.kind is CategoryKind.EXPENSE and self.variance > 0


@dataclass(frozen=True)
class BudgetSection:
    kind: CategoryKind
    rows: tuple[BudgetRow, ...]

    @property
    def budget(self) -> Decimal:
        return sum((r.budget for r in self.rows), ZERO)

    @property
    def actual(self) -> Decimal:
        return sum((r.actual for r in self.rows), ZERO)

    @property
    def to_date_budget(self) -> Decimal:
        return sum((r.to_date_budget for r in self.rows), ZERO)

    @property
    def variance(self) -> Decimal:
        # The sum of the rows', so the printed column adds up.
        return sum((r.variance for r in self.rows), ZERO)

    @property
    def realised_percent(self) -> Decimal | None:
        return percent_of(self.actual, self.budget) if self.budget else None


@dataclass(frozen=True)
class BudgetComparison:
    """Budget versus actual from 1 January to ``as_of`` (*talousarvion toteutumavertailu*)."""

    as_of: date
    income: BudgetSection
    expenses: BudgetSection

    @property
    def start(self) -> date:
        return year_start(self.as_of)

    @property
    def year(self) -> int:
        return self.as_of.year

    @property
    def elapsed(self) -> Fraction:
        return elapsed_share(self.as_of)

    @property
    def elapsed_percent(self) -> Decimal:
        return percent_of(self.elapsed, 1)

    @property
    def sections(self) -> tuple[BudgetSection, BudgetSection]:
        return (self.income, self.expenses)

    @property
    def result_budget(self) -> Decimal:
        return self.income.budget - self.expenses.budget

    @property
    def result_actual(self) -> Decimal:
        return self.income.actual - self.expenses.actual

    @property
    def result_variance(self) -> Decimal:
        return self.income.variance - self.expenses.variance

    @property
    def is_empty(self) -> bool:
        return not (self.income.rows or self.expenses.rows)


def _shown(category: Category, *figures: Decimal | None) -> bool:
    """A retired category is listed only in the years it still has figures in."""
    return not category.retired or any(f for f in figures)


def budget_vs_actual(
    as_of: date,
    categories: Sequence[Category],
    budgets: Mapping[str, Decimal],
    actuals: Mapping[str, Decimal],
) -> BudgetComparison:
    """The comparison from the categories (in their order), the year's budget per category
    ID and the sums booked per category ID from 1 January to ``as_of``."""
    elapsed = elapsed_share(as_of)
    sections = []
    for kind in CategoryKind:
        rows = tuple(
            BudgetRow(c, budgets.get(c.id, ZERO), actuals.get(c.id, ZERO), elapsed)
            for c in categories
            if c.kind is kind and _shown(c, budgets.get(c.id), actuals.get(c.id))
        )
        sections.append(BudgetSection(kind, rows))
    return BudgetComparison(as_of, sections[0], sections[1])


# ------------------------------------------------------------------------ funding sources


@dataclass(frozen=True)
class FundingRow:
    name: str  # the category's name in the report's language
    amount: Decimal
    percent: int
    category_id: str = ""


@dataclass(frozen=True)
class FundingTable:
    """The annual report's funding sources: income per category, € and %, the per cents
    rounded by the largest-remainder method so that they add up to exactly 100."""

    year: int
    rows: tuple[FundingRow, ...]

    @property
    def total(self) -> Decimal:
        return sum((r.amount for r in self.rows), ZERO)

    @property
    def total_percent(self) -> int:
        return sum(r.percent for r in self.rows)


def funding_table(
    year: int, categories: Sequence[Category], income: Mapping[str, Decimal]
) -> FundingTable:
    """Income categories with income in the year, in the categories' order. A category
    whose refunds exceed its income keeps its (negative) euros but takes no share."""
    listed = [c for c in categories if c.kind is CategoryKind.INCOME and income.get(c.id)]
    amounts = [income[c.id] for c in listed]
    shares = largest_remainder([max(a, ZERO) for a in amounts])
    return FundingTable(
        year,
        tuple(
            FundingRow(c.shown_name, a, s, c.id)
            for c, a, s in zip(listed, amounts, shares, strict=True)
        ),
    )


# ------------------------------------------------------------------------ sales and projects


@dataclass(frozen=True)
class CustomerSales:
    customer: str
    work_days: Decimal
    amount: Decimal
    count: int


@dataclass(frozen=True)
class SalesTable:
    """Expert-service sales of a year per customer, the largest customer first."""

    year: int
    rows: tuple[CustomerSales, ...]

    @property
    def work_days(self) -> Decimal:
        return sum((r.work_days for r in self.rows), Decimal(0))

    @property
    def amount(self) -> Decimal:
        return sum((r.amount for r in self.rows), ZERO)

    @property
    def count(self) -> int:
        return sum(r.count for r in self.rows)


@dataclass(frozen=True)
class ProjectFinance:
    """A project's own budget against the costs booked to it up to a date."""

    project_id: str
    code: str
    name: str
    our_budget: Decimal | None
    costs: Decimal
    income: Decimal

    @property
    def used_percent(self) -> Decimal | None:
        return percent_of(self.costs, self.our_budget) if self.our_budget else None

    @property
    def remaining(self) -> Decimal | None:
        return None if self.our_budget is None else self.our_budget - self.costs

    @property
    def over_budget(self) -> bool:
        return self.our_budget is not None and self.costs > self.our_budget


@dataclass(frozen=True)
class ProjectTotal:
    """The total row of the projects' finances, as the tab and the board report show it."""

    our_budget: Decimal
    costs: Decimal
    income: Decimal
    used_percent: Decimal | None  # of the projects with our budget; None when none has one
    remaining: Decimal | None
    all_budgeted: bool  # False: the used % and remaining leave some projects out


def project_total(rows: Sequence[ProjectFinance]) -> ProjectTotal:
    """Our budgets, costs and income of the projects listed; used and remaining are of the
    projects with our budget: the costs of a project without one would otherwise count
    against the others' budgets."""
    budgets = sum((r.our_budget or ZERO for r in rows), ZERO)
    budgeted = [r for r in rows if r.our_budget is not None]
    used_costs = sum((r.costs for r in budgeted), ZERO)
    return ProjectTotal(
        our_budget=budgets,
        costs=sum((r.costs for r in rows), ZERO),
        income=sum((r.income for r in rows), ZERO),
        used_percent=percent_of(used_costs, budgets) if budgets else None,
        remaining=sum((r.remaining or ZERO for r in budgeted), ZERO) if budgeted else None,
        all_budgeted=len(budgeted) == len(rows),
    )
