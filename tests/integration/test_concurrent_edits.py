"""Two workstations on one database (the fixtures ``a`` and ``b`` of tests/conftest.py: two
Database objects on one URL): a save or delete over a record another one changed or
deleted since it was read is refused, never lost."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import fields, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from domain.board import BoardTerm
from domain.caselog import CaseEvent, Sector
from domain.errors import ConcurrentChange, ValidationError
from domain.projects import OurRole, Project, ProjectAssignment
from domain.staff import StaffMember
from exports.workbook import Choices
from services.board import save_term
from services.caselog import save_case_event
from services.demo import load_demo
from services.projects import save_assignment, save_project
from services.staff import delete_staff_member, save_staff_member
from services.workbook import export_database, import_file
from storage.actor import actor_of
from storage.database import Database

ROOT = Path(__file__).resolve().parents[2]


def anni(**kw) -> StaffMember:
    fields = {"last_name": "Mäkelä", "first_name": "Anni", "title": "suunnittelija"}
    return StaffMember(**{**fields, "phone": "040 111", **kw})


def read(db: Database, member_id: str) -> StaffMember:
    with db.unit_of_work() as uow:
        found = uow.staff.get(member_id)
    assert found is not None
    return found


def edited(shown: StaffMember, **changes) -> StaffMember:
    """What a form builds from the record it shows: a new record with the typed values."""
    typed = {f.name: getattr(shown, f.name) for f in fields(StaffMember) if f.name != "id"}
    return StaffMember(**{**typed, **changes})


@pytest.fixture
def shown(a: Database) -> StaffMember:
    saved = save_staff_member(a, anni(), None)
    return read(a, saved.id)


def test_a_save_over_a_change_made_meanwhile_is_refused_with_who_and_when(a, b, shown):
    save_staff_member(b, edited(read(b, shown.id), phone="050 999"), read(b, shown.id))
    with pytest.raises(ConcurrentChange) as caught:
        save_staff_member(a, edited(shown, title="erityisasiantuntija"), shown)
    change = caught.value
    assert change.changed_by == actor_of().label()
    assert change.changed_at is not None
    assert abs(change.changed_at - datetime.now(UTC)) < timedelta(minutes=1)
    assert change.current.phone == "050 999"
    stored = read(a, shown.id)
    assert (stored.phone, stored.title) == ("050 999", "suunnittelija")


def test_an_overwrite_stores_mine_over_theirs_and_counts_a_version(a, b, shown):
    save_staff_member(b, edited(read(b, shown.id), phone="050 999"), read(b, shown.id))
    save_staff_member(a, edited(shown, title="erityisasiantuntija"), shown, overwrite=True)
    stored = read(a, shown.id)
    assert (stored.phone, stored.title) == ("040 111", "erityisasiantuntija")
    assert stored._version == 3  # type: ignore[attr-defined]


def test_the_record_refused_can_be_saved_over_the_version_it_names(a, b, shown):
    save_staff_member(b, edited(read(b, shown.id), phone="050 999"), read(b, shown.id))
    with pytest.raises(ConcurrentChange) as caught:
        save_staff_member(a, edited(shown, title="erityisasiantuntija"), shown)
    theirs = caught.value.current
    save_staff_member(a, edited(theirs, title="erityisasiantuntija"), theirs)
    stored = read(b, shown.id)
    assert (stored.phone, stored.title) == ("050 999", "erityisasiantuntija")


def test_an_update_after_a_delete_is_refused_and_nothing_comes_back(a, b, shown):
    delete_staff_member(b, read(b, shown.id))
    with pytest.raises(ConcurrentChange) as caught:
        save_staff_member(a, edited(shown, title="erityisasiantuntija"), shown)
    assert caught.value.deleted
    with a.unit_of_work() as uow:
        assert uow.staff.get(shown.id) is None


def test_a_delete_after_an_update_is_refused_until_the_new_version_is_deleted(a, b, shown):
    save_staff_member(b, edited(read(b, shown.id), phone="050 999"), read(b, shown.id))
    with pytest.raises(ConcurrentChange) as caught:
        delete_staff_member(a, shown)
    assert read(a, shown.id).phone == "050 999"
    delete_staff_member(a, caught.value.current)  # the user confirmed: delete all the same
    with a.unit_of_work() as uow:
        assert uow.staff.get(shown.id) is None


def test_a_delete_of_a_record_changed_and_deleted_meanwhile_says_it_deleted_nothing(a, b, shown):
    """The record is gone, as wanted, so nothing is asked; but the one deletion in the
    history is b's, of b's version: a's delete of the version it showed returns False."""
    save_staff_member(b, edited(read(b, shown.id), phone="050 999"), read(b, shown.id))
    assert delete_staff_member(b, read(b, shown.id)) is True
    assert delete_staff_member(a, shown) is False
    with a.unit_of_work() as uow:
        entries = uow.history.of_record("staff", shown.id)  # newest first
    assert [e.action.value for e in entries] == ["delete", "update", "insert"]
    assert ("phone", "050 999", None) in [(c.field, c.old, c.new) for c in entries[0].changes]


