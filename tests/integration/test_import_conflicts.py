"""A workbook row whose record changed in the database after the workbook was exported is
a conflict: the import keeps the database's values unless the workbook's are taken, and
then the history says it was saved over. Two workstations are two Database objects on
one URL, as in test_concurrent_edits."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from domain.history import Action
from domain.staff import StaffMember
from exports.workbook import Choices
from services.staff import delete_staff_member, save_staff_member
from services.workbook import export_database, import_file, preview_file
from storage.actor import actor_of
from storage.database import Database
from tests.databases import database_args

ROOT = Path(__file__).resolve().parents[2]


def read(db: Database, member_id: str) -> StaffMember | None:
    with db.unit_of_work() as uow:
        return uow.staff.get(member_id)


def change(db: Database, member_id: str, **values) -> None:
    """Save a change as a form does: the record as read, with the values typed."""
    shown = read(db, member_id)
    assert shown is not None
    typed = {f.name: getattr(shown, f.name) for f in fields(StaffMember) if f.name != "id"}
    save_staff_member(db, StaffMember(**{**typed, **values}), shown)


def edit_cell(path: Path, record_id: str, header: str, value: str, sheet="Henkilöstö") -> None:
    """Type ``value`` into the workbook's row of ``record_id`` under ``header``."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    column = [c.value for c in ws[1]].index(header) + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == record_id)
    ws.cell(row, column, value)
    wb.save(path)


