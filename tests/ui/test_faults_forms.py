"""A form whose save meets another workstation's lock stays open with what was typed and
says so above its fields; nothing was saved."""

from __future__ import annotations

import pytest

from domain.staff import StaffMember
from services.staff import save_staff_member
from storage import database
from tests.databases import new_database
from tests.integration.test_faults_locks import lock_held
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
