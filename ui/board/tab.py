"""The board tab: terms and their seats with personal deputies, meetings, the board on a day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from domain.board import BoardSeat, BoardTerm, Meeting, meeting_summary, meeting_years
from domain.formats import format_date, format_number
from domain.i18n import N_, _
from domain.organisation import LegalForm
from services.board import (
    board_on,
    delete_meeting,
    delete_meetings,
    delete_seat,
    delete_seats,
    delete_term,
)
from storage.database import Database
from ui.common.list_page import ListPage, RecordList, delete_asking_again
from ui.common.table_model import Columns, RecordListModel, TableColumn, field_column
from ui.common.views import bind_keys, confirm_deletion, record_table
from ui.common.widgets import DayFilter
from ui.forms.board_seat import SeatDialog
from ui.forms.board_term import TermDialog
from ui.forms.meeting import MeetingDialog

TITLE_STYLE = "font-weight: bold; font-size: 11pt;"


class SeatTableModel(RecordListModel):
    """Role | Member | Organisation | Deputy | Deputy's organisation, in the report's order."""

    COLUMNS = Columns(
        TableColumn("role", N_("Role"), lambda s: s.role.label, lambda s: s.role.rank, width=18),
        TableColumn(
            "member",
            N_("Member"),
            lambda s: s.member_name,
            lambda s: s.member_key,
            width=24,
            stretch=True,
        ),
        TableColumn(
            "organisation",
            N_("Organisation"),
            lambda s: s.member_organisation,
            lambda s: s.member_organisation,
            width=30,
            stretch=True,
        ),
        TableColumn(
            "deputy",
            N_("Deputy"),
            lambda s: s.deputy_name,
            lambda s: s.deputy_key,
            width=24,
            stretch=True,
        ),
        field_column("deputy_organisation", N_("Deputy's organisation"), width=30, stretch=True),
    )

    def tooltip(self, seat: BoardSeat, column: int) -> str:
        return _printed(seat, self.COLUMNS[column].key)


def _printed(seat: BoardSeat, key: str) -> str:
    """The member or deputy as the annual report prints them, for the tooltip of their name."""
    if key == "member":
        return seat.printed_member()
    if key == "deputy":
        return seat.printed_deputy()
    return ""


class BoardOnDateModel(RecordListModel):
    """Who sat on the board on a day, as the annual report prints them."""

    COLUMNS = Columns(
        TableColumn("role", N_("Role"), lambda s: s.role.label, lambda s: s.role.rank, width=18),
        TableColumn(
            "member",
            N_("Member"),
            lambda s: _first_last(s.member_first_name, s.member_last_name),
            lambda s: s.member_key,
            width=24,
            stretch=True,
        ),
        TableColumn(
            "deputy",
            N_("Personal deputy"),
            lambda s: _first_last(s.deputy_first_name, s.deputy_last_name),
            lambda s: s.deputy_key,
            stretch=True,
        ),
    )
    # Copied as the annual report prints the board: with titles and organisations.
    PRINTED = Columns(
        TableColumn("role", N_("Role"), lambda s: s.role.label, lambda s: s.role.rank),
        TableColumn("member", N_("Member"), lambda s: s.printed_member(), lambda s: s.member_key),
        TableColumn(
            "deputy", N_("Personal deputy"), lambda s: s.printed_deputy(), lambda s: s.deputy_key
        ),
    )

    def tooltip(self, seat: BoardSeat, column: int) -> str:
        return _printed(seat, self.COLUMNS[column].key)

    def as_text(self) -> str:
        return RecordListModel(self.PRINTED).with_rows(self.records()).as_text()


def _first_last(first: str, last: str) -> str:
    return f"{first} {last}".strip()


class MeetingTableModel(RecordListModel):
    COLUMNS = Columns(
        field_column("held_on", N_("Date"), format_date, align_right=True, width=11),
        TableColumn("kind", N_("Kind"), lambda m: m.kind.label, lambda m: m.kind.value, width=22),
        field_column("number", N_("Number"), width=8, whole=True),
        field_column("place", N_("Place"), width=24, stretch=True),
        field_column("notes", N_("Notes"), stretch=True),
    )


class SeatList(RecordList[BoardSeat]):
    """The chosen term's seats; a seat is added to that term."""

    record_type = BoardSeat
    page: BoardTab

    def dialog(self, seat: BoardSeat | None) -> SeatDialog | None:
        term = self.page.current_term
        return None if term is None else SeatDialog(self.db, term, seat, parent=self.page)

    def saved_message(self, saved: Sequence[BoardSeat]) -> str:
        return _("Saved {name}").format(name=saved[-1].member_name)

    def delete_question(self, seat: BoardSeat) -> str:
        question = _("Delete the seat of {name} ({role})?").format(
            name=seat.member_name, role=seat.role.label
        )
        if seat.has_deputy:
            question += "\n\n" + _("The personal deputy {name} is deleted with it.").format(
                name=seat.deputy_name
            )
        return question

    def delete_record(self, seat: BoardSeat) -> bool:
        delete_seat(self.db, seat)
        return True

    def deleted_message(self, seat: BoardSeat) -> str:
        return _("Deleted {name}").format(name=seat.member_name)

    def several_question(self, seats: Sequence[BoardSeat]) -> str:
        question = _("Delete {n} seats?").format(n=format_number(len(seats)))
        if any(seat.has_deputy for seat in seats):
            question += "\n\n" + _("Their personal deputies are deleted with them.")
        return question

    def delete_several(self, seats: Sequence[BoardSeat]) -> None:
        delete_seats(self.db, seats)

    def several_deleted_message(self, seats: Sequence[BoardSeat]) -> str:
        return _("Deleted {n} seats").format(n=format_number(len(seats)))


