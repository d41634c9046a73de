"""The import preview's rows changed in the database after the workbook was written: who
changed each and when, what differs, and the choice to keep the database's values (the
default) or take the workbook's. Another workstation is another Database on the same URL."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from domain.history import Action
from domain.staff import StaffMember
from services.staff import save_staff_member
from services.workbook import export_database
from storage.actor import actor_of
from storage.database import Database
from tests.integration.workbook_files import entered_long_ago
from tests.ui.keys import control_texts, keys_of
from ui.app.import_dialog import ImportDialog

TIMEOUT = 10000


@pytest.fixture
def here(a: Database) -> Database:
    """This workstation (``a`` of tests/conftest.py)."""
    return a


@pytest.fixture
def there(b: Database) -> Database:
    """Another workstation."""
    return b


def phone_of(db: Database, member_id: str) -> str:
    with db.unit_of_work() as uow:
        member = uow.staff.get(member_id)
    assert member is not None
    return member.phone


@pytest.fixture
def anni(here: Database) -> str:
    member = StaffMember(
        last_name="Mäkelä", first_name="Anni", title="suunnittelija", phone="040 111"
    )
    saved = save_staff_member(here, member, None).id
    entered_long_ago(here)
    return saved


@pytest.fixture
def book(here: Database, anni: str, tmp_path: Path) -> Path:
    path = tmp_path / "kirja.xlsx"
    export_database(here, path)
    return path


@pytest.fixture
def changed_there(there: Database, anni: str, book: Path) -> None:
    """After the export another workstation changes Anni's phone number."""
    with there.unit_of_work() as uow:
        shown = uow.staff.get(anni)
    assert shown is not None
    typed = {f.name: getattr(shown, f.name) for f in fields(StaffMember) if f.name != "id"}
    save_staff_member(there, StaffMember(**{**typed, "phone": "050 999"}), shown)


def previewed(qtbot, db: Database, path: Path, parent: QWidget) -> ImportDialog:
    dialog = ImportDialog(db, path, parent)
    task = dialog.start()
    qtbot.waitUntil(lambda: task.finished, timeout=TIMEOUT)
    return dialog


def imported(qtbot, dialog: ImportDialog) -> ImportDialog:
    task = dialog.start_import()
    qtbot.waitUntil(lambda: task.finished, timeout=TIMEOUT)
    return dialog


def row(dialog: ImportDialog, number: int = 0) -> list[str]:
    table = dialog.conflict_view.table
    return [table.item(number, c).text() for c in range(table.columnCount())]


@pytest.mark.usefixtures("changed_there")
def test_the_preview_names_the_row_who_changed_it_and_when(qtbot, here, holder, book):
    dialog = previewed(qtbot, here, book, holder)
    assert dialog.conflict_view.isVisible()
    choice, sheet, number, record, changed = row(dialog)
    assert (choice, sheet, number, record) == ("pidä tietokannan", "Henkilöstö", "2", "Mäkelä Anni")
    assert changed.startswith(f"{actor_of().label()} muutti ")
    assert "tämän työkirjan kirjoittamisen jälkeen" in dialog.conflict_view.intro.text()


@pytest.mark.usefixtures("changed_there")
def test_the_preview_shows_the_databases_and_the_workbooks_value(qtbot, here, holder, book):
    dialog = previewed(qtbot, here, book, holder)
    assert dialog.conflict_view.details.toPlainText() == "Puhelin: 050 999 → 040 111"


@pytest.mark.usefixtures("changed_there")
def test_importing_as_offered_keeps_the_databases_value(qtbot, here, holder, book, anni):
    dialog = imported(qtbot, previewed(qtbot, here, book, holder))
    assert phone_of(here, anni) == "050 999"
    assert "1 säilytti tietokannan arvot ja 0 sai työkirjan arvot" in dialog.message.text()
    assert not dialog.conflict_view.isVisible()


@pytest.mark.usefixtures("changed_there")
def test_space_takes_the_workbooks_row_and_the_import_overwrites(qtbot, here, holder, book, anni):
    dialog = previewed(qtbot, here, book, holder)
    table = dialog.conflict_view.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert row(dialog)[0] == "ota työkirjan"
    imported(qtbot, dialog)
    assert phone_of(here, anni) == "040 111"
    with here.unit_of_work() as uow:
        last = uow.history.last_of("staff", anni)
    assert last is not None and last.action is Action.OVERWRITE


@pytest.mark.usefixtures("changed_there")
def test_take_all_and_keep_all_choose_for_every_row(qtbot, here, holder, book):
    dialog = previewed(qtbot, here, book, holder)
    qtbot.mouseClick(dialog.conflict_view.take_all_button, Qt.MouseButton.LeftButton)
    assert row(dialog)[0] == "ota työkirjan"
    qtbot.mouseClick(dialog.conflict_view.keep_all_button, Qt.MouseButton.LeftButton)
    assert row(dialog)[0] == "pidä tietokannan"


def test_a_workbook_whose_records_did_not_change_shows_no_conflicts(qtbot, here, holder, book):
    wb = openpyxl.load_workbook(book)
    wb["Henkilöstö"]["D2"] = "erityisasiantuntija"
    wb.save(book)
    dialog = previewed(qtbot, here, book, holder)
    assert not dialog.conflict_view.isVisible()
    assert dialog.import_button.isDefault()


@pytest.mark.usefixtures("changed_there")
@pytest.mark.parametrize("language", ["fi", "en"])
def test_no_two_controls_share_an_alt_key_with_conflicts_shown(qtbot, here, holder, book, language):
    from domain.i18n import set_language

    set_language(language)
    dialog = previewed(qtbot, here, book, holder)
    keys = keys_of(control_texts(dialog))
    assert len(set(keys)) == len(keys)
    assert len(keys) >= 6  # Sheets, the conflicts, Keep all, Take all, Differences, Import…


@pytest.mark.usefixtures("changed_there")
def test_taking_a_row_counts_it_among_the_rows_to_update(qtbot, here, holder, book):
    dialog = previewed(qtbot, here, book, holder)

    def staff_counts() -> list[str]:
        table = dialog.preview_view.table
        return [table.item(0, c).text() for c in range(1, 4)]

    assert staff_counts() == ["0", "0", "0"]
    dialog.conflict_view.choose_all(True)
    assert staff_counts() == ["0", "1", "0"]
    dialog.conflict_view.choose_all(False)
    assert staff_counts() == ["0", "0", "0"]
