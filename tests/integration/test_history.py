"""The change history on a real database (a SQLite file, or PostgreSQL with
OSKE_TEST_DATABASE_URL): every insert, update and delete writes one entry in its own
transaction — from a form's save, the demo, an import, a board term's copy, a restore —
with who, what, and each field's old and new value exact."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from domain.board import BoardRole, BoardSeat, BoardTerm
from domain.finance import Transaction
from domain.history import Action, Entry, FieldChange, HistoryFilter
from domain.staff import StaffMember
from services.board import save_term
from services.caselog import delete_request, save_case_event
from services.copy import copy_database
from services.demo import load_demo
from services.finance import delete_transaction, save_transaction
from services.history import purge_history
from services.staff import save_staff_member
from services.workbook import export_database, import_file
from storage.actor import actor_of
from storage.database import Database, open_database
from tests.databases import ON_SERVER, empty_url, new_database, new_database_url

D = Decimal


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = new_database(tmp_path / "oske.sqlite")
    yield database
    database.close()


def _all(db: Database, **filters) -> list[Entry]:
    """The entries the filter finds, oldest first."""
    with db.unit_of_work() as uow:
        return uow.history.page(HistoryFilter(**filters), 0, 100_000)[::-1]


def _transaction(db: Database) -> Transaction:
    with db.unit_of_work() as uow:
        category = uow.categories.all()[0]
    return Transaction(
        date(2022, 3, 1), category.id, D("1234.50"), "Laskun maksu", voucher="2022-0113"
    )


def test_a_new_transaction_writes_one_insert_entry_with_its_values(db):
    t = save_transaction(db, _transaction(db), None)
    (entry,) = _all(db)
    assert (entry.kind, entry.record_id, entry.action) == ("transactions", t.id, Action.INSERT)
    assert entry.title() == "Kirjaus: 2022-0113"
    assert entry.who() == actor_of().label()
    changed = {c.field: (c.old, c.new) for c in entry.changes}
    assert changed["amount"] == (None, "1234.50")
    assert changed["day"] == (None, "2022-03-01")
    assert changed["voucher"] == (None, "2022-0113")


def test_an_update_records_only_the_changed_field_with_money_exact(db):
    t = save_transaction(db, _transaction(db), None)
    save_transaction(db, replace(t, amount=D("1234.56")), t)
    entry = _all(db)[-1]
    assert entry.action == Action.UPDATE
    assert entry.changes == (FieldChange("amount", "1234.50", "1234.56"),)


def test_a_save_without_changes_writes_no_entry(db):
    t = save_transaction(db, _transaction(db), None)
    save_transaction(db, replace(t), t)
    assert len(_all(db)) == 1


def test_a_delete_records_the_values_the_record_had(db):
    t = save_transaction(db, _transaction(db), None)
    delete_transaction(db, t.id)
    entry = _all(db)[-1]
    assert (entry.action, entry.record_id, entry.label) == (Action.DELETE, t.id, "2022-0113")
    assert FieldChange("amount", "1234.50", None) in entry.changes


def test_a_rolled_back_save_writes_nothing(db):
    with db.unit_of_work() as uow:
        uow.transactions.add(_transaction(db))
        uow.flush()  # written in the transaction, then not committed
    assert _all(db) == []
    with db.unit_of_work() as uow:
        assert uow.transactions.all() == []


def test_the_history_of_a_demo_load_names_every_record_once(db):
    added = load_demo(db)
    entries = [e for e in _all(db) if e.kind != "settings"]  # and the demo organisation
    assert len(entries) == added
    assert {e.action for e in entries} == {Action.INSERT}
    kinds = {e.kind for e in entries}
    assert {"staff", "case_events", "transactions", "board_seats", "projects"} <= kinds
    with db.unit_of_work() as uow:
        some = uow.transactions.all()[0]
    assert len(_all(db, kind="transactions", record_id=some.id)) == 1


def test_an_import_records_what_it_changed(db, tmp_path):
    member = save_staff_member(db, StaffMember("Kantola", "Marjo", "Toiminnanjohtaja"), None)
    book = tmp_path / "kirja.xlsx"
    export_database(db, book)
    wb = load_workbook(book)
    ws = wb["Henkilöstö"]
    headers = [c.value for c in ws[1]]
    ws.cell(row=2, column=headers.index("Puhelin") + 1, value="040 123 4567")
    wb.save(book)
    assert import_file(db, book).ok
    entry = _all(db)[-1]
    assert (entry.kind, entry.record_id, entry.action) == ("staff", member.id, Action.UPDATE)
    assert entry.title() == "Henkilö: Kantola Marjo"
    assert entry.changes == (FieldChange("phone", "", "040 123 4567"),)


def test_copying_a_board_term_records_the_term_its_seats_and_the_closed_term(db):
    old, _closed = save_term(db, BoardTerm(date(2022, 1, 1)))
    with db.unit_of_work() as uow:
        uow.board_seats.add_all(
            [
                BoardSeat(old.id, BoardRole.CHAIR, "Virtanen", "Ville"),
                BoardSeat(old.id, BoardRole.MEMBER, "Mäkelä", "Maija"),
            ]
        )
        uow.commit()
    before = len(_all(db))
    new, _closed = save_term(db, BoardTerm(date(2024, 1, 1)), copy_from=old.id, close_previous=True)
    entries = _all(db)[before:]
    # one transaction: the closing and the new term, in whichever order the flush took
    assert sorted(e.action for e in entries if e.kind == "board_terms") == sorted(
        [Action.UPDATE, Action.INSERT]
    )
    closing = next(e for e in entries if e.action == Action.UPDATE)
    assert closing.changes == (FieldChange("end", None, "2023-12-31"),)
    seats = [e for e in entries if e.kind == "board_seats"]
    assert sorted(e.label for e in seats) == ["Mäkelä Maija", "Virtanen Ville"]
    assert all(FieldChange("term_id", None, new.id) in e.changes for e in seats)


def test_a_restore_brings_the_history_and_logs_itself(db, tmp_path):
    t = save_transaction(db, _transaction(db), None)
    target = empty_url(tmp_path / "kopio.sqlite")
    assert copy_database(db.url, target).matches
    copied = open_database(target)
    try:
        entries = _all(copied)
    finally:
        copied.close()
    assert [(e.kind, e.record_id) for e in entries[:-1]] == [("transactions", t.id)]
    restore = entries[-1]
    assert (restore.kind, restore.action) == ("database", Action.RESTORE)
    assert FieldChange("transactions", None, "1") in restore.changes


def test_case_event_history_keeps_no_text_the_event_has_given_up(db):
    load_demo(db)
    with db.unit_of_work() as uow:
        event = uow.case_events.with_ids([e.id for e in uow.case_events.all()[:1]])
    (original,) = event.values()
    save_case_event(db, replace(original, summary="Uusi kuvaus", minutes=45), original)
    entry = _all(db, kind="case_events", record_id=original.id)[-1]
    changed = {c.field: (c.old, c.new) for c in entry.changes}
    assert changed["summary"] == (None, None)  # that it changed, not what it said
    assert changed["minutes"][1] == "45"


def test_a_deleted_guardian_request_leaves_no_values_behind(db):
    load_demo(db)
    with db.unit_of_work() as uow:
        request = uow.guardian_requests.all()[0]
    delete_request(db, request.id)
    entry = _all(db, kind="guardian_requests", record_id=request.id)[-1]
    assert entry.action == Action.DELETE and entry.changes == ()


def test_a_purge_removes_older_entries_and_is_itself_logged(db):
    save_transaction(db, _transaction(db), None)
    second = _transaction(db)
    second.voucher = "2022-0114"  # a voucher number is a year's once
    save_transaction(db, second, None)
    later = date.today().replace(year=date.today().year + 6)  # five years kept by default
    assert purge_history(db, today=later) == 2
    (entry,) = _all(db)
    assert (entry.kind, entry.action) == ("history", Action.PURGE)
    assert FieldChange("removed", None, "2") in entry.changes


@pytest.mark.skipif(not ON_SERVER, reason="roles exist on a PostgreSQL server only")
def test_a_role_that_may_only_insert_into_the_history_saves_records(tmp_path):
    """docs/admin.md's grants: the workstations write records, and history only by INSERT."""
    url = make_url(new_database_url(tmp_path / "oske.sqlite"))
    role = f"oske_ws_{tmp_path.name[-8:].replace('-', '_').lower()}"
    admin = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN PASSWORD 'ws-secret'")
        conn.exec_driver_sql(f'GRANT CONNECT ON DATABASE "{url.database}" TO {role}')
        conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {role}")
        conn.exec_driver_sql(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
        )
        conn.exec_driver_sql(f"REVOKE ALL ON history FROM {role}")
        conn.exec_driver_sql(f"GRANT INSERT ON history TO {role}")
        conn.exec_driver_sql(f"GRANT USAGE ON SEQUENCE history_id_seq TO {role}")
    try:
        workstation = open_database(
            url.set(username=role, password="ws-secret").render_as_string(hide_password=False)
        )
        try:
            t = save_transaction(workstation, _transaction(workstation), None)
            save_transaction(workstation, replace(t, amount=D("1234.56")), t)
            with (
                workstation.engine.connect() as conn,
                pytest.raises(Exception, match="permission denied"),
            ):
                conn.execute(text("DELETE FROM history"))
        finally:
            workstation.close()
        owner = open_database(url.render_as_string(hide_password=False))
        try:
            entries = _all(owner)
        finally:
            owner.close()
        assert [e.action for e in entries] == [Action.INSERT, Action.UPDATE]
        assert {e.database_user for e in entries} == {role}
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'REVOKE ALL ON DATABASE "{url.database}" FROM {role}')
            conn.exec_driver_sql(f"DROP OWNED BY {role}")
            conn.exec_driver_sql(f"DROP ROLE {role}")
        admin.dispose()
