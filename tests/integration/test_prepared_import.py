"""An import prepared for its preview is committed as it was checked, or let go.

Counted through the progress the import reports per row read: confirming a prepared
import reads no row again. Real parts: the database (SQLite file or the test server) and
a workbook written by the export.
"""

from __future__ import annotations

from pathlib import Path

from domain.staff import StaffMember
from services.staff import save_staff_member
from services.workbook import export_database, prepare_import
from storage.database import Database


def names(db: Database) -> list[str]:
    with db.unit_of_work() as uow:
        return sorted(m.last_name for m in uow.staff.all())


def exported(db: Database, tmp_path: Path) -> Path:
    for last in ("Virtanen", "Kulo", "Bragge"):
        save_staff_member(db, StaffMember(last, "Anna", "suunnittelija"), None)
    path = tmp_path / "oske.xlsx"
    export_database(db, path)
    return path


def test_confirming_a_prepared_import_commits_its_report_without_reading_a_row_again(
    db, empty_db, tmp_path
):
    path = exported(db, tmp_path)
    read: list[tuple[int, int]] = []
    prepared = prepare_import(
        empty_db, path, progress=lambda done, total: read.append((done, total))
    )
    previewed, reads = prepared.report, len(read)
    assert names(empty_db) == []  # not yet
    assert prepared.confirm() is previewed
    assert len(read) == reads and reads > 0
    assert names(empty_db) == ["Bragge", "Kulo", "Virtanen"]
    assert previewed.counts["Henkilöstö"].added == 3


def test_a_released_prepared_import_changes_nothing(db, empty_db, tmp_path):
    prepared = prepare_import(empty_db, exported(db, tmp_path))
    prepared.release()
    assert not prepared.held
    assert names(empty_db) == []
    save_staff_member(empty_db, StaffMember("Östman", "Eija", "suunnittelija"), None)
    assert names(empty_db) == ["Östman"]
