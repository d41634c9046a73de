"""Each list has a query type of its own; a plain ListQuery filters nothing more."""

from datetime import date
from decimal import Decimal

import pytest

from domain.caselog import Guardian
from domain.finance import CategoryKind, Transaction
from storage.repositories import GuardianQuery, ListQuery, PeriodQuery, TransactionQuery


def _book(db, day: date, amount: str) -> None:
    with db.unit_of_work() as uow:
        category = next(c for c in uow.categories.all() if c.kind is CategoryKind.EXPENSE)
        uow.transactions.add(
            Transaction(day=day, category_id=category.id, amount=Decimal(amount), description="x")
        )
        uow.commit()


def test_a_plain_query_lists_every_row_of_any_list(db):
    _book(db, date(2025, 3, 1), "10.00")
    _book(db, date(2026, 3, 1), "20.00")
    with db.unit_of_work() as uow:
        assert uow.transactions.count(ListQuery()) == 2


def test_a_lists_own_query_filters_it(db):
    _book(db, date(2025, 3, 1), "10.00")
    _book(db, date(2026, 3, 1), "20.00")
    with db.unit_of_work() as uow:
        assert uow.transactions.count(TransactionQuery(year=2026)) == 1


def test_another_lists_query_is_refused_rather_than_ignored(db):
    with db.unit_of_work() as uow, pytest.raises(TypeError, match="got a PeriodQuery"):
        uow.transactions.count(PeriodQuery(on_date=date(2026, 1, 1)))


def test_a_list_sorts_by_a_plain_column_without_an_entry_of_its_own(db):
    with db.unit_of_work() as uow:
        for last, notes in (("Aho", "b"), ("Berg", "C"), ("Castrén", "a")):
            uow.guardians.add(Guardian(last_name=last, first_name="X", notes=notes))
        uow.commit()
    with db.unit_of_work() as uow:
        listed = uow.guardians.page(GuardianQuery(sort="notes"), 0, 10)
    assert [g.notes for g in listed] == ["a", "b", "C"]
