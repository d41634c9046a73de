"""Find anything (Ctrl+K): type, see matches of every kind, Enter opens the one chosen.

The matches come from ``services.find`` a moment after typing stops, grouped by kind. Up
and Down move in the list while the text keeps the focus, so the hands stay on the keys;
Enter (or a double click) closes the dialog and the window opens the record in its tab.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain.i18n import _
from services.find import Found, find_anything
from storage.database import Database
from ui.common.widgets import fit_to_screen

TYPING_PAUSE_MS = 150  # search once typing pauses, not at every key


class FindDialog(QDialog):
    """The search field and its matches; ``chosen`` carries the match opened."""

    chosen = Signal(object)  # Found

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("Find anything"))
        # Wide enough for a case event's summary beside its day and area.
        fit_to_screen(self, 860, 520)
        self.text = QLineEdit(self)
        self.text.setPlaceholderText(
            _("Name, project, partner, customer, voucher, description or summary")
        )
        self.text.setClearButtonEnabled(True)
        self.text.setAccessibleName(_("Find"))
        self.matches = QListWidget(self)
        self.matches.setAccessibleName(_("Matches"))
        # Long descriptions end in "…" (the tooltip has all) rather than scroll sideways.
        self.matches.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.matches.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.matches, 1)
        layout.addWidget(self.status)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(TYPING_PAUSE_MS)
        self.timer.timeout.connect(self.search)
        self.text.textChanged.connect(lambda _text: self.timer.start())
        self.text.returnPressed.connect(self.open_current)
        self.text.installEventFilter(self)
        self.matches.itemActivated.connect(lambda _item: self.open_current())
        self._show_hint()
        self.text.setFocus()

    def search(self) -> None:
        """List the matches of the text typed (at once; the timer calls it after typing)."""
        self.timer.stop()
        self.matches.clear()
        text = self.text.text()
        if not text.split():
            self._show_hint()
            return
        found = find_anything(self.db, text)
        kind = None
        heading_font = QFont(self.font())
        heading_font.setBold(True)
        for match in found:
            if match.kind is not kind:
                kind = match.kind
                heading = QListWidgetItem(_(kind.label), self.matches)
                heading.setFlags(Qt.ItemFlag.NoItemFlags)
                heading.setFont(heading_font)
                # A heading is not chosen, but it is read: in the text's colour, not greyed.
                heading.setForeground(self.palette().text())
            shown = f"{match.text}    {match.detail}" if match.detail else match.text
            item = QListWidgetItem("    " + shown, self.matches)
            item.setData(Qt.ItemDataRole.UserRole, match)
            item.setToolTip(shown)
        first = self._selectable(0, 1)
        if first is not None:
            self.matches.setCurrentRow(first)
        self.status.setText(
            _("Nothing matches “{text}”.").format(text=text.strip())
            if not found
            else _("Up and Down choose, Enter opens.")
        )

    def current_match(self) -> Found | None:
        item = self.matches.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def open_current(self) -> None:
        if self.timer.isActive():  # Enter typed before the pause: search the final text
            self.search()
        match = self.current_match()
        if match is None:
            return
        self.accept()
        self.chosen.emit(match)

    # --- keys ---------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        if (
            watched is self.text
            and isinstance(event, QKeyEvent)
            and event.type() == event.Type.KeyPress
        ):
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step is not None:
                self._move(step)
                return True
        return super().eventFilter(watched, event)

    def _move(self, step: int) -> None:
        if self.timer.isActive():
            self.search()
        row = self._selectable(self.matches.currentRow() + step, step)
        if row is not None:
            self.matches.setCurrentRow(row)

    def _selectable(self, row: int, step: int) -> int | None:
        """The first row from ``row`` on in the direction of ``step`` that is a match."""
        while 0 <= row < self.matches.count():
            if self.matches.item(row).flags() & Qt.ItemFlag.ItemIsSelectable:
                return row
            row += step
        return None

    def _show_hint(self) -> None:
        self.status.setText(
            _("Type a few letters of a name, project, customer, voucher or event summary.")
        )
