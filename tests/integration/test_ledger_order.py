"""The ledger's order and running total: a day's rows in the order of their vouchers
(numbers by value), any sort the list offers in the same order as Python works it out, and
the running total following the rows as shown, a page at a time as the table reads them."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.finance import CategoryKind, Transaction, next_voucher
from domain.projects import OurRole, Project
from domain.records import finnish_key
from storage.database import Database
from storage.repositories import TransactionQuery
from tests.databases import new_database

SORTS = ["day", "amount", "category", "description", "customer", "voucher", "project", "work_days"]


@pytest.fixture(scope="module")
def ledger(tmp_path_factory) -> Iterator[Database]:
    """Many transactions on few days (several a day), of both kinds, some of them rent,
    some with a customer, work days or a project; vouchers plain numbers, numbers with
    the year in front (zero-padded or not) or none."""
    database = new_database(tmp_path_factory.mktemp("ledger") / "ledger.sqlite")
    rng = random.Random(22)
    with database.unit_of_work() as uow:
        projects = [Project(code, code.title(), OurRole.ADMINISTRATOR) for code in ("ÄLY", "MONNI")]
        for project in projects:
            uow.projects.add(project)
        categories = uow.categories.all()
        rows = [
            Transaction(
                day=date(2025, 1, 1) + timedelta(days=rng.randrange(40)),
                category_id=rng.choice(categories).id,
                amount=Decimal(rng.randint(-5000, 90000) or 1).scaleb(-2),
                description=rng.choice(["Toimitilan vuokra", "Junaliput", "Palkat", "Avustus"]),
                customer=rng.choice(["", "", "Eksote", "eksote", "Åbo stad"]),
                work_days=rng.choice([None, Decimal("0.5"), Decimal(2)]),
                project_id=rng.choice([None, None, *(p.id for p in projects)]),
                voucher=rng.choice([f"{i}", f"2025-{i}", f"2025-{i:05d}", ""]),
            )
            for i in range(450)
        ]
        uow.transactions.add_all(rows)
        uow.commit()
    yield database
    database.close()


def _natural(voucher: str) -> tuple[str, int, str, str]:
    head = voucher.rstrip("0123456789")
    number = voucher[len(head) :].lstrip("0")
    return (head, len(number), number, voucher)


def _in_order(db: Database, query: TransactionQuery) -> list[tuple[str, Decimal]]:
    """The rows the query shows in its ascending order, worked out in Python, each with the
    amount the running total adds (an expense negative in a list of both kinds)."""
    net = not query.category_id and not query.kind
    with db.unit_of_work() as uow:
        categories = {c.id: c for c in uow.categories.all()}
        codes = {p.id: p.code for p in uow.projects.all()}
        total = uow.transactions.count(query)
        shown = {t.id for t in uow.transactions.page(query, 0, total)}
        rows = [t for t in uow.transactions.all() if t.id in shown]

    def place(t: Transaction) -> tuple[int, int]:
        c = categories[t.category_id]
        return (0 if c.kind is CategoryKind.INCOME else 1, c.position)

    first = {
        "day": lambda t: (t.day, *_natural(t.voucher)),
        "amount": lambda t: (t.amount, t.day),
        "category": lambda t: (*place(t), t.day),
        "description": lambda t: (finnish_key(t.description), t.day),
        "customer": lambda t: (finnish_key(t.customer), t.day),
        "voucher": lambda t: (*_natural(t.voucher), t.day),
        "project": lambda t: (finnish_key(codes.get(t.project_id or "", "")), t.day),
        "work_days": lambda t: (-1 if t.work_days is None else t.work_days, t.day),
    }[query.sort]
    rows.sort(key=lambda t: (*first(t), t.id))
    expense = CategoryKind.EXPENSE
    return [
        (t.id, -t.amount if net and categories[t.category_id].kind is expense else t.amount)
        for t in rows
    ]


def _listed(
    db: Database, query: TransactionQuery, *, with_whole: bool = False
) -> list[tuple[str, Decimal | None]]:
    """Each row the list shows with its running total, read a page at a time as the
    table does (``with_whole``: given the sum of every shown row, as the table has it)."""
    net = not query.category_id and not query.kind
    out: list[tuple[str, Decimal | None]] = []
    with db.unit_of_work() as uow:
        total = uow.transactions.count(query)
        whole = None
        if with_whole:
            sums = uow.transactions.totals(query)
            expenses = sums[CategoryKind.EXPENSE]
            whole = sums[CategoryKind.INCOME] + (-expenses if net else expenses)
        while len(out) < total:
            page = uow.transactions.page(query, len(out), 70)
            ids = [t.id for t in page]
            running = uow.transactions.running_totals(query, ids, net=net, whole=whole)
            out += [(t.id, running.get(t.id)) for t in page]
    return out


QUERIES = {
    "all": TransactionQuery(sort="day"),
    "a period": TransactionQuery(sort="day", start=date(2025, 1, 10), end=date(2025, 1, 20)),
    "a text": TransactionQuery(sort="day", text="vuokra"),
    "expenses": TransactionQuery(sort="day", kind=CategoryKind.EXPENSE.value),
}


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("name", list(QUERIES))
def test_the_running_total_follows_the_rows_in_every_sort_and_filter(
    ledger, name, sort, descending
):
    query = replace(QUERIES[name], sort=sort, descending=descending)
    expected_rows = _in_order(ledger, query)
    balance, expected = Decimal("0.00"), []
    for row_id, amount in expected_rows:
        balance += amount
        expected.append((row_id, balance))
    if descending:
        expected.reverse()
    listed = _listed(ledger, query)
    assert len(listed) > 0
    assert listed == expected


@pytest.mark.parametrize("sort", ["day", "amount", "category"])
@pytest.mark.parametrize("name", ["all", "expenses"])
def test_given_the_whole_sum_the_running_total_is_the_same(ledger, name, sort):
    query = replace(QUERIES[name], sort=sort, descending=True)
    assert _listed(ledger, query, with_whole=True) == _listed(ledger, query)


def test_a_category_lists_its_own_sum_as_booked_in_its_running_total(ledger):
    with ledger.unit_of_work() as uow:
        rent = next(c for c in uow.categories.all() if c.kind is CategoryKind.EXPENSE)
    query = TransactionQuery(sort="amount", category_id=rent.id)
    listed = _listed(ledger, query)
    assert listed[-1][1] == sum((a for _id, a in _in_order(ledger, query)), Decimal("0.00"))
    assert listed[-1][1] > 0  # an expense as booked, not negative


@pytest.mark.parametrize("name", list(QUERIES))
def test_the_totals_are_the_sums_of_the_rows_shown(ledger, name):
    query = QUERIES[name]
    with ledger.unit_of_work() as uow:
        kinds = {c.id: c.kind for c in uow.categories.all()}
        shown = set(dict(_listed(ledger, query)))
        rows = [t for t in uow.transactions.all() if t.id in shown]
        totals = uow.transactions.totals(query)
    assert totals == {
        kind: sum((t.amount for t in rows if kinds[t.category_id] is kind), Decimal("0.00"))
        for kind in CategoryKind
    }


def test_a_days_vouchers_run_by_their_numbers(db):
    with db.unit_of_work() as uow:
        category = uow.categories.all()[0].id
        day = date(2026, 3, 4)
        vouchers = ["2", "10", "1", "", "2026-0010", "2026-9", "A-3", "2026-12"]
        uow.transactions.add_all(
            [Transaction(day, category, Decimal(1), voucher=v) for v in vouchers]
        )
        uow.commit()
    with db.unit_of_work() as uow:
        listed = uow.transactions.page(TransactionQuery(sort="day"), 0, 20)
    assert [t.voucher for t in listed] == [
        "",
        "1",
        "2",
        "10",
        "2026-9",
        "2026-0010",
        "2026-12",
        "A-3",
    ]


@pytest.mark.parametrize(
    ("vouchers", "offered"),
    [(["8", "9", "10"], "11"), (["2026-9998", "2026-9999", "2026-10000"], "2026-10001")],
)
def test_a_new_transaction_is_offered_the_number_after_the_highest_by_value(db, vouchers, offered):
    with db.unit_of_work() as uow:
        category = uow.categories.all()[0].id
        uow.transactions.add_all(
            [Transaction(date(2026, 3, 4), category, Decimal(1), voucher=v) for v in vouchers]
        )
        uow.commit()
    with db.unit_of_work() as uow:
        assert next_voucher(uow.transactions.last_voucher(2026)) == offered
