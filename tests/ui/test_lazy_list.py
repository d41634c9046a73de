"""A long list keeps the records of the last few batches shown only: scrolled to its end
it shows every row as before, reads a batch again when it comes back into view, and a
refresh keeps the rows loaded."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.finance import CategoryKind, Transaction
from domain.formats import format_money
from services.finance import delete_transaction, save_transaction
from storage.repositories import TransactionQuery
from ui.common.table_model import LazyRecordModel
from ui.finance.transactions_page import TransactionTableModel

ROWS = 47


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    """Batches of 5 with 2 kept, so that a list of 47 rows lets go of most of them."""
    monkeypatch.setattr(LazyRecordModel, "BATCH", 5)
    monkeypatch.setattr(LazyRecordModel, "KEPT", 2)


@pytest.fixture
def booked(db) -> list[Transaction]:
    with db.unit_of_work() as uow:
        income = next(c for c in uow.categories.all() if c.kind is CategoryKind.INCOME)
        rows = [
            Transaction(
                day=date(2025, 1, 1) + timedelta(days=i),
                category_id=income.id,
                amount=Decimal(i + 1),
                description=f"Rivi {i + 1}",
            )
            for i in range(ROWS)
        ]
        uow.transactions.add_all(rows)
        uow.commit()
    return rows


@pytest.fixture
def model(db, booked, qtmodeltester) -> TransactionTableModel:
    model = TransactionTableModel(db)
    model.set_query(TransactionQuery(sort="day"))
    while model.canFetchMore():
        model.fetchMore()
    qtmodeltester.check(model)
    return model


def shown(model, key: str) -> list[str]:
    column = model.column(key)
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def held(model) -> int:
    """The records the model holds now."""
    return sum(r is not None for r in model._rows)


def test_scrolled_to_the_end_the_list_holds_the_last_batches_records_only(model):
    assert model.rowCount() == ROWS
    assert held(model) <= 2 * 5


def test_every_row_shows_its_record_and_balance_after_its_batch_was_let_go(model):
    assert shown(model, "description") == [f"Rivi {i + 1}" for i in range(ROWS)]
    assert shown(model, "running_total") == [
        format_money(Decimal((i + 1) * (i + 2) // 2)) for i in range(ROWS)
    ]
    assert held(model) <= 2 * 5


def test_a_record_is_found_by_its_id_in_a_batch_let_go(model, booked):
    assert model.find(booked[3].id) == 3
    assert model.record(3).description == "Rivi 4"


def test_a_refresh_keeps_every_row_and_shows_a_change_made_meanwhile(db, model, booked):
    changed = Transaction(**{**_fields(booked[2]), "description": "Muutettu"})
    save_transaction(db, changed, booked[2])
    delete_transaction(db, booked[40].id)
    model.refresh()
    descriptions = shown(model, "description")
    assert len(descriptions) == ROWS - 1
    assert descriptions[2] == "Muutettu"
    assert "Rivi 41" not in descriptions


def _fields(t: Transaction) -> dict:
    return {
        "day": t.day,
        "category_id": t.category_id,
        "amount": t.amount,
        "description": t.description,
        "id": t.id,
    }
