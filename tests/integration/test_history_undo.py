"""Undoing a record's latest change from the history (issue 19, item 6), on a real database
(a SQLite file, or PostgreSQL with OSKE_TEST_DATABASE_URL): an update's old values back
exactly, an added record deleted, a deleted one back with its ID; the undo is itself an
entry, and what cannot be undone is refused with a message."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from domain.caselog import ReferenceKind
from domain.errors import ValidationError
from domain.finance import Transaction
from domain.history import Action, Entry, FieldChange, HistoryFilter
from domain.projects import OurRole, Project, ProjectAssignment
from domain.records import new_id
from domain.staff import StaffMember
from services.caselog import save_case_event
from services.demo import load_demo
from services.finance import delete_transaction, save_transaction
from services.history import undo_change
from services.projects import save_assignment, save_project
from services.staff import save_staff_member
from storage.database import Database

D = Decimal


def _entries(db: Database, kind: str, record_id: str) -> list[Entry]:
    """The record's entries, newest first."""
    with db.unit_of_work() as uow:
        return uow.history.of_record(kind, record_id)


def _transaction(db: Database) -> Transaction:
    with db.unit_of_work() as uow:
        category = uow.categories.all()[0]
    t = Transaction(
        date(2022, 3, 1), category.id, D("1234.50"), "Laskun maksu", voucher="2022-0113"
    )
    return save_transaction(db, t, None)


def _stored(db: Database, transaction_id: str) -> Transaction | None:
    with db.unit_of_work() as uow:
        return uow.transactions.get(transaction_id)


def _refusal(db: Database, entry: Entry) -> str:
    with pytest.raises(ValidationError) as refused:
        undo_change(db, entry)
    (error,) = refused.value.errors
    assert error.field == "undo"
    return error.message


def test_undoing_an_update_sets_the_old_values_back_with_money_exact(db):
    t = _transaction(db)
    save_transaction(db, replace(t, amount=D("99.99"), day=date(2022, 4, 2)), t)
    undo_change(db, _entries(db, "transactions", t.id)[0])
    stored = _stored(db, t.id)
    assert stored is not None
    assert (stored.amount, stored.day) == (D("1234.50"), date(2022, 3, 1))


def test_an_undo_is_itself_an_entry_of_the_history(db):
    t = _transaction(db)
    save_transaction(db, replace(t, amount=D("99.99")), t)
    undo_change(db, _entries(db, "transactions", t.id)[0])
    undo = _entries(db, "transactions", t.id)[0]
    assert undo.action == Action.UNDO
    assert undo.changes == (FieldChange("amount", "99.99", "1234.50"),)


def test_undoing_an_undo_brings_the_change_back(db):
    t = _transaction(db)
    save_transaction(db, replace(t, amount=D("99.99")), t)
    undo_change(db, _entries(db, "transactions", t.id)[0])
    undo_change(db, _entries(db, "transactions", t.id)[0])
    stored = _stored(db, t.id)
    assert stored is not None and stored.amount == D("99.99")


def test_undoing_an_insert_deletes_the_record_and_logs_an_undo(db):
    t = _transaction(db)
    undo_change(db, _entries(db, "transactions", t.id)[0])
    assert _stored(db, t.id) is None
    undo = _entries(db, "transactions", t.id)[0]
    assert undo.action == Action.UNDO
    assert FieldChange("amount", "1234.50", None) in undo.changes


def test_undoing_a_delete_adds_the_record_again_with_its_id(db):
    t = _transaction(db)
    delete_transaction(db, t.id)
    undo_change(db, _entries(db, "transactions", t.id)[0])
    stored = _stored(db, t.id)
    assert stored is not None
    assert (stored.voucher, stored.amount, stored.description) == (
        "2022-0113",
        D("1234.50"),
        t.description,
    )
    assert _entries(db, "transactions", t.id)[0].action == Action.UNDO


def test_undoing_the_undo_of_an_insert_adds_the_record_again(db):
    t = _transaction(db)
    undo_change(db, _entries(db, "transactions", t.id)[0])
    undo_change(db, _entries(db, "transactions", t.id)[0])
    stored = _stored(db, t.id)
    assert stored is not None and stored.amount == D("1234.50")


def test_an_undo_is_refused_when_a_later_change_exists(db):
    t = _transaction(db)
    first = save_transaction(db, replace(t, amount=D("99.99")), t)
    save_transaction(db, replace(first, description="Korjattu"), first)
    older = _entries(db, "transactions", t.id)[1]
    assert "viimeisimmän" in _refusal(db, older)
    stored = _stored(db, t.id)
    assert stored is not None and stored.description == "Korjattu"


