"""Board terms, their seats, and the meetings."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from sqlalchemy import (
    or_,
    select,
)

from domain.board import BoardSeat, BoardTerm, Meeting, MeetingKind, seat_order
from domain.records import clean, finnish_key
from storage import orm
from storage.collation import fold, folded
from storage.repositories.base import (
    Repository,
    SortColumns,
)


class BoardTermRepository(Repository[BoardTerm]):
    record = BoardTerm
    table = orm.board_terms
    sort_columns: ClassVar[SortColumns] = {"name": (orm.board_terms.c.start,)}

    def in_force_on(self, day: date) -> BoardTerm | None:
        c = orm.board_terms.c
        stmt = (
            select(BoardTerm)
            .where(c.start <= day, or_(c.end.is_(None), c.end >= day))
            .order_by(c.start.desc())
            .limit(1)
        )
        return self.session.scalars(stmt).first()

    def by_start(self, start: date) -> BoardTerm | None:
        return self.session.scalars(
            select(BoardTerm).where(orm.board_terms.c.start == start)
        ).first()


class BoardSeatRepository(Repository[BoardSeat]):
    record = BoardSeat
    table = orm.board_seats
    sort_columns: ClassVar[SortColumns] = {"name": (orm.board_seats.c.term_id,)}
    find_columns = (
        orm.board_seats.c.member_last_name,
        orm.board_seats.c.member_first_name,
        orm.board_seats.c.member_organisation,
        orm.board_seats.c.deputy_last_name,
        orm.board_seats.c.deputy_first_name,
        orm.board_seats.c.deputy_organisation,
    )

    def of_term(self, term_id: str) -> list[BoardSeat]:
        """The seats of a term in the report's order (a term has a handful: sorted here)."""
        stmt = select(BoardSeat).where(orm.board_seats.c.term_id == term_id)
        return sorted(self.session.scalars(stmt), key=seat_order)

    def all(self) -> list[BoardSeat]:
        return list(self.session.scalars(select(BoardSeat)))

    def organisations(self) -> list[str]:
        """Every organisation a member or a deputy has represented, for completion."""
        c = orm.board_seats.c
        stmt = select(c.member_organisation).union(select(c.deputy_organisation))
        return sorted((o for o in self.session.scalars(stmt) if o), key=finnish_key)

    def find_member(
        self, term_start: date, last_name: str | None, first_name: str | None
    ) -> BoardSeat | None:
        """The seat of the member so named (any case) in the term starting ``term_start``."""
        seats, terms = orm.board_seats.c, orm.board_terms.c
        stmt = (
            select(BoardSeat)
            .join(orm.board_terms, terms.id == seats.term_id)
            .where(
                terms.start == term_start,
                folded(seats.member_last_name) == fold(clean(last_name)),
                folded(seats.member_first_name) == fold(clean(first_name)),
            )
        )
        return self.session.scalars(stmt.limit(1)).first()


class MeetingRepository(Repository[Meeting]):
    record = Meeting
    table = orm.meetings
    sort_columns: ClassVar[SortColumns] = {"name": (orm.meetings.c.held_on, orm.meetings.c.kind)}

    def in_year(self, year: int | None) -> list[Meeting]:
        """A year's meetings by date (None: every meeting)."""
        c = orm.meetings.c
        stmt = select(Meeting)
        if year is not None:
            stmt = stmt.where(c.held_on >= date(year, 1, 1), c.held_on <= date(year, 12, 31))
        return list(self.session.scalars(stmt.order_by(c.held_on, c.kind, c.id)))

    def years(self) -> list[int]:
        days = self.session.scalars(select(orm.meetings.c.held_on))
        return sorted({d.year for d in days}, reverse=True)

    def same_day(self, held_on: date, kind: MeetingKind) -> Meeting | None:
        c = orm.meetings.c
        stmt = select(Meeting).where(c.held_on == held_on, c.kind == kind)
        return self.session.scalars(stmt).first()
