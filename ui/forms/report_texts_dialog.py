"""The annual report's free texts (foreword, highlights of the year), written for each year.

Enter in a text makes a new line; Ctrl+Enter or Ctrl+S saves and closes, Esc closes. Nothing
typed is lost unasked: choosing another year or closing with changes asks whether to save them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from domain.errors import FieldError
from domain.i18n import N_, _
from domain.report_texts import FIRST_YEAR, LAST_YEAR, ReportSection, ReportTexts
from services.report_texts import load_report_texts, save_report_texts
from storage.database import Database
from ui.caselog.statistics_page import muted
from ui.forms.base import RecordDialog

# Strings, not QKeySequence.StandardKey.Save: a standard key needs the application, and this
# module may be imported before it exists.
SAVE_KEYS = (QKeySequence("Ctrl+S"), QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter"))

_CAPTIONS = {
    ReportSection.FOREWORD: N_("&Foreword"),
    ReportSection.HIGHLIGHTS: N_("&Highlights of the year"),
}


class ReportTextsDialog(RecordDialog):
    """Edit one year's texts at a time; ``year`` is the year whose texts are shown."""

    ask_before_discarding = False  # it asks its own question: save, discard or go on

    def __init__(self, db: Database, year: int, parent: QWidget | None = None) -> None:
        super().__init__(_("Annual report texts"), parent, db=db)
        # Not a record: its changes are in File → Change history, so no button that never acts.
        self.history_button.hide()
        self.year_spin = QSpinBox(self)
        self.year_spin.setObjectName("report_texts_year")
        self.year_spin.setRange(FIRST_YEAR, LAST_YEAR)
        self.year_spin.setKeyboardTracking(
            False
        )  # the year is read when typed whole, not per digit
        self.year_spin.setMaximumWidth(90)
        self.year_spin.setToolTip(
            _("The year of the annual report; Enter shows the texts of the year typed")
        )
        self.add_field("year", _("&Year"), self.year_spin)
        note = QLabel(
            _(
                "Printed in the annual report under their headings, before the tables; an empty line "
                "starts a new paragraph. A section left empty is left out of the report."
            ),
            self,
        )
        note.setWordWrap(True)
        muted(note)
        self.form.addRow(note)
        self.editors: dict[ReportSection, QPlainTextEdit] = {}
        for section in ReportSection:
            editor = QPlainTextEdit(self)
            editor.setObjectName(f"report_text_{section.value}")
            editor.setTabChangesFocus(True)  # Tab goes on to the next field, as in every form
            editor.setMinimumHeight(110)
            editor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            self.add_field(section.value, _(_CAPTIONS[section]), editor)
            self.editors[section] = editor
            # The message as wide as the text above it: a narrow one wraps, and a wrapped label
            # below an expanding text gets less height than its lines need.
            error = self.findChild(QLabel, f"error_{section.value}")
            assert error is not None  # add_field made it
            error.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setToolTip(_("Save the texts and close (Ctrl+S or Ctrl+Enter)"))
        for keys in SAVE_KEYS:
            QShortcut(keys, self, self.accept)
        self._enter_reads_year = _EnterReadsYear(self.year_spin)
        self.resize(720, 520)

        self._year = year
        self._loaded = ReportTexts(year)
        self.year_spin.setValue(min(max(year, FIRST_YEAR), LAST_YEAR))
        self._show_year(self.year_spin.value())
        self.year_spin.valueChanged.connect(self._year_chosen)

    # --- what the dialog shows ---------------------------------------------------------------
    @property
    def year(self) -> int:
        """The year whose texts are shown."""
        return self._year

    def _typed(self) -> ReportTexts:
        return ReportTexts(self._year, {s: e.toPlainText() for s, e in self.editors.items()})

    def has_unsaved_changes(self) -> bool:
        return self._typed().tidied() != self._loaded

    def _show_year(self, year: int) -> None:
        texts = load_report_texts(self.db, year)
        self._year = year
        self._loaded = texts.tidied()
        for section, editor in self.editors.items():
            editor.setPlainText(texts.text(section))
        self.clear_errors()

    def showEvent(self, event: QShowEvent) -> None:
        first_show = not self._focus_set
        super().showEvent(event)
        if first_show:  # the dialog is opened to write: start in the first text, not on the year
            self.editors[ReportSection.FOREWORD].setFocus(Qt.FocusReason.TabFocusReason)

    # --- saving --------------------------------------------------------------------------------
    @property
    def values(self) -> ReportTexts:
        texts = self._typed()
        texts.validate()
        return texts

    def save(self, values: ReportTexts) -> None:
        save_report_texts(self.db, values)
        self._loaded = values.tidied()
        self.saved = values

    def show_errors(self, errors: tuple[FieldError, ...]) -> None:
        size = self.size()
        super().show_errors(errors)
        self.resize(
            size.expandedTo(self.minimumSizeHint())
        )  # not shrunk to its size hint, as the base class does

    def _ask_to_save(self) -> QMessageBox.StandardButton:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.windowTitle(),
            _("The texts of {year} have changes that are not saved. Save them?").format(
                year=self._year
            ),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        return QMessageBox.StandardButton(box.exec())

    # --- choosing another year and closing -----------------------------------------------------
    def _year_chosen(self, year: int) -> None:
        if year == self._year:
            return
        if self.has_unsaved_changes():
            answer = self._ask_to_save()
            if answer == QMessageBox.StandardButton.Cancel or (
                answer == QMessageBox.StandardButton.Save and self.save_form() is None
            ):
                self._show_year_in_spin(self._year)  # stay on the year whose texts are typed
                return
        self._show_year(year)

    def _show_year_in_spin(self, year: int) -> None:
        self.year_spin.blockSignals(True)
        self.year_spin.setValue(year)
        self.year_spin.blockSignals(False)

    def reject(self) -> None:
        """Esc, Cancel or the window's close button: asks first when there are changes."""
        if self.has_unsaved_changes():
            answer = self._ask_to_save()
            if answer == QMessageBox.StandardButton.Save:
                self.accept()  # stays open, with the problem shown, when the texts cannot be saved
                return
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()


class _EnterReadsYear(QObject):
    """Enter in the year box shows the texts of the year typed, instead of saving and closing."""

    def __init__(self, spin: QSpinBox) -> None:
        super().__init__(spin)
        self.spin = spin
        spin.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers()
            in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        ):
            self.spin.interpretText()
            self.spin.selectAll()
            return True
        return super().eventFilter(watched, event)
