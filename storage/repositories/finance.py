"""The ledger: categories, budget lines and transactions; every sum in SQL."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    case,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from domain.errors import ConcurrentChange
from domain.finance import (
    BudgetLine,
    Category,
    CategoryKind,
    CustomerSales,
    Transaction,
    VoucherTaken,
    customer_key,
    name_key,
    next_voucher,
)
from domain.records import finnish_key
from storage import orm
from storage.collation import binary, finnish_key_order, finnish_order
from storage.repositories.base import (
    DatedQuery,
    ListQuery,
    Repository,
    SortColumns,
    _DatedRepository,
    query_as,
)


@dataclass(frozen=True)
class TransactionQuery(DatedQuery):
    """The ledger's filters beside the period."""

    category_id: str | None = None  # of one category
    kind: str | None = None  # of income or of expense categories (a CategoryKind value)
    project_id: str | None = None  # booked to one project
    customer: str | None = None  # with this customer (any case)


def _euros(raw_cents: Any) -> Decimal:
    """An SQL sum of integer cents as exact euros."""
    return (Decimal(int(raw_cents or 0)) / 100).quantize(Decimal("0.01"))


def _short(value: Decimal) -> Decimal:
    """10.00 as 10 and 1.50 as 1.5, never in exponent form (1E+1)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _cents_of(column: Any) -> Any:
    """A money column as its stored integer cents, for SQL arithmetic."""
    return type_coerce(column, Integer)


class CategoryRepository(Repository[Category]):
    record = Category
    table = orm.categories
    sort_columns: ClassVar[SortColumns] = {
        "name": (orm.categories.c.kind, orm.categories.c.position)
    }

    def all(self) -> list[Category]:
        """Every category, income first, each kind in its order; retired ones too."""
        c = orm.categories.c
        stmt = select(Category).order_by(
            binary(c.kind).desc(), c.position, finnish_key_order(c.name_key), c.id
        )  # "income" > "expense"
        return list(self.session.scalars(stmt))

    def by_id(self) -> dict[str, Category]:
        return {c.id: c for c in self.all()}

    def by_name(self, name: str) -> Category | None:
        return self.session.scalars(
            select(Category).where(orm.categories.c.name_key == name_key(name))
        ).first()

    def next_position(self, kind: CategoryKind) -> int:
        c = orm.categories.c
        return int(self.session.scalar(select(func.max(c.position)).where(c.kind == kind)) or 0) + 1

    def usage(self, category_id: str) -> int:
        """Transactions and budget lines that name the category."""
        counts = [
            select(func.count())
            .select_from(orm.transactions)
            .where(orm.transactions.c.category_id == category_id),
            select(func.count())
            .select_from(orm.budget_lines)
            .where(orm.budget_lines.c.category_id == category_id),
        ]
        return sum(int(self.session.scalar(q) or 0) for q in counts)

    def change_id(self, category: Category, new_id: str) -> None:
        """Give a stored category that nothing uses another ID: a new database's default
        categories take the IDs a workbook names them with."""
        category.id = new_id
        self.session.flush()


class BudgetRepository(Repository[BudgetLine]):
    record = BudgetLine
    table = orm.budget_lines
    sort_columns: ClassVar[SortColumns] = {
        "name": (orm.budget_lines.c.year, orm.budget_lines.c.category_id)
    }

    def all(self) -> list[BudgetLine]:
        return list(self.session.scalars(select(BudgetLine)))

    def of_year(self, year: int) -> dict[str, BudgetLine]:
        """The year's budget lines by category ID."""
        stmt = select(BudgetLine).where(orm.budget_lines.c.year == year)
        return {line.category_id: line for line in self.session.scalars(stmt)}

    def amounts(self, year: int) -> dict[str, Decimal]:
        return {category_id: line.amount for category_id, line in self.of_year(year).items()}

    def find(self, year: int, category_id: str) -> BudgetLine | None:
        c = orm.budget_lines.c
        return self.session.scalars(
            select(BudgetLine).where(c.year == year, c.category_id == category_id)
        ).first()

    def years(self) -> list[int]:
        return list(
            self.session.scalars(
                select(orm.budget_lines.c.year).distinct().order_by(orm.budget_lines.c.year.desc())
            )
        )


