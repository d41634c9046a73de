"""The Reports menu: the board-meeting financial summary and the annual report's tables as
PDF files, and the annual report's texts.

A report is asked for in a small dialog (the day, or the year), saved where the user
chooses, written off the GUI thread and then opened in the system's PDF viewer.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMenu,
    QSpinBox,
    QWidget,
)

from domain.errors import ValidationError
from domain.i18n import _
from storage.database import Database
from ui.app import preferences
from ui.common.widgets import DateField
from ui.common.workers import BackgroundTask, report_failure
from ui.forms.base import RecordDialog

FIRST_YEAR = 1900


def open_document(path: Path) -> bool:
    """Show ``path`` in the program the system opens such files with; False when none did."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def report_folder() -> str:
    """Where the save dialog starts: the folder of the last file saved or opened here (the
    workbooks' too), else the user's documents folder."""
    stored = preferences.last_folder()
    if stored and Path(stored).is_dir():
        return stored
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and Path(documents).is_dir() else str(Path.home())


class _ReportDialog(RecordDialog):
    """One question before a report; ``chosen`` holds the answer after ``exec()`` accepts."""

    def __init__(self, title: str, hint: str, parent: QWidget | None) -> None:
        super().__init__(title, parent)
        self.chosen: object = None
        self.setMinimumWidth(420)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save as &PDF…"))
        self.hint = QLabel(hint, self)
        self.hint.setWordWrap(True)
        self.form.addRow(self.hint)

    def save(self, values: object) -> None:
        self.chosen = values  # nothing to store: the caller writes the report


class BoardSummaryDialog(_ReportDialog):
    """The day of the board-meeting financial summary, today at first."""

    def __init__(self, parent: QWidget | None = None, day: date | None = None) -> None:
        super().__init__(
            _("Board-meeting financial summary"),
            _(
                "Budget versus actual from 1 January to this day, income by source and the projects' finances."
            ),
            parent,
        )
        self.day = DateField(self)
        self.day.setObjectName("as_of")
        self.day.set_date(day or date.today())
        self.add_field("as_of", _("&Situation on"), self.day)

    @property
    def values(self) -> date:
        label = _("Situation on")
        try:
            day = self.day.date("as_of")
        except ValidationError as exc:
            message = _("{field}: {error}").format(field=label, error=exc.message)
            raise ValidationError("as_of", message) from exc
        if day is None:
            raise ValidationError("as_of", _("{field} is required").format(field=label))
        return day


class AnnualReportDialog(_ReportDialog):
    """The year of the annual report's tables, last year at first."""

    def __init__(self, parent: QWidget | None = None, year: int | None = None) -> None:
        super().__init__(
            _("Annual report"),
            _(
                "The tables of the annual report for the year: board, finances, staff, projects and statistics."
            ),
            parent,
        )
        this_year = date.today().year
        self.year = QSpinBox(self)
        self.year.setObjectName("year")
        self.year.setRange(FIRST_YEAR, this_year)
        self.year.setValue(year or this_year - 1)
        self.year.setMaximumWidth(100)
        self.add_field("year", _("&Year"), self.year)

    @property
    def values(self) -> int:
        return self.year.value()


class ReportsMenu(QObject):
    """The Reports menu of ``window``; ``status_message`` carries what the status bar shows.
    ``task`` is the report being written, if any."""

    status_message = Signal(str)

    def __init__(self, db: Database, window: QWidget, menu: QMenu | None = None) -> None:
        super().__init__(window)
        self.db = db
        self.window = window
        self.task: BackgroundTask | None = None
        # No Alt key on the title: every letter of "Reports" and of "Raportit" is already an
        # Alt key of some tab's fields (Sea&rch, &Staff, T&alous...); Alt, then the arrow
        # keys, reach the menu.
        self.menu = menu if menu is not None else QMenu(_("Reports"), window)
        self.board_action = QAction(_("&Board-meeting financial summary…"), window)
        self.board_action.triggered.connect(self.board_summary)
        self.annual_action = QAction(_("&Annual report…"), window)
        self.annual_action.triggered.connect(self.annual_report)
        self.texts_action = QAction(_("Annual report &texts…"), window)
        self.texts_action.triggered.connect(self.report_texts)
        self.menu.addAction(self.board_action)
        self.menu.addAction(self.annual_action)
        self.menu.addSeparator()
        self.menu.addAction(self.texts_action)

    # --- the menu's items ------------------------------------------------------------
    def board_summary(self) -> BackgroundTask | None:
        """Ask the day and the file, then write the summary; the writing task, or None when
        the user cancelled."""
        dialog = BoardSummaryDialog(self.window)
        if not dialog.exec():
            return None
        as_of = dialog.chosen
        assert isinstance(as_of, date)  # what BoardSummaryDialog.values gives
        name = _("budget-versus-actual-{date}.pdf").format(date=as_of.isoformat())
        path = self._choose_file(_("Save the board-meeting financial summary"), name)
        if path is None:
            return None

        def write(target: Path, cancelled: Callable[[], bool]) -> Path:
            from services.reports import write_board_report  # ReportLab: loaded when first used

            return write_board_report(self.db, as_of, target, cancelled=cancelled)

        return self._write(write, path)

    def annual_report(self) -> BackgroundTask | None:
        """Ask the year and the file, then write the annual report's tables."""
        dialog = AnnualReportDialog(self.window)
        if not dialog.exec():
            return None
        year = dialog.chosen
        assert isinstance(year, int)  # what AnnualReportDialog.values gives
        name = _("annual-report-{year}.pdf").format(year=year)
        path = self._choose_file(_("Save the annual report"), name)
        if path is None:
            return None

        def write(target: Path, cancelled: Callable[[], bool]) -> Path:
            from services.reports import write_annual  # ReportLab: loaded when first used

            return write_annual(self.db, year, target, cancelled=cancelled)

        return self._write(write, path)

    def report_texts(self) -> None:
        # imported here: the texts dialog is a separate piece of the window
        from ui.forms.report_texts_dialog import ReportTextsDialog

        ReportTextsDialog(self.db, date.today().year - 1, self.window).exec()

    # --- saving ----------------------------------------------------------------------
    def _choose_file(self, title: str, name: str) -> Path | None:
        suggested = str(Path(report_folder()) / name)
        chosen, _filter = QFileDialog.getSaveFileName(
            self.window, title, suggested, _("PDF documents (*.pdf)")
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        preferences.store_last_folder(str(path.parent))
        return path

    def _write(
        self, write: Callable[[Path, Callable[[], bool]], Path], path: Path
    ) -> BackgroundTask:
        def task(_progress, cancelled):
            # The writer puts the file in place only when it is whole and not cancelled.
            return write(path, cancelled)

        self.task = BackgroundTask(_("Writing the report…"), task, self.window)
        self.task.done.connect(self._written)
        self.task.error.connect(lambda exc: self._failed(path, exc))
        self.task.start()
        return self.task

    def _written(self, path: Path) -> None:
        shown = os.path.normpath(path)
        if open_document(path):
            message = _("Report saved: {file}")
        else:
            message = _("Report saved: {file} (no program could open it)")
        self.status_message.emit(message.format(file=shown))

    def _failed(self, path: Path, exc: object) -> None:
        def cannot_write(error: OSError) -> str:
            return _("The report could not be written to {file}:\n{reason}").format(
                file=os.path.normpath(path), reason=error.strerror or str(error)
            )

        report_failure(exc, self.window, self.status_message.emit, os_error=cannot_write)