class MeetingList(RecordList[Meeting]):
    """The chosen year's meetings; a meeting saved in another year shows that year."""

    record_type = Meeting
    page: BoardTab

    def dialog(self, meeting: Meeting | None) -> MeetingDialog:
        return MeetingDialog(self.db, meeting, parent=self.page)

    def show_saved(self, meeting: Meeting, message: str) -> None:
        self.page.show_year_of(meeting)
        super().show_saved(meeting, message)

    def saved_message(self, saved: Sequence[Meeting]) -> str:
        return _("Saved {name}").format(name=saved[-1].full_name)

    def delete_question(self, meeting: Meeting) -> str:
        return _("Delete the {name}?").format(name=meeting.full_name)

    def delete_record(self, meeting: Meeting) -> bool:
        delete_meeting(self.db, meeting)
        return True

    def deleted_message(self, meeting: Meeting) -> str:
        return _("Deleted {name}").format(name=meeting.full_name)

    def several_question(self, meetings: Sequence[Meeting]) -> str:
        return _("Delete {n} meetings?").format(n=format_number(len(meetings)))

    def delete_several(self, meetings: Sequence[Meeting]) -> None:
        delete_meetings(self.db, meetings)

    def several_deleted_message(self, meetings: Sequence[Meeting]) -> str:
        return _("Deleted {n} meetings").format(n=format_number(len(meetings)))


