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


def test_a_refresh_reads_the_records_of_the_rows_last_shown_and_the_others_when_shown(model):
    model.record(12)  # the rows in view: the batch of 10–14
    model.refresh()
    assert held(model) <= LazyRecordModel.REREAD * 5
    assert model._rows[12] is not None
    assert shown(model, "description") == [f"Rivi {i + 1}" for i in range(ROWS)]


def _fields(t: Transaction) -> dict:
    return {
        "day": t.day,
        "category_id": t.category_id,
        "amount": t.amount,
        "description": t.description,
        "id": t.id,
    }


@pytest.fixture
def at_the_end(db, booked, qtmodeltester) -> TransactionTableModel:
    """The list opened and sent to its end at once (Ctrl+End), the rows between unread."""
    model = TransactionTableModel(db)
    model.set_query(TransactionQuery(sort="day"))
    model.fetch_to_end()
    qtmodeltester.check(model)
    return model


def test_the_end_of_the_list_shows_its_last_rows_without_reading_those_between(at_the_end):
    assert at_the_end.rowCount() == ROWS
    assert not at_the_end.canFetchMore()
    last = at_the_end.index(ROWS - 1, at_the_end.column("description"))
    assert at_the_end.data(last) == f"Rivi {ROWS}"
    assert held(at_the_end) <= 2 * 5


def test_from_the_end_every_row_shows_its_record_and_balance_scrolling_up(at_the_end):
    up = [
        (
            at_the_end.data(at_the_end.index(r, at_the_end.column("description"))),
            at_the_end.data(at_the_end.index(r, at_the_end.column("running_total"))),
        )
        for r in reversed(range(ROWS))
    ]
    assert up[::-1] == [
        (f"Rivi {i + 1}", format_money(Decimal((i + 1) * (i + 2) // 2))) for i in range(ROWS)
    ]


def test_a_row_in_the_middle_shows_its_record_first_after_a_jump_to_the_end(at_the_end):
    assert at_the_end.data(at_the_end.index(23, at_the_end.column("description"))) == "Rivi 24"
    assert shown(at_the_end, "description") == [f"Rivi {i + 1}" for i in range(ROWS)]


def test_a_record_between_the_top_and_the_end_is_found_by_its_id(at_the_end, booked):
    assert at_the_end.row_of(booked[20].id) == 20


def test_a_refresh_at_the_end_keeps_every_row_and_shows_a_change(db, at_the_end, booked):
    changed = Transaction(**{**_fields(booked[30]), "description": "Muutettu"})
    save_transaction(db, changed, booked[30])
    delete_transaction(db, booked[ROWS - 1].id)
    at_the_end.refresh()
    descriptions = shown(at_the_end, "description")
    assert len(descriptions) == ROWS - 1
    assert descriptions[30] == "Muutettu"
    assert descriptions[-1] == f"Rivi {ROWS - 1}"


def test_scrolling_by_batches_reads_each_row_once_in_order(db, booked):
    """Each batch follows the last row of the one before by its sort key: equal days and
    amounts do not repeat or skip a row."""
    model = TransactionTableModel(db)
    model.set_query(TransactionQuery(sort="amount", descending=True))
    while model.canFetchMore():
        model.fetchMore()
    assert shown(model, "description") == [f"Rivi {i + 1}" for i in reversed(range(ROWS))]


@pytest.fixture
def view(db, booked, qtbot):
    from PySide6.QtWidgets import QWidget

    from ui.common.views import record_table

    parent = QWidget()
    qtbot.addWidget(parent)
    model = TransactionTableModel(db)
    model.set_query(TransactionQuery(sort="day"))
    table = record_table(model, parent)
    table.resize(600, 90)
    parent.show()
    table.setFocus()
    yield table
    parent.close()


def test_ctrl_end_goes_to_the_last_row_of_the_whole_list(view, qtbot):
    from PySide6.QtCore import Qt

    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    model = view.model()
    assert view.currentIndex().row() == ROWS - 1
    assert model.data(model.index(ROWS - 1, model.column("description"))) == f"Rivi {ROWS}"


def test_the_scroll_bar_dragged_to_the_bottom_shows_the_end_of_the_list(view):
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0  # a list longer than the view
    bar.setSliderDown(True)
    bar.setSliderPosition(bar.maximum())
    bar.setSliderDown(False)
    assert view.model().rowCount() == ROWS
    assert view.rowAt(view.viewport().height() - 2) == ROWS - 1
