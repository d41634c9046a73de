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
    literal,
    or_,
    select,
    tuple_,
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
from storage.collation import binary, finnish_key_order, finnish_order, sort_order
from storage.repositories.base import (
    DatedQuery,
    ListQuery,
    Repository,
    SortColumns,
    _DatedRepository,
    plain_rows,
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


_DIGITS = "0123456789"


def voucher_order(voucher: Any) -> tuple[ColumnElement[Any], ...]:
    """A voucher number's ORDER BY in natural order, the same on every backend: the text
    before its trailing number, then that number by its value (its digits without leading
    zeros, fewer first), then the text as typed. "1", "2", "10" and "2026-9", "2026-0010"
    run so; an empty voucher comes first."""
    head = func.rtrim(voucher, _DIGITS)
    number = func.ltrim(func.substr(voucher, func.length(head) + 1), "0")
    return (binary(head), func.length(number), binary(number), binary(voucher))


class TransactionRepository(_DatedRepository[Transaction]):
    """The ledger: 100 000 transactions are filtered, summed, paged and counted by SQL."""

    record = Transaction
    table = orm.transactions
    _c = orm.transactions.c
    # A day's transactions run in the order of their vouchers (the paper order), in every
    # list sorted by date; the running total follows whatever order is shown.
    sort_columns: ClassVar[SortColumns] = {
        "name": (_c.day, *voucher_order(_c.voucher)),
        "day": (_c.day, *voucher_order(_c.voucher)),
        "amount": (_c.amount, _c.day),
        "description": (finnish_order(_c.description), _c.day),
        # A transaction without a project or work days first (never NULL: the running
        # total compares these keys, and both backends then agree on the order)
        "project": (
            finnish_key_order(
                func.coalesce(
                    select(orm.projects.c.code_key)
                    .where(orm.projects.c.id == _c.project_id)
                    .scalar_subquery(),
                    "",
                )
            ),
            _c.day,
        ),
        "customer": (finnish_key_order(_c.customer_key), _c.day),
        "work_days": (func.coalesce(_cents_of(_c.work_days), -1), _c.day),
        "voucher": (*voucher_order(_c.voucher), _c.day),
    }

    def _sort_by(self, key: str) -> tuple[ColumnElement[Any], ...]:
        if key == "category":
            # income before expenses, then the categories' own order: the few categories'
            # places written into the query, not looked up for each of 100 000 rows
            # (measured: 450 → 60 ms)
            c = orm.transactions.c
            places = self._category_places()
            income = {category_id: place[0] for category_id, place in places.items()}
            position = {category_id: place[1] for category_id, place in places.items()}
            return (
                case(income, value=c.category_id, else_=1),
                case(position, value=c.category_id, else_=0),
                c.day,
            )
        return super()._sort_by(key)

    def _category_places(self) -> dict[str, tuple[int, int]]:
        """Each category's place in the list sorted by category: income (0) before
        expenses (1), then its position."""
        k = orm.categories.c
        return {
            row.id: (0 if row.kind is CategoryKind.INCOME else 1, row.position)
            for row in self.session.execute(select(k.id, k.kind, k.position))
        }

    def ids(self, query: ListQuery, offset: int, limit: int) -> list[str]:
        """The IDs of a page of the list. Sorted by category or project, one category or
        project after another, each read in date order from its own index: a single ORDER
        BY of their places sorts every shown row for each page (measured on PostgreSQL with
        100 000 rows: ~100 ms by category, where this reads a few hundred rows)."""
        places = self._places(query.sort)
        if places is None:
            return super().ids(query, offset, limit)
        t = orm.transactions.c
        shown = self._where(query)
        found: list[str] = []
        for place in sorted(places, reverse=query.descending):
            if len(found) >= limit:
                break
            one = self._in_place(query.sort, places[place], indexed=True)
            if offset > 0:  # a place whose rows all come before the page is only counted
                n = int(
                    self.session.scalar(
                        select(func.count()).select_from(orm.transactions).where(*shown, one)
                    )
                    or 0
                )
                if n <= offset:
                    offset -= n
                    continue
            order = (t.day.desc(), t.id.desc()) if query.descending else (t.day, t.id)
            stmt = select(t.id).where(*shown, one).order_by(*order)
            found += self.session.scalars(stmt.offset(offset).limit(limit - len(found)))
            offset = 0
        return found

    def _places(self, sort: str) -> dict[tuple[Any, ...], list[str | None]] | None:
        """The places a list sorted by category or by project puts rows in, in their
        order, each with its categories' or projects' IDs (None: no project); None for
        another sort. The places' keys are the sort's own (read from SQL), so they order
        in Python as in the list."""
        if sort == "category":
            categories: dict[tuple[Any, ...], list[str | None]] = {}
            for category_id, place in self._category_places().items():
                categories.setdefault(place, []).append(category_id)
            return categories
        if sort == "project":
            p = orm.projects.c
            projects: dict[tuple[Any, ...], list[str | None]] = {("",): [None]}
            for project_id, key in self.session.execute(
                select(p.id, finnish_key_order(p.code_key))
            ):
                projects.setdefault((key,), []).append(project_id)
            return projects
        return None

    def _in_place(self, sort: str, members: list[str | None], *, indexed: bool) -> Any:
        """The rows of these categories or projects; ``indexed`` False keeps their index
        unused, so that a pass over every row reads the (day, id, category, amount) one."""
        t = orm.transactions.c
        column = t.category_id if sort == "category" else t.project_id
        if not indexed:
            return func.coalesce(column, "").in_([m or "" for m in members])
        named = [m for m in members if m is not None]
        if None not in members:
            return column.in_(named)
        return or_(column.in_(named), column.is_(None)) if named else column.is_(None)

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

    def export_rows(self) -> list[Any]:
        """Every transaction as a plain row (its columns as attributes), by day and ID: what
        the workbook export reads, without a mapped record each."""
        c = orm.transactions.c
        return plain_rows(self.session, orm.transactions, (c.day, c.id))

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
        self, query: ListQuery, ids: Sequence[str], *, net: bool, whole: Decimal | None = None
    ) -> dict[str, Decimal]:
        """For each of ``ids`` (a run of consecutive rows of the list, as a page is): the sum
        of the shown transactions up to and including it in the order shown, counted from the
        list's ascending end (in a list by date, the balance after it). So each row's total is
        the next one's with one amount more or less, whatever the sort and the filters, and
        the last row in ascending order carries the whole sum. ``net`` counts expenses
        negative (a list of both kinds); otherwise amounts are summed as they are. ``whole``
        is that sum of every shown row, when the caller has it (``totals``): a list shown
        from its greatest end then needs no pass over every row for each page."""
        if not ids:
            return {}
        query = query_as(query, TransactionQuery)
        t = orm.transactions.c
        amount = self._signed() if net else _cents_of(t.amount)
        shown = self._where(query)
        coarse, fine = self._running_order(query.sort)
        # the page's rows in the list's ascending order, with their keys in it
        rows = self.session.execute(
            select(t.id, amount, *coarse).where(t.id.in_(list(ids))).order_by(*coarse, *fine, t.id)
        ).all()
        if not rows:
            return {}
        if query.descending:
            # the greatest (newest) rows are shown first: the balance after the page's last
            # row is all that is shown less what comes after it
            last = rows[-1]
            if whole is not None:
                every = int(whole * 100)
            else:
                every = self.session.scalar(
                    select(func.coalesce(func.sum(amount), 0)).where(*shown)
                )
            after = self.session.scalar(
                select(func.coalesce(func.sum(amount), 0)).where(
                    *shown, self._beyond(query.sort, coarse, last[2:], "after")
                )
            )
            after = int(after or 0) + self._within(shown, amount, coarse, fine, last, "after")
            balance = int(every or 0) - after - sum(int(r[1]) for r in rows)
        else:
            first = rows[0]
            balance = int(
                self.session.scalar(
                    select(func.coalesce(func.sum(amount), 0)).where(
                        *shown, self._beyond(query.sort, coarse, first[2:], "before")
                    )
                )
                or 0
            )
            balance += self._within(shown, amount, coarse, fine, first, "before")
        out = {}
        for row in rows:
            balance += int(row[1])
            out[row[0]] = _euros(balance)
        return out

    def _running_order(self, sort: str) -> tuple[list[Any], list[Any]]:
        """A sort's ORDER BY columns (ascending, without the ID) in two parts: those the
        running total compares in SQL over every shown row, which the (day, id, category,
        amount) index holds for the date, amount and category orders; and those that only
        order rows equal in the first (a day's vouchers), read for those few rows alone."""
        columns = [sort_order(column) for column in self._sort_by(sort)]
        if sort in ("day", "name"):
            return columns[:1], columns[1:]
        return columns, []

    def _beyond(
        self, sort: str, columns: Sequence[Any], values: Sequence[Any], side: str
    ) -> ColumnElement[bool]:
        """The rows that come ``before`` (or ``after``) ``values`` in the ascending order of
        ``columns``: a row-value comparison, each key computed once per row; by category or
        project, the IDs of the categories or projects beyond the row's named instead."""
        t = orm.transactions.c
        places = self._places(sort)
        if places is not None:
            # by category or project: the categories (projects) before (after) its place
            # named, and the rows of its own place on earlier (later) days
            place, day = tuple(values[:-1]), values[-1]
            beyond = [
                m
                for p, ms in places.items()
                for m in ms
                if (p < place) == (side == "before") and p != place
            ]
            same = places.get(place, [])
            within = t.day < day if side == "before" else t.day > day
            if not beyond:  # a page at either end: its place's own index reads a few rows
                return and_(self._in_place(sort, same, indexed=True), within)
            return or_(
                self._in_place(sort, beyond, indexed=False),
                and_(self._in_place(sort, same, indexed=False), within),
            )
        if len(columns) == 1:
            return columns[0] < values[0] if side == "before" else columns[0] > values[0]
        keys = tuple_(*columns)
        given = tuple_(*(literal(v, type_=c.type) for c, v in zip(columns, values, strict=True)))
        return keys < given if side == "before" else keys > given

    def _within(
        self,
        shown: list[ColumnElement[bool]],
        amount: Any,
        coarse: list[Any],
        fine: list[Any],
        row: Any,
        side: str,
    ) -> int:
        """The sum of the shown rows equal to ``row`` in the ``coarse`` keys that come
        ``before`` or ``after`` it in the list's order: the few rows of its day (or of its
        amount on its day), read in that order."""
        t = orm.transactions.c
        same = [column == value for column, value in zip(coarse, row[2:], strict=True)]
        group = self.session.execute(
            select(t.id, amount).where(*shown, *same).order_by(*fine, t.id)
        ).all()
        ids = [g[0] for g in group]
        at = ids.index(row[0]) if row[0] in ids else len(ids)
        part = group[:at] if side == "before" else group[at + 1 :]
        return sum(int(g[1]) for g in part)

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
        """The highest voucher number of the year's transactions by value, as the ledger
        orders them ("10" after "9"); '' without any."""
        c = orm.transactions.c
        stmt = (
            select(c.voucher)
            .where(c.voucher != "", c.day >= date(year, 1, 1), c.day <= date(year, 12, 31))
            .order_by(*(key.desc() for key in voucher_order(c.voucher)))
            .limit(1)
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
