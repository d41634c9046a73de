"""Import a workbook: a preview of what it would change, the import, and a summary.

The preview runs the whole import in a transaction that is held open
(``services.workbook.prepare_import``): its counts and errors are exactly what the import
does, and Import commits that transaction without reading the workbook again. Nothing is
written before the user confirms: Cancel, closing the dialog, an error or quitting rolls it
back. Taking a conflicting row's or the organisation's values from the workbook runs the
import anew with those choices; so does Import after the preview has been held
``HOLD_LIMIT_S`` seconds, as the transaction then was rolled back to let other workstations
save.

Rows whose records changed in the database after the workbook was written are listed
with who changed them and when, and what differs; each keeps the database's values unless
the user takes the workbook's (``ConflictView``). So do the organisation's settings of
the workbook's Organisation sheet where they differ from the database's
(``OrganisationView``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain.formats import format_number
from domain.i18n import _
from exports.sheets import SHEETS
from exports.workbook import (
    Cancelled,
    Choices,
    Conflict,
    ImportReport,
    OrganisationImport,
    SheetCounts,
)
from services.workbook import HOLD_LIMIT_S, PreparedImport, import_file, prepare_import
from storage.database import Database
from ui.common.widgets import ERROR_STYLE
from ui.common.workers import BackgroundTask, report_failure

# The position of each sheet in the workbook, by its name in either language
_SHEET_ORDER = {name.casefold(): i for i, spec in enumerate(SHEETS) for name in (spec.fi, spec.en)}


def _in_workbook_order(counts: dict[str, SheetCounts]) -> list[tuple[str, SheetCounts]]:
    """The sheets as the workbook orders them (import goes in the order records depend on)."""
    return sorted(
        counts.items(), key=lambda item: _SHEET_ORDER.get(item[0].strip().casefold(), len(SHEETS))
    )


def _choice_table(parent: QWidget, headers: list[str]) -> QTableWidget:
    """A read-only table of whole rows, one chosen at a time; Tab leaves it."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.horizontalHeader().setHighlightSections(False)
    return table


class ReportView(QWidget):
    """What an import does per sheet, in a table with a total row, and its problems in a text
    box that can be read, selected and copied."""

    def __init__(self, headers: list[str], parent: QWidget) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, as in a form
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        self.table_label = QLabel(_("&Sheets:"), self)
        self.table_label.setBuddy(self.table)

        self.problems = QPlainTextEdit(self)
        self.problems.setReadOnly(True)
        self.problems.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.problems.setTabChangesFocus(True)
        self.problems_label = QLabel(self)
        self.problems_label.setBuddy(self.problems)
        self.copy_button = QPushButton(_("C&opy"), self)
        self.copy_button.setAutoDefault(False)
        self.copy_button.setToolTip(_("Copy every error and warning to the clipboard"))
        self.copy_button.clicked.connect(self.copy_problems)

        problems_row = QHBoxLayout()
        problems_row.addWidget(self.problems_label, 1)
        problems_row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table_label)
        layout.addWidget(self.table, 3)
        layout.addLayout(problems_row)
        layout.addWidget(self.problems, 2)

    def show_report(self, report: ImportReport) -> None:
        self.show_counts(report.counts)
        lines = [str(problem) for problem in report.errors + report.warnings]
        self.problems.setPlainText("\n".join(lines))
        if report.errors and report.warnings:
            self.problems_label.setText(_("&Errors and warnings:"))
        elif report.errors:
            self.problems_label.setText(_("&Errors:"))
        else:
            self.problems_label.setText(_("&Warnings:"))
        for widget in (self.problems_label, self.problems, self.copy_button):
            widget.setVisible(bool(lines))

    def show_counts(self, per_sheet: dict[str, SheetCounts]) -> None:
        """Per sheet the rows added, updated and unchanged, and their total."""
        current = max(self.table.currentRow(), 0)
        rows = _in_workbook_order(per_sheet)
        self.table.setRowCount(len(rows) + 1 if rows else 0)
        for row, (sheet, counts) in enumerate(rows):
            self._set_row(row, sheet, counts)
        if rows:
            total = SheetCounts(
                sum(c.added for _s, c in rows),
                sum(c.updated for _s, c in rows),
                sum(c.unchanged for _s, c in rows),
            )
            self._set_row(len(rows), _("Total"), total, bold=True)
            self.table.setCurrentCell(min(current, len(rows)), 0)
        self._size_number_columns()
        self.table.setVisible(bool(rows))
        self.table_label.setVisible(bool(rows))

    def _set_row(self, row: int, sheet: str, counts: SheetCounts, *, bold: bool = False) -> None:
        values = [
            sheet,
            *(format_number(n) for n in (counts.added, counts.updated, counts.unchanged)),
        ]
        for column, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            horizontal = Qt.AlignmentFlag.AlignLeft if column == 0 else Qt.AlignmentFlag.AlignRight
            item.setTextAlignment(horizontal | Qt.AlignmentFlag.AlignVCenter)
            if bold:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.table.setItem(row, column, item)

    def _size_number_columns(self) -> None:
        """The columns of numbers equally wide: as wide as the widest header or number."""
        header = self.table.horizontalHeader()
        columns = range(1, self.table.columnCount())
        width = max(
            [header.sectionSizeFromContents(c).width() for c in columns]
            + [self.table.sizeHintForColumn(c) for c in columns]
            + [self.table.fontMetrics().horizontalAdvance("000 000") + 16]
        )
        for column in columns:
            header.resizeSection(column, width)

    def copy_problems(self) -> None:
        QGuiApplication.clipboard().setText(self.problems.toPlainText())

    def first_focus(self) -> QWidget:
        return self.table if self.table.isVisibleTo(self) else self.problems


