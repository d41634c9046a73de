"""Faults as the window shows them: a form whose save meets another workstation's lock
stays open with what was typed and says so above its fields; an unexpected error in a
background task is one line naming where it happened and the error log."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from domain.staff import StaffMember
from exports.datafolder import log_path
from services.staff import save_staff_member
from services.workbook import export_database
from storage import database
from tests.databases import new_database
from tests.integration.test_faults_locks import lock_held
from tests.integration.test_faults_unexpected import refuse_new_staff
from ui.app.import_dialog import ImportDialog
from ui.forms.staff_member import StaffDialog


@pytest.mark.sqlite_only("a SQLite file's write lock")
def test_a_form_saved_while_another_workstation_holds_the_lock_says_so_and_keeps_the_text(
    qtbot, tmp_path, monkeypatch
):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)
    db = new_database(tmp_path / "oske.sqlite")
    try:
        saved = save_staff_member(db, StaffMember("Mäkelä", "Anni", "suunnittelija"), None)
        with db.unit_of_work() as uow:
            shown = uow.staff.get(saved.id)
        dialog = StaffDialog(db, shown)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.title_edit.setText("erityisasiantuntija")
        with lock_held(tmp_path / "oske.sqlite"):
            dialog.accept()
        assert dialog.isVisible()
        assert dialog.general_error.isVisible()
        assert dialog.general_error.text() == (
            "Toinen työasema tallentaa juuri; yritä hetken kuluttua uudelleen. "
            "Mitään ei tallennettu."
        )
        assert dialog.title_edit.text() == "erityisasiantuntija"
        with db.unit_of_work() as uow:
            assert uow.staff.get(saved.id).title == "suunnittelija"
    finally:
        db.close()


def test_an_unexpected_error_in_the_import_preview_is_one_line_naming_sheet_row_and_log(
    qtbot, tmp_path, on_modal
):
    source = new_database(tmp_path / "source.sqlite")
    save_staff_member(source, StaffMember("Mäkelä", "Anni", "ohjaaja"), None)
    export_database(source, tmp_path / "oske.xlsx")
    source.close()
    db = new_database(tmp_path / "oske.sqlite")
    refuse_new_staff(db)
    holder = QWidget()
    qtbot.addWidget(holder)
    holder.show()
    shown: list[str] = []

    def read(box):
        assert isinstance(box, QMessageBox)
        shown.append(box.text())
        box.accept()

    on_modal(read)
    try:
        dialog = ImportDialog(db, tmp_path / "oske.xlsx", holder)
        task = dialog.start()
        qtbot.waitUntil(lambda: task.finished and bool(shown), timeout=10_000)
    finally:
        db.close()
    assert shown == [
        "Odottamaton virhe keskeytti työn (kohta: taulukko Henkilöstö, rivi 2); mitään ei "
        f"muutettu. Yksityiskohdat on kirjattu lokiin {log_path()}."
    ]
