"""The dialogs of the board tab: a term, a seat with its personal deputy, a meeting."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QLabel, QLineEdit, QWidget

from domain.board import (
    BoardRole,
    BoardSeat,
    BoardTerm,
    Meeting,
    MeetingKind,
    next_meeting_number,
)
from domain.i18n import _
from services.board import save_meeting, save_seat, save_term
from storage.database import Database
from ui.forms.base import RecordDialog, read_and_validate
from ui.widgets import DateField


def following_term(term: BoardTerm) -> tuple[date | None, date | None]:
    """Dates for the term after ``term``: from the day after it ends, for as many years."""
    if term.end is None or term.start is None:
        return None, None
    start = term.end + timedelta(days=1)
    years = max(1, start.year - term.start.year)
    try:
        end = start.replace(year=start.year + years) - timedelta(days=1)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + years, day=28)
    return start, end


class TermDialog(RecordDialog):
    """Adds a term (optionally copying the seats of another) or edits a term's dates."""

    def __init__(
        self,
        db: Database,
        term: BoardTerm | None = None,
        *,
        copy_from: BoardTerm | None = None,
        seat_count: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        if copy_from is not None:
            title = _("New term from {period}").format(period=copy_from.period)
        else:
            title = _("Edit term") if term else _("New term")
        super().__init__(title, parent, db=db, original=term)
        self.copy_from = copy_from
        self.closed: list[BoardTerm] = []
        self.start = self.add_field("start", _("&Start"), DateField(self), required=True)
        self.end = self.add_field("end", _("&End"), DateField(self))
        self.end.edit.setToolTip(_("Empty: until the next general meeting elects a new board"))
        self.note = self.add_field("note", _("&Note"), QLineEdit(self))
        self.note.setPlaceholderText(_("e.g. elected by the annual general meeting on 7.6.2022"))
        self.note.setMinimumWidth(360)
        self.close_previous = QCheckBox(
            _("End the previous term the day &before this one starts"), self
        )
        self.close_previous.setChecked(True)
        if term is None:
            self.form.addRow("", self.close_previous)
        else:
            self.close_previous.hide()
        if copy_from is not None:
            info = QLabel(
                _(
                    "Every seat of the term {period} ({n}) is copied into the new term; change "
                    "what the general meeting changed afterwards."
                ).format(period=copy_from.period, n=seat_count),
                self,
            )
            info.setWordWrap(True)
            self.form.insertRow(0, info)
            start, end = following_term(copy_from)
            self.start.set_date(start)
            self.end.set_date(end)
        elif term is not None:
            self.start.set_date(term.start)
            self.end.set_date(term.end)
            self.note.setText(term.note)

    @property
    def values(self) -> BoardTerm:
        readers = {"start": lambda: self.start.date("start"), "end": lambda: self.end.date("end")}

        def build(v: dict) -> BoardTerm:
            return BoardTerm(start=v["start"], end=v["end"], note=self.note.text())

        return read_and_validate(readers, build)

    def save(self, values: BoardTerm) -> None:
        term, self.closed = save_term(
            self.db,
            values,
            self.original,
            copy_from=self.copy_from.id if self.copy_from else None,
            close_previous=self.original is None and self.close_previous.isChecked(),
        )
        self.saved = term


def _section(dialog: RecordDialog, text: str) -> None:
    label = QLabel(text, dialog)
    label.setStyleSheet("font-weight: bold; margin-top: 6px;")
    dialog.form.addRow(label)


class SeatDialog(RecordDialog):
    """A seat: its role, the member, and the member's personal deputy (both names or neither)."""

    def __init__(
        self,
        db: Database,
        term: BoardTerm,
        seat: BoardSeat | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("Edit seat") if seat else _("New seat")
        super().__init__(f"{title} – {_('term')} {term.period}", parent, db=db, original=seat)
        self.term = term
        with db.unit_of_work() as uow:
            seats = uow.board_seats.of_term(term.id)
            organisations = uow.board_seats.organisations()
        self.role = QComboBox(self)
        for role in BoardRole:
            self.role.addItem(role.label, role)
        self.add_field("role", _("&Role"), self.role, required=True)
        _section(self, _("Member"))
        self.member_last_name = self.add_field(
            "member_last_name", _("&Last name"), QLineEdit(self), required=True
        )
        self.member_first_name = self.add_field(
            "member_first_name", _("&First name"), QLineEdit(self), required=True
        )
        self.member_title = self.add_field("member_title", _("&Title"), QLineEdit(self))
        self.member_title.setPlaceholderText(_("e.g. sosiaali- ja perhepalveluiden johtaja"))
        self.member_organisation = self.add_field(
            "member_organisation", _("&Organisation"), QLineEdit(self)
        )
        _section(self, _("Personal deputy"))
        self.deputy_last_name = self.add_field("deputy_last_name", _("L&ast name"), QLineEdit(self))
        self.deputy_first_name = self.add_field(
            "deputy_first_name", _("F&irst name"), QLineEdit(self)
        )
        self.deputy_organisation = self.add_field(
            "deputy_organisation", _("Or&ganisation"), QLineEdit(self)
        )
        for edit in (self.member_organisation, self.deputy_organisation):
            completer = QCompleter(organisations, edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            edit.setCompleter(completer)
            edit.setMinimumWidth(340)
        self.deputy_organisation.setToolTip(_("Empty: the member's organisation is not assumed"))
        if seat is not None:
            self.role.setCurrentIndex(self.role.findData(seat.role))
            self.member_last_name.setText(seat.member_last_name)
            self.member_first_name.setText(seat.member_first_name)
            self.member_title.setText(seat.member_title)
            self.member_organisation.setText(seat.member_organisation)
            self.deputy_last_name.setText(seat.deputy_last_name)
            self.deputy_first_name.setText(seat.deputy_first_name)
            self.deputy_organisation.setText(seat.deputy_organisation)
        else:
            # An empty term starts with its chair; after that most seats are members.
            default = BoardRole.MEMBER if seats else BoardRole.CHAIR
            self.role.setCurrentIndex(self.role.findData(default))

    @property
    def values(self) -> BoardSeat:
        def build(_v: dict) -> BoardSeat:
            return BoardSeat(
                term_id=self.term.id,
                role=self.role.currentData(),
                member_last_name=self.member_last_name.text(),
                member_first_name=self.member_first_name.text(),
                member_title=self.member_title.text(),
                member_organisation=self.member_organisation.text(),
                deputy_last_name=self.deputy_last_name.text(),
                deputy_first_name=self.deputy_first_name.text(),
                deputy_organisation=self.deputy_organisation.text(),
            )

        seat = build({})
        seat.tidy()
        return seat

    def save(self, values: BoardSeat) -> None:
        # The service checks the seat on its own and against the term's other seats,
        # reporting every problem at once.
        save_seat(self.db, values, self.original)
        self.saved = values


class MeetingDialog(RecordDialog):
    """A board meeting or a general meeting: date, kind, number, place, notes."""

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
            self.held_on.set_date(meeting.held_on)
            self.kind.setCurrentIndex(self.kind.findData(meeting.kind))
            self.number.setText(meeting.number)
            self.place.setText(meeting.place)
            self.notes.setText(meeting.notes)
        else:
            self.held_on.set_date(date.today())
            self._suggest_number()
            # The number follows the date and kind until the user types one.
            self.held_on.changed.connect(self._suggest_number)
            self.kind.currentIndexChanged.connect(self._suggest_number)

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
        save_meeting(self.db, values, self.original)
        self.saved = values
