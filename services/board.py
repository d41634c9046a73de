"""Board use cases that touch several records at once: terms, seats, meetings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
from services.records import delete_record, delete_records, save_record, store
from storage.database import Database
from storage.uow import UnitOfWork


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
    overwrite: bool = False,
) -> tuple[BoardTerm, list[BoardTerm]]:
    """Add a term (``original`` None) or change the stored one; returns it and the earlier
    terms that were closed for it.

    ``copy_from`` copies every seat of that term into the new one. ``close_previous`` ends
    an earlier term still in office the day before the new one starts, as happens when
    the general meeting elects a new board.

    The terms closed are read in this transaction, so only the term edited can have been
    changed by another user since it was read: ConcurrentChange refuses it, and stores
    nothing (``overwrite``: store it over their change, as the user chose).
    """
    if original is not None:
        term.id = original.id
    term.tidy()
    term.validate()
    closed: list[BoardTerm] = []
    with db.unit_of_work() as uow:
        uow.one_writer("board_terms")  # the other terms read next stay as read
        others = [t for t in uow.board_terms.all() if t.id != term.id]
        if close_previous and term.start is not None:
            for other in others:
                if other.start is not None and other.start < term.start and term.overlaps(other):
                    other.end = day_before(term.start)
                    closed.append(other)
        check_term_dates(term, others)
        for other in closed:
            other.validate()
            store(uow.board_terms, other, other)
        stored = store(uow.board_terms, term, original, overwrite=overwrite)
        if copy_from is not None:
            seats = copy_seats(uow.board_seats.of_term(copy_from), term)
            for seat in seats:
                seat.tidy()
                seat.validate()
            uow.board_seats.add_all(seats)  # after the term they name
        uow.commit()
        uow.board_terms.same_version(term, stored)  # saved again, it is not refused
    return term, closed


def _seat_checker(original: BoardSeat | None) -> Callable[[UnitOfWork, BoardSeat], None]:
    def check(uow: UnitOfWork, seat: BoardSeat) -> None:
        seat.tidy()
        cap = uow.settings.organisation().board_seat_cap
        # The cap refuses a new member; a seat already counted can still be corrected.
        already_counted = original is not None and original.role.counts_towards_cap
        others = uow.board_seats.of_term(seat.term_id)
        seated = [s.id for s in others if s.role.counts_towards_cap and s.id != seat.id]
        if already_counted:
            seated.append(seat.id)
        check_seat(seat, others, cap, seated=seated)

    return check


def save_seat(
    db: Database, seat: BoardSeat, original: BoardSeat | None, *, overwrite: bool = False
) -> BoardSeat:
    """Add or change a seat, checked against the other seats of its term; returns what was
    saved (``overwrite``: over another user's change since ``original`` was read)."""
    return save_record(
        db,
        lambda uow: uow.board_seats,
        seat,
        original,
        _seat_checker(original),
        overwrite=overwrite,
    )


def check_meeting(uow: UnitOfWork, meeting: Meeting) -> None:
    """A meeting's own rules; one meeting of a kind per day."""
    meeting.tidy()
    meeting.validate()
    if meeting.held_on is not None and meeting.kind is not None:
        same = uow.meetings.same_day(meeting.held_on, meeting.kind)
        if same is not None and same.id != meeting.id:
            raise ValidationError(
                "held_on",
                _("A {kind} on {date} is already recorded").format(
                    kind=meeting.kind.label, date=format_date(meeting.held_on)
                ),
            )


def save_meeting(
    db: Database, meeting: Meeting, original: Meeting | None, *, overwrite: bool = False
) -> Meeting:
    """Add or change a meeting; one meeting of a kind per day. Returns what was saved
    (``overwrite``: over another user's change since ``original`` was read)."""
    return save_record(
        db, lambda uow: uow.meetings, meeting, original, check_meeting, overwrite=overwrite
    )


def delete_term(db: Database, term: BoardTerm | str) -> bool:
    """Delete a term; its seats go with it."""
    return delete_record(db, lambda uow: uow.board_terms, term)


def delete_seat(db: Database, seat: BoardSeat | str) -> bool:
    return delete_record(db, lambda uow: uow.board_seats, seat)


def delete_seats(db: Database, seats: Sequence[BoardSeat]) -> None:
    delete_records(db, lambda uow: uow.board_seats, seats)


def delete_meeting(db: Database, meeting: Meeting | str) -> bool:
    return delete_record(db, lambda uow: uow.meetings, meeting)


def delete_meetings(db: Database, meetings: Sequence[Meeting]) -> None:
    delete_records(db, lambda uow: uow.meetings, meetings)


def board_on(db: Database, day: date) -> BoardOnDate:
    with db.unit_of_work() as uow:
        term = uow.board_terms.in_force_on(day)
        seats = uow.board_seats.of_term(term.id) if term else []
    return BoardOnDate(day, term, seats)
