"""The import preview's organisation settings: a workbook whose Organisation sheet differs
from the database's settings lists each setting, the database's value beside the
workbook's, and the user keeps the database's (the default) or takes the workbook's. Into
a database without settings the workbook's are taken, and Settings then accepts a change
of language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from domain.organisation import LegalForm, Organisation
from services.settings import save_organisation
from services.workbook import export_database
from storage.database import Database
from tests.ui.dialogs import answer
from tests.ui.keys import alt_keys
from ui.app.import_dialog import ImportDialog
from ui.app.preferences import store_language, stored_language
from ui.forms.settings_dialog import SettingsDialog

TIMEOUT = 10000
WORKBOOK = Organisation(
    name="Sosiaalialan osaamiskeskus Pikassos Oy",
    business_id="1572860-0",
    legal_form=LegalForm.ASSOCIATION,
    areas=["Pirkanmaan hyvinvointialue"],
)
DATABASE = Organisation(name="Toinen keskus ry", legal_form=LegalForm.OTHER)


@pytest.fixture
def book(db: Database, tmp_path: Path) -> Path:
    save_organisation(db, WORKBOOK)
    path = tmp_path / "kirja.xlsx"
    export_database(db, path)
    return path


@pytest.fixture
def other(empty_db: Database) -> Database:
    """A database with organisation settings of its own."""
    save_organisation(empty_db, DATABASE)
    return empty_db


@pytest.fixture
def language_kept() -> Iterator[None]:
    """The workstation's language as it was: the preferences outlive a test."""
    before = stored_language()
    yield
    store_language(before)


def organisation_of(db: Database) -> Organisation:
    with db.unit_of_work() as uow:
        return uow.settings.organisation()


def previewed(qtbot, db: Database, path: Path, parent: QWidget) -> ImportDialog:
    dialog = ImportDialog(db, path, parent)
    task = dialog.start()
    qtbot.waitUntil(lambda: task.finished, timeout=TIMEOUT)
    return dialog


def imported(qtbot, dialog: ImportDialog) -> ImportDialog:
    task = dialog.start_import()
    qtbot.waitUntil(lambda: task.finished, timeout=TIMEOUT)
    return dialog


def rows(dialog: ImportDialog) -> list[list[str]]:
    table = dialog.organisation_view.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_the_preview_lists_each_differing_setting_and_keeps_the_databases(
    qtbot, other, holder, book
):
    dialog = previewed(qtbot, other, book, holder)

    assert dialog.organisation_view.isVisible()
    assert rows(dialog) == [
        ["Nimi", "Toinen keskus ry", "Sosiaalialan osaamiskeskus Pikassos Oy"],
        ["Y-tunnus", "–", "1572860-0"],
        ["Yhtiömuoto", "muu", "yhdistys"],
        ["Toiminta-alueet", "–", "Pirkanmaan hyvinvointialue"],
    ]
    assert dialog.organisation_view.keep_button.isChecked()
    assert dialog.import_button.isDefault()


def test_importing_as_offered_keeps_the_databases_settings(qtbot, other, holder, book):
    dialog = imported(qtbot, previewed(qtbot, other, book, holder))

    assert organisation_of(other) == DATABASE
    assert "Tietokannan organisaatioasetukset pidettiin." in dialog.message.text()
    assert not dialog.organisation_view.isVisible()


def test_alt_y_takes_the_workbooks_settings(qtbot, other, holder, book):
    dialog = previewed(qtbot, other, book, holder)

    qtbot.keyClick(dialog, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)  # Ota t&yökirjan
    # a mnemonic "animates" the button's click, which comes a moment later
    take = dialog.organisation_view.take_button
    qtbot.waitUntil(take.isChecked, timeout=3000)
    imported(qtbot, dialog)

    assert organisation_of(other) == WORKBOOK
    assert "Organisaatioasetukset otettiin työkirjasta." in dialog.message.text()


@pytest.mark.parametrize("language", ["fi", "en"])
def test_no_two_controls_share_an_alt_key_with_the_settings_shown(
    qtbot, other, holder, book, language
):
    from domain.i18n import set_language

    set_language(language)
    dialog = previewed(qtbot, other, book, holder)
    keys = alt_keys(dialog)
    assert len(set(keys)) == len(keys)
    assert len(keys) >= 5  # Sheets, the settings, Keep, Take, Import, Cancel


def test_a_workbook_with_the_same_settings_asks_nothing(qtbot, db, holder, book):
    dialog = previewed(qtbot, db, book, holder)

    assert not dialog.organisation_view.isVisible()


@pytest.mark.usefixtures("language_kept")
def test_into_an_empty_database_the_settings_are_taken_and_a_language_change_is_accepted(
    qtbot, empty_db, holder, book, on_modal
):
    dialog = previewed(qtbot, empty_db, book, holder)
    assert not dialog.organisation_view.isVisible()
    assert "työkirjan asetukset otetaan käyttöön" in dialog.message.text()
    imported(qtbot, dialog)
    assert organisation_of(empty_db) == WORKBOOK

    settings = SettingsDialog(empty_db, holder)
    qtbot.addWidget(settings)
    settings.language.setCurrentIndex(settings.language.findData("en"))
    on_modal(answer(QMessageBox.StandardButton.Ok))
    settings.accept()

    assert settings.result() == SettingsDialog.DialogCode.Accepted
    assert stored_language() == "en"


def test_a_workbook_with_the_organisation_sheet_alone_can_be_imported(
    qtbot, other, holder, tmp_path
):
    from tests.integration.workbook_files import write_workbook

    path = write_workbook(
        tmp_path / "vain.xlsx", {"Organisaatio": [["Asetus", "Arvo"], ["Nimi", "Keskus Oy"]]}
    )
    dialog = previewed(qtbot, other, path, holder)
    assert dialog.import_button.isVisible()
    qtbot.mouseClick(dialog.organisation_view.take_button, Qt.MouseButton.LeftButton)
    imported(qtbot, dialog)

    assert organisation_of(other).name == "Keskus Oy"