def test_a_save_in_another_process_is_seen_as_a_concurrent_change(a, shared_url, shown):
    script = (
        "import sys\n"
        "from storage.database import open_database\n"
        "from services.staff import save_staff_member\n"
        "from domain.staff import StaffMember\n"
        "db = open_database(sys.argv[1])\n"
        "with db.unit_of_work() as uow:\n"
        "    shown = uow.staff.get(sys.argv[2])\n"
        "from dataclasses import fields\n"
        "typed = {f.name: getattr(shown, f.name) for f in fields(StaffMember) if f.name != 'id'}\n"
        "save_staff_member(db, StaffMember(**{**typed, 'phone': '050 999'}), shown)\n"
        "db.close()\n"
    )
    subprocess.run([sys.executable, "-c", script, shared_url, shown.id], cwd=ROOT, check=True)
    with pytest.raises(ConcurrentChange) as caught:
        save_staff_member(a, edited(shown, title="erityisasiantuntija"), shown)
    assert caught.value.current.phone == "050 999"
    assert read(a, shown.id).title == "suunnittelija"


def test_each_save_counts_a_version_and_names_who_wrote_it(a, shown):
    assert shown._version == 1  # type: ignore[attr-defined]
    save_staff_member(a, edited(shown, phone="050 999"), shown)
    stored = read(a, shown.id)
    assert stored._version == 2  # type: ignore[attr-defined]
    assert stored._changed_by == actor_of().label()  # type: ignore[attr-defined]


def test_the_demo_a_term_copied_and_an_import_still_save(a, b, tmp_path):
    load_demo(a)
    with a.unit_of_work() as uow:
        terms = uow.board_terms.all()
    latest = max(terms, key=lambda t: t.start)
    new_term = BoardTerm(start=date(latest.start.year + 5, 1, 1))
    save_term(a, new_term, copy_from=latest.id, close_previous=True)
    path = tmp_path / "oske.xlsx"
    export_database(a, path)
    with a.unit_of_work() as uow:
        someone = uow.staff.all()[0]
    save_staff_member(a, edited(someone, phone="000"), someone)
    # the import reads the row and writes the workbook's over it in one transaction (taken
    # knowingly: the row changed after the export)
    report = import_file(b, path, choices=Choices(take_all=True))
    assert report.ok, json.dumps([str(e) for e in report.errors])
    assert read(a, someone.id).phone == someone.phone


def test_a_record_edited_twice_in_one_form_session_saves_both_times(a, shown):
    first = save_staff_member(a, edited(shown, phone="050 1"), shown)
    second = read(a, first.id)
    save_staff_member(a, replace(second, phone="050 2"), second)
    assert read(a, shown.id).phone == "050 2"


def test_the_record_a_save_returns_can_be_saved_again(a, shown):
    saved = save_staff_member(a, edited(shown, phone="050 1"), shown)
    save_staff_member(a, edited(saved, phone="050 2"), saved)
    assert read(a, shown.id).phone == "050 2"


