"""The import dialog meeting workbooks that are not what they seem (tests/integration/
hostile_workbooks.py): a hidden sheet is named among the warnings and still imported; a
workbook that cannot be read at all shows why in a message, and nothing is changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from storage.database import Database
from tests.integration import hostile_workbooks as hostile
from ui.app.import_dialog import ImportDialog

TIMEOUT = 10000


def previewed(qtbot, db: Database, path: Path, holder: QWidget) -> ImportDialog:
    dialog = ImportDialog(db, path, holder)
    task = dialog.start()
    qtbot.waitUntil(lambda: task.finished, timeout=TIMEOUT)
    return dialog


def staff_names(db: Database) -> list[str]:
    with db.unit_of_work() as uow:
        return sorted(m.last_name for m in uow.staff.all())


def test_a_hidden_sheet_is_named_among_the_warnings_and_import_is_still_offered(
    qtbot, db, holder, tmp_path
):
    dialog = previewed(qtbot, db, hostile.make("hidden sheet", tmp_path), holder)
    view = dialog.preview_view
    warnings = view.problems.toPlainText().splitlines()
    assert view.problems.isVisible() and view.problems_label.text() == "&Varoitukset:"
    assert len(warnings) == 1 and warnings[0].startswith("Kirjaukset: ")
    assert "piilotettu" in warnings[0]
    assert dialog.import_button.isVisible() and dialog.import_button.isDefault()


@pytest.mark.parametrize("name", ["only Taul1", "cell at XFD1048576", "ods"])
def test_a_workbook_that_cannot_be_imported_shows_why_and_changes_nothing(
    qtbot, db, holder, tmp_path, on_modal, name
):
    path = hostile.make(name, tmp_path)
    shown: list[str] = []

    def read(box):
        assert isinstance(box, QMessageBox)
        shown.append(box.text())
        box.accept()

    dialog = ImportDialog(db, path, holder)
    task = dialog.start()
    if name == "cell at XFD1048576":  # an error of a sheet: listed in the preview
        qtbot.waitUntil(lambda: task.finished, timeout=TIMEOUT)
        listed = dialog.preview_view.problems.toPlainText()
        assert "XFD1048576" in listed and not dialog.import_button.isVisible()
    else:  # the file as a whole: a message
        on_modal(read)
        qtbot.waitUntil(lambda: task.finished and bool(shown), timeout=TIMEOUT)
        assert path.name in shown[0]
    assert staff_names(db) == []