def _title(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setStyleSheet(TITLE_STYLE)
    return label


class BoardTab(ListPage):
    """Terms with their seats and deputies, the board on any day, and the meetings."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.terms: list[BoardTerm] = []

        # --- term row ----------------------------------------------------------------
        self.term_combo = QComboBox(self)
        self.term_combo.setMinimumContentsLength(24)
        self.term_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        term_label = QLabel(_("&Term:"), self)
        term_label.setBuddy(self.term_combo)
        self.new_term_button = QPushButton(_("New te&rm…"), self)
        self.copy_term_button = QPushButton(_("New term from this &one…"), self)
        self.copy_term_button.setToolTip(_("Copies every seat into a new term with new dates"))
        self.edit_term_button = QPushButton(_("Edit ter&m…"), self)
        self.delete_term_button = QPushButton(_("Delete term"), self)
        self.term_info = QLabel(self)
        self.term_info.setObjectName("term_info")
        term_row = QHBoxLayout()
        term_row.addWidget(term_label)
        term_row.addWidget(self.term_combo)
        term_row.addSpacing(12)
        term_row.addWidget(self.term_info, 1)
        term_buttons = QHBoxLayout()
        for button in (
            self.new_term_button,
            self.copy_term_button,
            self.edit_term_button,
            self.delete_term_button,
        ):
            term_buttons.addWidget(button)
        term_buttons.addStretch(1)

        # --- seats ---------------------------------------------------------------------
        copy = QKeySequence.StandardKey.Copy
        self.seat_model = SeatTableModel()
        self.seats = SeatList(
            self,
            self.seat_model,
            name="seat_table",
            new_text=_("&New seat…"),
            keys={copy: lambda: self._copy(self.seat_model)},
        )
        self.seat_view = self.seats.view
        seats_box = QWidget(self)
        seats_layout = QVBoxLayout(seats_box)
        seats_layout.setContentsMargins(0, 0, 0, 0)
        seats_layout.addLayout(term_row)
        seats_layout.addLayout(term_buttons)
        seats_layout.addLayout(self.heading(self.seats, _("Members and personal deputies")))
        seats_layout.addWidget(self.seat_view)

        # --- meetings ------------------------------------------------------------------
        self.year_combo = QComboBox(self)
        year_label = QLabel(_("&Year:"), self)
        year_label.setBuddy(self.year_combo)
        self.meeting_summary = QLabel(self)
        self.meeting_summary.setObjectName("meeting_summary")
        self.meeting_summary.setWordWrap(True)
        self.meeting_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meeting_model = MeetingTableModel()
        self.meetings = MeetingList(
            self,
            self.meeting_model,
            name="meeting_table",
            new_text=_("New meetin&g…"),
            new_key=QKeySequence("Ctrl+Shift+N"),
            new_tip=_("Ctrl+Shift+N"),
            edit_text=_("Edit meeting…"),
            delete_text=_("Delete meeting"),
            action_tips=False,
            keys={copy: lambda: self._copy(self.meeting_model)},
        )
        self.meeting_view = self.meetings.view
        meeting_top = QHBoxLayout()
        meeting_top.addWidget(_title(_("Meetings"), self))
        meeting_top.addSpacing(12)
        meeting_top.addWidget(year_label)
        meeting_top.addWidget(self.year_combo)
        meeting_top.addStretch(1)
        meeting_buttons = QHBoxLayout()
        for button in (
            self.meetings.add_button,
            self.meetings.edit_button,
            self.meetings.delete_button,
        ):
            meeting_buttons.addWidget(button)
        meeting_buttons.addStretch(1)
        meetings_box = QWidget(self)
        meetings_layout = QVBoxLayout(meetings_box)
        meetings_layout.setContentsMargins(0, 0, 0, 0)
        meetings_layout.addLayout(meeting_top)
        meetings_layout.addWidget(self.meeting_summary)
        meetings_layout.addWidget(self.meeting_view)
        meetings_layout.addLayout(meeting_buttons)

        # --- the board on a day -------------------------------------------------------
        self.on_date = DayFilter(self)
        self.on_date.setObjectName("board_on")
        on_label = QLabel(_("Bo&ard on:"), self)
        on_label.setBuddy(self.on_date)
        self.on_date_info = QLabel(self)
        self.on_date_info.setObjectName("board_on_date_info")
        self.on_date_info.setWordWrap(True)
        self.on_date_model = BoardOnDateModel()
        self.on_date_view = record_table(self.on_date_model, self)
        self.on_date_view.setObjectName("board_on_date_table")
        self.copy_button = QPushButton(_("Copy"), self)
        self.copy_button.setToolTip(
            _(
                "Copies the board with titles and organisations (Ctrl+C); it pastes into Excel and Word as a table"
            )
        )
        on_top = QHBoxLayout()
        on_top.addWidget(on_label)
        on_top.addWidget(self.on_date)
        on_top.addStretch(1)
        on_buttons = QHBoxLayout()
        on_buttons.addWidget(self.copy_button)
        on_buttons.addStretch(1)
        on_box = QWidget(self)
        on_layout = QVBoxLayout(on_box)
        on_layout.setContentsMargins(0, 0, 0, 0)
        on_layout.addLayout(on_top)
        self.on_date.error.setWordWrap(True)
        on_layout.addWidget(self.on_date.error)
        on_layout.addWidget(self.on_date_info)
        on_layout.addWidget(self.on_date_view)
        on_layout.addLayout(on_buttons)

        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(meetings_box)
        lower.addWidget(on_box)
        lower.setStretchFactor(0, 1)
        lower.setStretchFactor(1, 1)
        lower.setSizes([500, 500])  # proportions: the splitter scales them to its width
        lower.setChildrenCollapsible(False)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(seats_box)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)

        # --- behaviour -----------------------------------------------------------------
        self.term_combo.currentIndexChanged.connect(self._show_term)
        self.new_term_button.clicked.connect(self.add_term)
        self.copy_term_button.clicked.connect(self.copy_term)
        self.edit_term_button.clicked.connect(self.edit_term)
        self.delete_term_button.clicked.connect(self.delete_term)
        self.year_combo.currentIndexChanged.connect(self._show_meetings)
        self.on_date.chosen.connect(self._show_board_on_date)
        self.copy_button.clicked.connect(self.copy_board_on_date)
        bind_keys(self.on_date_view, {copy: self.copy_board_on_date})
        # Tab goes through the tables in reading order; the buttons have their own keys.
        chain = (
            self.term_combo,
            self.seat_view,
            self.year_combo,
            self.meeting_view,
            self.on_date,
            self.on_date_view,
        )
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)
        self.refresh()

    # --- showing ----------------------------------------------------------------------
    @property
    def current_term(self) -> BoardTerm | None:
        index = self.term_combo.currentIndex()
        return self.terms[index] if 0 <= index < len(self.terms) else None

    def reload(self) -> None:
        """Read the terms and meetings again; keep the term chosen, else the one in force today."""
        keep = self.current_term.id if self.current_term else None
        with self.db.unit_of_work() as uow:
            self.terms = list(reversed(uow.board_terms.all()))  # newest first
            in_force = uow.board_terms.in_force_on(date.today())
        self.term_combo.blockSignals(True)
        self.term_combo.clear()
        for term in self.terms:
            text = term.period
            if in_force is not None and term.id == in_force.id:
                text = _("{period} (in office)").format(period=term.period)
            self.term_combo.addItem(text, term.id)
        wanted = keep if keep in {t.id for t in self.terms} else (in_force.id if in_force else None)
        index = self.term_combo.findData(wanted) if wanted else 0
        self.term_combo.setCurrentIndex(max(index, 0) if self.terms else -1)
        self.term_combo.blockSignals(False)
        self._show_term()
        self._fill_years()
        self._show_board_on_date()

    def _choose_term(self, term_id: str) -> None:
        index = self.term_combo.findData(term_id)
        if index >= 0:
            self.term_combo.setCurrentIndex(index)

    def _show_term(self) -> None:
        term = self.current_term
        if term is None:
            self.seat_model.set_rows([])
            self.term_info.setText(_("No terms yet: add the first with “New term”."))
        else:
            with self.db.unit_of_work() as uow:
                seats = uow.board_seats.of_term(term.id)
            self.seat_model.set_rows(seats)
            deputies = sum(1 for s in seats if s.has_deputy)
            parts = [
                _("{seats} seats, {deputies} personal deputies").format(
                    seats=len(seats), deputies=deputies
                )
            ]
            if term.note:
                parts.append(term.note)
            self.term_info.setText(" · ".join(parts))
        for button in (
            self.copy_term_button,
            self.edit_term_button,
            self.delete_term_button,
            self.seats.add_button,
        ):
            button.setEnabled(term is not None)
        self.seats.after_query()

    def _fill_years(self) -> None:
        keep = self.year_combo.currentData()
        with self.db.unit_of_work() as uow:
            years = meeting_years(uow.meetings.years(), date.today())
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in years:
            self.year_combo.addItem(str(year), year)
        index = self.year_combo.findData(keep) if keep is not None else 0
        self.year_combo.setCurrentIndex(max(index, 0))
        self.year_combo.blockSignals(False)
        self._show_meetings()

    @property
    def year(self) -> int:
        return self.year_combo.currentData() or date.today().year

    def show_year_of(self, meeting: Meeting) -> None:
        """Show the meetings of the year a meeting was held in."""
        if meeting.held_on is not None and meeting.held_on.year != self.year:
            self._fill_years()
            self.year_combo.setCurrentIndex(self.year_combo.findData(meeting.held_on.year))

    def _show_meetings(self) -> None:
        with self.db.unit_of_work() as uow:
            meetings = uow.meetings.in_year(self.year)
            association = uow.settings.organisation().legal_form is LegalForm.ASSOCIATION
        self.meeting_model.set_rows(meetings)
        self.meeting_summary.setText(meeting_summary(meetings, self.year, association=association))
        self.meetings.after_query()

    def _show_board_on_date(self) -> None:
        board = board_on(self.db, self.on_date.day)
        self.on_date_model.set_rows(board.seats)
        if board.term is None:
            self.on_date_info.setText(
                _("No term covers {date}.").format(date=format_date(board.day))
            )
        else:
            deputies = sum(1 for s in board.seats if s.has_deputy)
            self.on_date_info.setText(
                _("Term {period}: {seats} members, {deputies} personal deputies").format(
                    period=board.term.period, seats=len(board.seats), deputies=deputies
                )
            )
        self.copy_button.setEnabled(bool(board.seats))

    def _copy(self, model: RecordListModel) -> None:
        QGuiApplication.clipboard().setText(model.as_text())
        self.status_message.emit(_("Copied the table"))

    def copy_board_on_date(self) -> None:
        QGuiApplication.clipboard().setText(self.on_date_model.as_text())
        self.status_message.emit(
            _("Copied the board on {date}").format(date=format_date(self.on_date.day))
        )

    # --- terms ------------------------------------------------------------------------
    def _after_term_change(self, message: str, term_id: str | None = None) -> None:
        self.refresh()
        if term_id is not None:
            self._choose_term(term_id)
        self.status_message.emit(message)
        self.data_changed.emit()

    def _run_term_dialog(self, dialog: TermDialog) -> None:
        if dialog.exec() and dialog.saved is not None:
            message = _("Saved the term {period}").format(period=dialog.saved.period)
            for closed in dialog.closed:
                message += "; " + _("the term {period} now ends the day before").format(
                    period=closed.period
                )
            self._after_term_change(message, dialog.saved.id)
            self.seat_view.setFocus()

    def add_term(self) -> None:
        self._run_term_dialog(TermDialog(self.db, parent=self))

    def copy_term(self) -> None:
        term = self.current_term
        if term is not None:
            dialog = TermDialog(
                self.db, copy_from=term, seat_count=self.seat_model.rowCount(), parent=self
            )
            self._run_term_dialog(dialog)

    def edit_term(self) -> None:
        term = self.current_term
        if term is not None:
            self._run_term_dialog(TermDialog(self.db, term, parent=self))

    def delete_term(self) -> None:
        term = self.current_term
        if term is None:
            return
        question = _("Delete the term {period}?").format(period=term.period)
        if self.seat_model.rowCount():
            question += "\n\n" + _("Its {n} seats are deleted with it.").format(
                n=self.seat_model.rowCount()
            )
        if not confirm_deletion(self, question):
            return

        def delete(shown: BoardTerm) -> bool:
            delete_term(self.db, shown)
            return True

        term = delete_asking_again(self, term, delete)
        if term is None:
            return
        self._after_term_change(_("Deleted the term {period}").format(period=term.period))
        self.term_combo.setFocus()
