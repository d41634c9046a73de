"""The database side of a workbook import: finds and adds records inside one unit of work."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import func, insert, select

from domain.board import (
    SEAT_FIELDS,
    BoardSeat,
    BoardTerm,
    TermSeat,
    check_term,
    check_term_dates,
)
from domain.caselog import CaseEvent, ReferenceKind, ReferenceValue, Sector
from domain.errors import ValidationError
from domain.finance import BudgetLine, Category, Transaction, name_key
from domain.formats import format_date
from domain.i18n import _
from domain.projects import AssignmentRow, FundingLine, Project, ProjectAssignment, check_shares
from exports.sheets import BUDGET, CASE_EVENTS, GUARDIAN_REQUESTS, TRANSACTIONS, SheetSpec
from exports.workbook import RecordProblem
from services.caselog import check_case_event, check_request
from services.finance import check_budget_line, check_transaction
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
            "case_events": uow.case_events,
            "guardians": uow.guardians,
            "guardian_requests": uow.guardian_requests,
            "categories": uow.categories,
            "budget_lines": uow.budget,
            "transactions": uow.transactions,
        }
        # Rows that could not be applied (a person not found, a code taken), by sheet;
        # reported with the sheet's checks
        self._pending: dict[str, list[RecordProblem]] = {}
        # Board seats that this import adds to the members counted by the cap
        self._newly_counted: set[str] = set()
        # Read once per import: a case-log sheet may name them on 200 000 rows.
        self._lists: _ReferenceLists | None = None
        # People by the name as written, until a sheet of people changes
        self._people: dict[tuple[str, str], list[Any]] = {}
        # Events added by this import whose reasons and measures are stored at the sheet's end
        self._new_events: dict[str, CaseEvent] = {}
        # The stored events or transactions (None: not stored) of the rows that come next,
        # read together: sheet → record ID → record
        self._ahead: dict[str, dict[str, Any]] = {}
        # Read once, until the categories sheet changes them: the Kirjaukset sheet may name
        # them on tens of thousands of rows.
        self._categories: _Categories | None = None
        # Projects by the code as written (None: no such project), until the projects sheet
        # changes; held here so that checking a transaction's project asks no query.
        self._projects: dict[str, Project | None] = {}

    # --- RecordStore -----------------------------------------------------------------
    def prefetch(self, sheet: str, record_ids: list[str]) -> None:
        # Only the case log and the transactions are big enough for a query per row to matter.
        if sheet not in ("case_events", "transactions"):
            return
        ids = []
        for record_id in record_ids:
            try:
                ids.append(str(uuid.UUID(record_id)))  # as the row's ID is asked for
            except ValueError:
                continue  # the row reports it
        if sheet == "transactions":
            self._prefetch_transactions(ids)
            return
        c, ch = orm.case_events.c, orm.case_event_choices.c
        found: dict[str, CaseEvent] = {}
        for start in range(0, len(ids), 500):  # SQLite limits the parameters of one query
            chunk = ids[start : start + 500]
            stmt = select(CaseEvent).where(c.id.in_(chunk))
            # An event this import added (a row repeating its ID is an error) has its choices in hand
            found.update(
                (e.id, e) for e in self.uow.session.scalars(stmt) if e.id not in self._new_events
            )
        # Their reasons and measures, as the repository's get() gives them
        values = self._reference_lists().by_id
        for event in found.values():
            event.reason_ids, event.measure_ids = [], []
        stored = list(found)
        for start in range(0, len(stored), 500):
            stmt = select(ch.event_id, ch.value_id).where(
                ch.event_id.in_(stored[start : start + 500])
            )
            for event_id, value_id in self.uow.session.execute(stmt):
                event = found[event_id]
                (
                    event.reason_ids
                    if values[value_id].kind is ReferenceKind.REASON
                    else event.measure_ids
                ).append(value_id)
        for event in found.values():
            for ids_of_list in (event.reason_ids, event.measure_ids):
                ids_of_list.sort(key=lambda i: (values[i].position, i))
        self._ahead = {sheet: {i: found.get(i) or self._new_events.get(i) for i in ids}}

    def _prefetch_transactions(self, ids: list[str]) -> None:
        c = orm.transactions.c
        found: dict[str, Transaction] = {}
        for start in range(0, len(ids), 500):  # SQLite limits the parameters of one query
            stmt = select(Transaction).where(c.id.in_(ids[start : start + 500]))
            found.update((t.id, t) for t in self.uow.session.scalars(stmt))
        self._ahead = {"transactions": {i: found.get(i) for i in ids}}

    def get(self, sheet: str, record_id: str) -> Any | None:
        if sheet == "project_roles":
            assignment = self.uow.assignments.get(record_id)
            return None if assignment is None else self._role_row(assignment)
        if sheet == "board":
            seat = self.uow.board_seats.get(record_id)
            return None if seat is None else self._line(seat)
        ahead = self._ahead.get(sheet)
        if ahead is not None and record_id in ahead:
            return ahead[record_id]
        return self._repositories[sheet].get(record_id)

    def find(self, sheet: str, natural_key: dict[str, Any]) -> Any | None:
        if sheet == "board":
            return self._find_seat(natural_key)
        if sheet == "project_roles":
            return self._find_role(natural_key)
        if sheet == "categories":
            return self.uow.categories.by_name(natural_key["name"] or "")
        if sheet == "budget_lines":
            return self.uow.budget.find(natural_key["year"], natural_key["category_id"])
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
        key = (sheet, " ".join(full_name.split()))
        people = self._people.get(key)
        if people is None:
            if sheet == "staff":
                people = self.uow.staff.by_full_name(full_name)
            elif sheet == "guardians":
                people = self.uow.guardians.by_full_name(full_name)
            else:
                raise KeyError(sheet)
            self._people[key] = people
        if len(people) > 1 and on is not None and sheet == "staff":
            # One person with several employment periods: the one in force that day
            people = [p for p in people if p.employed_on(on)] or people
        return {p.id for p in people}

    def project_id(self, code: str) -> str | None:
        if code not in self._projects:
            self._projects[code] = self.uow.projects.by_code(code)
        project = self._projects[code]
        return None if project is None else project.id

    def category_id(self, name: str) -> str | None:
        category = self._category_list().by_name.get(name_key(name))
        return None if category is None else category.id

    def take_id(self, sheet: str, record: Any, record_id: str) -> bool:
        # The categories a new database starts with have IDs of their own; a workbook from
        # another database names the same categories with its IDs. One that nothing uses
        # yet takes the workbook's ID, so that the import recreates the same records.
        if sheet != "categories" or self.uow.categories.usage(record.id):
            return False
        record.id = record_id
        self.uow.session.flush()
        self._categories = None
        return True

    def reference_id(
        self, kind: ReferenceKind, name: str, sector: Sector | None = None
    ) -> str | None:
        value = self._reference_lists().find(kind, name, sector)
        return None if value is None else value.id

    def reference_names(self, kind: ReferenceKind, sector: Sector | None = None) -> list[str]:
        return self._reference_lists().names(kind, sector)

    def add(self, sheet: str, record: Any) -> None:
        if sheet in ("staff", "guardians"):
            self._people.clear()
        if sheet == "projects":
            self._projects.clear()
        if sheet == "categories":
            # At the end of its kind, as a category added in the tab
            record.position = self.uow.categories.next_position(record.kind)
            self._categories = None
        if sheet == "transactions":
            # Written together when the sheet is in (check_sheet), as the case log's events
            self.uow.session.add(record)
            return
        if sheet == "project_roles":
            staff_id = self._staff_of(record)
            if staff_id is not None:
                self.uow.session.add(record.assignment(staff_id))
        elif sheet == "board":
            term = self._term_starting(record.term_start, record.term_end)
            self.uow.session.add(record.seat(term.id))
            self._newly_counted.add(record.id)
        elif sheet == "case_events":
            # Written in bulk when the sheet is in (check_sheet): one flush and two statements
            # per row would make a sheet of 200 000 events take many minutes.
            self.uow.session.add(record)
            self._new_events[record.id] = record
            return
        else:
            self._repositories[sheet].add(record)
        self.uow.session.flush()

    def update(self, sheet: str, record: Any, changes: dict[str, Any]) -> None:
        if sheet in ("staff", "guardians"):
            self._people.clear()
        if sheet == "projects":
            self._projects.clear()
        if sheet == "categories":
            changes = self._category_changes(record, changes)
        if sheet == "budget_lines":
            changes = self._budget_changes(record, changes)
        if sheet == "case_events":
            for key, value in changes.items():
                setattr(record, key, value)
            if {"reason_ids", "measure_ids"} & changes.keys():
                self.uow.case_events.save_choices(record)
            return
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
                self._pending.setdefault(sheet, []).append(
                    RecordProblem(
                        record.id,
                        "code",
                        _("The code {code} is already used by the project {name}").format(
                            code=changes["code"], name=same.name
                        ),
                    )
                )
                changes = {k: v for k, v in changes.items() if k != "code"}
        if sheet != "board":
            for key, value in changes.items():
                setattr(record, key, value)
            return
        seat = self.uow.board_seats.get(record.id)
        assert seat is not None
        if "term_start" in changes:
            term = self._term_starting(
                changes["term_start"], changes.get("term_end", record.term_end)
            )
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
        if sheet == "case_events":
            self._store_new_choices()
            return self._check_caselog(CASE_EVENTS, records, check_case_event)
        if sheet == "guardian_requests":
            return self._check_caselog(GUARDIAN_REQUESTS, records, check_request)
        if sheet == "categories":
            return self._pending.pop(sheet, [])
        if sheet == "budget_lines":
            return self._check_budget(records)
        if sheet == "transactions":
            return self._check_transactions(records)
        return []

    # --- the financial sheets -------------------------------------------------------
    def _category_list(self) -> _Categories:
        if self._categories is None:
            self._categories = _Categories(self.uow.categories.all())
        return self._categories

    def _category_changes(self, category: Category, changes: dict[str, Any]) -> dict[str, Any]:
        """The changes of a stored category that may be made; a name another category has
        is refused before it is written (the database allows each name once)."""
        self._categories = None
        if "name" in changes:
            same = self.uow.categories.by_name(changes["name"])
            if same is not None and same.id != category.id:
                self._pending.setdefault("categories", []).append(
                    RecordProblem(
                        category.id,
                        "name",
                        _("The category “{name}” already exists").format(name=same.name),
                    )
                )
                changes = {k: v for k, v in changes.items() if k != "name"}
        if "kind" in changes:
            # An income become an expense (or back) goes to the end of its new kind; its
            # transactions and budgets follow it.
            category.position = self.uow.categories.next_position(changes["kind"])
        return changes

    def _budget_changes(self, line: BudgetLine, changes: dict[str, Any]) -> dict[str, Any]:
        """A stored budget line may not move to a year and category another line has."""
        if not {"year", "category_id"} & changes.keys():
            return changes
        year, category_id = (
            changes.get("year", line.year),
            changes.get("category_id", line.category_id),
        )
        same = self.uow.budget.find(year, category_id)
        if same is None or same.id == line.id:
            return changes
        category = self._category_list().by_id.get(category_id)
        self._pending.setdefault("budget_lines", []).append(
            RecordProblem(
                line.id,
                "category_id",
                _("“{name}” already has a budget for {year}").format(
                    name=category.name if category else "", year=year
                ),
            )
        )
        return {k: v for k, v in changes.items() if k not in ("year", "category_id")}

    def _check_budget(self, lines: list[BudgetLine]) -> list[RecordProblem]:
        problems = self._pending.pop("budget_lines", [])
        refused = {p.record_id for p in problems}
        keys = {c.key for c in BUDGET.columns}
        for line in lines:
            if line.id in refused:
                continue
            try:
                check_budget_line(self.uow, line)
            except ValidationError as exc:
                problems += [
                    RecordProblem(line.id, e.field if e.field in keys else "category_id", e.message)
                    for e in exc.errors
                ]
        return problems

    def _check_transactions(self, transactions: list[Transaction]) -> list[RecordProblem]:
        """Each transaction's category and project; retired categories are accepted, since
        a workbook brings old years back. The new rows are written here in one go."""
        self.uow.session.flush()
        if not transactions:
            return []
        categories = self._category_list().by_id
        keys = {c.key for c in TRANSACTIONS.columns}
        problems = []
        for transaction in transactions:
            try:
                check_transaction(self.uow, transaction, allow_retired=True, categories=categories)
            except ValidationError as exc:
                problems += [
                    RecordProblem(
                        transaction.id, e.field if e.field in keys else "amount", e.message
                    )
                    for e in exc.errors
                ]
        return problems

    # --- the case-log sheets --------------------------------------------------------
    def _reference_lists(self) -> _ReferenceLists:
        if self._lists is None:
            self._lists = _ReferenceLists(self.uow.references.by_id())
        return self._lists

    def _store_new_choices(self) -> None:
        """The reasons and measures of the events this import added, as
        ``CaseEventRepository.save_choices`` stores them, in a few statements."""
        self.uow.session.flush()
        rows = [
            {"event_id": event.id, "value_id": value_id}
            for event in self._new_events.values()
            for value_id in dict.fromkeys([*event.reason_ids, *event.measure_ids])
        ]
        self._new_events = {}
        for start in range(0, len(rows), 10_000):
            self.uow.session.execute(insert(orm.case_event_choices), rows[start : start + 10_000])

    def _check_caselog(
        self, spec: SheetSpec, records: list[Any], check: Callable[..., None]
    ) -> list[RecordProblem]:
        """The services' checks of each event or request; retired values are accepted,
        since a workbook brings old rows back."""
        if not records:
            return []
        values = self._reference_lists().by_id
        keys = {c.key for c in spec.columns}
        problems = []
        for record in records:
            try:
                check(self.uow, record, allow_retired=True, values=values)
            except ValidationError as exc:
                problems += [
                    RecordProblem(
                        record.id, e.field if e.field in keys else spec.columns[0].key, e.message
                    )
                    for e in exc.errors
                ]
        return problems

    # --- the project sheets ---------------------------------------------------------
    def _role_row(self, assignment: ProjectAssignment) -> AssignmentRow:
        member = self.uow.staff.get(assignment.staff_id) if assignment.staff_id else None
        return AssignmentRow.of(
            assignment, member.last_name if member else "", member.first_name if member else ""
        )

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
            _("no person called “{name}” in the staff")
            if not ids
            else _("several people are called “{name}”")
        ).format(name=row.full_name)
        self._pending.setdefault("project_roles", []).append(
            RecordProblem(row.id, "last_name", message)
        )
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
                    problems.append(
                        RecordProblem(
                            row.id, e.field if e.field in ("start", "end") else "role", e.message
                        )
                    )
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
                func.lower(seats.member_last_name)
                == (key["member_last_name"] or "").strip().lower(),
                func.lower(seats.member_first_name)
                == (key["member_first_name"] or "").strip().lower(),
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
            seated = [
                s.id
                for s in ordered
                if s.role.counts_towards_cap and s.id not in self._newly_counted
            ]
            for found in check_term(ordered, cap, seated=seated):
                problems.append(RecordProblem(found.seat_id, found.field, found.message))
        return problems


class _Categories:
    """Every category, by ID and by name (any case, spacing folded), read once."""

    def __init__(self, categories: list[Category]) -> None:
        self.by_id = {c.id: c for c in categories}
        self.by_name = {name_key(c.name): c for c in categories}


class _ReferenceLists:
    """Every value of the reference lists, found by name without a query per row."""

    def __init__(self, by_id: dict[str, ReferenceValue]) -> None:
        self.by_id = by_id
        self._by_name: dict[tuple[ReferenceKind, str], list[ReferenceValue]] = {}
        for value in by_id.values():
            for name in {_name_key(value.name_fi), _name_key(value.name_en)} - {""}:
                self._by_name.setdefault((value.kind, name), []).append(value)

    def find(self, kind: ReferenceKind, name: str, sector: Sector | None) -> ReferenceValue | None:
        """The value so named; a service area of ``sector`` before one of the other sector
        (both have “muut”), a value in use before a retired namesake."""
        found = self._by_name.get((kind, _name_key(name)), [])
        if not found:
            return None
        return min(found, key=lambda v: (sector is not None and v.sector is not sector, v.retired))

    def names(self, kind: ReferenceKind, sector: Sector | None) -> list[str]:
        offered = [
            v
            for v in self.by_id.values()
            if v.kind is kind and not v.retired and (sector is None or v.sector in (None, sector))
        ]
        offered.sort(
            key=lambda v: (
                v.sector is not None and v.sector is not Sector.SOCIAL,
                v.position,
                v.name_fi,
            )
        )
        return list(dict.fromkeys(v.label for v in offered))


def _name_key(name: str) -> str:
    return " ".join((name or "").split()).casefold()