class TransactionRepository(_DatedRepository[Transaction]):
    """The ledger: 100 000 transactions are filtered, summed, paged and counted by SQL."""

    record = Transaction
    table = orm.transactions
    _c = orm.transactions.c
    sort_columns: ClassVar[SortColumns] = {
        "name": (_c.day,),
        "day": (_c.day,),
        "amount": (_c.amount, _c.day),
        "description": (finnish_order(_c.description), _c.day),
        "project": (
            finnish_key_order(
                select(orm.projects.c.code_key)
                .where(orm.projects.c.id == _c.project_id)
                .scalar_subquery()
            ),
            _c.day,
        ),
        "customer": (finnish_key_order(_c.customer_key), _c.day),
        "work_days": (_c.work_days, _c.day),
        "voucher": (_c.voucher, _c.day),
    }

    def _sort_by(self, key: str) -> tuple[ColumnElement[Any], ...]:
        if key == "category":
            # income before expenses, then the categories' own order: the few categories'
            # places written into the query, not looked up for each of 100 000 rows
            # (measured: 450 → 60 ms)
            c, k = orm.transactions.c, orm.categories.c
            places = self.session.execute(select(k.id, k.kind, k.position)).all()
            income = {row.id: 0 if row.kind is CategoryKind.INCOME else 1 for row in places}
            position = {row.id: row.position for row in places}
            return (
                case(income, value=c.category_id, else_=1),
                case(position, value=c.category_id, else_=0),
                c.day,
            )
        return super()._sort_by(key)

    def page(self, query: ListQuery, offset: int, limit: int) -> list[Transaction]:
        """A page of the list: the rows' IDs first, in the list's order (read from the
        (day, id, category, amount) index alone for the usual sorts), then the rows."""
        ids = self.ids(query, offset, limit)
        found = self.with_ids(ids)
        return [found[i] for i in ids if i in found]

    def _where(self, query: ListQuery) -> list[ColumnElement[bool]]:
        c = orm.transactions.c
        conditions = super()._where(query)
        query = query_as(query, TransactionQuery)
        if query.category_id:
            conditions.append(c.category_id == query.category_id)
        if query.kind:
            # Half the categories: reading the (day, id) index in the list's order beats the
            # category index, which would sort every row first (measured: 270 → 20 ms), so the
            # condition is written so that the category index does not apply.
            conditions.append(
                func.coalesce(c.category_id, "").in_(self._ids_of_kind(CategoryKind(query.kind)))
            )
        if query.project_id:
            conditions.append(c.project_id == query.project_id)
        if query.customer:
            conditions.append(c.customer_key == customer_key(query.customer))
        return conditions

    # --- voucher numbers: unique in their booking day's year (orm.VOUCHER_INDEX) -------
    def add(self, record: Transaction) -> None:
        """Add one transaction and write it now: a voucher number that another workstation
        gave meanwhile raises VoucherTaken (the unit of work is then spent)."""
        super().add(record)
        self._write(record)

    def update(
        self, record: Transaction, read: Transaction | None = None, *, overwrite: bool = False
    ) -> Transaction:
        """Store a changed transaction now; a voucher number taken meanwhile raises
        VoucherTaken."""
        stored = super().update(record, read, overwrite=overwrite)
        self._write(record)
        return stored

    def update_in_batch(self, record: Transaction) -> Transaction:
        with self.session.no_autoflush:
            return super().update(record)

    def _write(self, record: Transaction) -> None:
        try:
            self.session.flush()
        except IntegrityError as exc:
            if orm.VOUCHER_INDEX in str(exc.orig):
                raise VoucherTaken(record.voucher, record.day.year) from None
            raise
        except StaleDataError as error:
            # changed or deleted by another transaction since its version was checked
            raise ConcurrentChange(None) from error

    def _voucher_where(self, voucher: str, year: int) -> list[ColumnElement[bool]]:
        # As the unique index says it, so that the index answers
        c = orm.transactions.c
        return [c.voucher == voucher, orm.booking_year(c.day) == year, c.voucher != ""]

    def voucher_holder(self, voucher: str, year: int, other_than: str = "") -> str | None:
        """The ID of the transaction of ``year`` (other than ``other_than``) whose voucher
        number is ``voucher``; None when the number is free ('' is always free)."""
        if not voucher:
            return None
        c = orm.transactions.c
        stmt = select(c.id).where(*self._voucher_where(voucher, year), c.id != other_than)
        return self.session.scalars(stmt).first()

    def free_voucher(self, voucher: str, year: int, tries: int = 1000) -> str:
        """``voucher`` if it is free in ``year``, else the first free number after it
        (``2026-0300`` → ``2026-0301`` …); '' when none is found in ``tries`` steps or the
        number does not end in digits."""
        for _step in range(tries):
            if not voucher or self.voucher_holder(voucher, year) is None:
                return voucher
            voucher = next_voucher(voucher)
        return ""

    def vouchers_of_year(self, year: int) -> dict[str, str]:
        """The year's voucher numbers and the IDs of their transactions."""
        c = orm.transactions.c
        stmt = select(c.voucher, c.id).where(
            c.voucher != "", c.day >= date(year, 1, 1), c.day <= date(year, 12, 31)
        )
        return {row.voucher: row.id for row in self.session.execute(stmt)}

    def add_all(self, records: Iterable[Transaction]) -> None:
        """Add many transactions in a few executemany statements (``insert_rows``), as the
        case events are: stored but not kept in the session. The caller has checked their
        voucher numbers against the others (``vouchers_of_year``), as an import does."""
        self.insert_rows([orm.transaction_row(t) for t in records])

    def _ids_of_kind(self, kind: CategoryKind) -> list[str]:
        k = orm.categories.c
        return list(self.session.scalars(select(k.id).where(k.kind == kind)))

    def all(self) -> list[Transaction]:
        c = orm.transactions.c
        return list(self.session.scalars(select(Transaction).order_by(c.day, c.id)))

    def _signed(self) -> Any:
        """Cents with an expense counted negative: income minus expenses."""
        t = orm.transactions.c
        expense_ids = self._ids_of_kind(CategoryKind.EXPENSE)
        return case(
            (t.category_id.in_(expense_ids), -_cents_of(t.amount)), else_=_cents_of(t.amount)
        )

    def totals(self, query: ListQuery) -> dict[CategoryKind, Decimal]:
        """The sums of income and of expenses among the transactions the query shows."""
        # one pass that sums each kind's categories apart: the (day, id, category, amount)
        # index answers it without reading the rows, joining the categories or sorting
        # (measured: 250 → 25 ms)
        t, k = orm.transactions.c, orm.categories.c
        ids: dict[CategoryKind, list[str]] = {kind: [] for kind in CategoryKind}
        for category_id, kind in self.session.execute(select(k.id, k.kind)):
            ids[CategoryKind(kind)].append(category_id)
        kinds = list(CategoryKind)
        sums = [
            func.sum(case((t.category_id.in_(ids[kind]), _cents_of(t.amount)), else_=0))
            for kind in kinds
        ]
        row = self.session.execute(select(*sums).where(*self._where(query))).one()
        return {kind: _euros(raw) for kind, raw in zip(kinds, row, strict=True)}

    def running_totals(
        self, query: ListQuery, ids: Sequence[str], *, net: bool
    ) -> dict[str, Decimal]:
        """For each of ``ids``: the sum of the shown transactions up to and including it, in
        date order (the balance after it). ``net`` counts expenses negative (a list of
        both kinds); otherwise amounts are summed as they are."""
        if not ids:
            return {}
        query = query_as(query, TransactionQuery)
        t = orm.transactions.c
        amount = self._signed() if net else _cents_of(t.amount)
        if query.sort not in ("day", "name"):
            return self._running_by_day(query, ids, amount)
        # A page of a date-ordered list is a run of consecutive rows: the balance before its
        # oldest row, then each row's amount added in date order. The balance is summed from
        # the nearer end (all shown minus what is newer) so the newest pages cost little.
        rows = sorted(
            self.session.execute(select(t.id, t.day, amount).where(t.id.in_(list(ids)))).all(),
            key=lambda r: (r[1], r[0]),
        )
        oldest, newest = rows[0], rows[-1]
        shown = self._where(query)
        if query.descending:
            newer = or_(t.day > newest[1], and_(t.day == newest[1], t.id > newest[0]))
            every = self.session.scalar(select(func.coalesce(func.sum(amount), 0)).where(*shown))
            after = self.session.scalar(
                select(func.coalesce(func.sum(amount), 0)).where(*shown, newer)
            )
            balance = int(every or 0) - int(after or 0) - sum(int(r[2]) for r in rows)
        else:
            older = or_(t.day < oldest[1], and_(t.day == oldest[1], t.id < oldest[0]))
            balance = int(
                self.session.scalar(select(func.coalesce(func.sum(amount), 0)).where(*shown, older))
                or 0
            )
        out = {}
        for row_id, _day, raw in rows:
            balance += int(raw)
            out[row_id] = _euros(balance)
        return out

    def _running_by_day(
        self, query: ListQuery, ids: Sequence[str], amount: Any
    ) -> dict[str, Decimal]:
        """The balances of rows in another order than the dates' (by amount, by category):
        the shown rows summed per day, added up to the day before each row's, then the rows
        of its own day up to its ID. One pass over the (day, id, category, amount) index
        and a short look at each row's day in it, where a window over every shown row
        sorted by date took two seconds."""
        t = orm.transactions.c
        shown = self._where(query)
        # each page row with what its own day's shown rows up to it add (the index again)
        row = orm.transactions.alias("page_row")
        own_day = (
            select(func.coalesce(func.sum(amount), 0))
            .where(*shown, t.day == row.c.day, t.id <= row.c.id)
            .scalar_subquery()
        )
        page = self.session.execute(
            select(row.c.id, row.c.day, own_day).where(row.c.id.in_(list(ids)))
        ).all()
        if not page:
            return {}
        per_day = self.session.execute(
            select(t.day, func.sum(amount)).where(*shown).group_by(t.day).order_by(t.day)
        ).all()
        days = sorted({day for _id, day, _own in page})
        before: dict[date, int] = {}
        balance, i = 0, 0
        for day, raw in per_day:
            while i < len(days) and days[i] <= day:
                before[days[i]] = balance
                i += 1
            balance += int(raw or 0)
        for day in days[i:]:
            before[day] = balance
        return {row_id: _euros(before[day] + int(own)) for row_id, day, own in page}

    def sums_by_category(
        self, start: date, end: date, project_id: str | None = None
    ) -> dict[str, Decimal]:
        """What is booked per category ID from ``start`` to ``end`` (inclusive)."""
        t = orm.transactions.c
        stmt = select(t.category_id, func.sum(_cents_of(t.amount))).where(
            t.day >= start, t.day <= end
        )
        if project_id is not None:
            stmt = stmt.where(t.project_id == project_id)
        return {
            category_id: _euros(raw)
            for category_id, raw in self.session.execute(stmt.group_by(t.category_id))
        }

    def sales_by_customer(self, year: int) -> list[CustomerSales]:
        """Income with a customer in the year, per customer whatever the case it is written in
        (named by one of its spellings)."""
        t, k = orm.transactions.c, orm.categories.c
        key = t.customer_key
        stmt = (
            select(
                func.min(binary(t.customer)),
                func.sum(func.coalesce(_cents_of(t.work_days), 0)),
                func.sum(_cents_of(t.amount)),
                func.count(),
            )
            .select_from(orm.transactions.join(orm.categories, k.id == t.category_id))
            .where(
                k.kind == CategoryKind.INCOME,
                t.customer != "",
                t.day >= date(year, 1, 1),
                t.day <= date(year, 12, 31),
            )
            .group_by(key)
        )
        rows = [
            CustomerSales(name, Decimal(int(days or 0)) / 100, _euros(raw), int(n))
            for name, days, raw, n in self.session.execute(stmt)
        ]
        rows = [replace(r, work_days=_short(r.work_days)) for r in rows]
        return sorted(rows, key=lambda r: (-r.amount, finnish_key(r.customer), r.customer))

    def by_project(self, end: date) -> dict[str, dict[CategoryKind, Decimal]]:
        """Income and expenses booked to each project up to ``end``."""
        t, k = orm.transactions.c, orm.categories.c
        stmt = (
            select(t.project_id, k.kind, func.sum(_cents_of(t.amount)))
            .select_from(orm.transactions.join(orm.categories, k.id == t.category_id))
            .where(t.project_id.is_not(None), t.day <= end)
            .group_by(t.project_id, k.kind)
        )
        out: dict[str, dict[CategoryKind, Decimal]] = {}
        for project_id, kind, raw in self.session.execute(stmt):
            out.setdefault(project_id, {})[CategoryKind(kind)] = _euros(raw)
        return out

    def customers(self, limit: int = 2000) -> list[str]:
        """The customers named in the ledger, most used first, for completion."""
        c = orm.transactions.c
        stmt = (
            select(func.min(binary(c.customer)))
            .where(c.customer != "")
            .group_by(c.customer_key)
            .order_by(func.count().desc(), finnish_key_order(c.customer_key))
            .limit(limit)
        )
        return list(self.session.scalars(stmt))

    def last_voucher(self, year: int) -> str:
        """The highest voucher number of the year's transactions ('' without any)."""
        c = orm.transactions.c
        stmt = select(func.max(binary(c.voucher))).where(
            c.voucher != "", c.day >= date(year, 1, 1), c.day <= date(year, 12, 31)
        )
        return self.session.scalar(stmt) or ""

    def project_count(self, project_id: str) -> int:
        c = orm.transactions.c
        return int(
            self.session.scalar(
                select(func.count()).select_from(orm.transactions).where(c.project_id == project_id)
            )
            or 0
        )
