"""The import writes a sheet's rows in bulk (issue 22): what a user and an auditor get is
what a row-by-row save gives — a new version, stamped, with the same history entry — and
a row left as it is writes nothing at all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from domain.caselog import CaseEvent, ReferenceKind, Sector
from domain.errors import ValidationError
from domain.finance import Transaction
from domain.history import Action, Entry, HistoryFilter
from domain.staff import StaffMember
from exports.workbook import WINDOW
from services.caselog import save_case_event
from services.finance import save_transaction
from services.staff import save_staff_member
from services.workbook import export_database, import_file
from storage.actor import actor_of
from storage.database import Database
from storage.repositories import CaseEventQuery
from storage.repositories.base import ANALYZE_ROWS
from tests.databases import ON_SERVER, new_database


def _entries(db: Database, kind: str) -> list[Entry]:
    with db.unit_of_work() as uow:
        return uow.history.page(HistoryFilter(kind=kind), 0, 100_000)[::-1]


def _shown(entry: Entry) -> tuple:
    """An entry's label and changes; of a field naming other records (each database has
    IDs of its own for the reference lists and the staff) only that it is there."""
    return entry.label, [
        (c.field, c.old, None if c.field.endswith(("_id", "_ids")) else c.new)
        for c in entry.changes
    ]


def _values(db: Database, kind: ReferenceKind) -> list[str]:
    with db.unit_of_work() as uow:
        return [v.id for v in uow.references.of_kind(kind)]


def _filled(db: Database) -> None:
    """An ombudsman, two events with reasons and measures, two transactions."""
    reasons, measures = _values(db, ReferenceKind.REASON), _values(db, ReferenceKind.MEASURE)
    ombudsman = save_staff_member(db, StaffMember("Kantola", "Marjo", "asiamies"), None)
    for day, minutes in ((date(2025, 3, 4), 30), (date(2025, 3, 5), 45)):
        event = CaseEvent(
            day,
            "Pirkanmaa",
            Sector.SOCIAL,
            municipality="Tampere",
            summary="Kysyi päätöksestä",
            minutes=minutes,
            ombudsman_id=ombudsman.id,
            reason_ids=[reasons[1], reasons[0]],
            measure_ids=[measures[0]],
        )
        save_case_event(db, event, None)
    with db.unit_of_work() as uow:
        category = uow.categories.all()[0]
    for voucher, amount in (("2025-0001", "1234.50"), ("2025-0002", "-80.00")):
        t = Transaction(date(2025, 4, 1), category.id, Decimal(amount), "Lasku", voucher=voucher)
        save_transaction(db, t, None)


def _versions(db: Database) -> dict[str, tuple]:
    with db.unit_of_work() as uow:
        records = [*uow.case_events.all(), *uow.transactions.all()]
        return {r.id: (r._version, r._changed_at, r._changed_by) for r in records}


@contextmanager
def _imported_into_a_new_database(db: Database, tmp_path: Path) -> Iterator[Database]:
    """A new database into which the workbook exported from ``db`` was imported."""
    book = tmp_path / "kirja.xlsx"
    export_database(db, book)
    target = new_database(tmp_path / "target.sqlite")
    try:
        assert import_file(target, book).ok
        yield target
    finally:
        target.close()


def test_reimporting_an_unchanged_export_writes_no_version_and_no_history(db, tmp_path: Path):
    _filled(db)
    book = tmp_path / "kirja.xlsx"
    export_database(db, book)
    before, entries = _versions(db), len(_entries(db, "case_events") + _entries(db, "transactions"))

    report = import_file(db, book)

    assert report.ok, [str(e) for e in report.errors]
    assert report.counts["Asiatapahtumat"].unchanged == 2
    assert report.counts["Kirjaukset"].unchanged == 2
    assert _versions(db) == before
    assert len(_entries(db, "case_events") + _entries(db, "transactions")) == entries


def test_imported_rows_have_the_history_entries_a_save_writes(db, tmp_path: Path):
    _filled(db)
    with _imported_into_a_new_database(db, tmp_path) as target:
        for kind in ("case_events", "transactions"):
            saved = {e.record_id: e for e in _entries(db, kind)}
            imported = _entries(target, kind)
            assert len(imported) == 2
            for entry in imported:
                assert entry.action == Action.INSERT
                assert _shown(entry) == _shown(saved[entry.record_id])


def test_imported_rows_are_new_versions_stamped_by_this_workstation(db, tmp_path: Path):
    _filled(db)
    with _imported_into_a_new_database(db, tmp_path) as target:
        stamps = _versions(target)
    assert len(stamps) == 4
    assert {(version, by) for version, _at, by in stamps.values()} == {(1, actor_of().label())}
    assert all(at is not None for _version, at, _by in stamps.values())


def test_changed_events_are_each_a_new_version_with_their_changes(db, tmp_path: Path):
    _filled(db)
    measures = _values(db, ReferenceKind.MEASURE)
    with db.unit_of_work() as uow:
        names = {v.id: v.name_fi for v in uow.references.all()}
    book = tmp_path / "kirja.xlsx"
    export_database(db, book)
    wb = load_workbook(book)
    ws = wb["Asiatapahtumat"]
    headers = [c.value for c in ws[1]]
    for row in (2, 3):
        ws.cell(row=row, column=headers.index("Toimenpide") + 1, value=names[measures[1]])
    ws.cell(row=3, column=headers.index("Aika (min)") + 1, value=50)
    wb.save(book)
    before = _versions(db)

    report = import_file(db, book)

    assert report.ok, [str(e) for e in report.errors]
    assert report.counts["Asiatapahtumat"].updated == 2
    after = _versions(db)
    events = [e for e in _entries(db, "case_events") if e.action == Action.UPDATE]
    assert {e.record_id for e in events} == {i for i in after if after[i][0] == before[i][0] + 1}
    changed = sorted(sorted(c.field for c in e.changes) for e in events)
    assert changed == [["measure_ids"], ["measure_ids", "minutes"]]
    with db.unit_of_work() as uow:
        stored = uow.case_events.with_ids(list(after))
    assert {tuple(e.measure_ids) for e in stored.values()} == {(measures[1],)}


@pytest.mark.skipif(not ON_SERVER, reason="PostgreSQL's own statistics")
def test_events_added_in_bulk_leave_the_server_statistics_of_them(db):
    # Without them the server planned the next import's reads for an empty table: 63 s
    # instead of 14 s for 50 000 events imported again.
    events = [
        CaseEvent(day=date(2025, 1, 2), area="Eksote", sector=Sector.SOCIAL, summary=f"{i}")
        for i in range(ANALYZE_ROWS)
    ]
    with db.unit_of_work() as uow:
        uow.case_events.add_all(events)
        uow.commit()
    with db.engine.connect() as conn:
        counted = dict(
            conn.exec_driver_sql(
                "SELECT relname, reltuples FROM pg_class "
                "WHERE relname IN ('case_events', 'history')"
            ).all()
        )
    assert counted["case_events"] == ANALYZE_ROWS
    assert counted["history"] >= ANALYZE_ROWS


def test_events_added_in_bulk_naming_a_staff_member_deleted_meanwhile_are_refused(db):
    # As when another workstation deleted the ombudsman after the import read the staff:
    # the database's foreign key refuses the rows, and the user is told what happened.
    gone = StaffMember("Poistettu", "Pekka", "sosiaaliasiamies")
    events = [
        CaseEvent(date(2025, 1, 2), "Eksote", Sector.SOCIAL, ombudsman_id=gone.id)
        for _ in range(ANALYZE_ROWS)
    ]
    with pytest.raises(ValidationError) as refused, db.unit_of_work() as uow:
        uow.case_events.add_all(events)
        uow.commit()
    assert [e.field for e in refused.value.errors] == ["references"]  # "… deleted on another …"
    with db.unit_of_work() as uow:
        assert uow.case_events.count(CaseEventQuery()) == 0


def _without_voucher(headers: list, values: list) -> list:
    """A row of the sheet whose voucher number (used once a year) is left empty."""
    return [
        None if header == "Tosite" else value for header, value in zip(headers, values, strict=True)
    ]


@pytest.mark.parametrize("sheet", ["Asiatapahtumat", "Kirjaukset"])
def test_an_id_repeated_far_down_a_sheet_is_refused_in_a_new_database(db, tmp_path, sheet):
    # The rows a window apart: the first is added, not yet written, when the second is read
    _filled(db)
    book = tmp_path / "kirja.xlsx"
    export_database(db, book)
    wb = load_workbook(book)
    ws = wb[sheet]
    headers, first = [c.value for c in ws[1]], [c.value for c in ws[2]]
    last = WINDOW + 10
    for row in range(ws.max_row + 1, last + 1):
        values = [c.value for c in ws[2 + row % 2]]
        values[0] = None  # a new record, without an ID
        ws.append(_without_voucher(headers, values))
    for column, value in enumerate(_without_voucher(headers, first), start=1):
        ws.cell(row=last, column=column, value=value)
    wb.save(book)
    target = new_database(tmp_path / "target.sqlite")
    try:
        report = import_file(target, book)
        with target.unit_of_work() as uow:
            stored = uow.case_events.count(CaseEventQuery()) + len(uow.transactions.all())
    finally:
        target.close()

    assert [(e.sheet, e.row, e.message) for e in report.errors] == [
        (sheet, last, "sama tunniste on myös rivillä 2")
    ]
    assert stored == 0


def _ids_written(db: Database, tmp_path: Path, written) -> Path:
    """The export of ``db`` with each case event's ID cell as ``written(id)`` has it."""
    book = tmp_path / "kirja.xlsx"
    export_database(db, book)
    wb = load_workbook(book)
    ws = wb["Asiatapahtumat"]
    for row in range(2, ws.max_row + 1):
        ws.cell(row=row, column=1).value = written(ws.cell(row=row, column=1).value)
    wb.save(book)
    return book


def test_an_id_in_capitals_or_braces_is_the_stored_record_it_names(db, tmp_path: Path):
    _filled(db)
    book = _ids_written(db, tmp_path, lambda i: f"{{{i.upper()}}}")

    report = import_file(db, book)

    assert report.ok, [str(e) for e in report.errors]
    assert report.counts["Asiatapahtumat"].unchanged == 2
    assert report.counts["Asiatapahtumat"].added == 0


def test_an_id_that_is_no_id_is_refused_with_its_row(db, tmp_path: Path):
    _filled(db)
    book = _ids_written(db, tmp_path, lambda i: i[:-1] + "x")

    report = import_file(db, book)

    assert [(e.sheet, e.row) for e in report.errors] == [
        ("Asiatapahtumat", 2),
        ("Asiatapahtumat", 3),
    ]
    assert all("ei ole kelvollinen tunniste" in e.message for e in report.errors)
