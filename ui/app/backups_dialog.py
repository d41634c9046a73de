"""File → Backups…: the database's backups, a backup made now, and a restore from one.

A database file's backups are in ``backups/`` beside it (``services.backups``); a server
database's are pg_dump files in the user's backup folder, when PostgreSQL's client tools
are installed, and otherwise the dialog says where the administrator's guide tells how.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain.about import APP_NAME
from domain.formats import format_number
from domain.i18n import _
from services.backups import (
    BackupError,
    BackupInfo,
    back_up_now,
    backup_list,
    can_back_up,
    database_file,
    described,
    kind_label,
    record_total,
    restore,
    shown_size,
    shown_time,
)
from storage.database import Database
from storage.location import shown_location


def _records(info: BackupInfo) -> str:
    if info.damaged:
        return _("damaged")
    return "–" if info.records is None else format_number(info.records)


class BackupsDialog(QDialog):
    """The backups, newest first, with "Back up now" and "Restore…"."""

    restored = Signal()  # the database's data was replaced: the window reads it again

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("Backups"))
        self.resize(760, 440)
        self.infos: list[BackupInfo] = []
        file = database_file(db)
        if file is not None:
            intro = _(
                "Oske backs up {file} into the folder {folder}: on the first start of each "
                "day and before every import, upgrade and restore. Of the days before today, "
                "the newest backup of each of the last 7 days, 4 weeks and 12 months is kept."
            ).format(file=file.name, folder=file.parent / "backups")
        elif can_back_up(db):
            intro = _(
                "The database {location} is on a server. Back up now saves it with pg_dump "
                "into your own backup folder; the server's nightly backups are the "
                "administrator's (docs/admin.md)."
            ).format(location=shown_location(db.url))
        else:
            intro = _(
                "The database {location} is on a server, and PostgreSQL's client tools "
                "(pg_dump, pg_restore) are not installed on this workstation. Its backups "
                "and restores are described in the administrator's guide, docs/admin.md."
            ).format(location=shown_location(db.url))
        self.intro = QLabel(intro, self)
        self.intro.setWordWrap(True)
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([_("Taken"), _("Size"), _("Records"), _("Reason")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # One line of text a row, as in the lists, not Qt's default of 30 pixels.
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._offer)
        self.table.itemDoubleClicked.connect(lambda _item: self.ask_restore())
        self.empty_note = QLabel(_("There are no backups yet."), self)

        buttons = QDialogButtonBox(self)
        self.backup_button = QPushButton(_("&Back up now"), self)
        self.restore_button = QPushButton(_("&Restore…"), self)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button.clicked.connect(self.ask_restore)
        self.backup_button.setEnabled(can_back_up(db))
        self.backup_button.setAutoDefault(False)
        self.restore_button.setAutoDefault(False)
        self.close_button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.empty_note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.load()
        self.table.setFocus()

    # --- the list ---------------------------------------------------------------------
    def load(self) -> None:
        self.infos = [described(backup) for backup in backup_list(self.db)]
        self.table.setRowCount(len(self.infos))
        for row, info in enumerate(self.infos):
            cells = (
                shown_time(info.backup),
                shown_size(info.backup.size),
                _records(info),
                kind_label(info.backup),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(info.path))
                if column in (1, 2):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.empty_note.setVisible(not self.infos and can_back_up(self.db))
        if self.infos:
            self.table.selectRow(0)
        self._offer()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.infos[rows[0].row()] if rows else None

    def _offer(self) -> None:
        info = self.selected()
        self.restore_button.setEnabled(
            can_back_up(self.db) and info is not None and not info.damaged
        )

    # --- the actions ------------------------------------------------------------------
    def back_up(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            made = back_up_now(self.db)
        except BackupError as exc:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        QGuiApplication.restoreOverrideCursor()
        self.load()
        self.table.selectRow(next(i for i, b in enumerate(self.infos) if b.path == made.path))

    def confirm_question(self, info: BackupInfo) -> str:
        records = (
            ""
            if info.records is None
            else " " + _("It has {n} records.").format(n=format_number(info.records))
        )
        return (
            _("Replace all the data of {location} with the backup taken {time}?").format(
                location=shown_location(self.db.url), time=shown_time(info.backup)
            )
            + records
            + "\n\n"
            + _(
                "Everything saved after that backup is replaced, on every workstation. The "
                "current data is backed up first, so this restore can be undone from that "
                "backup."
            )
        )

    def ask_restore(self) -> None:
        info = self.selected()
        if info is None or not self.restore_button.isEnabled():
            return
        box = QMessageBox(QMessageBox.Icon.Warning, _("Restore a backup"), "", parent=self)
        box.setText(self.confirm_question(info))
        restore_button = box.addButton(_("&Restore"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        if box.clickedButton() is restore_button:
            self.restore(info)

    def restore(self, info: BackupInfo) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            current, counts = restore(self.db, info.backup)
        except BackupError as exc:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        QGuiApplication.restoreOverrideCursor()
        self.load()
        self.restored.emit()
        QMessageBox.information(
            self,
            APP_NAME,
            _(
                "The backup taken {time} was restored ({n} records). The data it replaced "
                "is in the backup {current}."
            ).format(
                time=shown_time(info.backup),
                n=format_number(record_total(counts)),
                current=current.path.name,
            ),
        )
