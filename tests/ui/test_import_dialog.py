"""The import dialog as a user meets it: a preview per sheet, the import, its summary.

Real parts only: a SQLite database, workbooks written by the export or by openpyxl, the
preview and the import running in their background threads. A cancel is made certain by
holding the background work at its start until the test has pressed Cancel.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from domain.staff import StaffMember
from exports.workbook import Cancelled
from services import workbook as workbook_service
from services.workbook import export_database
from storage.database import Database
from tests.integration.workbook_files import entered_long_ago
from tests.ui.keys import control_texts, keys_of
from ui.app import import_dialog
from ui.app.import_dialog import ImportDialog

TIMEOUT = 10000


def staff(db: Database) -> list[tuple[str, str, str]]:
    with db.unit_of_work() as uow:
        return sorted((s.last_name, s.first_name, s.title) for s in uow.staff.all())


def category_names(db: Database) -> list[str]:
    with db.unit_of_work() as uow:
        return sorted(c.name for c in uow.categories.all())


@pytest.fixture
def changed_workbook(db: Database, tmp_path: Path) -> Path:
    """Three staff members in the database; the workbook changes one, adds one and adds a category."""
    with db.unit_of_work() as uow:
        for member in (
            StaffMember("Virtanen", "Helena", "toimitusjohtaja"),
            StaffMember("Kulo", "Outi", "toimistosihteeri"),
            StaffMember("Bragge", "Kaisa", "kehittämispäällikkö"),
        ):
            uow.staff.add(member)
        uow.commit()
    entered_long_ago(db)  # else a change just before the export is asked about
    path = tmp_path / "muutokset.xlsx"
    export_database(db, path)
    wb = load_workbook(path)
    ws = wb["Henkilöstö"]
    for row in ws.iter_rows(min_row=2):
        if row[1].value == "Kulo":
            row[3].value = "hallintoassistentti"
    ws.append([None, "Östman", "Eija", "suunnittelija", "vakinainen", 80])
    wb["Luokat"].append([None, "Koulutustuotot", "tuotto"])
    wb.save(path)
    return path


def bad_workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Henkilöstö"
    ws.append(["Sukunimi", "Etunimi", "Tehtävänimike", "Alkaen", "Työaika-%"])
    ws.append(["Kantola", "Marjo", "hallintoassistentti", "31.11.2023", 100])
    ws.append(["Bragge", "Kaisa", "kehittämispäällikkö", "1.1.2020", 150])
    trainees = wb.create_sheet("Harjoittelijat")
    trainees.append(["Sukunimi", "Etunimi", "Tyyppi", "Alkaen"])
    trainees.append(["Laine", "Aino", "harjoittelu", "huomenna"])
    wb.save(path)
    return path


class Opened:
    """An import dialog started on a file, with what it told the main window."""

    def __init__(self, db: Database, path: Path, parent: QWidget) -> None:
        self.dialog = ImportDialog(db, path, parent)
        self.messages: list[str] = []
        self.imported: list[object] = []
        self.closed: list[int] = []
        self.dialog.status_message.connect(self.messages.append)
        self.dialog.imported.connect(self.imported.append)
        self.dialog.finished.connect(self.closed.append)

    def preview(self, qtbot) -> ImportDialog:
        task = self.dialog.start()
        qtbot.waitUntil(lambda: task.finished, timeout=TIMEOUT)
        return self.dialog

    def confirm(self, qtbot) -> ImportDialog:
        task = self.dialog.start_import()
        qtbot.waitUntil(lambda: task.finished, timeout=TIMEOUT)
        return self.dialog


def table(view) -> list[list[str]]:
    t = view.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def rows_of(view, *sheets: str) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in table(view) if row[0] in sheets}


class Gate:
    """Holds the wrapped service function at its start until the test lets it go."""

    def __init__(self, real: Callable) -> None:
        self.real = real
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self, db, path, **kwargs):
        self.started.set()
        self.release.wait(TIMEOUT / 1000)
        return self.real(db, path, **kwargs)


def test_the_preview_counts_per_sheet_what_would_be_added_updated_and_left_unchanged(
    qtbot, db, holder, changed_workbook
):
    dialog = Opened(db, changed_workbook, holder).preview(qtbot)
    assert dialog.isVisible()
    assert rows_of(dialog.preview_view, "Henkilöstö", "Luokat", "Kirjaukset") == {
        "Henkilöstö": ["1", "1", "2"],
        "Luokat": ["1", "0", "11"],
        "Kirjaukset": ["0", "0", "0"],
    }
    assert table(dialog.preview_view)[-1][1:] == ["2", "1", "13"]  # the total row
    assert dialog.file_label.text() == "muutokset.xlsx"


def test_the_preview_lists_the_sheets_in_the_order_of_the_workbook(
    qtbot, db, holder, changed_workbook
):
    dialog = Opened(db, changed_workbook, holder).preview(qtbot)
    sheets = [row[0] for row in table(dialog.preview_view)[:-1]]
    assert sheets[:4] == ["Henkilöstö", "Harjoittelijat", "Hallitus", "Kokoukset"]
    assert sheets[-1] == "Kirjaukset"


def test_the_preview_changes_nothing_in_the_database(qtbot, db, holder, changed_workbook):
    before = (staff(db), category_names(db))
    Opened(db, changed_workbook, holder).preview(qtbot)
    assert (staff(db), category_names(db)) == before


def test_the_preview_offers_import_as_the_default_button(qtbot, db, holder, changed_workbook):
    dialog = Opened(db, changed_workbook, holder).preview(qtbot)
    assert dialog.import_button.isVisible() and dialog.import_button.isDefault()
    assert dialog.cancel_button.isVisible() and not dialog.close_button.isVisible()


def test_confirming_imports_and_the_summary_shows_what_was_done(
    qtbot, db, holder, changed_workbook
):
    opened = Opened(db, changed_workbook, holder)
    opened.preview(qtbot)
    dialog = opened.confirm(qtbot)
    assert dialog.pages.currentWidget() is dialog.summary_view
    assert rows_of(dialog.summary_view, "Henkilöstö", "Luokat") == {
        "Henkilöstö": ["1", "1", "2"],
        "Luokat": ["1", "0", "11"],
    }
    assert staff(db) == [
        ("Bragge", "Kaisa", "kehittämispäällikkö"),
        ("Kulo", "Outi", "hallintoassistentti"),
        ("Virtanen", "Helena", "toimitusjohtaja"),
        ("Östman", "Eija", "suunnittelija"),
    ]
    assert "Koulutustuotot" in category_names(db)
    assert len(opened.imported) == 1
    assert dialog.close_button.isVisible() and not dialog.import_button.isVisible()
    assert "muutokset.xlsx" in opened.messages[-1]


def test_enter_in_the_preview_imports(qtbot, db, holder, changed_workbook):
    opened = Opened(db, changed_workbook, holder)
    dialog = opened.preview(qtbot)
    qtbot.keyClick(dialog.preview_view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.task.finished, timeout=TIMEOUT)
    assert len(staff(db)) == 4 and len(opened.imported) == 1


def test_escape_in_the_preview_closes_it_and_changes_nothing(qtbot, db, holder, changed_workbook):
    before = staff(db)
    opened = Opened(db, changed_workbook, holder)
    dialog = opened.preview(qtbot)
    qtbot.keyClick(dialog.preview_view.table, Qt.Key.Key_Escape)
    assert opened.closed and staff(db) == before
    assert opened.messages == ["Peruutettu; mitään ei muutettu."]


def test_a_workbook_with_errors_lists_every_error_with_its_sheet_row_and_column(
    qtbot, db, holder, tmp_path
):
    dialog = Opened(db, bad_workbook(tmp_path / "virheet.xlsx"), holder).preview(qtbot)
    listed = dialog.preview_view.problems.toPlainText().splitlines()
    assert len(listed) == 3
    assert listed[0].startswith("Henkilöstö, rivi 2, sarake Alkaen: ")
    assert listed[1].startswith("Henkilöstö, rivi 3, sarake Työaika-%: ")
    assert listed[2].startswith("Harjoittelijat, rivi 2, sarake Alkaen: ")
    assert "3" in dialog.message.text()


def test_a_workbook_with_errors_offers_only_close(qtbot, db, holder, tmp_path):
    dialog = Opened(db, bad_workbook(tmp_path / "virheet.xlsx"), holder).preview(qtbot)
    assert not dialog.import_button.isVisible() and not dialog.cancel_button.isVisible()
    assert dialog.close_button.isVisible() and dialog.close_button.isDefault()
    assert staff(db) == []


def test_the_copy_button_puts_every_error_on_the_clipboard(qtbot, db, holder, tmp_path):
    dialog = Opened(db, bad_workbook(tmp_path / "virheet.xlsx"), holder).preview(qtbot)
    qtbot.mouseClick(dialog.preview_view.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text().splitlines()
    assert copied == dialog.preview_view.problems.toPlainText().splitlines()
    assert len(copied) == 3


def test_cancelling_the_preview_closes_the_dialog_and_changes_nothing(
    qtbot, db, holder, changed_workbook, monkeypatch
):
    before = (staff(db), category_names(db))
    gate = Gate(workbook_service.prepare_import)
    monkeypatch.setattr(import_dialog, "prepare_import", gate)
    opened = Opened(db, changed_workbook, holder)
    task = opened.dialog.start()
    failures: list[object] = []
    task.error.connect(failures.append)
    assert gate.started.wait(5)
    task.cancel()
    gate.release.set()
    qtbot.waitUntil(lambda: task.finished, timeout=TIMEOUT)
    assert [type(f) for f in failures] == [Cancelled]
    assert opened.closed and not opened.imported
    assert opened.messages == ["Peruutettu; mitään ei muutettu."]
    assert (staff(db), category_names(db)) == before


def test_cancelling_the_import_changes_nothing_and_the_dialog_says_so(
    qtbot, db, holder, changed_workbook, monkeypatch
):
    """An import that runs anew: the preview was held past its time and rolled back."""
    before = (staff(db), category_names(db))
    gate = Gate(workbook_service.import_file)
    monkeypatch.setattr(import_dialog, "import_file", gate)
    monkeypatch.setattr(import_dialog, "HOLD_LIMIT_S", 0.05)
    opened = Opened(db, changed_workbook, holder)
    dialog = opened.preview(qtbot)
    qtbot.waitUntil(lambda: not dialog.prepared.held, timeout=TIMEOUT)
    task = dialog.start_import()
    failures: list[object] = []
    task.error.connect(failures.append)
    assert gate.started.wait(5)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc during the import cancels it
    gate.release.set()
    qtbot.waitUntil(lambda: task.finished, timeout=TIMEOUT)
    assert [type(f) for f in failures] == [Cancelled]
    assert (staff(db), category_names(db)) == before
    assert dialog.isVisible() and dialog.note.isVisible() and not opened.imported
    assert dialog.import_button.isVisible() and dialog.import_button.isEnabled()


def test_an_unreadable_file_shows_why_and_changes_nothing(qtbot, db, holder, tmp_path, on_modal):
    path = tmp_path / "rikki.xlsx"
    path.write_bytes(b"not a workbook")
    shown: list[str] = []

    def read(box):
        assert isinstance(box, QMessageBox)
        shown.append(box.text())
        box.accept()

    on_modal(read)
    opened = Opened(db, path, holder)
    task = opened.dialog.start()
    qtbot.waitUntil(lambda: task.finished and bool(shown), timeout=TIMEOUT)
    assert "rikki.xlsx" in shown[0]
    assert opened.closed and staff(db) == []


def test_no_two_buttons_or_labels_of_the_dialog_share_an_alt_key(qtbot, db, holder, tmp_path):
    from domain.i18n import set_language

    set_language("en")
    dialog = Opened(db, bad_workbook(tmp_path / "virheet.xlsx"), holder).preview(qtbot)
    texts = control_texts(dialog)
    keys = keys_of(texts)
    assert len(keys) == len(texts) == 4  # Sheets, Errors, Copy, Close: each has one
    assert len(set(keys)) == len(keys)