class ConflictView(QWidget):
    """The rows changed in the database after the workbook was written: who changed each
    and when, and per row (or for all) keep the database's values or take the workbook's.
    Keeping is the default: nothing is overwritten unless chosen. Space toggles a row."""

    TAKE, SHEET, ROW, RECORD, CHANGED = range(5)
    choices_changed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.conflicts: list[Conflict] = []
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.table = _choice_table(
            self, [_("Choice"), _("Sheet"), _("Row"), _("Record"), _("In the database")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.RECORD, QHeaderView.ResizeMode.Stretch)
        self.table_label = QLabel(_("Changed in the &database after the export:"), self)
        self.table_label.setBuddy(self.table)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setTabChangesFocus(True)
        self.details.setMaximumHeight(self.details.fontMetrics().height() * 6)
        self.details_label = QLabel(_("Di&fferences (the database's → the workbook's):"), self)
        self.details_label.setBuddy(self.details)
        self.keep_all_button = QPushButton(_("&Keep all the database's"), self)
        self.take_all_button = QPushButton(_("&Take all the workbook's"), self)
        for button in (self.keep_all_button, self.take_all_button):
            button.setAutoDefault(False)
        self.keep_all_button.clicked.connect(lambda: self.choose_all(False))
        self.take_all_button.clicked.connect(lambda: self.choose_all(True))
        self.table.itemChanged.connect(self._item_changed)
        self.table.currentCellChanged.connect(lambda row, *_args: self._show_details(row))

        buttons = QHBoxLayout()
        buttons.addWidget(self.table_label, 1)
        buttons.addWidget(self.keep_all_button)
        buttons.addWidget(self.take_all_button)
        QWidget.setTabOrder(self.table, self.keep_all_button)
        QWidget.setTabOrder(self.keep_all_button, self.take_all_button)
        QWidget.setTabOrder(self.take_all_button, self.details)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details_label)
        layout.addWidget(self.details)

    def show_conflicts(self, conflicts: list[Conflict]) -> None:
        self.conflicts = list(conflicts)
        n = len(conflicts)
        self.intro.setText(
            (
                _(
                    "One row's record was changed in the database after this workbook was "
                    "written: keep the database's or take the workbook's. The database's is "
                    "kept unless you choose otherwise."
                )
                if n == 1
                else _(
                    "{n} rows' records were changed in the database after this workbook was "
                    "written: keep the database's or take the workbook's. The database's are "
                    "kept unless you choose otherwise."
                )
            ).format(n=format_number(n))
        )
        self.table.blockSignals(True)
        self.table.setRowCount(n)
        for row, conflict in enumerate(conflicts):
            choice = QTableWidgetItem()
            choice.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            choice.setCheckState(
                Qt.CheckState.Checked if conflict.taken else Qt.CheckState.Unchecked
            )
            self.table.setItem(row, self.TAKE, choice)
            self._set_choice_text(row)
            texts = {
                self.SHEET: conflict.sheet,
                self.ROW: format_number(conflict.row),
                self.RECORD: conflict.label,
                self.CHANGED: conflict.by(),
            }
            for column, text in texts.items():
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if column == self.ROW:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        if n:
            self.table.setCurrentCell(0, self.TAKE)
        self._show_details(0)

    def takes(self, row: int) -> bool:
        item = self.table.item(row, self.TAKE)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def choose_all(self, take: bool) -> None:
        state = Qt.CheckState.Checked if take else Qt.CheckState.Unchecked
        for row in range(self.table.rowCount()):
            item = self.table.item(row, self.TAKE)
            if item is not None:
                item.setCheckState(state)

    def choices(self) -> Choices:
        """The rows whose workbook values the user takes; every other keeps the database's."""
        return Choices(
            take=frozenset(c.key for row, c in enumerate(self.conflicts) if self.takes(row))
        )

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == self.TAKE:
            self._set_choice_text(item.row())
            self.choices_changed.emit()

    def _set_choice_text(self, row: int) -> None:
        item = self.table.item(row, self.TAKE)
        if item is None:
            return
        self.table.blockSignals(True)
        item.setText(_("take the workbook's") if self.takes(row) else _("keep the database's"))
        self.table.blockSignals(False)
        self.table.viewport().update()

    def _show_details(self, row: int) -> None:
        if not 0 <= row < len(self.conflicts):
            self.details.clear()
            return
        conflict = self.conflicts[row]
        if conflict.deleted:
            lines = [
                _("The record was deleted in the database; taking the workbook's adds it again.")
            ]
        else:
            lines = [
                f"{f.column}: {f.database or '–'} → {f.workbook or '–'}" for f in conflict.fields
            ]
        self.details.setPlainText("\n".join(lines))


