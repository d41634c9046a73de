"""Board use cases that touch several records at once: terms, seats, meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.board import (
    BoardSeat,
    BoardTerm,
    Meeting,
    check_seat,
    check_term_dates,
    copy_seats,
    day_before,
)
from domain.errors import ValidationError
from domain.formats import format_date
from domain.i18n import _
from storage.database import Database


@dataclass(frozen=True)
class BoardOnDate:
    """Who sat on the board, and who were their deputies, on one day."""

    day: date
    term: BoardTerm | None
    seats: list[BoardSeat]


def save_term(
    db: Database,
    term: BoardTerm,
    original: BoardTerm | None = None,
    *,
    copy_from: str | None = None,
    close_previous: bool = False,
) -> tuple[BoardTerm, list[BoardTerm]]:
    """Add a term (``original`` None) or change the stored one; returns it and the earlier
    terms that were closed for it.

    ``copy_from`` copies every seat of that term into the new one. ``close_previous`` ends
    an earlier term still in office the day before the new one starts, as happens when
    the general meeting elects a new board.
    """
    if original is not None:
        term.id = original.id
    term.tidy()
    term.validate()
    closed: list[BoardTerm] = []
    with db.unit_of_work() as uow:
        others = [t for t in uow.board_terms.all() if t.id != term.id]
        if close_previous and term.start is not None:
            for other in others:
                if other.start is not None and other.start < term.start and term.overlaps(other):
                    other.end = day_before(term.start)
                    closed.append(other)
        check_term_dates(term, others)
        for other in closed:
            other.validate()
            uow.board_terms.update(other)
        if original is None:
            uow.board_terms.add(term)
        else:
            uow.board_terms.update(term)
        if copy_from is not None:
            seats = copy_seats(uow.board_seats.of_term(copy_from), term)
            for seat in seats:
                seat.tidy()
                seat.validate()
            uow.board_seats.add_all(seats)  # after the term they name
        uow.commit()
    return term, closed


def save_seat(db: Database, seat: BoardSeat, original: BoardSeat | None) -> None:
    """Add or change a seat, checked against the other seats of its term."""
    if original is not None:
        seat.id = original.id  # the edited seat is the original, not another one beside it
    seat.tidy()
    with db.unit_of_work() as uow:
        cap = uow.settings.organisation().board_seat_cap
        # The cap refuses a new member; a seat already counted can still be corrected.
        already_counted = original is not None and original.role.counts_towards_cap
        others = uow.board_seats.of_term(seat.term_id)
        seated = [s.id for s in others if s.role.counts_towards_cap and s.id != seat.id]
        if already_counted:
            seated.append(seat.id)
        check_seat(seat, others, cap, seated=seated)
        if original is None:
            uow.board_seats.add(seat)
        else:
            uow.board_seats.update(seat)
        uow.commit()


def save_meeting(db: Database, meeting: Meeting, original: Meeting | None) -> None:
    """Add or change a meeting; one meeting of a kind per day."""
    if original is not None:
        meeting.id = original.id
    meeting.tidy()
    meeting.validate()
    with db.unit_of_work() as uow:
        if meeting.held_on is not None and meeting.kind is not None:
            same = uow.meetings.same_day(meeting.held_on, meeting.kind)
            if same is not None and (original is None or same.id != original.id):
                raise ValidationError(
                    "held_on",
                    _("A {kind} on {date} is already recorded").format(
                        kind=meeting.kind.label, date=format_date(meeting.held_on)
                    ),
                )
        if original is None:
            uow.meetings.add(meeting)
        else:
            uow.meetings.update(meeting)
        uow.commit()


def delete_term(db: Database, term_id: str) -> None:
    """Delete a term; its seats go with it."""
    with db.unit_of_work() as uow:
        uow.board_terms.delete(term_id)
        uow.commit()


def delete_seat(db: Database, seat_id: str) -> None:
    with db.unit_of_work() as uow:
        uow.board_seats.delete(seat_id)
        uow.commit()


def delete_meeting(db: Database, meeting_id: str) -> None:
    with db.unit_of_work() as uow:
        uow.meetings.delete(meeting_id)
        uow.commit()


def board_on(db: Database, day: date) -> BoardOnDate:
    with db.unit_of_work() as uow:
        term = uow.board_terms.in_force_on(day)
        seats = uow.board_seats.of_term(term.id) if term else []
    return BoardOnDate(day, term, seats)
