"""File → Varmuuskopiot…: the backups listed, one made now, and a restore after asking."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from domain.staff import StaffMember
from services.backups import back_up_now, can_back_up
from services.staff import save_staff_member
from storage.database import Database
from ui.app.backups_dialog import BackupsDialog
from ui.app.main_window import MainWindow


def add(db: Database, last: str) -> StaffMember:
    return save_staff_member(db, StaffMember(last, "Anna", "suunnittelija"), None)


@pytest.fixture
def tools(db: Database) -> None:
    if not can_back_up(db):
        pytest.skip("pg_dump and pg_restore are not installed (OSKE_PG_DUMP)")


@pytest.fixture
def window(qtbot, db, db_path) -> MainWindow:
    w = MainWindow(db, str(db_path))
    qtbot.addWidget(w)
    w.show()
    return w


def cells(dialog: BackupsDialog, row: int) -> list[str]:
    return [dialog.table.item(row, c).text() for c in range(dialog.table.columnCount())]


def test_the_dialog_lists_the_backups_newest_first_with_time_size_and_records(qtbot, db, tools):
    add(db, "Lehto")
    back_up_now(db)
    dialog = BackupsDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    taken, size, records, reason = cells(dialog, 0)
    assert taken.count(".") >= 3 and ("Mt" in size or "kt" in size)
    assert reason == "tehty käsin"
    if db.engine.dialect.name == "sqlite":
        assert int(records.replace("\xa0", "").replace(" ", "")) > 0


def test_back_up_now_adds_a_row(qtbot, db, tools):
    dialog = BackupsDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0 and not dialog.restore_button.isEnabled()
    dialog.backup_button.click()
    assert dialog.table.rowCount() == 1 and dialog.restore_button.isEnabled()


def test_a_restore_asks_first_and_cancelling_changes_nothing(qtbot, db, tools, on_modal):
    add(db, "Lehto")
    back_up_now(db)
    add(db, "Aho")
    dialog = BackupsDialog(db)
    qtbot.addWidget(dialog)
    asked: list[str] = []

    def cancel(box):
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Cancel).click()

    on_modal(cancel)
    dialog.restore_button.click()
    assert "korvataan" in asked[0] or "Korvataanko" in asked[0]
    with db.unit_of_work() as uow:
        assert len(uow.staff.all()) == 2


def test_a_confirmed_restore_brings_the_backup_back_and_the_window_shows_it(
    qtbot, db, window, tools, on_modal
):
    add(db, "Lehto")
    back_up_now(db)
    add(db, "Aho")
    window.refresh_view()

    def in_dialog(dialog):
        assert isinstance(dialog, BackupsDialog)
        on_modal(confirm)
        on_modal(lambda box: box.button(QMessageBox.StandardButton.Ok).click())
        on_modal(lambda again: again.close())
        dialog.restore_button.click()

    def confirm(box):
        [restore] = [b for b in box.buttons() if "Palauta" in b.text()]
        restore.click()

    on_modal(in_dialog)
    window.backups_action.trigger()
    qtbot.waitUntil(lambda: window.staff_tab.staff_model.rowCount() == 1)
    model = window.staff_tab.staff_model
    assert "Lehto" in model.data(model.index(0, 0))


def test_escape_closes_the_dialog(qtbot, db):
    dialog = BackupsDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, "\x1b")
    assert not dialog.isVisible()


@pytest.mark.sqlite_only("the day's backup of a file")
def test_the_days_first_backup_is_taken_in_the_background_after_the_window_opens(qtbot, db_path):
    from services.backups import backup_list
    from tests.databases import new_database_url
    from ui.app.application import open_window, start_daily_backup

    window = open_window(new_database_url(db_path))
    qtbot.addWidget(window)
    assert backup_list(window.db) == []  # opening the window waits for no backup
    window.show()
    start_daily_backup(window)
    qtbot.waitUntil(lambda: window.daily_backup is not None and window.daily_backup.finished)
    assert [b.kind for b in backup_list(window.db)] == ["daily"]
    window.db.close()
