"""The ledger sorted by amount, category or anything else: the same rows as in date order,
each with the balance it has in date order, and the same totals."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.finance import CategoryKind, Transaction
from storage.database import Database
from storage.repositories import TransactionQuery
from tests.databases import new_database

SORTS = ["amount", "category", "description", "customer", "voucher", "project", "work_days"]


@pytest.fixture(scope="module")
def ledger(tmp_path_factory) -> Iterator[Database]:
    """Many transactions on few days (several a day), of both kinds, some of them rent."""
    database = new_database(tmp_path_factory.mktemp("ledger") / "ledger.sqlite")
    rng = random.Random(22)
    with database.unit_of_work() as uow:
        categories = uow.categories.all()
        rows = [
            Transaction(
                day=date(2025, 1, 1) + timedelta(days=rng.randrange(40)),
                category_id=rng.choice(categories).id,
                amount=Decimal(rng.randint(-5000, 90000) or 1).scaleb(-2),
                description=rng.choice(["Toimitilan vuokra", "Junaliput", "Palkat", "Avustus"]),
                voucher=f"2025-{i:04d}",
            )
            for i in range(450)
        ]
        uow.transactions.add_all(rows)
        uow.commit()
    yield database
    database.close()


def _listed(db: Database, query: TransactionQuery) -> list[tuple[str, Decimal | None]]:
    """Each row the list shows with its balance, read a page at a time as the table does."""
    net = not query.category_id and not query.kind
    out: list[tuple[str, Decimal | None]] = []
    with db.unit_of_work() as uow:
        total = uow.transactions.count(query)
        while len(out) < total:
            page = uow.transactions.page(query, len(out), 200)
            running = uow.transactions.running_totals(query, [t.id for t in page], net=net)
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
def test_each_row_has_its_date_order_balance_whatever_the_list_is_sorted_by(
    ledger, name, sort, descending
):
    by_date = dict(_listed(ledger, QUERIES[name]))
    sorted_rows = _listed(ledger, replace(QUERIES[name], sort=sort, descending=descending))
    assert len(sorted_rows) == len(by_date) > 0
    assert dict(sorted_rows) == by_date


def test_the_balance_in_date_order_adds_each_row_to_the_one_before(ledger):
    with ledger.unit_of_work() as uow:
        expenses = {c.id for c in uow.categories.all() if c.kind is CategoryKind.EXPENSE}
        rows = sorted(uow.transactions.all(), key=lambda t: (t.day, t.id))
    balance = Decimal("0.00")
    expected = {}
    for t in rows:
        balance += -t.amount if t.category_id in expenses else t.amount
        expected[t.id] = balance
    assert dict(_listed(ledger, TransactionQuery(sort="amount"))) == expected


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


def test_sorted_by_category_income_comes_first_then_each_kind_in_its_order(ledger):
    with ledger.unit_of_work() as uow:
        place = {
            c.id: (0 if c.kind is CategoryKind.INCOME else 1, c.position)
            for c in uow.categories.all()
        }
        listed = []
        query = TransactionQuery(sort="category")
        while len(listed) < uow.transactions.count(query):
            listed += uow.transactions.page(query, len(listed), 200)
    keys = [(place[t.category_id], t.day, t.id) for t in listed]
    assert keys == sorted(keys)