class OrganisationView(QWidget):
    """The organisation's settings in which the workbook differs from the database, the
    database's value beside the workbook's, and the choice: keep the database's (the
    default) or take the workbook's."""

    SETTING, DATABASE, WORKBOOK = range(3)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.intro = QLabel(
            _(
                "The workbook's organisation settings differ from the database's. The "
                "database's are kept unless you take the workbook's."
            ),
            self,
        )
        self.intro.setWordWrap(True)
        self.table = _choice_table(self, [_("Setting"), _("In the database"), _("In the workbook")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.SETTING, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.DATABASE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.WORKBOOK, QHeaderView.ResizeMode.Stretch)
        self.table_label = QLabel(_("O&rganisation settings that differ:"), self)
        self.table_label.setBuddy(self.table)
        self.keep_button = QRadioButton(_("Kee&p the database's settings"), self)
        self.take_button = QRadioButton(_("Take the workbook's setti&ngs"), self)
        self.keep_button.setChecked(True)
        choice = QHBoxLayout()
        choice.addWidget(self.keep_button)
        choice.addWidget(self.take_button)
        choice.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(self.table_label)
        layout.addWidget(self.table)
        layout.addLayout(choice)

    def show_organisation(self, organisation: OrganisationImport | None) -> None:
        """The differences of a workbook whose settings would be kept; nothing otherwise."""
        differences = organisation.differences if organisation and organisation.kept else ()
        self.table.setRowCount(len(differences))
        for row, difference in enumerate(differences):
            texts = (difference.column, difference.database or "–", difference.workbook or "–")
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        if differences:
            self.table.setCurrentCell(0, 0)
        # Every differing setting at once (there are seven at most), without a scroll bar
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height()
            + self.table.verticalHeader().defaultSectionSize() * len(differences)
            + 2 * self.table.frameWidth()
        )
        self.keep_button.setChecked(True)
        self.setVisible(bool(differences))

    def takes(self) -> bool:
        return not self.isHidden() and self.take_button.isChecked()


