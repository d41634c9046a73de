"""Voucher numbers are unique within their booking day's year, on SQLite and on a server:
two workstations saving the same proposal, a typed duplicate, a direct insert, an upgrade
of a database that already has duplicates, an import, and several processes at once."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from domain.errors import ValidationError
from domain.finance import Transaction, VoucherTaken, next_voucher
from services.finance import book_transaction, save_transaction
from services.workbook import import_file
from storage.database import Database, open_database
from tests.databases import empty_url
from tests.integration.test_workbook_finance import TRANSACTIONS_FI, transaction_row
from tests.integration.workbook_files import write_workbook

DAY = date(2026, 3, 2)


def category_id(db: Database, name: str = "Matkakulut") -> str:
    with db.unit_of_work() as uow:
        found = uow.categories.by_name(name)
    assert found is not None
    return found.id


def booking(db: Database, voucher: str, day: date = DAY) -> Transaction:
    return Transaction(day, category_id(db), Decimal("12.50"), "Juna", voucher=voucher)


def proposal(db: Database, year: int = 2026) -> str:
    """What a new transaction's form offers: the number after the year's highest."""
    with db.unit_of_work() as uow:
        return next_voucher(uow.transactions.last_voucher(year))


def vouchers(db: Database) -> list[str]:
    with db.unit_of_work() as uow:
        return sorted(t.voucher for t in uow.transactions.all())


@pytest.fixture
def two(db: Database) -> tuple[Database, Database]:
    """Two workstations on one database."""
    save_transaction(db, booking(db, "2026-0299"), None)
    other = open_database(str(db.engine.url.render_as_string(hide_password=False)))
    yield db, other
    other.close()


def test_two_forms_propose_the_same_number_and_the_second_save_gets_the_next(two):
    a, b = two
    offered_a, offered_b = proposal(a), proposal(b)
    assert offered_a == offered_b == "2026-0300"

    first = book_transaction(a, booking(a, offered_a), None, offered_a)
    second = book_transaction(b, booking(b, offered_b), None, offered_b)

    assert first.transaction.voucher == "2026-0300" and first.voucher_change is None
    assert second.transaction.voucher == "2026-0301"
    assert second.voucher_change.message == (
        "Tositenumero 2026-0300 oli jo käytössä; kirjaus sai numeron 2026-0301"
    )
    assert vouchers(a) == ["2026-0299", "2026-0300", "2026-0301"]


def test_a_typed_voucher_that_is_taken_is_told_at_the_voucher_field(db):
    save_transaction(db, booking(db, "2026-0300"), None)

    with pytest.raises(ValidationError) as refused:
        book_transaction(db, booking(db, "2026-0300"), None, proposed="2026-0301")

    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("voucher", "Tosite 2026-0300 on jo käytössä vuonna 2026")
    ]
    assert vouchers(db) == ["2026-0300"]


def test_the_same_number_in_another_year_and_empty_vouchers_are_allowed(db):
    save_transaction(db, booking(db, "A-1"), None)
    save_transaction(db, booking(db, "A-1", date(2025, 12, 31)), None)
    save_transaction(db, booking(db, ""), None)
    save_transaction(db, booking(db, ""), None)
    assert vouchers(db) == ["", "", "A-1", "A-1"]


def test_the_database_refuses_a_duplicate_even_from_the_repository_directly(db):
    save_transaction(db, booking(db, "2026-0300"), None)

    with db.unit_of_work() as uow, pytest.raises(VoucherTaken):
        uow.transactions.add(booking(db, "2026-0300", date(2026, 11, 30)))

    assert vouchers(db) == ["2026-0300"]


def test_an_import_with_a_voucher_twice_in_a_year_is_refused_naming_the_row(db, tmp_path):
    save_transaction(db, booking(db, "2026-0007"), None)
    path = write_workbook(
        tmp_path / "in.xlsx",
        {
            "Kirjaukset": [
                TRANSACTIONS_FI,
                transaction_row("3.3.2026", "Matkakulut", "10,00", voucher="2026-0008"),
                transaction_row("4.3.2026", "Matkakulut", "11,00", voucher="2026-0008"),
                transaction_row("5.3.2026", "Matkakulut", "12,00", voucher="2026-0007"),
                transaction_row("5.3.2025", "Matkakulut", "13,00", voucher="2026-0007"),
            ],
        },
    )

    report = import_file(db, path)

    assert {(e.sheet, e.row, e.column, e.message) for e in report.errors} == {
        ("Kirjaukset", 3, "Tosite", "Tosite 2026-0008 on jo käytössä vuonna 2026"),
        ("Kirjaukset", 4, "Tosite", "Tosite 2026-0007 on jo käytössä vuonna 2026"),
    }
    assert vouchers(db) == ["2026-0007"]


def test_upgrading_renumbers_the_later_of_a_years_duplicate_vouchers(db_path):
    """From the revision before the voucher rule (0009), duplicates stored."""
    url = empty_url(db_path)
    open_database(url, upgrade_to="0009").close()
    engine = create_engine(url)
    with engine.begin() as conn:
        category = conn.scalar(text("SELECT id FROM categories WHERE name = 'Matkakulut'"))
        rows = [
            ("t1", "2026-03-02", "2026-0300", "Juna"),
            ("t2", "2026-03-01", "2026-0300", ""),  # booked first: keeps the number
            ("t3", "2026-03-05", "2026-0301", "Bussi"),
            ("t4", "2025-03-05", "2026-0300", "Viime vuosi"),
        ]
        for row_id, day, voucher, description in rows:
            conn.execute(
                text(
                    "INSERT INTO transactions (id, day, category_id, amount, description,"
                    " customer, customer_key, voucher, search_key) VALUES (:id, :day, :category,"
                    " 1250, :description, '', '', :voucher, '')"
                ),
                {
                    "id": row_id,
                    "day": date.fromisoformat(day),
                    "category": category,
                    "description": description,
                    "voucher": voucher,
                },
            )
    engine.dispose()

    db = open_database(url)
    with db.unit_of_work() as uow:
        found = {t.id: (t.voucher, t.description) for t in uow.transactions.all()}
    db.close()

    assert found["t2"] == ("2026-0300", "")
    assert found["t3"] == ("2026-0301", "Bussi")
    assert found["t4"] == ("2026-0300", "Viime vuosi")
    assert found["t1"] == (
        "2026-0302",
        "Juna\n(Tositenumero oli 2026-0300, joka oli myös toisella vuoden 2026 kirjauksella;"
        " tietokannan päivitys antoi tälle numeron 2026-0302.)",
    )


_SAVER = textwrap.dedent(
    """
    import sys
    from datetime import date
    from decimal import Decimal

    from domain.finance import Transaction, next_voucher
    from services.finance import book_transaction
    from storage.database import open_database

    db = open_database(sys.argv[1])
    with db.unit_of_work() as uow:
        category = uow.categories.by_name("Matkakulut").id
    for i in range(int(sys.argv[2])):
        with db.unit_of_work() as uow:
            offered = next_voucher(uow.transactions.last_voucher(2026))
        t = Transaction(date(2026, 3, 2), category, Decimal(1), sys.argv[3] + str(i), voucher=offered)
        saved = book_transaction(db, t, None, offered)
        print(saved.transaction.voucher, flush=True)
    db.close()
    """
)


def test_several_processes_saving_at_once_get_unique_vouchers_and_lose_no_save(db, tmp_path):
    save_transaction(db, booking(db, "2026-0001"), None)
    url = db.engine.url.render_as_string(hide_password=False)
    script = tmp_path / "saver.py"
    script.write_text(_SAVER)
    root = Path(__file__).resolve().parents[2]
    workers = [
        subprocess.Popen(
            [sys.executable, str(script), url, "20", f"p{n}-"],
            cwd=root,
            env={**__import__("os").environ, "PYTHONPATH": str(root)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    given = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        given += out.split()

    with db.unit_of_work() as uow:
        stored = uow.transactions.all()
    assert len(stored) == 81
    assert len({t.voucher for t in stored}) == 81
    assert sorted(given) == sorted(t.voucher for t in stored if t.voucher != "2026-0001")
    assert {t.description for t in stored} >= {f"p{n}-{i}" for n in range(4) for i in range(20)}


def test_changing_a_transaction_to_a_number_taken_in_its_year_is_told_at_the_field(db):
    save_transaction(db, booking(db, "2026-0300"), None)
    stored = save_transaction(db, booking(db, "2026-0301"), None)
    changed = booking(db, "2026-0300")

    with pytest.raises(ValidationError) as refused:
        save_transaction(db, changed, stored)

    assert [e.field for e in refused.value.errors] == ["voucher"]
    assert vouchers(db) == ["2026-0300", "2026-0301"]
