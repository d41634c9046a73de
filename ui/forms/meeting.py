"""The dialog that adds or edits a board meeting or a general meeting."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from domain.board import Meeting, MeetingKind, next_meeting_number
from domain.i18n import _
from services.board import save_meeting
from storage.database import Database
from ui.common.widgets import DateField
from ui.forms.base import RecordDialog, read_and_validate


class MeetingDialog(RecordDialog):
    """A board meeting or a general meeting: date, kind, number, place, notes."""

    text_limits = Meeting.TEXT_LIMITS

    def __init__(
        self, db: Database, meeting: Meeting | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Edit meeting") if meeting else _("New meeting"), parent, db=db, original=meeting
        )
        self.held_on = self.add_field("held_on", _("&Date"), DateField(self), required=True)
        self.kind = QComboBox(self)
        for kind in MeetingKind:
            self.kind.addItem(kind.label, kind)
        self.add_field("kind", _("&Kind"), self.kind, required=True)
        self.number = self.add_field("number", _("N&umber"), QLineEdit(self))
        self.number.setPlaceholderText(_("e.g. 3/2022"))
        self.number.setMaximumWidth(120)
        self.place = self.add_field("place", _("&Place"), QLineEdit(self))
        self.notes = self.add_field("notes", _("&Notes"), QLineEdit(self))
        self.place.setMinimumWidth(340)
        with db.unit_of_work() as uow:
            self._meetings = uow.meetings.all()
        self._suggested = ""
        if meeting is not None:
            self._load(meeting)
        else:
            self.held_on.set_date(date.today())
            self._suggest_number()
            # The number follows the date and kind until the user types one.
            self.held_on.changed.connect(self._suggest_number)
            self.kind.currentIndexChanged.connect(self._suggest_number)

    def _load(self, meeting: Meeting) -> None:
        self.held_on.set_date(meeting.held_on)
        self.kind.setCurrentIndex(self.kind.findData(meeting.kind))
        self.number.setText(meeting.number)
        self.place.setText(meeting.place)
        self.notes.setText(meeting.notes)

    def _suggest_number(self) -> None:
        if self.number.text() != self._suggested:
            return  # typed by the user: keep it
        try:
            day = self.held_on.date()
        except Exception:
            day = None
        suggestion = ""
        if day is not None and self.kind.currentData() is MeetingKind.BOARD:
            suggestion = next_meeting_number(self._meetings, day.year)
        self._suggested = suggestion
        self.number.setText(suggestion)

    @property
    def values(self) -> Meeting:
        readers = {"held_on": lambda: self.held_on.date("held_on")}

        def build(v: dict) -> Meeting:
            return Meeting(
                held_on=v["held_on"],
                kind=self.kind.currentData(),
                number=self.number.text(),
                place=self.place.text(),
                notes=self.notes.text(),
            )

        return read_and_validate(readers, build)

    def save(self, values: Meeting) -> None:
        self.saved = save_meeting(self.db, values, self.original, overwrite=self.overwrite)
