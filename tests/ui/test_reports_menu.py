"""The Reports menu: a day or a year, a file, a PDF written in the background and opened."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QWidget

from domain.i18n import _, set_language
from domain.organisation import Organisation
from tests.ui.dialogs import error_beside
from tests.ui.keys import alt_keys, keys_of
from ui.app import reports_menu
from ui.app.main_window import MainWindow
from ui.app.reports_menu import AnnualReportDialog, BoardSummaryDialog

ORGANISATION = "Sosiaalialan osaamiskeskus Koealue Oy"


@pytest.fixture
def window(qtbot, db, db_path):
    with db.unit_of_work() as uow:
        uow.settings.save_organisation(Organisation(name=ORGANISATION))
        uow.commit()
    w = MainWindow(db, str(db_path))
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def opened(monkeypatch) -> list[Path]:
    """The files the system viewer was asked to open (none is, in the tests)."""
    paths: list[Path] = []

    def record(path: Path) -> bool:
        paths.append(Path(path))
        return True

    monkeypatch.setattr(reports_menu, "open_document", record)
    return paths


@pytest.fixture
def save_as(monkeypatch):
    """Answer the save dialog with the path set in ``answer`` (empty: Cancel); the
    dialog's arguments are kept in ``asked``."""

    class SaveDialog:
        def __init__(self) -> None:
            self.answer: Path | str = ""
            self.asked: list[tuple[str, str, str]] = []

    dialog = SaveDialog()

    def fake(parent, title, suggested, filters, *args, **kwargs):
        dialog.asked.append((title, suggested, filters))
        return str(dialog.answer), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    return dialog


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def files_in(folder: Path) -> list[str]:
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.name != "oske.sqlite" and not p.name.startswith("oske.sqlite-")
    )


def type_day_and_press_enter(text: str):
    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, BoardSummaryDialog)
        dialog.day.setText(text)
        QTest.keyClick(dialog.day.edit, Qt.Key.Key_Return)

    return act


def wait_for_report(qtbot, window) -> None:
    qtbot.waitUntil(
        lambda: window.reports.task is not None and window.reports.task.finished, timeout=15000
    )


def test_the_reports_menu_has_the_two_reports_and_then_the_texts(window):
    menus = [a.menu() for a in window.menuBar().actions()]
    assert window.reports.menu in menus
    items = [a.text() if not a.isSeparator() else "—" for a in window.reports.menu.actions()]
    assert items == [
        _("&Board-meeting financial summary…"),
        _("&Annual report…"),
        "—",
        _("Annual report &texts…"),
    ]


def test_the_board_summary_is_written_to_the_file_chosen_and_opened(
    window, qtbot, on_modal, save_as, opened, tmp_path
):
    save_as.answer = tmp_path / "hallitukselle.pdf"
    on_modal(type_day_and_press_enter("23.11.2026"))
    window.reports.board_action.trigger()
    wait_for_report(qtbot, window)
    target = tmp_path / "hallitukselle.pdf"
    assert target.read_bytes().startswith(b"%PDF")
    text = pdf_text(target)
    assert ORGANISATION in text
    assert "23.11.2026" in text
    assert opened == [target]
    assert window.statusBar().currentMessage() == _("Report saved: {file}").format(file=str(target))


def test_the_save_dialog_offers_a_name_with_the_day(window, on_modal, save_as, opened):
    on_modal(type_day_and_press_enter("23.11.2026"))
    window.reports.board_action.trigger()
    _title, suggested, filters = save_as.asked[0]
    assert Path(suggested).name == _("budget-versus-actual-{date}.pdf").format(date="2026-11-23")
    assert "*.pdf" in filters


def test_a_name_without_an_extension_gets_pdf(window, qtbot, on_modal, save_as, opened, tmp_path):
    save_as.answer = tmp_path / "hallitukselle"
    on_modal(type_day_and_press_enter("23.11.2026"))
    window.reports.board_action.trigger()
    wait_for_report(qtbot, window)
    assert files_in(tmp_path) == ["hallitukselle.pdf"]


def test_the_next_report_is_offered_in_the_folder_of_the_last(
    window, qtbot, on_modal, save_as, opened, tmp_path
):
    folder = tmp_path / "raportit"
    folder.mkdir()
    save_as.answer = folder / "ensimmäinen.pdf"
    on_modal(type_day_and_press_enter("23.11.2026"))
    window.reports.board_action.trigger()
    wait_for_report(qtbot, window)
    save_as.answer = ""
    on_modal(lambda dialog: dialog.accept())
    window.reports.annual_action.trigger()
    assert Path(save_as.asked[1][1]).parent == folder