class ImportDialog(QDialog):
    """Import ``path``: ``start()`` runs the preview and opens the dialog on it.

    ``status_message`` says in the main window how it ended; ``imported`` fires with the
    report once the records are in the database."""

    status_message = Signal(str)
    imported = Signal(object)

    def __init__(self, db: Database, path: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.path = Path(path)
        self.task: BackgroundTask | None = None
        self.report: ImportReport | None = None  # the preview's, then the import's
        # The preview's import, held uncommitted until Import, Cancel or HOLD_LIMIT_S
        self.prepared: PreparedImport | None = None
        self.hold_timer = QTimer(self)
        self.hold_timer.setSingleShot(True)
        self.hold_timer.setInterval(round(HOLD_LIMIT_S * 1000))
        self.hold_timer.timeout.connect(self._release)
        self.offers_import = False
        self.setWindowTitle(_("Import workbook"))

        self.file_label = QLabel(self.path.name, self)
        self.file_label.setToolTip(str(self.path))
        font = QFont(self.file_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.file_label.setFont(font)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel(self)  # how an import that did not happen ended
        self.note.setWordWrap(True)
        self.note.setStyleSheet(ERROR_STYLE)
        self.note.hide()

        self.preview_view = ReportView(
            [_("Sheet"), _("To add"), _("To update"), _("Unchanged")], self
        )
        self.summary_view = ReportView([_("Sheet"), _("Added"), _("Updated"), _("Unchanged")], self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.preview_view)
        self.pages.addWidget(self.summary_view)
        self.conflict_view = ConflictView(self)
        self.conflict_view.hide()
        self.conflict_view.choices_changed.connect(self._count_choices)
        self.organisation_view = OrganisationView(self)
        self.organisation_view.hide()

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(
            _("&Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(
            _("&Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button = self.buttons.addButton(
            _("C&lose"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addWidget(self.message)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.conflict_view, 1)
        layout.addWidget(self.organisation_view)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(740, 540)  # within an 800×600 screen, with its title bar
        self.finished.connect(self._release)
        self.finished.connect(self.deleteLater)
        app = QApplication.instance()
        if app is not None:  # quitting with the dialog open leaves the database as it was
            app.aboutToQuit.connect(self._release)

    # --- the preview -------------------------------------------------------------------
    def start(self) -> BackgroundTask:
        """Check the workbook in the background; the dialog opens on the result."""
        path = self.path

        def task(progress, cancelled):
            return prepare_import(self.db, path, progress=progress, cancelled=cancelled)

        # The dialog is not shown yet: the progress appears over the window that opened it.
        self.task = BackgroundTask(_("Checking the workbook…"), task, self.parentWidget() or self)
        self.task.done.connect(self._previewed)
        self.task.error.connect(self._preview_failed)
        self.task.start()
        return self.task

    def _previewed(self, prepared: PreparedImport) -> None:
        self.prepared = prepared
        if prepared.held:
            self.hold_timer.start()
        report = prepared.report
        self.report = report
        self._show_preview(report)
        self.open()
        page = self.pages.currentWidget()
        assert isinstance(page, ReportView)  # both pages are
        page.first_focus().setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_preview(self, report: ImportReport) -> None:
        self.pages.setCurrentWidget(self.preview_view)
        self.preview_view.show_report(report)
        organisation = report.organisation
        changes_organisation = organisation is not None and (organisation.new or organisation.kept)
        can_import = report.ok and (bool(report.counts) or changes_organisation)
        self._show_conflicts(report.conflicts if can_import else [])
        self._show_organisation(organisation if can_import else None)
        if not report.ok:
            n = len(report.errors)
            text = (
                _(
                    "Nothing can be imported: the workbook has an error. Correct it and try again; "
                    "the database was not changed."
                )
                if n == 1
                else _(
                    "Nothing can be imported: the workbook has {n} errors. Correct them and try again; "
                    "the database was not changed."
                ).format(n=format_number(n))
            )
            self.message.setStyleSheet(ERROR_STYLE)
        elif not report.counts:
            text = _("The workbook had no sheets to import.")
            self.message.setStyleSheet("")
        else:
            text = _("Importing the workbook makes these changes. Nothing has been changed yet.")
            if organisation is not None and organisation.new:
                text += " " + _(
                    "The database has no organisation settings: the workbook's are taken."
                )
            self.message.setStyleSheet("")
        self.message.setText(text)
        self._offer(can_import)

    def _count_choices(self) -> None:
        """The preview's counts with the rows whose workbook values are taken (the preview
        itself kept the database's for every one)."""
        if self.report is None or self.pages.currentWidget() is not self.preview_view:
            return
        counts = {sheet: replace(c) for sheet, c in self.report.counts.items()}
        for row, conflict in enumerate(self.conflict_view.conflicts):
            sheet = counts.get(conflict.sheet)
            if sheet is not None and self.conflict_view.takes(row) and not conflict.taken:
                sheet.kept -= 1
                if conflict.deleted:
                    sheet.added += 1
                else:
                    sheet.updated += 1
        self.preview_view.show_counts(counts)

    def _show_conflicts(self, conflicts: list[Conflict]) -> None:
        self.conflict_view.show_conflicts(conflicts)
        had = self.conflict_view.isVisibleTo(self)
        self.conflict_view.setVisible(bool(conflicts))
        if conflicts and not had:
            # Room for both lists, within the screen
            screen = self.screen() or QApplication.primaryScreen()
            room = screen.availableGeometry()
            self.resize(
                min(max(self.width(), 960), room.width() - 40),
                min(max(self.height(), 720), room.height() - 60),
            )

    def _show_organisation(self, organisation: OrganisationImport | None) -> None:
        had = self.organisation_view.isVisibleTo(self)
        self.organisation_view.show_organisation(organisation)
        if self.organisation_view.isVisibleTo(self) and not had:
            screen = self.screen() or QApplication.primaryScreen()
            room = screen.availableGeometry()
            self.resize(
                self.width(),
                min(self.height() + self.organisation_view.sizeHint().height(), room.height() - 60),
            )

    def _offer(self, can_import: bool) -> None:
        """Import and Cancel while the workbook can be imported, otherwise only Close."""
        self.offers_import = can_import
        self.import_button.setVisible(can_import)
        self.cancel_button.setVisible(can_import)
        self.close_button.setVisible(not can_import)
        default = self.import_button if can_import else self.close_button
        for button in (self.import_button, self.cancel_button, self.close_button):
            button.setAutoDefault(False)
            button.setDefault(button is default)

    def _preview_failed(self, exc: object) -> None:
        self._report_failure(exc, self.parentWidget() or self)
        self.done(QDialog.DialogCode.Rejected)

    # --- the import --------------------------------------------------------------------
    def start_import(self) -> BackgroundTask:
        """Commit the preview's import; with other choices than the preview's, or after it
        was released, run the import with the choices made."""
        path = self.path
        choices = replace(
            self.conflict_view.choices(), take_organisation=self.organisation_view.takes()
        )
        prepared = self.prepared
        self.hold_timer.stop()
        if prepared is not None and prepared.held and prepared.choices == choices:

            def task(progress, cancelled):
                if cancelled():  # a cancel before the commit keeps the preview's import held
                    raise Cancelled()
                return prepared.confirm()  # the session, from this one thread at a time

        else:
            self._release()

            def task(progress, cancelled):
                return import_file(
                    self.db, path, progress=progress, cancelled=cancelled, choices=choices
                )

        self.buttons.setEnabled(False)
        self.note.hide()
        self.task = BackgroundTask(_("Importing the workbook…"), task, self)
        self.task.done.connect(self._imported)
        self.task.error.connect(self._import_failed)
        self.task.start()
        return self.task

    def _imported(self, report: ImportReport) -> None:
        self.buttons.setEnabled(True)
        self.report = report
        if not report.ok:
            # The database changed since the preview: the import found errors and wrote nothing.
            self._show_preview(report)
            self.preview_view.first_focus().setFocus()
            return
        self.pages.setCurrentWidget(self.summary_view)
        self.summary_view.show_report(report)
        self.conflict_view.hide()
        self.organisation_view.hide()
        self.message.setStyleSheet("")
        text = _("The workbook was imported.")
        if report.conflicts:
            taken = sum(1 for c in report.conflicts if c.taken)
            text += " " + _(
                "Of the rows changed in the database after the workbook was written, "
                "{kept} kept the database's values and {taken} took the workbook's."
            ).format(kept=format_number(len(report.conflicts) - taken), taken=format_number(taken))
        organisation = report.organisation
        if organisation is not None and organisation.taken:
            text += " " + _("The organisation settings were taken from the workbook.")
        elif organisation is not None and organisation.kept:
            text += " " + _("The database's organisation settings were kept.")
        self.message.setText(text)
        self._offer(False)
        self.summary_view.first_focus().setFocus()
        totals = [
            sum(getattr(c, field) for c in report.counts.values())
            for field in ("added", "updated", "unchanged")
        ]
        self.status_message.emit(
            _("{sheet}: {added} added, {updated} updated, {unchanged} unchanged").format(
                sheet=self.path.name,
                added=format_number(totals[0]),
                updated=format_number(totals[1]),
                unchanged=format_number(totals[2]),
            )
        )
        self.imported.emit(report)

    def _import_failed(self, exc: object) -> None:
        self.buttons.setEnabled(True)
        if self.prepared is not None and self.prepared.held:
            self.hold_timer.start()  # cancelled before its commit: still held
        if isinstance(exc, Cancelled):
            self.note.setText(_("The import was cancelled; nothing was changed."))
        else:
            self._report_failure(exc, self)
            self.note.setText(_("The import failed; nothing was changed."))
        self.note.show()
        self.import_button.setFocus()

    def _report_failure(self, exc: object, parent: QWidget) -> None:
        report_failure(exc, parent, self.status_message.emit)

    # --- closing -----------------------------------------------------------------------
    def _release(self) -> None:
        """Roll the preview's import back, if it is held: nothing of it is written."""
        self.hold_timer.stop()
        if self.prepared is not None and not self.running():
            self.prepared.release()

    def running(self) -> bool:
        return self.task is not None and not self.task.finished

    def reject(self) -> None:
        """Esc or Cancel: during the import it cancels the import; the dialog stays to say so."""
        if self.running() and self.task is not None:
            self.task.cancel()
            return
        if self.offers_import:
            self.status_message.emit(_("Cancelled; nothing was changed."))
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running() and self.task is not None:
            self.task.cancel()
            event.ignore()
            return
        super().closeEvent(event)
