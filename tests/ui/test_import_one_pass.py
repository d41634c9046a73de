"""The import dialog's preview is the import: Import commits what the preview checked,
without reading the workbook again; Cancel, closing or a failed commit leave the database
as it was, and other workstations can save again once the preview is let go.

Real parts only: the database (a SQLite file or the test server), workbooks written by the
export and openpyxl, the dialog and its background threads.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.engine import make_url

from domain.errors import DatabaseBusy
from domain.staff import StaffMember
from services.staff import save_staff_member
from storage import database
from storage.database import Database, open_database
from tests.databases import ON_SERVER, new_database_url
from tests.integration.test_faults_locks import Forwarder
from tests.ui.test_import_dialog import (
    TIMEOUT,
    Opened,
    rows_of,
    staff,
    table,
)
from ui.app import import_dialog

BUSY = "Toinen työasema tallentaa juuri; yritä hetken kuluttua uudelleen. Mitään ei tallennettu."
AS_EXPORTED = [
    ("Bragge", "Kaisa", "kehittämispäällikkö"),
    ("Kulo", "Outi", "toimistosihteeri"),
    ("Virtanen", "Helena", "toimitusjohtaja"),
]
IMPORTED = [
    ("Bragge", "Kaisa", "kehittämispäällikkö"),
    ("Kulo", "Outi", "hallintoassistentti"),
    ("Virtanen", "Helena", "toimitusjohtaja"),
    ("Östman", "Eija", "suunnittelija"),
]


@pytest.fixture
def changed_workbook(db: Database, tmp_path: Path) -> Path:
    """Three staff members; the workbook changes Kulo's title and adds Östman."""
    return _changed_workbook_in(db, tmp_path)