def test_the_annual_report_is_written_for_the_year_chosen(
    window, qtbot, on_modal, save_as, opened, tmp_path
):
    save_as.answer = tmp_path / "vuosikertomus.pdf"

    def choose_2025(dialog: QWidget) -> None:
        assert isinstance(dialog, AnnualReportDialog)
        assert dialog.year.value() == date.today().year - 1
        dialog.year.setValue(2025)
        qtbot.keyClick(dialog.year, Qt.Key.Key_Return)

    on_modal(choose_2025)
    window.reports.annual_action.trigger()
    wait_for_report(qtbot, window)
    target = tmp_path / "vuosikertomus.pdf"
    assert target.read_bytes().startswith(b"%PDF")
    text = pdf_text(target)
    assert ORGANISATION in text
    assert "2025" in text
    assert Path(save_as.asked[0][1]).name == _("annual-report-{year}.pdf").format(year=2025)
    assert opened == [target]


def test_cancelling_the_save_dialog_writes_nothing(window, on_modal, save_as, opened, tmp_path):
    save_as.answer = ""
    on_modal(type_day_and_press_enter("23.11.2026"))
    window.reports.board_action.trigger()
    assert window.reports.task is None
    assert files_in(tmp_path) == []
    assert opened == []


def test_escape_cancels_the_report_before_any_file_is_asked(
    window, qtbot, on_modal, save_as, opened
):
    on_modal(lambda dialog: qtbot.keyClick(dialog, Qt.Key.Key_Escape))
    window.reports.annual_action.trigger()
    assert save_as.asked == []
    assert window.reports.task is None


def test_a_day_that_does_not_exist_is_named_beside_the_field_and_nothing_is_written(
    window, qtbot, on_modal, save_as, opened, tmp_path
):
    seen: list[str] = []

    def mistype(dialog: QWidget) -> None:
        dialog.day.setText("31.11.2026")
        qtbot.keyClick(dialog.day.edit, Qt.Key.Key_Return)
        seen.append(error_beside(dialog, "as_of"))
        seen.append(str(dialog.isVisible()))
        dialog.reject()

    on_modal(mistype)
    window.reports.board_action.trigger()
    message, still_open = seen
    assert message.startswith(_("Situation on"))
    assert "31.11.2026" in message
    assert still_open == "True"
    assert save_as.asked == []
    assert files_in(tmp_path) == []


def test_a_file_that_cannot_be_written_is_named_in_a_message_and_leaves_nothing_behind(
    window, qtbot, on_modal, save_as, opened, tmp_path
):
    occupied = tmp_path / "raportti.pdf"
    occupied.mkdir()  # a folder where the file should go: the rename fails
    save_as.answer = occupied
    messages: list[str] = []

    def read_and_close(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        messages.append(box.text())
        box.close()

    on_modal(type_day_and_press_enter("23.11.2026"))
    window.reports.board_action.trigger()
    on_modal(read_and_close)
    wait_for_report(qtbot, window)
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert str(occupied) in messages[0]
    assert files_in(tmp_path) == ["raportti.pdf"] and occupied.is_dir()
    assert opened == []


@pytest.mark.parametrize("language", ["fi", "en"])
@pytest.mark.parametrize("kind", [BoardSummaryDialog, AnnualReportDialog])
def test_every_field_and_button_of_a_report_dialog_has_its_own_alt_key(qtbot, language, kind):
    set_language(language)
    dialog = kind()
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [w for w in dialog.findChildren(QLabel) if w.buddy() is not None]
    assert labels and all("&" in w.text() for w in labels)
    keys = alt_keys(dialog)
    assert len(keys) == len(labels) + 1  # the fields and the button that saves
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_menu_items_have_their_own_alt_keys(qtbot, db, db_path, language):
    set_language(language)
    w = MainWindow(db, str(db_path))
    qtbot.addWidget(w)
    items = [a.text() for a in w.reports.menu.actions() if not a.isSeparator()]
    keys = keys_of(items)
    assert len(keys) == len(items)
    assert len(set(keys)) == len(keys)


def test_the_annual_report_texts_open_for_last_year(window, on_modal):
    texts_dialog = pytest.importorskip("ui.forms.report_texts_dialog")
    seen: list[type] = []

    def note(dialog: QWidget) -> None:
        seen.append(type(dialog))
        dialog.reject()

    on_modal(note)
    window.reports.texts_action.trigger()
    assert seen == [texts_dialog.ReportTextsDialog]
