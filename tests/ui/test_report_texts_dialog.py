"""The annual report texts as the CEO writes them: typing, saving, another year, and nothing
typed lost without being asked."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from domain.report_texts import ReportSection, ReportTexts
from services.report_texts import load_report_texts, save_report_texts
from tests.ui.dialogs import error_beside
from ui.forms.report_texts_dialog import ReportTextsDialog

FOREWORD = ReportSection.FOREWORD
HIGHLIGHTS = ReportSection.HIGHLIGHTS


def leave(d: ReportTextsDialog) -> None:
    """Close after the test without the unsaved-changes question it may have left to ask."""
    if d.isVisible():
        d.done(QDialog.DialogCode.Rejected)


@pytest.fixture
def dialog(qtbot, db):
    d = ReportTextsDialog(db, 2025)
    qtbot.addWidget(d, before_close_func=leave)
    d.show()
    qtbot.waitExposed(d)
    return d


def typed(d: ReportTextsDialog) -> dict[ReportSection, str]:
    return {s: e.toPlainText() for s, e in d.editors.items()}


def answer(button: QMessageBox.StandardButton, asked: list[str]):
    """Answer the unsaved-changes question with ``button``, noting what it asked."""

    def act(box):
        asked.append(box.text())
        box.button(button).click()

    return act


def test_the_dialog_opens_with_the_years_texts_and_the_cursor_in_the_foreword(qtbot, db):
    save_report_texts(db, ReportTexts(2025, {FOREWORD: "Esipuhe 2025"}))
    d = ReportTextsDialog(db, 2025)
    qtbot.addWidget(d, before_close_func=leave)
    d.show()
    qtbot.waitExposed(d)
    assert d.year_spin.value() == 2025
    assert typed(d) == {FOREWORD: "Esipuhe 2025", HIGHLIGHTS: ""}
    assert d.focusWidget() is d.editors[FOREWORD]


def test_typing_and_saving_stores_the_texts_and_closes(dialog, qtbot, db):
    qtbot.keyClicks(dialog.editors[FOREWORD], "A busy year")
    qtbot.keyClick(dialog.editors[FOREWORD], Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.editors[FOREWORD], "Thank you")
    qtbot.keyClick(dialog.editors[FOREWORD], Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.editors[HIGHLIGHTS]
    qtbot.keyClicks(dialog.editors[HIGHLIGHTS], "New office")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert load_report_texts(db, 2025) == ReportTexts(
        2025, {FOREWORD: "A busy year\nThank you", HIGHLIGHTS: "New office"}
    )


@pytest.mark.parametrize(
    "keys", [(Qt.Key.Key_S,), (Qt.Key.Key_Return,)], ids=["Ctrl+S", "Ctrl+Enter"]
)
def test_a_save_key_in_a_text_saves_and_closes(dialog, qtbot, db, keys):
    qtbot.keyClicks(dialog.editors[HIGHLIGHTS], "Highlights")
    qtbot.keyClick(dialog.editors[HIGHLIGHTS], keys[0], Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    assert load_report_texts(db, 2025).text(HIGHLIGHTS) == "Highlights"
    assert dialog.editors[HIGHLIGHTS].toPlainText() == "Highlights"  # no new line typed by the key


def test_switching_year_shows_that_years_texts(dialog, qtbot, db):
    save_report_texts(db, ReportTexts(2024, {HIGHLIGHTS: "Kohokohdat 2024"}))
    dialog.year_spin.setValue(2024)
    assert dialog.year == 2024
    assert typed(dialog) == {FOREWORD: "", HIGHLIGHTS: "Kohokohdat 2024"}


def test_a_year_typed_and_entered_is_shown_and_the_dialog_stays_open(dialog, qtbot, db):
    save_report_texts(db, ReportTexts(2023, {FOREWORD: "Esipuhe 2023"}))
    dialog.year_spin.setFocus()
    dialog.year_spin.selectAll()
    qtbot.keyClicks(dialog.year_spin, "2023")
    qtbot.keyClick(dialog.year_spin, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert typed(dialog)[FOREWORD] == "Esipuhe 2023"


def test_switching_year_with_changes_asks_and_saving_keeps_them(dialog, qtbot, db, on_modal):
    asked: list[str] = []
    qtbot.keyClicks(dialog.editors[FOREWORD], "Foreword 2025")
    on_modal(answer(QMessageBox.StandardButton.Save, asked))
    dialog.year_spin.setValue(2024)
    assert asked == ["Vuoden 2025 tekstien muutoksia ei ole tallennettu. Tallennetaanko ne?"]
    assert load_report_texts(db, 2025).text(FOREWORD) == "Foreword 2025"
    assert dialog.year == 2024
    assert typed(dialog)[FOREWORD] == ""


def test_switching_year_with_changes_and_discarding_them_saves_nothing(dialog, qtbot, db, on_modal):
    asked: list[str] = []
    qtbot.keyClicks(dialog.editors[FOREWORD], "Draft")
    on_modal(answer(QMessageBox.StandardButton.Discard, asked))
    dialog.year_spin.setValue(2024)
    assert len(asked) == 1
    assert dialog.year == 2024
    assert load_report_texts(db, 2025) == ReportTexts(2025)


def test_cancelling_the_question_stays_on_the_year_with_the_text_typed(dialog, qtbot, db, on_modal):
    asked: list[str] = []
    qtbot.keyClicks(dialog.editors[FOREWORD], "Draft")
    on_modal(answer(QMessageBox.StandardButton.Cancel, asked))
    dialog.year_spin.setValue(2024)
    assert len(asked) == 1
    assert dialog.year_spin.value() == 2025
    assert dialog.year == 2025
    assert typed(dialog)[FOREWORD] == "Draft"
    assert load_report_texts(db, 2025) == ReportTexts(2025)


def test_a_text_too_long_is_shown_beside_it_and_nothing_is_saved(dialog, db):
    dialog.editors[HIGHLIGHTS].setPlainText("x" * 20_001)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.isVisible()
    assert error_beside(dialog, "highlights").startswith("Vuoden kohokohdat: teksti on liian pitkä")
    assert load_report_texts(db, 2025) == ReportTexts(2025)


def test_esc_without_changes_closes_without_asking(dialog, qtbot):
    qtbot.keyClick(dialog.editors[FOREWORD], Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_esc_with_changes_asks_and_discarding_closes_without_saving(dialog, qtbot, db, on_modal):
    asked: list[str] = []
    qtbot.keyClicks(dialog.editors[FOREWORD], "Draft")
    on_modal(answer(QMessageBox.StandardButton.Discard, asked))
    qtbot.keyClick(dialog.editors[FOREWORD], Qt.Key.Key_Escape)
    assert len(asked) == 1
    assert not dialog.isVisible()
    assert load_report_texts(db, 2025) == ReportTexts(2025)


def test_esc_with_changes_and_saving_saves_and_closes(dialog, qtbot, db, on_modal):
    qtbot.keyClicks(dialog.editors[FOREWORD], "Final")
    on_modal(answer(QMessageBox.StandardButton.Save, []))
    qtbot.keyClick(dialog.editors[FOREWORD], Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert load_report_texts(db, 2025).text(FOREWORD) == "Final"


def test_esc_with_changes_and_cancelling_keeps_the_dialog_open(dialog, qtbot, on_modal):
    qtbot.keyClicks(dialog.editors[FOREWORD], "Draft")
    on_modal(answer(QMessageBox.StandardButton.Cancel, []))
    qtbot.keyClick(dialog.editors[FOREWORD], Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert typed(dialog)[FOREWORD] == "Draft"


def test_the_dialog_fits_a_small_screen(dialog):
    assert dialog.width() <= 800 and dialog.height() <= 600
    assert dialog.minimumSizeHint().height() <= 560
