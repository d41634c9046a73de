"""The dialog that adds or edits a board seat: the member and their personal deputy."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QLineEdit, QWidget

from domain.board import BoardRole, BoardSeat, BoardTerm
from domain.i18n import _
from services.board import save_seat
from storage.database import Database
from ui.common.widgets import tab_takes_suggestion
from ui.forms.base import RecordDialog


def _section(dialog: RecordDialog, text: str) -> None:
    label = QLabel(text, dialog)
    label.setStyleSheet("font-weight: bold; margin-top: 6px;")
    dialog.form.addRow(label)


class SeatDialog(RecordDialog):
    """A seat: its role, the member, and the member's personal deputy (both names or neither)."""

    text_limits = BoardSeat.TEXT_LIMITS

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
            tab_takes_suggestion(completer)
            edit.setMinimumWidth(340)
        self.deputy_organisation.setToolTip(_("Empty: the member's organisation is not assumed"))
        if seat is not None:
            self._load(seat)
        else:
            # An empty term starts with its chair; after that most seats are members.
            default = BoardRole.MEMBER if seats else BoardRole.CHAIR
            self.role.setCurrentIndex(self.role.findData(default))

    def _load(self, seat: BoardSeat) -> None:
        self.role.setCurrentIndex(self.role.findData(seat.role))
        self.member_last_name.setText(seat.member_last_name)
        self.member_first_name.setText(seat.member_first_name)
        self.member_title.setText(seat.member_title)
        self.member_organisation.setText(seat.member_organisation)
        self.deputy_last_name.setText(seat.deputy_last_name)
        self.deputy_first_name.setText(seat.deputy_first_name)
        self.deputy_organisation.setText(seat.deputy_organisation)

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
        self.saved = save_seat(self.db, values, self.original, overwrite=self.overwrite)
