"""The database side of a workbook import: finds and adds records inside one unit of work."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

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
from domain.projects import AssignmentRow, FundingLine, Project, ProjectAssignment, check_shares
from exports.workbook import RecordProblem
from services.projects import check_project, check_role
from storage import orm
from storage.repositories import Repository
from storage.uow import UnitOfWork


class WorkbookStore:
    """Implements ``exports.workbook.RecordStore`` on a unit of work (not committed here).

    Most sheets hold one record per row. The board sheet holds a seat per row together
    with its term's dates: terms are found by their start (or created), and the rules
    across a term's seats are checked once the whole sheet is in.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self._repositories: dict[str, Repository[Any]] = {
            "staff": uow.staff,
            "trainees": uow.trainees,
            "meetings": uow.meetings,
            "projects": uow.projects,
            "project_partners": uow.partners,
            "project_funding": uow.funding,
        }
        # Rows that could not be applied (a person not found, a code taken), by sheet;
        # reported with the sheet's checks
        self._pending: dict[str, list[RecordProblem]] = {}
        # Board seats that this import adds to the members counted by the cap
        self._newly_counted: set[str] = set()

    # --- RecordStore -----------------------------------------------------------------
    def get(self, sheet: str, record_id: str) -> Any | None:
        if sheet == "project_roles":
            assignment = self.uow.assignments.get(record_id)
            return None if assignment is None else self._role_row(assignment)
        if sheet == "board":
            seat = self.uow.board_seats.get(record_id)
            return None if seat is None else self._line(seat)
        return self._repositories[sheet].get(record_id)

    def find(self, sheet: str, natural_key: dict[str, Any]) -> Any | None:
        if sheet == "board":
            return self._find_seat(natural_key)
        if sheet == "project_roles":
            return self._find_role(natural_key)
        repo = self._repositories[sheet]
        table = repo.table
        stmt = select(repo.record)
        for key, value in natural_key.items():
            column = table.c[key]
            if value is None:
                stmt = stmt.where(column.is_(None))
            elif isinstance(value, str):
                stmt = stmt.where(func.lower(column) == value.lower())
            else:
                stmt = stmt.where(column == value)
        return self.uow.session.scalars(stmt.limit(1)).first()

    def person_ids(self, sheet: str, full_name: str, on: date | None = None) -> set[str]:
        if sheet != "staff":
            raise KeyError(sheet)
        people = self.uow.staff.by_full_name(full_name)
        if len(people) > 1 and on is not None:
            # One person with several employment periods: the one in force that day
            people = [p for p in people if p.employed_on(on)] or people
        return {p.id for p in people}

    def project_id(self, code: str) -> str | None:
        project = self.uow.projects.by_code(code)
        return None if project is None else project.id

    def add(self, sheet: str, record: Any) -> None:
        if sheet == "project_roles":
            staff_id = self._staff_of(record)
            if staff_id is not None:
                self.uow.session.add(record.assignment(staff_id))
        elif sheet == "board":
            term = self._term_starting(record.term_start, record.term_end)
            self.uow.session.add(record.seat(term.id))
            self._newly_counted.add(record.id)
        else:
            self._repositories[sheet].add(record)
        self.uow.session.flush()

    def update(self, sheet: str, record: Any, changes: dict[str, Any]) -> None:
        if sheet == "project_roles":
            assignment = self.uow.assignments.get(record.id)
            assert assignment is not None
            if {"last_name", "first_name", "start"} & changes.keys():
                for key in ("last_name", "first_name", "start"):
                    setattr(record, key, changes.get(key, getattr(record, key)))
                assignment.staff_id = self._staff_of(record) or assignment.staff_id
            for key in ("project_id", "role", "fte_percent", "start", "end"):
                if key in changes:
                    setattr(assignment, key, changes[key])
            self.uow.session.flush()
            return
        if sheet == "projects" and "code" in changes:
            same = self.uow.projects.by_code(changes["code"])
            if same is not None and same.id != record.id:
                # Refused before it is written: the database allows each code once.
                self._pending.setdefault(sheet, []).append(RecordProblem(
                    record.id, "code", _("The code {code} is already used by the project {name}").format(
                        code=changes["code"], name=same.name)))
                changes = {k: v for k, v in changes.items() if k != "code"}
        if sheet != "board":
            for key, value in changes.items():
                setattr(record, key, value)
            return
        seat = self.uow.board_seats.get(record.id)
        assert seat is not None
        if "term_start" in changes:
            term = self._term_starting(changes["term_start"], changes.get("term_end", record.term_end))
            seat.term_id = term.id
        if "role" in changes and not seat.role.counts_towards_cap:
            self._newly_counted.add(seat.id)
        for key in SEAT_FIELDS:
            if key in changes:
                setattr(seat, key, changes[key])
        # A changed term end is applied in check_sheet, once every row of the term agrees.
        self.uow.session.flush()

    def check_sheet(self, sheet: str, records: list[Any], columns: set[str]) -> list[RecordProblem]:
        if sheet == "board":
            return self._check_board(records, "term_end" in columns)
        if sheet == "project_funding":
            return self._check_funding(records)
        if sheet == "project_roles":
            return self._check_roles(records)
        if sheet == "projects":
            return self._check_projects(records)
        return []

    # --- the project sheets ---------------------------------------------------------
    def _role_row(self, assignment: ProjectAssignment) -> AssignmentRow:
        member = self.uow.staff.get(assignment.staff_id) if assignment.staff_id else None
        return AssignmentRow.of(assignment, member.last_name if member else "", member.first_name if member else "")

    def _find_role(self, key: dict[str, Any]) -> AssignmentRow | None:
        a, st = orm.project_assignments.c, orm.staff.c
        stmt = (
            select(ProjectAssignment)
            .join(orm.staff, st.id == a.staff_id)
            .where(
                a.project_id == key["project_id"],
                func.lower(st.last_name) == (key["last_name"] or "").strip().lower(),
                func.lower(st.first_name) == (key["first_name"] or "").strip().lower(),
                a.start.is_(None) if key["start"] is None else a.start == key["start"],
            )
        )
        assignment = self.uow.session.scalars(stmt.limit(1)).first()
        return None if assignment is None else self._role_row(assignment)

    def _staff_of(self, row: AssignmentRow) -> str | None:
        """The staff member a role row names; a problem is noted when there is not exactly one."""
        ids = self.person_ids("staff", row.full_name, row.start)
        if len(ids) == 1:
            return ids.pop()
        message = (
            _("no person called “{name}” in the staff") if not ids else _("several people are called “{name}”")
        ).format(name=row.full_name)
        self._pending.setdefault("project_roles", []).append(RecordProblem(row.id, "last_name", message))
        return None

    def _check_projects(self, projects: list[Project]) -> list[RecordProblem]:
        problems = self._pending.pop("projects", [])
        if problems:
            return problems
        for project in projects:
            try:
                check_project(self.uow, project)
            except ValidationError as exc:
                problems += [RecordProblem(project.id, e.field, e.message) for e in exc.errors]
        return problems

    def _check_funding(self, lines: list[FundingLine]) -> list[RecordProblem]:
        problems = []
        last_of: dict[str, str] = {}
        for line in lines:
            last_of[line.project_id] = line.id
        for project_id, line_id in last_of.items():
            try:
                check_shares(self.uow.funding.of_project(project_id))
            except ValidationError as exc:
                problems.append(RecordProblem(line_id, "share_percent", exc.message))
        return problems

    def _check_roles(self, rows: list[AssignmentRow]) -> list[RecordProblem]:
        problems = self._pending.pop("project_roles", [])
        unplaced = {p.record_id for p in problems}
        for row in rows:
            if row.id in unplaced:
                continue
            assignment = self.uow.assignments.get(row.id)
            if assignment is None:
                continue
            try:
                check_role(self.uow, assignment)
            except ValidationError as exc:
                for e in exc.errors:
                    problems.append(RecordProblem(row.id, e.field if e.field in ("start", "end") else "role", e.message))
        return problems

    # --- the board sheet ------------------------------------------------------------
    def _line(self, seat: BoardSeat) -> TermSeat:
        term = self.uow.board_terms.get(seat.term_id)
        assert term is not None
        return TermSeat.of(seat, term)

    def _find_seat(self, key: dict[str, Any]) -> TermSeat | None:
        seats, terms = orm.board_seats.c, orm.board_terms.c
        stmt = (
            select(BoardSeat)
            .join(orm.board_terms, terms.id == seats.term_id)
            .where(
                terms.start == key["term_start"],
                func.lower(seats.member_last_name) == (key["member_last_name"] or "").strip().lower(),
                func.lower(seats.member_first_name) == (key["member_first_name"] or "").strip().lower(),
            )
        )
        seat = self.uow.session.scalars(stmt.limit(1)).first()
        return None if seat is None else self._line(seat)

    def _term_starting(self, start: date, end: date | None) -> BoardTerm:
        term = self.uow.board_terms.by_start(start)
        if term is None:
            term = BoardTerm(start=start, end=end)
            self.uow.session.add(term)
            self.uow.session.flush()
        return term

    def _check_board(self, lines: list[TermSeat], with_ends: bool) -> list[RecordProblem]:
        problems: list[RecordProblem] = []
        by_start: dict[date, list[TermSeat]] = {}
        for line in lines:
            by_start.setdefault(line.term_start, []).append(line)  # type: ignore[arg-type]
        # Every row of a term carries the term's end: they must agree. Without the column
        # the stored ends stay as they are.
        for start, rows in by_start.items() if with_ends else ():
            first = rows[0]
            for line in rows[1:]:
                if line.term_end != first.term_end:
                    problems.append(RecordProblem(line.id, "term_end", _(
                        "the term starting {start} ends {end} on another row"
                    ).format(start=format_date(start), end=format_date(first.term_end) or _("(open)"))))
        if problems:
            return problems
        terms: dict[date, BoardTerm] = {}
        for start, rows in by_start.items():
            term = self.uow.board_terms.by_start(start)
            assert term is not None
            if with_ends:
                term.end = rows[0].term_end
            terms[start] = term
        self.uow.session.flush()
        every_term = self.uow.board_terms.all()
        cap = self.uow.settings.organisation().board_seat_cap
        for start, term in terms.items():
            rows = by_start[start]
            try:
                check_term_dates(term, every_term)
            except ValidationError as exc:
                column = "term_end" if exc.field == "end" else "term_start"
                problems.append(RecordProblem(rows[0].id, column, exc.message))
            # Seats kept from the database stand first; the workbook's rows follow in order.
            in_sheet = {line.id for line in rows}
            stored = [s for s in self.uow.board_seats.of_term(term.id) if s.id not in in_sheet]
            by_id = {s.id: s for s in self.uow.board_seats.of_term(term.id)}
            ordered = stored + [by_id[line.id] for line in rows if line.id in by_id]
            seated = [s.id for s in ordered if s.role.counts_towards_cap and s.id not in self._newly_counted]
            for found in check_term(ordered, cap, seated=seated):
                problems.append(RecordProblem(found.seat_id, found.field, found.message))
        return problems