@pytest.fixture
def other_workstation(db: Database, monkeypatch: pytest.MonkeyPatch):
    """The same database opened a second time, as another workstation has it; it waits
    0.3 s for a lock instead of 5 s."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)
    other = open_database(db.url)
    yield other
    other.close()


def kulo(db: Database) -> StaffMember:
    with db.unit_of_work() as uow:
        return next(m for m in uow.staff.all() if m.last_name == "Kulo")


def renamed(member: StaffMember, title: str) -> StaffMember:
    from dataclasses import replace

    return replace(member, title=title)


def test_import_commits_what_the_preview_checked_without_reading_the_workbook_again(
    qtbot, db, holder, changed_workbook
):
    opened = Opened(db, changed_workbook, holder)
    dialog = opened.preview(qtbot)
    previewed = table(dialog.preview_view)
    # A workbook read again now would be refused as no workbook at all
    changed_workbook.write_bytes(b"not a workbook any more")
    qtbot.keyClick(dialog.preview_view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.task.finished, timeout=TIMEOUT)
    assert table(dialog.summary_view) == previewed
    assert staff(db) == IMPORTED
    assert len(opened.imported) == 1


def test_escape_after_the_preview_changes_nothing_and_lets_others_save(
    qtbot, db, holder, changed_workbook, other_workstation
):
    opened = Opened(db, changed_workbook, holder)
    dialog = opened.preview(qtbot)
    qtbot.keyClick(dialog.preview_view.table, Qt.Key.Key_Escape)
    assert opened.closed and staff(db) == AS_EXPORTED
    save_staff_member(other_workstation, renamed(kulo(db), "talouspäällikkö"), kulo(db))
    assert ("Kulo", "Outi", "talouspäällikkö") in staff(db)


def test_quitting_with_the_preview_shown_changes_nothing_and_lets_others_save(
    qtbot, db, holder, changed_workbook, other_workstation
):
    dialog = Opened(db, changed_workbook, holder).preview(qtbot)
    assert dialog.prepared.held
    # What QApplication.quit() sends before the event loop ends (the test's loop goes on)
    QApplication.instance().aboutToQuit.emit()
    assert not dialog.prepared.held and staff(db) == AS_EXPORTED
    save_staff_member(other_workstation, renamed(kulo(db), "talouspäällikkö"), kulo(db))
    assert ("Kulo", "Outi", "talouspäällikkö") in staff(db)


def test_while_the_preview_is_shown_another_workstation_saving_its_rows_is_told_to_wait(
    qtbot, db, holder, changed_workbook, other_workstation
):
    stored = kulo(db)
    dialog = Opened(db, changed_workbook, holder).preview(qtbot)
    with pytest.raises(DatabaseBusy) as refused:
        save_staff_member(other_workstation, renamed(stored, "talouspäällikkö"), stored)
    assert refused.value.message == BUSY
    qtbot.keyClick(dialog.preview_view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.task.finished, timeout=TIMEOUT)
    assert staff(db) == IMPORTED


def test_a_preview_held_past_its_time_is_let_go_and_import_then_runs_anew(
    qtbot, db, holder, changed_workbook, other_workstation, monkeypatch
):
    monkeypatch.setattr(import_dialog, "HOLD_LIMIT_S", 0.05)
    opened = Opened(db, changed_workbook, holder)
    dialog = opened.preview(qtbot)
    qtbot.waitUntil(lambda: not dialog.prepared.held, timeout=TIMEOUT)
    # Let go: another workstation saves a row the workbook does not change
    bragge = next(m for m in _all(db) if m.last_name == "Bragge")
    save_staff_member(other_workstation, renamed(bragge, "johtaja"), bragge)
    assert staff(db) == [("Bragge", "Kaisa", "johtaja"), *AS_EXPORTED[1:]]
    opened.confirm(qtbot)
    # Run anew: Bragge, changed after the export, is now a row in conflict and kept
    assert rows_of(dialog.summary_view, "Henkilöstö") == {"Henkilöstö": ["1", "1", "1"]}
    assert "1 säilytti tietokannan arvot" in dialog.message.text()
    assert ("Bragge", "Kaisa", "johtaja") in staff(db)
    assert ("Östman", "Eija", "suunnittelija") in staff(db)


def _all(db: Database) -> list[StaffMember]:
    with db.unit_of_work() as uow:
        return list(uow.staff.all())


@pytest.mark.skipif(not ON_SERVER, reason="a database server that goes away")
def test_a_commit_that_loses_the_server_says_so_and_changes_nothing(qtbot, holder, tmp_path):
    url = make_url(new_database_url(tmp_path / "oske"))
    relay = Forwarder(url.host or "127.0.0.1", url.port or 5432)
    direct = open_database(url.render_as_string(False))
    relayed = open_database(url.set(host="127.0.0.1", port=relay.port).render_as_string(False))
    try:
        path = _changed_workbook_in(direct, tmp_path)
        shown: list[str] = []

        def answer() -> None:
            """The message box over the dialog, once it shows (in its own event loop)."""
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                shown.append(box.text())
                box.accept()
            else:
                QTimer.singleShot(20, answer)

        opened = Opened(relayed, path, holder)
        dialog = opened.preview(qtbot)
        relay.cut()
        QTimer.singleShot(0, answer)
        task = dialog.start_import()
        qtbot.waitUntil(lambda: task.finished and bool(shown), timeout=TIMEOUT)
        assert shown[0].startswith("Tietokantapalvelimeen ") and "ei saada yhteyttä" in shown[0]
        assert dialog.note.isVisible()
        assert dialog.note.text() == "Tuonti epäonnistui; mitään ei muutettu."
        assert not opened.imported
        assert staff(direct) == AS_EXPORTED
    finally:
        relay.cut()
        relayed.close()
        direct.close()


def _changed_workbook_in(db: Database, tmp_path: Path) -> Path:
    from openpyxl import load_workbook

    from services.workbook import export_database
    from tests.integration.workbook_files import entered_long_ago

    for last, first, title in AS_EXPORTED:
        save_staff_member(db, StaffMember(last, first, title), None)
    entered_long_ago(db)
    path = tmp_path / "muutokset.xlsx"
    export_database(db, path)
    wb = load_workbook(path)
    ws = wb["Henkilöstö"]
    for row in ws.iter_rows(min_row=2):
        if row[1].value == "Kulo":
            row[3].value = "hallintoassistentti"
    ws.append([None, "Östman", "Eija", "suunnittelija", "vakinainen", 80])
    wb.save(path)
    return path