def remove_about(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    del wb["Tiedot"]
    wb.save(path)


@pytest.fixture
def anni(a: Database) -> str:
    member = StaffMember(
        last_name="Mäkelä", first_name="Anni", title="suunnittelija", phone="040 111"
    )
    saved = save_staff_member(a, member, None).id
    long_ago(a, saved)
    return saved


@pytest.fixture
def book(a: Database, anni: str, tmp_path: Path) -> Path:
    path = tmp_path / "oske.xlsx"
    export_database(a, path)
    return path


def test_a_row_changed_in_the_database_after_the_export_is_a_conflict_and_kept(a, b, anni, book):
    change(b, anni, phone="050 999")
    edit_cell(book, anni, "Tehtävänimike", "erityisasiantuntija")
    report = import_file(a, book)
    assert report.ok
    [conflict] = report.conflicts
    assert (conflict.sheet, conflict.row, conflict.label) == ("Henkilöstö", 2, "Mäkelä Anni")
    assert conflict.change.who == actor_of().label()
    assert not conflict.taken
    stored = read(a, anni)
    assert stored is not None
    assert (stored.phone, stored.title) == ("050 999", "suunnittelija")
    assert report.counts["Henkilöstö"].kept == 1


def test_the_conflict_names_each_field_with_the_databases_and_the_workbooks_value(a, b, anni, book):
    change(b, anni, phone="050 999")
    edit_cell(book, anni, "Tehtävänimike", "erityisasiantuntija")
    [conflict] = preview_file(a, book).conflicts
    shown = {(f.column, f.database, f.workbook) for f in conflict.fields}
    assert shown == {
        ("Puhelin", "050 999", "040 111"),
        ("Tehtävänimike", "suunnittelija", "erityisasiantuntija"),
    }


def test_a_row_the_workbook_did_not_edit_does_not_undo_a_later_change(a, b, anni, book):
    change(b, anni, phone="050 999")
    report = import_file(a, book)
    assert [c.record_id for c in report.conflicts] == [anni]
    stored = read(a, anni)
    assert stored is not None and stored.phone == "050 999"


def test_taking_the_workbooks_row_stores_it_as_an_overwrite(a, b, anni, book):
    change(b, anni, phone="050 999")
    edit_cell(book, anni, "Tehtävänimike", "erityisasiantuntija")
    report = import_file(a, book, choices=Choices(take=frozenset({("staff", anni)})))
    assert report.ok and report.conflicts[0].taken
    stored = read(a, anni)
    assert stored is not None
    assert (stored.phone, stored.title) == ("040 111", "erityisasiantuntija")
    with a.unit_of_work() as uow:
        last = uow.history.last_of("staff", anni)
    assert last is not None and last.action is Action.OVERWRITE


def test_only_the_taken_row_is_an_overwrite_in_the_history(a, b, anni, book):
    other = save_staff_member(
        a, StaffMember(last_name="Aho", first_name="Eero", title="sihteeri"), None
    ).id
    long_ago(a, other)
    # Exported again, now with Eero; only Anni changes in the database afterwards
    export_database(a, book)
    change(b, anni, phone="050 999")
    edit_cell(book, other, "Tehtävänimike", "taloussihteeri")
    import_file(a, book, choices=Choices(take_all=True))
    with a.unit_of_work() as uow:
        eero = uow.history.last_of("staff", other)
        annis = uow.history.last_of("staff", anni)
    assert eero is not None and eero.action is Action.UPDATE
    assert annis is not None and annis.action is Action.OVERWRITE


def test_a_record_unchanged_since_the_export_takes_the_workbooks_edit(a, anni, book):
    edit_cell(book, anni, "Tehtävänimike", "erityisasiantuntija")
    report = import_file(a, book)
    assert report.conflicts == []
    assert report.counts["Henkilöstö"].updated == 1
    stored = read(a, anni)
    assert stored is not None and stored.title == "erityisasiantuntija"


def test_a_workbook_without_an_export_time_imports_as_before(a, b, anni, book):
    remove_about(book)
    change(b, anni, phone="050 999")
    report = import_file(a, book)
    assert report.ok and report.conflicts == [] and report.exported_at is None
    stored = read(a, anni)
    assert stored is not None and stored.phone == "040 111"


def test_an_export_time_that_cannot_be_read_is_a_warning(a, anni, book):
    wb = openpyxl.load_workbook(book)
    wb["Tiedot"]["B2"] = "eilen"
    wb.save(book)
    report = import_file(a, book)
    assert report.ok and report.exported_at is None
    assert any("Tiedot" in str(w) and "Viety" in str(w) for w in report.warnings)


def test_a_record_deleted_after_the_export_is_not_recreated_unless_chosen(a, b, anni, book):
    delete_staff_member(b, anni)
    report = import_file(a, book)
    [conflict] = report.conflicts
    assert conflict.deleted and conflict.label == "Mäkelä Anni"
    assert read(a, anni) is None
    import_file(a, book, choices=Choices(take_all=True))
    assert read(a, anni) is not None


def test_a_record_deleted_before_the_export_is_added_as_before(a, anni, tmp_path):
    path = tmp_path / "old.xlsx"
    export_database(a, path)
    delete_staff_member(a, anni)
    # A workbook written after the deletion, holding the row all the same (a copy-paste)
    later = tmp_path / "later.xlsx"
    export_database(a, later)
    wb, old = openpyxl.load_workbook(later), openpyxl.load_workbook(path)
    ws = wb["Henkilöstö"]
    for row in old["Henkilöstö"].iter_rows(min_row=2, values_only=True):
        ws.append(row)
    wb.save(later)
    long_ago(a, anni)
    report = import_file(a, later)
    assert report.conflicts == [] and report.counts["Henkilöstö"].added == 1


def long_ago(db: Database, record_id: str) -> None:
    """Move a staff member's last change and history an hour back, as if made long before
    the export (a change within a minute before it counts as after it: clocks differ)."""
    from sqlalchemy import select, update

    from storage import orm

    h = orm.history.c
    with db.engine.begin() as conn:
        conn.execute(
            update(orm.staff)
            .where(orm.staff.c.id == record_id)
            .values(changed_at=datetime.now(UTC) - timedelta(hours=1))
        )
        for entry_id, at in conn.execute(select(h.id, h.at).where(h.record_id == record_id)):
            conn.execute(
                update(orm.history).where(h.id == entry_id).values(at=at - timedelta(hours=1))
            )


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_the_command_line_keeps_the_databases_values_and_names_each_conflict(
    a, b, shared_url, anni, book
):
    change(b, anni, phone="050 999")
    result = run(*database_args(shared_url), "import", str(book))
    assert result.returncode == 0, result.stderr
    assert "Henkilöstö, rivi 2: Mäkelä Anni" in result.stdout
    assert actor_of().label() in result.stdout
    assert "--take-workbook" in result.stdout
    stored = read(a, anni)
    assert stored is not None and stored.phone == "050 999"


def test_the_command_lines_take_workbook_takes_the_workbooks_values(a, b, shared_url, anni, book):
    change(b, anni, phone="050 999")
    result = run(*database_args(shared_url), "import", str(book), "--take-workbook")
    assert result.returncode == 0, result.stderr
    stored = read(a, anni)
    assert stored is not None and stored.phone == "040 111"


def copied(record, **changes):
    """What a form builds from a record it shows: a new record, the same ID, typed values."""
    values = {f.name: getattr(record, f.name) for f in fields(record)}
    return type(record)(**{**values, **changes})


def test_a_ledger_row_and_a_board_row_changed_meanwhile_name_their_values(a, b, tmp_path):
    from decimal import Decimal

    from domain.formats import format_number
    from services.board import save_seat
    from services.demo import load_demo
    from services.finance import save_transaction

    load_demo(a)
    path = tmp_path / "demo.xlsx"
    export_database(a, path)
    with b.unit_of_work() as uow:
        entry = next(t for t in uow.transactions.all() if t.amount > 100)
        other = next(c for c in uow.categories.all() if c.id != entry.category_id)
        old_category = uow.categories.get(entry.category_id)
        seat = uow.board_seats.all()[0]
    assert old_category is not None
    save_transaction(
        b, copied(entry, amount=entry.amount + Decimal("0.5"), category_id=other.id), entry
    )
    save_seat(b, copied(seat, member_title="puheenjohtajan varahenkilö"), seat)
    report = preview_file(a, path)
    assert report.ok, [str(e) for e in report.errors]
    by_sheet = {c.sheet: c for c in report.conflicts}
    assert set(by_sheet) == {"Kirjaukset", "Hallitus"}
    shown = {f.column: (f.database, f.workbook) for f in by_sheet["Kirjaukset"].fields}
    assert shown["Luokka"] == (other.name, old_category.name)
    amounts = (format_number(entry.amount + Decimal("0.5"), 2), format_number(entry.amount, 2))
    assert shown["Summa €"] == amounts
    assert by_sheet["Hallitus"].label == f"{seat.member_last_name} {seat.member_first_name}"
