"""The board sheet: a seat per row, together with its term's dates."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.board import (
    SEAT_FIELDS,
    BoardSeat,
    BoardTerm,
    TermSeat,
    check_term,
    check_term_dates,
)
from domain.errors import ValidationError
from domain.formats import format_date
from domain.i18n import _
from exports.workbook import RecordProblem
from services.sheets.base import ImportContext, SheetHandler
from storage.uow import UnitOfWork


class BoardSheet(SheetHandler):
    """Seats with their term's dates: terms are found by their start (or created), and the
    rules across a term's seats are checked once the whole sheet is in."""

    def rows(self, uow: UnitOfWork) -> list[Any]:
        terms = {t.id: t for t in uow.board_terms.all()}
        return [TermSeat.of(s, terms[s.term_id]) for s in uow.board_seats.all()]

    def get(self, ctx: ImportContext, record_id: str) -> TermSeat | None:
        seat = ctx.uow.board_seats.get(record_id)
        return None if seat is None else _line(ctx.uow, seat)

    def find(self, ctx: ImportContext, natural_key: dict[str, Any]) -> TermSeat | None:
        seat = ctx.uow.board_seats.find_member(
            natural_key["term_start"],
            natural_key["member_last_name"],
            natural_key["member_first_name"],
        )
        return None if seat is None else _line(ctx.uow, seat)

    def add(self, ctx: ImportContext, record: TermSeat) -> None:
        term = _term_starting(ctx.uow, record.term_start, record.term_end)  # type: ignore[arg-type]
        ctx.uow.board_seats.add(record.seat(term.id))
        self._newly_counted(ctx).add(record.id)
        ctx.uow.flush()

    def update(self, ctx: ImportContext, record: TermSeat, changes: dict[str, Any]) -> None:
        uow = ctx.uow
        seat = uow.board_seats.get(record.id)
        assert seat is not None
        if "term_start" in changes:
            term = _term_starting(
                uow, changes["term_start"], changes.get("term_end", record.term_end)
            )
            seat.term_id = term.id
        if "role" in changes and not seat.role.counts_towards_cap:
            self._newly_counted(ctx).add(seat.id)
        for key in SEAT_FIELDS:
            if key in changes:
                setattr(seat, key, changes[key])
        # A changed term end is applied in check, once every row of the term agrees.
        uow.board_seats.update(seat)
        uow.flush()

    def check(
        self, ctx: ImportContext, records: list[Any], columns: set[str]
    ) -> list[RecordProblem]:
        uow = ctx.uow
        with_ends = "term_end" in columns
        problems: list[RecordProblem] = []
        by_start: dict[date, list[TermSeat]] = {}
        for line in records:
            by_start.setdefault(line.term_start, []).append(line)
        # Every row of a term carries the term's end: they must agree. Without the column
        # the stored ends stay as they are.
        for start, rows in by_start.items() if with_ends else ():
            first = rows[0]
            for line in rows[1:]:
                if line.term_end != first.term_end:
                    problems.append(
                        RecordProblem(
                            line.id,
                            "term_end",
                            _("the term starting {start} ends {end} on another row").format(
                                start=format_date(start),
                                end=format_date(first.term_end) or _("(open)"),
                            ),
                        )
                    )
        if problems:
            return problems
        terms: dict[date, BoardTerm] = {}
        for start, rows in by_start.items():
            term = uow.board_terms.by_start(start)
            assert term is not None
            if with_ends:
                term.end = rows[0].term_end
                uow.board_terms.update(term)
            terms[start] = term
        uow.flush()
        every_term = uow.board_terms.all()
        cap = uow.settings.organisation().board_seat_cap
        newly_counted = self._newly_counted(ctx)
        for start, term in terms.items():
            rows = by_start[start]
            try:
                check_term_dates(term, every_term)
            except ValidationError as exc:
                column = "term_end" if exc.field == "end" else "term_start"
                problems.append(RecordProblem(rows[0].id, column, exc.message))
            # Seats kept from the database stand first; the workbook's rows follow in order.
            in_sheet = {line.id for line in rows}
            stored = [s for s in uow.board_seats.of_term(term.id) if s.id not in in_sheet]
            by_id = {s.id: s for s in uow.board_seats.of_term(term.id)}
            ordered = stored + [by_id[line.id] for line in rows if line.id in by_id]
            seated = [
                s.id for s in ordered if s.role.counts_towards_cap and s.id not in newly_counted
            ]
            for found in check_term(ordered, cap, seated=seated):
                problems.append(RecordProblem(found.seat_id, found.field, found.message))
        return problems

    def _newly_counted(self, ctx: ImportContext) -> set[str]:
        """The seats this import adds to the members counted by the cap."""
        return ctx.state(self.key, set)


def _line(uow: UnitOfWork, seat: BoardSeat) -> TermSeat:
    term = uow.board_terms.get(seat.term_id)
    assert term is not None
    return TermSeat.of(seat, term)


def _term_starting(uow: UnitOfWork, start: date, end: date | None) -> BoardTerm:
    term = uow.board_terms.by_start(start)
    if term is None:
        term = BoardTerm(start=start, end=end)
        uow.board_terms.add(term)
        uow.flush()
    return term