def test_an_undo_of_a_private_text_change_is_refused(db):
    load_demo(db)
    with db.unit_of_work() as uow:
        original = uow.case_events.all()[0]
    save_case_event(db, replace(original, summary="Uusi kuvaus"), original)
    message = _refusal(db, _entries(db, "case_events", original.id)[0])
    assert "yksityis" in message
    with db.unit_of_work() as uow:
        stored = uow.case_events.get(original.id)
    assert stored is not None and stored.summary == "Uusi kuvaus"


def test_an_undo_of_an_insert_others_refer_to_is_refused(db):
    member = save_staff_member(db, StaffMember("Kantola", "Marjo", "Toiminnanjohtaja"), None)
    project = Project("P1", "Hanke", OurRole.ADMINISTRATOR, date(2022, 1, 1))
    save_project(db, project, None)
    save_assignment(db, ProjectAssignment(project.id, member.id, "Vetäjä"), None)
    message = _refusal(db, _entries(db, "staff", member.id)[0])
    assert "viittaa" in message
    with db.unit_of_work() as uow:
        assert uow.staff.get(member.id) is not None


def test_an_undo_that_would_break_a_rule_is_refused(db):
    t = _transaction(db)
    delete_transaction(db, t.id)
    again = _transaction(db)  # takes the voucher number the deleted one had
    message = _refusal(db, _entries(db, "transactions", t.id)[0])
    assert "2022-0113" in message
    assert _stored(db, again.id) is not None and _stored(db, t.id) is None


def test_the_entries_of_a_person_found_in_the_log_newest_first_page_by_page(db):
    for n in range(5):
        save_staff_member(db, StaffMember(f"Henkilö{n}", "Testi", "Ohjaaja"), None)
    with db.unit_of_work() as uow:
        first = uow.history.page_before(HistoryFilter(kind="staff"), None, 3)
        rest = uow.history.page_before(HistoryFilter(kind="staff"), first[-1].id, 3)
    assert [e.label for e in first + rest] == [f"Henkilö{n} Testi" for n in range(4, -1, -1)]


def test_undoing_a_case_events_adding_deletes_it_and_keeps_no_values(db):
    load_demo(db)
    with db.unit_of_work() as uow:
        event = uow.case_events.all()[0]
    copy = replace(event, id=new_id(), summary="Yksityinen kuvaus")
    save_case_event(db, copy, None)
    undo_change(db, _entries(db, "case_events", copy.id)[0])
    with db.unit_of_work() as uow:
        assert uow.case_events.get(copy.id) is None
    undo = _entries(db, "case_events", copy.id)[0]
    assert (undo.action, undo.changes) == (Action.UNDO, ())
    assert "yksityis" in _refusal(db, undo)  # and it cannot be brought back


def test_undoing_a_categorys_deletion_is_refused_when_its_name_is_taken(db):
    from domain.finance import Category, CategoryKind
    from services.finance import add_category, delete_category

    first = add_category(db, Category("Kokoustarjoilut", CategoryKind.EXPENSE))
    delete_category(db, first.id)
    add_category(db, Category("Kokoustarjoilut", CategoryKind.EXPENSE))
    message = _refusal(db, _entries(db, "categories", first.id)[0])
    assert "Kokoustarjoilut" in message
    with db.unit_of_work() as uow:
        assert uow.categories.get(first.id) is None


def test_undoing_a_change_of_a_categorys_english_name_brings_the_old_one_back(db):
    from services.finance import rename_category

    with db.unit_of_work() as uow:
        travel = uow.categories.by_name("Matkakulut")
    rename_category(db, travel.id, "Matkakulut", "Travel costs")
    undo_change(db, _entries(db, "categories", travel.id)[0])
    with db.unit_of_work() as uow:
        assert uow.categories.get(travel.id).name_en == "Travel expenses"


def test_undoing_a_change_of_a_case_events_reasons_brings_the_old_ones_back(db):
    load_demo(db)
    with db.unit_of_work() as uow:
        event = next(e for e in uow.case_events.all() if e.reason_ids)
        others = [v.id for v in uow.references.all() if v.id not in event.reason_ids]
    before = sorted(event.reason_ids)
    candidates = [o for o in others if o in _reason_ids(db)]
    save_case_event(db, replace(event, reason_ids=[candidates[0]]), event)
    undo_change(db, _entries(db, "case_events", event.id)[0])
    with db.unit_of_work() as uow:
        stored = uow.case_events.get(event.id)
    assert stored is not None and sorted(stored.reason_ids) == before
    assert _entries(db, "case_events", event.id)[0].action == Action.UNDO


def _reason_ids(db: Database) -> set[str]:
    with db.unit_of_work() as uow:
        return {v.id for v in uow.references.all() if v.kind == ReferenceKind.REASON}