def test_an_overwrite_is_in_the_history_as_an_overwrite(a, b, shown):
    from domain.history import Action

    save_staff_member(b, edited(read(b, shown.id), phone="050 999"), read(b, shown.id))
    save_staff_member(a, edited(shown, title="erityisasiantuntija"), shown, overwrite=True)
    with a.unit_of_work() as uow:
        last = uow.history.last_of("staff", shown.id)
    assert last is not None and last.action is Action.OVERWRITE


def test_a_change_met_by_a_flush_before_the_commit_is_a_concurrent_change(a, b):
    """The version was checked against the row as this transaction read it; the event's
    reasons and measures are stored by a flush of their own, which meets the other's
    change first: refused like any other, not an error of the database."""
    event = save_case_event(a, CaseEvent(date(2026, 1, 5), "alue", Sector.SOCIAL), None)
    with pytest.raises(ConcurrentChange), a.unit_of_work() as uow:
        read_here = uow.case_events.get(event.id)
        assert read_here is not None
        theirs = replace(read_here, municipality="Oulu")
        save_case_event(b, theirs, read_here)
        uow.case_events.update(replace(read_here, municipality="Kemi"), read_here)
        uow.commit()
    with b.unit_of_work() as uow:
        stored = uow.case_events.get(event.id)
    assert stored is not None and stored.municipality == "Oulu"


def test_a_delete_that_empties_another_record_is_a_change_of_it_in_the_history(a, b, shown):
    """Deleting a staff member leaves her case events without an ombudsman: a new version
    of each, in its history; a form that read the event before is told of the change."""
    event = save_case_event(
        a, CaseEvent(date(2026, 1, 5), "alue", Sector.SOCIAL, ombudsman_id=shown.id), None
    )
    with a.unit_of_work() as uow:
        event_shown = uow.case_events.get(event.id)
    assert event_shown is not None
    delete_staff_member(b, read(b, shown.id))
    with a.unit_of_work() as uow:
        last = uow.history.last_of("case_events", event.id)
    assert last is not None and last.action.value == "update"
    assert [(c.field, c.old, c.new) for c in last.changes] == [("ombudsman_id", shown.id, None)]
    with pytest.raises(ConcurrentChange):
        save_case_event(a, replace(event_shown, ombudsman_id=None), event_shown)


def test_the_records_a_delete_takes_with_it_are_deleted_in_the_history(a, shown):
    project = Project("HANKE-1", "Hanke", OurRole.ADMINISTRATOR)
    save_project(a, project, None)
    role = ProjectAssignment(project.id, shown.id, "asiantuntija")
    save_assignment(a, role, None)
    delete_staff_member(a, read(a, shown.id))
    with a.unit_of_work() as uow:
        last = uow.history.last_of("project_assignments", role.id)
        assert uow.assignments.get(role.id) is None
    assert last is not None and last.action.value == "delete"


def test_a_save_naming_a_person_deleted_meanwhile_is_refused_with_a_message(a, b):
    """The race past the service's check: the database's foreign key refuses the write,
    and the user gets a message instead of a database error."""
    member = save_staff_member(a, anni(), None)
    event = save_case_event(a, CaseEvent(date(2025, 3, 4), "Pirkanmaa", Sector.SOCIAL), None)
    delete_staff_member(b, member.id)
    with pytest.raises(ValidationError) as refused, a.unit_of_work() as uow:
        stored = uow.case_events.get(event.id)
        assert stored is not None
        uow.case_events.update(replace(stored, ombudsman_id=member.id), stored)
        uow.commit()
    (error,) = refused.value.errors
    assert "poistettiin juuri toisella työasemalla" in error.message
    assert read_event(a, event.id).ombudsman_id is None


def read_event(db: Database, event_id: str) -> CaseEvent:
    with db.unit_of_work() as uow:
        found = uow.case_events.get(event_id)
    assert found is not None
    return found
