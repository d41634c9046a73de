"""What a form shows when another user changed or deleted its record since it was opened.

The panel sits above the form's buttons, hidden until a save is refused with a
ConcurrentChange: it names who changed the record and when, lists the fields where their
values and the user's differ, and offers the choices — take theirs and go on editing, or
save over theirs; for a record deleted meanwhile, save it as a new one or discard it."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain.errors import ConcurrentChange
from domain.formats import format_date, format_decimal_short
from domain.i18n import _

PANEL_STYLE = "#conflict { border: 1px solid #b00020; border-radius: 4px; }"


def shown_value(value: Any) -> str:
    """A field's value as the form would show it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, enum.Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, Decimal):
        return format_decimal_short(value)
    if isinstance(value, list | tuple):
        return ", ".join(shown_value(v) for v in value)
    return str(value)


def differences(theirs: Any, mine: Any, captions: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(field caption, their value, my value) for each field of the form that differs."""
    if not (is_dataclass(theirs) and is_dataclass(mine)):
        return []
    found = []
    for f in fields(theirs):
        if f.name not in captions:
            continue
        their_value, my_value = getattr(theirs, f.name), getattr(mine, f.name, None)
        if their_value != my_value:
            found.append((captions[f.name], shown_value(their_value), shown_value(my_value)))
    return found


class ConflictPanel(QFrame):
    """The message and the choices of a save refused because of another user's change."""

    take_theirs = Signal()
    overwrite = Signal()
    save_as_new = Signal()
    discard = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflict")
        self.setStyleSheet(PANEL_STYLE)
        self.message = QLabel(self)
        self.message.setObjectName("conflict_message")
        self.message.setWordWrap(True)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("conflict_fields")
        self.table.setHorizontalHeaderLabels([_("Field"), _("Their value"), _("Your value")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.theirs_button = QPushButton(_("&Use their values"), self)
        self.overwrite_button = QPushButton(_("Save &mine over theirs"), self)
        self.new_button = QPushButton(_("Save as &new"), self)
        self.discard_button = QPushButton(_("Dis&card"), self)
        buttons = QHBoxLayout()
        for button in (
            self.theirs_button,
            self.overwrite_button,
            self.new_button,
            self.discard_button,
        ):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.theirs_button.clicked.connect(self.take_theirs)
        self.overwrite_button.clicked.connect(self.overwrite)
        self.new_button.clicked.connect(self.save_as_new)
        self.discard_button.clicked.connect(self.discard)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.hide()

    def show_change(
        self,
        change: ConcurrentChange,
        mine: Any,
        captions: Mapping[str, str],
        *,
        can_take_theirs: bool = True,
    ) -> None:
        """Say who changed the record when, with their values beside ``mine``."""
        deleted = change.deleted
        if deleted:
            self.message.setText(
                _("Another user deleted this record after you opened it.")
                + " "
                + _("Save what you typed as a new record, or discard it.")
            )
            rows: list[tuple[str, str, str]] = []
        else:
            who = change.changed_by or _("Another user")
            when = change.when()
            text = (
                _("{who} changed this record at {time}, after you opened it.").format(
                    who=who, time=when
                )
                if when
                else _("{who} changed this record after you opened it.").format(who=who)
            )
            rows = differences(change.current, mine, captions)
            if rows:
                text += " " + _("Their values differ from yours in these fields:")
            self.message.setText(text)
        self.table.setRowCount(len(rows))
        for row, cells in enumerate(rows):
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(rows))
        if rows:
            height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
            height += sum(self.table.rowHeight(r) for r in range(len(rows)))
            self.table.setFixedHeight(min(height, 240))
        self.theirs_button.setVisible(not deleted and can_take_theirs)
        self.overwrite_button.setVisible(not deleted)
        self.new_button.setVisible(deleted)
        self.discard_button.setVisible(deleted)
        self.show()
        first = self.new_button if deleted else self.theirs_button
        (first if first.isVisible() else self.overwrite_button).setFocus()
